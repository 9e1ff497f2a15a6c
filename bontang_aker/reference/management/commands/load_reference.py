from django.core.management.base import BaseCommand

from bontang_aker.reference.services import reference_load


class Command(BaseCommand):
    help = "Create or update the shipped reference data (kelurahan, education, KBLI, KBJI, skills)."

    def handle(self, *args, **options):
        counts = reference_load()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
