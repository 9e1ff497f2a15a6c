"""`manage.py bench_search`: the vacancy search and the API list at scale, beside their floors.

One run: seed published vacancies up to `--vacancies` (through `seed_demo`), refresh the planner's
statistics, start gunicorn (production settings, DEBUG off, 2 sync workers, a free loopback
port), load each URL with wrk (or a small Python load loop when wrk is missing), and print:

- the floors: the search's page query alone in the database (one client); a Django view that does
  nothing (the framework); a Django view that runs that same page query and nothing else
  (framework plus database);
- for the search page and the API, for a fixed set of queries with and without filters, on page 1
  and on deep pages (by number, and by the cursor the next links carry): requests/s, p50/p95, the
  SQL queries per page, and the share of the floor; with the public page cache off and on;
- the EXPLAIN (ANALYZE, BUFFERS) of the search's page query.

The last line sums it up: `search: p95 <ms> ms, <percent>% of the floor, <n> queries per page`
(the worst p95 and the lowest share of all uncached search and API URLs, the most queries).
"""

from __future__ import annotations

import http.client
import math
import os
import platform
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bontang_aker.core.pagination import estimate_count, list_page, page_ids_query
from bontang_aker.reference.models import EducationLevel, Kecamatan
from employers.api.filters import VacancyFilter
from employers.models import Vacancy
from employers.selectors import vacancy_list_public

