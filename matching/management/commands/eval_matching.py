"""`manage.py eval_matching`: the matching quality report of issue 11 (matching.evaluation does the work)."""

from django.core.management.base import BaseCommand, CommandError

from matching import evaluation


class Command(BaseCommand):
    help = (
        "Build a planted test set (fitting candidates among near-misses and random others) in a transaction that is "
        "rolled back, run the real matching services on it, and print precision@10, recall@50 and a fairness table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--vacancies", type=int, default=20, help="planted vacancies (default 20)")
        parser.add_argument("--seed", type=int, default=evaluation.DEFAULT_SEED, help="random seed")

    def handle(self, *args, **options):
        if options["vacancies"] < 1:
            raise CommandError("--vacancies must be at least 1.")
        result = evaluation.evaluate(vacancies=options["vacancies"], seed=options["seed"])
        if not result.vacancies:
            raise CommandError("No job of the demo catalogue has two key skills in the skill vocabulary.")
        for line in evaluation.report_lines(result):
            self.stdout.write(line)
