"""`manage.py seed_demo`: demo accounts plus generated jobseekers, companies and vacancies.

The work happens in `portal.demo`; this command only parses options and reports. Afterwards the
matches are computed (matching.services.rematch_all), as the nightly task would.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from matching.services import rematch_all
from portal import demo


class Command(BaseCommand):
    help = (
        "Create the demo accounts (pencaker/perusahaan/petugas/kabid@demo.local, password from DEMO_PASSWORD) "
        "and top up generated demo data to the given counts. Safe to re-run: existing rows are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jobseekers", type=int, default=200, help="generated jobseekers (default 200)")
        parser.add_argument("--companies", type=int, default=30, help="generated companies (default 30)")
        parser.add_argument("--vacancies", type=int, default=40, help="generated vacancies (default 40)")
        parser.add_argument(
            "--seed", type=int, default=demo.DEFAULT_SEED, help=f"random seed (default {demo.DEFAULT_SEED})"
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=demo.DEFAULT_BATCH_SIZE,
            help=f"rows per INSERT and per transaction (default {demo.DEFAULT_BATCH_SIZE})",
        )
        parser.add_argument("--accounts-only", action="store_true", help="only create or reset the demo accounts")
        parser.add_argument(
            "--no-matching", action="store_true", help="do not compute the matches afterwards (matching.rematch_all)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=f"processes generating jobseekers (default one per CPU, at most 4; here {demo.default_workers()})",
        )

    def handle(self, *args, **options):
        for name in ("jobseekers", "companies", "vacancies"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers must be at least 1.")
        verbosity = options["verbosity"]

        def log(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        result = demo.seed_demo(
            jobseekers=options["jobseekers"],
            companies=options["companies"],
            vacancies=options["vacancies"],
            seed=options["seed"],
            batch_size=options["batch_size"],
            accounts_only=options["accounts_only"],
            workers=options["workers"],
            log=log,
        )
        if not options["accounts_only"] and not options["no_matching"]:
            started = time.monotonic()
            counts = rematch_all()
            log(
                f"Matches: {counts['candidates_stored']:,} candidates for {counts['vacancies']:,} vacancies, "
                f"{counts['vacancies_stored']:,} vacancies for {counts['jobseekers']:,} jobseekers "
                f"in {time.monotonic() - started:.1f} s."
            )
        if verbosity < 1:
            return
        if result.created:
            width = max(len(label) for label in result.created)
            self.stdout.write("Rows created:")
            for label, count in sorted(result.created.items()):
                line = f"  {label:<{width}}  {count:>9,}"
                if verbosity >= 2:
                    line += f"  ({result.insert_seconds[label]:.1f} s in bulk_create)"
                self.stdout.write(line)
        else:
            self.stdout.write("Nothing to create: the demo data is already there.")
        rate = result.rows / result.elapsed if result.elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows:,} rows in {result.elapsed:.1f} s ({rate:,.0f} rows/s). "
                + ", ".join(f"{name}: {count:,}" for name, count in result.totals.items())
            )
        )
        self.stdout.write(
            "Demo logins (password from DEMO_PASSWORD, default "
            f"'{demo.DEFAULT_PASSWORD}'): {demo.JOBSEEKER_DEMO_EMAIL}, {demo.EMPLOYER_DEMO_EMAIL}, "
            f"{demo.PETUGAS_DEMO_EMAIL}, {demo.KABID_DEMO_EMAIL}"
        )
