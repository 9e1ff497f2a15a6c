"""backup_database and restore_drill against the real test database (pg_dump and pg_restore run)."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.ops import backups
from bontang_aker.ops.tasks import backup_database_task

# pg_dump sees only committed rows: these tests commit (and the database is flushed afterwards).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_KEEP_DAYS = 14
    return settings.BACKUP_DIR


def run(command, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_backup_then_restore_drill_counts_match_and_old_backups_are_pruned(backup_dir, settings):
    # given some rows, and backups of 20 and 10 days ago plus a half-written one
    UserFactory.create_batch(3)
    dbname = settings.DATABASES["default"]["NAME"]
    backup_dir.mkdir(parents=True)
    now = datetime.now(UTC)
    old = backup_dir / backups.backup_name(dbname=dbname, at=now - timedelta(days=20))
    recent = backup_dir / backups.backup_name(dbname=dbname, at=now - timedelta(days=10))
    partial = backup_dir / f".{backups.backup_name(dbname=dbname, at=now)}.partial"
    for path in (old, recent, partial):
        path.write_bytes(b"not a dump")
    backups.counts_path(old).write_text("{}")

    # when a backup is made
    output = run("backup_database")

    # then it is complete under its final name, with the counts of its snapshot; the 20-day-old one is gone
    files = backups.list_backups(directory=backup_dir, dbname=dbname)
    latest = files[-1][1]
    assert [path for _, path in files] == [recent, latest]
    assert not old.exists() and not backups.counts_path(old).exists()
    assert latest.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    counts = json.loads(backups.counts_path(latest).read_text())["tables"]
    assert counts["accounts_user"] == 3
    assert counts["django_migrations"] > 0
    assert "1 old backup(s) deleted" in output

    # when the restore drill runs on the latest backup
    drill_output = run("restore_drill")

    # then every table's count matches, the scratch database is gone again
    assert "every count matches the at backup counts" in drill_output
    assert "accounts_user" in drill_output
    assert "DIFFERENT" not in drill_output
    assert not _database_exists(backups.scratch_database_name())


def test_restore_drill_fails_when_the_live_database_differs(backup_dir):
    # given a backup, then one more user in the live database
    UserFactory()
    backups.backup_database()
    UserFactory()

    # when the drill compares with the live database
    with pytest.raises(CommandError, match=r"differ from the live counts: .*accounts_user"):
        run("restore_drill", "--against-live")

    # then against the counts taken with the backup it still matches (the live change came after)
    assert "every count matches" in run("restore_drill")


def test_restore_drill_fails_when_the_restored_database_lacks_rows(backup_dir):
    # given a backup whose counts file claims a row more than the dump holds
    UserFactory()
    backup = backups.backup_database()
    manifest = json.loads(backups.counts_path(backup.path).read_text())
    manifest["tables"]["accounts_user"] += 1
    backups.counts_path(backup.path).write_text(json.dumps(manifest))

    # when / then
    with pytest.raises(CommandError, match="accounts_user"):
        run("restore_drill")
    assert not _database_exists(backups.scratch_database_name())


def test_restore_drill_without_a_backup_says_so(backup_dir):
    with pytest.raises(CommandError, match="no backup of"):
        run("restore_drill")


def test_the_nightly_task_writes_a_backup_and_is_scheduled(backup_dir, settings):
    # when the beat task runs
    name = backup_database_task.apply().get()
    # then the backup is there, and beat runs it at night
    assert (backup_dir / name).is_file()
    schedule = settings.CELERY_BEAT_SCHEDULE["backup-database"]
    assert schedule["task"] == backup_database_task.name
    assert (schedule["schedule"].hour, schedule["schedule"].minute) == ({2}, {15})


def test_pg_dump_is_found_at_least_as_new_as_the_server():
    conn = backups.connect()
    try:
        major = backups.server_major_version(conn)
    finally:
        conn.close()
    binary = backups.find_binary("pg_dump", server_major=major)
    assert backups._major_version(binary) >= major


def test_a_pg_bin_dir_without_pg_dump_falls_back_to_the_others(settings, tmp_path):
    settings.PG_BIN_DIR = str(tmp_path)
    assert backups.find_binary("pg_dump", server_major=1).is_file()
    with pytest.raises(backups.BackupError, match="set PG_BIN_DIR"):
        backups.find_binary("pg_dump", server_major=99)


def _database_exists(name: str) -> bool:
    conn = backups.connect(dbname="postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        conn.close()
