from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bontang_aker.ops.backups import BackupError, restore_drill


def _cell(value) -> str:
    return "—" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Restore the latest backup into a scratch database (created and dropped), compare the row count of "
        "every table, print them and exit non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--backup", type=Path, help="This backup file instead of the latest in BACKUP_DIR.")
        parser.add_argument(
            "--against-live",
            action="store_true",
            help="Compare with the live database now, not with the counts taken with the backup.",
        )
        parser.add_argument("--keep", action="store_true", help="Leave the scratch database in place to inspect.")

    def handle(self, *args, **options):
        try:
            drill = restore_drill(backup=options["backup"], against_live=options["against_live"], keep=options["keep"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        expected_label = "at backup" if drill.reference == "backup" else "live"
        width = max([len(row.table) for row in drill.rows] + [5])
        self.stdout.write(f"{'table':<{width}}  {expected_label:>10}  {'restored':>10}  {'live now':>10}")
        for row in drill.rows:
            mark = "" if row.matches else "  DIFFERENT"
            counts = f"{_cell(row.expected):>10}  {_cell(row.restored):>10}  {_cell(row.live):>10}"
            self.stdout.write(f"{row.table:<{width}}  {counts}{mark}")
        total = sum(row.restored or 0 for row in drill.rows)
        differences = drill.differences
        summary = (
            f"Restore drill of {drill.backup.name}: {len(drill.rows)} tables, {total} rows restored in "
            f"{drill.restore_seconds:.1f} s into {drill.database}; "
        )
        if differences:
            raise CommandError(
                summary
                + f"{len(differences)} table(s) differ from the {expected_label} counts: "
                + ", ".join(row.table for row in differences[:10])
            )
        self.stdout.write(self.style.SUCCESS(summary + f"every count matches the {expected_label} counts."))