QUERIES = ["teknisi", "operator", "las", "admin kantor"]
PLAIN_STATIC_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
PAGE_SIZE = 20
DEEP_PAGE = 5000
# The share of generated vacancies that seed_demo publishes (portal.demo.catalog.VACANCY_STATUS_MIX,
# verified companies only); only a first guess, the seeding loop measures it.
PUBLISHED_SHARE = 0.6

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), summary.errors.status, errors))
end
"""


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    failures: int = 0


@dataclass
class Scenario:
    label: str
    params: dict[str, str]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


class Command(BaseCommand):
    help = "Benchmark the vacancy search page and the API list against their floors (seeds vacancies if needed)."

    def add_arguments(self, parser):
        parser.add_argument("--vacancies", type=int, default=100_000, help="published vacancies (default 100,000)")
        parser.add_argument("--companies", type=int, default=None, help="companies to seed (default vacancies / 50)")
        parser.add_argument("--duration", type=float, default=4.0, help="seconds of load per URL (default 4)")
        parser.add_argument("--concurrency", type=int, default=8, help="concurrent connections (default 8)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
        parser.add_argument("--queries", nargs="*", default=QUERIES, help=f"search words (default {QUERIES})")
        parser.add_argument(
            "--client", choices=["auto", "wrk", "python"], default="auto", help="load generator (default: wrk if found)"
        )
        parser.add_argument("--db-runs", type=int, default=200, help="runs of the bare database query (default 200)")
        parser.add_argument(
            "--cache", choices=["both", "off", "on"], default="both", help="the public page cache: off, on, both"
        )

    # -- the run -------------------------------------------------------------------------------

    def handle(self, *args, **options):
        if options["vacancies"] < 1 or options["duration"] <= 0 or options["concurrency"] < 1:
            raise CommandError("--vacancies, --duration and --concurrency must be positive.")
        self.options = options
        self.duration = options["duration"]
        self.load_at_start = self.load_average()
        started = time.monotonic()
        published = self.seed(options["vacancies"], options["companies"])
        self.queries = [text for text in options["queries"] if text.strip()] or QUERIES
        self.deep = max(2, min(DEEP_PAGE, published // PAGE_SIZE - 1))
        scenarios = self.scenarios()
        self.line(
            f"bench_search: {published:,} published vacancies ({Vacancy.objects.count():,} in all); "
            f"PostgreSQL {connection.pg_version // 10000}; {os.cpu_count()} CPUs; Python {platform.python_version()}"
        )
        queries = self.count_queries(scenarios)
        database = self.database_floor(scenarios)

        wrk = shutil.which("wrk") if options["client"] in ("auto", "wrk") else None
        if options["client"] == "wrk" and not wrk:
            raise CommandError("wrk is not installed (apt-get install wrk), or use --client python.")
        self.client = "wrk" if wrk else "python"
        results, floors = {}, {}
        modes = {"both": (0, 60), "off": (0,), "on": (60,)}[options["cache"]]
        for cache_seconds in modes:
            with self.server(cache_seconds):
                if not floors:
                    floors["bare"] = self.load("/bench/bare/")
                    for scenario in scenarios:
                        if scenario.params.get("endpoint") == "page":
                            floors[self.floor_key(scenario)] = self.load("/bench/ids/?" + self.floor_query(scenario))
                for scenario in scenarios:
                    results[(cache_seconds, scenario.label)] = self.load(self.url(scenario))
        self.report(scenarios, queries, database, floors, results)
        self.explain()
        self.line(
            f"(whole run {time.monotonic() - started:.0f} s; load average {self.load_at_start} at the start, "
            f"{self.load_average()} at the end: other processes on these CPUs lower every figure)"
        )
        self.summary(scenarios, queries, floors, results)

    # -- data -----------------------------------------------------------------------------------

    def seed(self, wanted: int, companies: int | None) -> int:
        """Top up seed_demo's generated vacancies until `wanted` are published; returns how many are."""
        published = vacancy_list_public().count()
        rounds = 0
        while published < wanted and rounds < 5:
            rounds += 1
            total = Vacancy.objects.count()
            share = PUBLISHED_SHARE if rounds == 1 or not total else max(0.2, published / total)
            target = total + math.ceil((wanted - published) / share * 1.03) + 10
            self.line(f"seeding: {published:,} published, asking seed_demo for {target:,} vacancies …")
            call_command(
                "seed_demo",
                vacancies=target,
                companies=companies or max(30, wanted // 50),
                jobseekers=0,  # accounts and journeys only: the benchmark needs vacancies
                no_matching=True,  # search reads no match: matching 100,000 vacancies took longer than the rest
                verbosity=0,
            )
            published = vacancy_list_public().count()
        if published < wanted:
            raise CommandError(f"Only {published:,} published vacancies after seeding.")
        # seed_demo ran ANALYZE; VACUUM also marks the pages all-visible for index-only scans, as
        # autovacuum would on a live server.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) employers_vacancy")
        return published

    def scenarios(self) -> list[Scenario]:
        education = EducationLevel.objects.filter(code="SMK").first() or EducationLevel.objects.order_by("rank").last()
        kecamatan = Kecamatan.objects.order_by("code").first()
        filters = {"min_education": education.code, "kecamatan": kecamatan.code}
        searches = [{}] + [{"q": text} for text in self.queries]
        found = []
        for search in searches:
            name = search.get("q", "(all)")
            found.append(Scenario(f"{name}", search))
            found.append(Scenario(f"{name} +filters", {**search, **filters}))
            deep = self.deep_params(search)
            if deep:
                found.append(Scenario(f"{name} deep p{deep['page']} by cursor", {**search, **deep}))
            if not search:
                found.append(Scenario(f"{name} deep p{self.deep} by number", {"page": str(self.deep)}))
        scenarios = [
            Scenario(f"{endpoint:<4} {s.label}", {**s.params, "endpoint": endpoint})
            for endpoint in ("page", "api")
            for s in found
        ]
        # The home page's ten newest vacancies: measured against the floor of the whole list.
        return [*scenarios, Scenario("home (10 newest vacancies)", {"endpoint": "home"})]

    def deep_params(self, search: dict) -> dict | None:
        """A deep page as the next links reach it: its cursor (found once, by offset) and number."""
        listing = VacancyFilter(QueryDict(urlencode(search)), queryset=vacancy_list_public())
        if not listing.is_valid():
            return None
        listing = listing.listing()
        pages = estimate_count(listing.whole) // PAGE_SIZE
        number = max(2, min(self.deep, int(pages * 0.9)))
        try:
            page = list_page(listing, number=number - 1, size=PAGE_SIZE)
        except Exception:  # noqa: BLE001 - fewer rows than the estimate: no deep page to measure
            return None
        if not page.next_cursor:
            return None
        return {"cursor": page.next_cursor, "page": str(number)}

    @staticmethod
    def path(scenario: Scenario) -> str:
        params = {k: v for k, v in scenario.params.items() if k != "endpoint"}
        base = {"page": "/lowongan/", "api": "/api/v1/vacancies/", "home": "/"}[scenario.params["endpoint"]]
        return base + ("?" + urlencode(params, quote_via=quote) if params else "")

    def url(self, scenario: Scenario) -> str:
        return self.path(scenario)

    @staticmethod
    def floor_query(scenario: Scenario) -> str:
        return urlencode({k: v for k, v in scenario.params.items() if k != "endpoint"}, quote_via=quote)

    def floor_key(self, scenario: Scenario) -> str:
        return self.floor_query(scenario)

    # -- measurements ---------------------------------------------------------------------------

    def count_queries(self, scenarios: list[Scenario]) -> dict[str, int]:
        """SQL queries per URL, in this process (cache off), after one request to warm the process."""
        counts = {}
        overrides = {
            "ALLOWED_HOSTS": ["127.0.0.1"],
            "SECURE_SSL_REDIRECT": False,
            "PUBLIC_PAGE_CACHE_SECONDS": 0,
            "DEBUG": False,
            "STORAGES": {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC_STORAGE}},
        }
        with override_settings(**overrides), warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
            client = Client(HTTP_HOST="127.0.0.1")
            for scenario in scenarios:
                path = self.path(scenario)
                client.get(path)
                with CaptureQueriesContext(connection) as context:
                    response = client.get(path)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}.")
                counts[scenario.label] = len(context.captured_queries)
        return counts

    def database_floor(self, scenarios: list[Scenario]) -> dict[str, Result]:
        """The page query of each search, run alone and in a row on one connection."""
        floors = {}
        for scenario in scenarios:
            if scenario.params["endpoint"] != "page":
                continue
            params = QueryDict(self.floor_query(scenario))
            filterset = VacancyFilter(params, queryset=vacancy_list_public())
            filterset.is_valid()
            sql, sql_params = page_ids_query(
                filterset.listing(), number=int(params.get("page") or 1), size=PAGE_SIZE, cursor=params.get("cursor")
            )
            timings = []
            with connection.cursor() as cursor:
                for _ in range(self.options["db_runs"]):
                    begin = time.perf_counter()
                    cursor.execute(sql, sql_params)
                    cursor.fetchall()
                    timings.append((time.perf_counter() - begin) * 1000)
            mean = statistics.fmean(timings)
            p50, p95 = _percentile(timings, 0.5), _percentile(timings, 0.95)
            floors[self.floor_key(scenario)] = Result(1000 / mean, p50, p95)
        return floors

    def server(self, cache_seconds: int):
        return _Gunicorn(self, cache_seconds)

    def load(self, path: str) -> Result:
        self.warm(path)
        if self.client == "wrk":
            return self.load_wrk(path)
        return self.load_python(path)

    def warm(self, path: str) -> None:
        for _ in range(3 * self.options["workers"]):
            self.fetch(path)

    def fetch(self, path: str) -> int:
        host, port = self.base_url.removeprefix("http://").split(":")
        connection_ = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            connection_.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection_.getresponse()
            response.read()
            return response.status
        finally:
            connection_.close()

    def load_wrk(self, path: str) -> Result:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        try:
            threads = max(1, min(2, self.options["concurrency"]))
            command = [shutil.which("wrk"), f"-t{threads}", f"-c{self.options['concurrency']}",
                       f"-d{max(1, round(self.duration))}s", "-s", script.name, self.base_url + path]  # fmt: skip
            output = subprocess.run(command, capture_output=True, text=True, timeout=self.duration + 60).stdout
        finally:
            os.unlink(script.name)
        line = next((row for row in output.splitlines() if row.startswith("BENCH ")), None)
        if line is None:
            raise CommandError(f"wrk gave no result for {path}:\n{output}")
        requests, micros, p50, p95, status_errors, socket_errors = (int(value) for value in line.split()[1:])
        return Result(requests / (micros / 1e6), p50 / 1000, p95 / 1000, status_errors + socket_errors)

    def load_python(self, path: str) -> Result:
        """A bounded load loop: `concurrency` threads, each sending one request after the other."""
        deadline = time.monotonic() + self.duration
        latencies: list[float] = []
        failures = [0]
        lock = threading.Lock()

        def worker():
            mine, failed = [], 0
            while time.monotonic() < deadline and len(mine) < 100_000:
                begin = time.perf_counter()
                try:
                    ok = self.fetch(path) == 200
                except OSError:
                    ok = False
                mine.append((time.perf_counter() - begin) * 1000)
                failed += not ok
            with lock:
                latencies.extend(mine)
                failures[0] += failed

        begin = time.monotonic()
        threads = [threading.Thread(target=worker) for _ in range(self.options["concurrency"])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - begin
        return Result(len(latencies) / elapsed, _percentile(latencies, 0.5), _percentile(latencies, 0.95), failures[0])

    # -- output ---------------------------------------------------------------------------------

    @staticmethod
    def load_average() -> str:
        return f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "unknown"

    def line(self, text: str = "") -> None:
        self.stdout.write(text)

    def report(self, scenarios, queries, database, floors, results) -> None:
        load = "wrk" if self.client == "wrk" else "a Python load loop (wrk not found)"
        self.line(
            f"HTTP: gunicorn, {self.options['workers']} sync workers on 127.0.0.1, production settings (DEBUG off); "
            f"{load}, {self.options['concurrency']} connections, {self.duration:g} s per URL"
        )
        bare = floors["bare"]
        self.line()
        self.line("floors                                               req/s   p50 ms   p95 ms")
        self.line(f"  framework: a Django view that does nothing        {bare.requests_per_second:7.0f}"
                  f"  {bare.p50_ms:7.1f}  {bare.p95_ms:7.1f}")  # fmt: skip
        self.line("  per search below: 'db' = its page query alone (1 client), 'db+fw' = a view running only it")
        self.line()
        header = (f"{'URL':<44}{'req/s':>8}{'p50':>7}{'p95':>7}{'SQL':>5}{'floor':>7}{'%':>6}"
                  f"{'cached':>9}{'p95':>7}{'db p50':>8}{'db p95':>7}")  # fmt: skip
        self.line(header)
        missing = Result(math.nan, math.nan, math.nan)
        for scenario in scenarios:
            cold = results.get((0, scenario.label), missing)
            warm = results.get((60, scenario.label), missing)
            floor = floors[self.floor_key(scenario)]
            db = database[self.floor_key(scenario)]
            share = 100 * cold.requests_per_second / floor.requests_per_second
            failures = cold.failures + warm.failures
            failed = f"  ({failures} failed)" if failures else ""
            self.line(
                f"{scenario.label[:43]:<44}{cold.requests_per_second:8.0f}{cold.p50_ms:7.1f}{cold.p95_ms:7.1f}"
                f"{queries[scenario.label]:5d}{floor.requests_per_second:7.0f}{share:6.0f}"
                f"{warm.requests_per_second:9.0f}{warm.p95_ms:7.1f}{db.p50_ms:8.2f}{db.p95_ms:7.2f}{failed}"
            )
        self.line()
        self.line("req/s, p50, p95 (ms): the public page cache off (DJANGO_PUBLIC_PAGE_CACHE_SECONDS=0);")
        self.line("cached: on (60 s), so every request after the first is a hit; SQL: queries per page (cache off);")
        self.line("floor: req/s of the view that runs only the page query; %: req/s as a share of the floor;")
        self.line("db p50/p95: the page query alone, one client, in ms.")

    def explain(self) -> None:
        for text in self.queries[:1]:
            filterset = VacancyFilter(QueryDict(urlencode({"q": text})), queryset=vacancy_list_public())
            filterset.is_valid()
            sql, params = page_ids_query(filterset.listing(), number=1, size=PAGE_SIZE)
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plan = "\n".join("  " + row[0] for row in cursor.fetchall())
            self.line()
            self.line(f"EXPLAIN (ANALYZE, BUFFERS) of the page query of q={text!r}:")
            self.line(plan)

    def summary(self, scenarios, queries, floors, results) -> None:
        """Worst p95 and lowest share of the floor over every URL; the last line is the production setting."""

        def figures(cache_seconds: int) -> str | None:
            measured = [(s, results[cache_seconds, s.label]) for s in scenarios if (cache_seconds, s.label) in results]
            if not measured:
                return None
            shares = [100 * r.requests_per_second / floors[self.floor_key(s)].requests_per_second for s, r in measured]
            return (
                f"p95 {max(r.p95_ms for _, r in measured):.0f} ms, {min(shares):.0f}% of the floor, "
                f"{max(queries.values())} queries per page"
            )

        cold, warm = figures(0), figures(60)
        if cold and warm:
            self.line(f"uncached (DJANGO_PUBLIC_PAGE_CACHE_SECONDS=0): {cold}")
            self.line("last line: the default setting (cache on, 60 s), so each URL above is a repeated search:")
        self.line(f"search: {warm or cold}")


class _Gunicorn:
    """gunicorn serving the portal plus the floors, for the length of a `with` block."""

    def __init__(self, command: Command, cache_seconds: int):
        self.command = command
        self.cache_seconds = cache_seconds
        self.process = None
        self.log = None

    def __enter__(self) -> str:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        db = connection.settings_dict
        credentials = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            credentials += ":" + quote(db["PASSWORD"], safe="")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "employers.benchmark.settings",
            "DATABASE_URL": f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": settings.REDIS_URL,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_PUBLIC_PAGE_CACHE_SECONDS": str(self.cache_seconds),
        }
        env.pop("DJANGO_READ_DOT_ENV_FILE", None)
        self.log = tempfile.TemporaryFile("w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "bontang_aker.wsgi:application", "--workers",
             str(self.command.options["workers"]), "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
             "--timeout", "120"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, cwd=Path(settings.BASE_DIR),
        )  # fmt: skip
        self.command.base_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.command.fetch("/bench/bare/") == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise CommandError("gunicorn did not start:\n" + self.output())
            time.sleep(0.2)
        # Both workers hold a database connection and the reference tables before measuring.
        for _ in range(4 * self.command.options["workers"]):
            self.command.fetch("/lowongan/")
        return self.command.base_url

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()[-4000:]

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()
            self.log = None
