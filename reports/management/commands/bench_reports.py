"""`manage.py bench_reports`: the monthly report build at scale, beside hand-written SQL (reports.benchmark)."""

import re

from django.core.management.base import BaseCommand, CommandError

from reports import benchmark
from reports.tables import Month


class Command(BaseCommand):
    help = (
        "Seed jobseekers, AK/I cards, vacancies and placements in SQL if there are fewer than asked, then time the "
        "monthly report build (month_tables) beside one plain GROUP BY query per table, check that they agree, "
        "and measure the build's peak memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jobseekers", type=int, default=1_000_000, help="jobseekers wanted (default 1,000,000)")
        parser.add_argument("--placements", type=int, default=100_000, help="placements wanted (default 100,000)")
        parser.add_argument("--companies", type=int, default=None, help="companies wanted (default jobseekers/500)")
        parser.add_argument("--vacancies", type=int, default=None, help="vacancies wanted (default jobseekers/50)")
        parser.add_argument("--month", default=None, help="YYYY-MM (default: the month before the latest event)")
        parser.add_argument("--explain", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) the two heaviest")

    def handle(self, *args, **options):
        for name in ("jobseekers", "placements"):
            if options[name] < 1:
                raise CommandError(f"--{name} must be at least 1.")
        month = None
        if options["month"]:
            found = re.fullmatch(r"(\d{4})-(\d{2})", options["month"])
            if not found or not 1 <= int(found.group(2)) <= 12:
                raise CommandError("--month must be YYYY-MM.")
            month = Month(int(found.group(1)), int(found.group(2)))
        verbosity = options["verbosity"]

        def log(message: str) -> None:
            if verbosity >= 1:
                self.stderr.write(message)  # progress, apart from the figures

        result = benchmark.run(
            jobseekers=options["jobseekers"],
            placements=options["placements"],
            companies=options["companies"] or max(5, options["jobseekers"] // 500),
            vacancies=options["vacancies"] or max(20, options["jobseekers"] // 50),
            month=month,
            with_explain=options["explain"],
            log=log,
        )
        for line in benchmark.report_lines(result, jobseekers=options["jobseekers"], placements=options["placements"]):
            self.stdout.write(line)
