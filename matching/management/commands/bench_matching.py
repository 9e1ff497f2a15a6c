"""`manage.py bench_matching`: the matching benchmark of issue 11 (matching.benchmark does the work)."""

from django.core.management.base import BaseCommand, CommandError

from matching import benchmark


class Command(BaseCommand):
    help = (
        "Seed demo data if there is less than asked, then measure on the same data: one vacancy's match (p50/p95), "
        "the full rematch, peak memory, and the ratios to an indexed full-text query and to naive per-pair scoring."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jobseekers", type=int, default=100_000, help="jobseekers wanted (default 100,000)")
        parser.add_argument(
            "--vacancies", type=int, default=1000, help="open published vacancies wanted (default 1,000)"
        )
        parser.add_argument("--sample", type=int, default=50, help="vacancies timed one by one (default 50)")
        parser.add_argument("--naive-pairs", type=int, default=2000, help="pairs scored the naive way (default 2,000)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed of the demo data and the samples")
        parser.add_argument(
            "--rematch-batches",
            type=int,
            default=None,
            help="time the rematch's jobseeker side on this many random batches and scale it (default: run it all)",
        )

    def handle(self, *args, **options):
        for name in ("jobseekers", "vacancies", "sample", "naive_pairs"):
            if options[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1.")
        verbosity = options["verbosity"]

        def log(message: str) -> None:
            if verbosity >= 2:
                self.stdout.write(message)
            elif verbosity >= 1 and not message.startswith("  "):
                self.stderr.write(message)  # progress apart from the figures

        result = benchmark.run(
            jobseekers=options["jobseekers"],
            vacancies=options["vacancies"],
            sample_vacancies=options["sample"],
            naive_pairs=options["naive_pairs"],
            seed=options["seed"],
            rematch_batches=options["rematch_batches"],
            log=log,
        )
        for line in benchmark.report_lines(result, jobseekers=options["jobseekers"], vacancies=options["vacancies"]):
            self.stdout.write(line)
