"""Demo data: one fixed account per role, plus generated jobseekers, companies and vacancies.

`manage.py seed_demo` is a thin wrapper around `seed_demo()` here.

The package, in the order of a run: `context` (settings, random streams, the shared `_Context`),
`catalog` (places, names, jobs, sectors, status mixes), `accounts` (the fixed demo accounts, the demo
jobseeker and demo company), then one module per phase: `companies`, `vacancies`, `jobseekers` (which
shares the batches among forked processes) with `jobseeker_rows` (building and writing their rows).

- **Idempotent.** Every generated row is tied to an index: jobseeker n logs in as
  `pencaker{n}@demo.local`, company n has an NIB derived from n and an administrator
  `perusahaan{n}@demo.local`. A run creates only the indices that are missing, so running twice
  changes nothing and a larger count tops up. Generated vacancies are counted (those of
  generated companies whose creation event carries the demo note) and topped up the same way.
- **Reproducible.** Each index draws from its own `random.Random` seeded with (seed, kind, index),
  so jobseeker 150 is the same whether it was created in one run of 200 or in a top-up from 100.
  Dates are relative to today (Asia/Makassar).
- **Fast.** Rows are built in Python and written with `bulk_create` in batches (one transaction
  per batch); many-to-many rows go through the through models; the password is hashed once;
  Faker is only used to fill small pools of names and street addresses at start-up. Large runs
  share the jobseeker batches among forked processes (one per CPU): 100,000 jobseekers and
  10,000 vacancies (1.25 million rows) take about 75 s on two cores.
- **Coherent.** Every seeded status has its event rows (note "demo data"), with timestamps on a
  plausible timeline; `created_at`, `requested_at` and the events keep those historic times.
- **Realistic for Bontang.** About 80 % of jobseekers have a KTP address in one of the 15
  kelurahan; NIKs are valid and match birth date and sex, with the region where the NIK was first
  issued (mostly Bontang, but also Makassar, Samarinda, Bone… for people who moved here: local
  status comes from the KTP kelurahan, never from the NIK prefix).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction

from employers.models import Company, Vacancy
from jobseekers.card_statistics import aki_card_holders_snapshot
from jobseekers.models import JobseekerProfile
from portal.demo.accounts import _sync_generated_passwords, ensure_demo_accounts
from portal.demo.companies import seed_companies
from portal.demo.context import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    DEMO_NOTE,
    EMPLOYER_DEMO_EMAIL,
    JOBSEEKER_DEMO_EMAIL,
    KABID_DEMO_EMAIL,
    PETUGAS_DEMO_EMAIL,
    SeedResult,
    _Context,
    company_nib,
    default_workers,
    demo_password,
)
from portal.demo.jobseekers import _run_jobseeker_chunks, seed_jobseekers
from portal.demo.journeys import seed_journeys
from portal.demo.vacancies import seed_vacancies

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_PASSWORD",
    "DEFAULT_SEED",
    "DEMO_NOTE",
    "EMPLOYER_DEMO_EMAIL",
    "JOBSEEKER_DEMO_EMAIL",
    "KABID_DEMO_EMAIL",
    "PETUGAS_DEMO_EMAIL",
    "SeedResult",
    "company_nib",
    "default_workers",
    "seed_demo",
]


def seed_demo(
    *,
    jobseekers: int = 200,
    companies: int = 30,
    vacancies: int = 40,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    accounts_only: bool = False,
    workers: int | None = None,
    password: str | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> SeedResult:
    """Create the demo accounts and top up generated data to the given counts; safe to re-run."""
    started = time.monotonic()
    ctx = _Context(
        seed=seed,
        batch_size=max(1, batch_size),
        password=password or demo_password(),
        log=log,
        workers=default_workers() if workers is None else workers,
    )
    with transaction.atomic():
        accounts = ensure_demo_accounts(ctx)
        _sync_generated_passwords(ctx, password or demo_password())
    if not accounts_only:
        seed_companies(ctx, companies)
        seed_vacancies(ctx, vacancies)
        # Looked up here at call time, so that `demo._run_jobseeker_chunks` can be replaced (tests spy on it).
        seed_jobseekers(ctx, jobseekers, run_chunks=_run_jobseeker_chunks)
        seed_journeys(ctx, jobseeker_user=accounts["pencaker"], employer_user=accounts["perusahaan"])
        # The bulk-written cards get the holder facts the statutory reports count them under.
        aki_card_holders_snapshot()
        # Bulk inserts leave the planner without statistics until autovacuum gets round to it
        # (if it is on at all): a fresh database would plan every list query blind.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    ctx.result.elapsed = time.monotonic() - started
    ctx.result.totals = {
        "jobseekers": JobseekerProfile.objects.count(),
        "companies": Company.objects.count(),
        "vacancies": Vacancy.objects.count(),
        "published vacancies": Vacancy.objects.filter(status="published").count(),
    }
    return ctx.result
