from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bontang_aker.ops.backups import BackupError, backup_database


class Command(BaseCommand):
    help = "Dump the database (pg_dump, custom format) into BACKUP_DIR and delete backups older than BACKUP_KEEP_DAYS."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Directory of the backups (default: BACKUP_DIR).")
        parser.add_argument("--keep-days", type=int, help="Delete backups older than this (default: BACKUP_KEEP_DAYS).")

    def handle(self, *args, **options):
        try:
            backup = backup_database(directory=options["dir"], keep_days=options["keep_days"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup {backup.path} ({backup.size / 1_000_000:.1f} MB, {backup.tables} tables, "
            f"{backup.rows} rows) in {backup.seconds:.1f} s; {len(backup.pruned)} old backup(s) deleted."
        )
