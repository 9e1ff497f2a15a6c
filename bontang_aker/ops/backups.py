"""Database backups with pg_dump (custom format), pruning, and the restore drill.

A backup is written under a temporary name and renamed when pg_dump has finished, so a file named
`<database>-<UTC time>.dump` is always complete. Beside it, `<…>.counts.json` holds the row count
of every table counted in the very snapshot pg_dump dumped (pg_export_snapshot), so the restore
drill can demand exact counts even though the live database has changed since.
"""

import dataclasses
import glob
import json
import os
import re
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg2
from django.conf import settings
from psycopg2 import sql

SUFFIX = ".dump"
COUNTS_SUFFIX = ".counts.json"
_STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupError(Exception):
    """pg_dump or pg_restore is missing, too old, or failed."""


@dataclasses.dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    seconds: float
    tables: int
    rows: int
    pruned: list[Path]


# Connection --------------------------------------------------------------------------------


def _database_config() -> dict:
    return settings.DATABASES["default"]


def connection_params(*, dbname: str | None = None) -> dict:
    config = _database_config()
    params = {
        "dbname": dbname or config["NAME"],
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        **config.get("OPTIONS", {}),  # e.g. the socket directory of the embedded PostgreSQL
    }
    return {key: value for key, value in params.items() if value not in (None, "")}


def connect(*, dbname: str | None = None):
    return psycopg2.connect(connect_timeout=10, **connection_params(dbname=dbname))


def _libpq_environment() -> dict:
    """pg_dump and pg_restore read the connection from libpq's variables (no password on argv)."""
    names = {"user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE"}
    environment = dict(os.environ)
    for key, value in connection_params().items():
        if key in names:
            environment[names[key]] = str(value)
    return environment


# Binaries ----------------------------------------------------------------------------------


