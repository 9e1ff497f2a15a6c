"""Locust users for `scripts/loadtest.py` (run by it; not imported by Django, not collected by pytest).

The data (vacancy ids, search words, demo logins) comes from the JSON file named by LOADTEST_DATA,
written by loadtest.py from the database. Successful applications are counted per (email, vacancy)
and written to LOADTEST_RESULT when Locust quits, so the driver can compare them with the rows.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading

from locust import HttpUser, between, events, task

DATA = json.loads(open(os.environ["LOADTEST_DATA"], encoding="utf-8").read())
PASSWORD = DATA["password"]
_lock = threading.Lock()
_jobseekers = itertools.cycle(DATA["jobseekers"])
_employers = itertools.cycle(DATA["employers"])
_staff = itertools.cycle(DATA["staff"])
APPLIED: list[list] = []  # [email, vacancy_id, application_id] of each successful POST
REFUSED = {"requirements": 0}
APPLICATION_URL = re.compile(r"/pencaker/lamaran/(\d+)/$")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _next(source):
    with _lock:
        return next(source)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 4)  # a person reads a page before the next click

    def login(self, email: str) -> bool:
        page = self.client.get("/akun/masuk/", name="login form")
        token = CSRF_FIELD.search(page.text)
        with self.client.post(
            "/akun/masuk/",
            data={"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": self.host + "/akun/masuk/"},
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {email} answered {response.status_code}")
                return False
        return True


class Anonymous(PortalUser):
    """Most traffic: people searching vacancies and reading them, without an account."""

    weight = 14

    @task(5)
    def search(self):
        query = random.choice(DATA["words"])
        page = random.choice([1, 1, 1, 2])
        self.client.get(f"/lowongan/?q={query}" + (f"&page={page}" if page > 1 else ""), name="search ?q=")

    @task(6)
    def vacancy(self):
        self.client.get(f"/lowongan/{random.choice(DATA['vacancies'])}/", name="vacancy page")

    @task(1)
    def home(self):
        self.client.get("/", name="home")


class Jobseeker(PortalUser):
    """A demo jobseeker with an active AK/I card: logs in once, then applies to vacancies."""

    weight = 3

    def on_start(self):
        self.email = _next(_jobseekers)
        self.applied: set[int] = set()
        self.logged_in = self.login(self.email)

    @task(3)
    def apply(self):
        if not self.logged_in:
            return
        candidates = [v for v in random.sample(DATA["vacancies"], 20) if v not in self.applied]
        vacancy = candidates[0]
        self.applied.add(vacancy)  # also when refused: a person does not retry a vacancy they cannot apply to
        form = self.client.get(f"/pencaker/lamaran/baru/{vacancy}/", name="apply form")
        token = CSRF_FIELD.search(form.text)
        if form.status_code != 200 or 'name="note"' not in form.text or not token:
            with _lock:
                REFUSED["requirements"] += 1  # the page lists what is missing (education, age, sex ...)
            return
        with self.client.post(
            f"/pencaker/lamaran/baru/{vacancy}/",
            data={"note": "", "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": f"{self.host}/pencaker/lamaran/baru/{vacancy}/"},
            name="apply (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            match = APPLICATION_URL.search(response.headers.get("Location", ""))
            if response.status_code == 302 and match:
                with _lock:
                    APPLIED.append([self.email, vacancy, int(match.group(1))])
            else:
                response.failure(f"apply answered {response.status_code}")

    @task(1)
    def my_applications(self):
        if self.logged_in:
            self.client.get("/pencaker/lamaran/", name="my applications")


class Employer(PortalUser):
    """A company administrator opening the candidates of one of the company's vacancies."""

    weight = 2

    def on_start(self):
        self.email, self.vacancies = _next(_employers)
        self.logged_in = self.login(self.email)

    @task
    def candidates(self):
        if self.logged_in:
            self.client.get(f"/perusahaan/lowongan/{random.choice(self.vacancies)}/kandidat/", name="candidates")


class Staff(PortalUser):
    """Disnaker staff: the staff home (work queues) and the applications changelist."""

    weight = 1

    def on_start(self):
        self.logged_in = self.login(_next(_staff))

    @task(2)
    def staff_home(self):
        if self.logged_in:
            self.client.get("/admin/", name="admin: staff home")

    @task(3)
    def changelist(self):
        if self.logged_in:
            self.client.get("/admin/placements/application/", name="admin: applications")


@events.quitting.add_listener
def _write_result(environment, **_kwargs):
    with open(os.environ["LOADTEST_RESULT"], "w", encoding="utf-8") as out:
        json.dump({"applied": APPLIED, "refused": REFUSED}, out)