def _candidate_dirs() -> list[Path]:
    dirs = []
    if settings.PG_BIN_DIR:
        dirs.append(Path(settings.PG_BIN_DIR))
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    dirs += sorted(
        (Path(found) for found in glob.glob("/usr/lib/postgresql/*/bin")),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    try:
        import pgserver

        dirs.append(Path(pgserver.__file__).parent / "pginstall" / "bin")
    except ImportError:
        pass
    return dirs


def _major_version(binary: Path) -> int:
    output = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else 0


def find_binary(name: str, *, server_major: int) -> Path:
    """The first pg_dump/pg_restore (PG_BIN_DIR first) at least as new as the server, as pg_dump needs."""
    seen = []
    for directory in _candidate_dirs():
        binary = directory / name
        if not binary.is_file():
            continue
        major = _major_version(binary)
        if major >= server_major:
            return binary
        seen.append(f"{binary} ({major})")
    raise BackupError(
        f"no {name} of PostgreSQL {server_major} or newer found (seen: {', '.join(seen) or 'none'}); set PG_BIN_DIR"
    )


def server_major_version(conn) -> int:
    return conn.server_version // 10000


# Counting ----------------------------------------------------------------------------------


def table_counts(conn) -> dict[str, int]:
    """The exact row count of every ordinary table outside PostgreSQL's own schemas."""
    with conn.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
            ORDER BY 1, 2
            """
        )
        tables = cursor.fetchall()
        counts = {}
        for schema, table in tables:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table)))
            name = table if schema == "public" else f"{schema}.{table}"
            counts[name] = cursor.fetchone()[0]
    return counts


# Backup ------------------------------------------------------------------------------------


def backup_name(*, dbname: str, at: datetime) -> str:
    return f"{dbname}-{at.astimezone(UTC).strftime(_STAMP_FORMAT)}{SUFFIX}"


def _backup_time(path: Path, *, dbname: str) -> datetime | None:
    name = path.name
    if not (name.startswith(f"{dbname}-") and name.endswith(SUFFIX)):
        return None
    try:
        return datetime.strptime(name[len(dbname) + 1 : -len(SUFFIX)], _STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def list_backups(*, directory: Path, dbname: str) -> list[tuple[datetime, Path]]:
    """Complete backups of this database, oldest first (temporary files never match)."""
    if not directory.is_dir():
        return []
    found = [(_backup_time(path, dbname=dbname), path) for path in directory.iterdir()]
    return sorted((at, path) for at, path in found if at is not None)


def counts_path(backup: Path) -> Path:
    return backup.with_name(backup.name[: -len(SUFFIX)] + COUNTS_SUFFIX)


def prune_backups(*, directory: Path, dbname: str, keep_days: int, now: datetime) -> list[Path]:
    """Delete the backups (and their counts) older than keep_days; 0 or less keeps all."""
    if keep_days <= 0:
        return []
    cutoff = now - timedelta(days=keep_days)
    pruned = []
    for at, path in list_backups(directory=directory, dbname=dbname):
        if at < cutoff:
            path.unlink(missing_ok=True)
            counts_path(path).unlink(missing_ok=True)
            pruned.append(path)
    return pruned


def backup_database(
    *, directory: Path | None = None, keep_days: int | None = None, now: datetime | None = None
) -> Backup:
    """Dump the configured database into directory, then prune the old backups."""
    directory = Path(directory or settings.BACKUP_DIR)
    keep_days = settings.BACKUP_KEEP_DAYS if keep_days is None else keep_days
    now = now or datetime.now(UTC)
    dbname = _database_config()["NAME"]
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / backup_name(dbname=dbname, at=now)
    partial = directory / f".{final.name}.partial"
    started = time.monotonic()

    conn = connect()
    try:
        pg_dump = find_binary("pg_dump", server_major=server_major_version(conn))
        # One snapshot for pg_dump and the counts: they describe the same moment exactly.
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts(conn)
        result = subprocess.run(
            [str(pg_dump), "--format=custom", f"--snapshot={snapshot}", f"--file={partial}", f"--dbname={dbname}"],
            env=_libpq_environment(),
            capture_output=True,
            text=True,
        )
        conn.rollback()
    finally:
        conn.close()
    if result.returncode != 0:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed ({result.returncode}): {result.stderr.strip()[:500]}")

    counts_file = counts_path(final)
    counts_file.write_text(json.dumps({"database": dbname, "taken_at": now.isoformat(), "tables": counts}, indent=1))
    os.replace(partial, final)  # last: a file with the final name is complete, with its counts beside it
    pruned = prune_backups(directory=directory, dbname=dbname, keep_days=keep_days, now=now)
    return Backup(
        path=final,
        size=final.stat().st_size,
        seconds=time.monotonic() - started,
        tables=len(counts),
        rows=sum(counts.values()),
        pruned=pruned,
    )


# Restore drill -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class DrillRow:
    table: str
    expected: int | None
    restored: int | None
    live: int | None

    @property
    def matches(self) -> bool:
        return self.expected == self.restored


@dataclasses.dataclass(frozen=True)
class Drill:
    backup: Path
    database: str
    reference: str  # "backup" (counts taken with the dump) or "live"
    rows: list[DrillRow]
    restore_seconds: float

    @property
    def differences(self) -> list[DrillRow]:
        return [row for row in self.rows if not row.matches]


def scratch_database_name() -> str:
    return settings.RESTORE_DRILL_DATABASE or f"{_database_config()['NAME']}_restore_drill"


def _admin_execute(statement) -> None:
    conn = connect(dbname="postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def restore_drill(*, backup: Path | None = None, against_live: bool = False, keep: bool = False) -> Drill:
    """Restore the latest (or the given) backup into a scratch database and compare the row counts.

    The reference is the counts taken in the dump's own snapshot (exact whatever happened since);
    with against_live, or for a backup without them, the live database's counts now.
    """
    dbname = _database_config()["NAME"]
    if backup is None:
        backups = list_backups(directory=Path(settings.BACKUP_DIR), dbname=dbname)
        if not backups:
            raise BackupError(f"no backup of {dbname} in {settings.BACKUP_DIR}")
        backup = backups[-1][1]
    scratch = scratch_database_name()
    if scratch == dbname:
        raise BackupError("the scratch database must not be the live one")

    live_conn = connect()
    try:
        server_major = server_major_version(live_conn)
        live_counts = table_counts(live_conn)
    finally:
        live_conn.close()
    expected = None
    if not against_live and counts_path(backup).is_file():
        expected = json.loads(counts_path(backup).read_text())["tables"]
    reference = "backup" if expected is not None else "live"
    if expected is None:
        expected = live_counts

    pg_restore = find_binary("pg_restore", server_major=server_major)
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch))
    _admin_execute(drop)
    _admin_execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(scratch)))
    try:
        started = time.monotonic()
        result = subprocess.run(
            [str(pg_restore), "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={scratch}", str(backup)],
            env=_libpq_environment(),
            capture_output=True,
            text=True,
        )
        restore_seconds = time.monotonic() - started
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed ({result.returncode}): {result.stderr.strip()[:500]}")
        restored_conn = connect(dbname=scratch)
        try:
            restored_counts = table_counts(restored_conn)
        finally:
            restored_conn.close()
    finally:
        if not keep:
            _admin_execute(drop)

    tables = sorted(set(expected) | set(restored_counts))
    rows = [
        DrillRow(table, expected.get(table), restored_counts.get(table), live_counts.get(table)) for table in tables
    ]
    return Drill(backup=backup, database=scratch, reference=reference, rows=rows, restore_seconds=restore_seconds)
