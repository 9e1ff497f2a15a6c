"""The jobseeker phase: which indices are missing, their NIKs, and the batches shared among forked workers.

The rows themselves are built and written by `portal.demo.jobseeker_rows`.
"""

from __future__ import annotations

import multiprocessing
import re
import time
from collections import Counter
from collections.abc import Callable

from django.db import connection, connections, transaction

from bontang_aker.accounts.models import User
from jobseekers.models import JobseekerProfile
from portal.demo.catalog import JOBS, SECTORS
from portal.demo.context import DEMO_DOMAIN, _chunks, _Context, _rng
from portal.demo.jobseeker_rows import _build_jobseekers, _identity, _nik_prefix, _write_jobseekers


def seed_jobseekers(ctx: _Context, target: int, run_chunks: Callable | None = None) -> None:
    """Create the missing jobseekers 1 … target; `run_chunks` writes the chunks (default `_run_jobseeker_chunks`)."""
    existing_indices = set()
    pattern = re.compile(rf"^pencaker(\d+)@{re.escape(DEMO_DOMAIN)}$")
    for email in User.objects.filter(email__startswith="pencaker", email__endswith=f"@{DEMO_DOMAIN}").values_list(
        "email", flat=True
    ):
        match = pattern.match(email)
        if match:
            existing_indices.add(int(match.group(1)))
    missing = [i for i in range(1, target + 1) if i not in existing_indices]
    ctx.log(f"jobseekers: {target - len(missing)} exist, creating {len(missing)}")
    if not missing:
        return

    # NIK serials: the n-th person with the same region, birth date and sex gets serial n, replaying every
    # index up to the last missing one so a top-up gives the same NIKs as one long run; a NIK already taken
    # by someone else is skipped.
    taken = set(JobseekerProfile.objects.values_list("nik", flat=True))
    missing_set = set(missing)
    serials: Counter = Counter()
    niks: dict[int, str] = {}
    for i in range(1, missing[-1] + 1):
        prefix = _nik_prefix(_identity(ctx, _rng(ctx.seed, "jobseeker", i)))
        serials[prefix] += 1
        if i in missing_set:
            while f"{prefix}{serials[prefix]:04d}" in taken:
                serials[prefix] += 1
            nik = f"{prefix}{serials[prefix]:04d}"
            taken.add(nik)
            niks[i] = nik

    started = time.monotonic()
    # Former employers for work experience: names in the style of the sectors that offer each job.
    pool_rng = _rng(ctx.seed, "employer-pool", 0)
    employers = {
        key: [ctx.company_name(pool_rng, s) for s in SECTORS if key in s.jobs for _ in range(12)] for key in JOBS
    }
    done = 0
    chunks = list(_chunks(missing, ctx.batch_size))
    workers = min(ctx.workers, len(chunks))
    if connection.in_atomic_block:
        workers = 1  # a caller's transaction (a test): other processes would not see its rows
    for created, seconds, count in (run_chunks or _run_jobseeker_chunks)(ctx, chunks, niks, employers, workers):
        ctx.result.created.update(created)
        ctx.result.insert_seconds.update(seconds)
        done += count
        if done % (ctx.batch_size * 10) == 0 or done == len(missing):
            elapsed = time.monotonic() - started
            ctx.log(
                f"  jobseekers {done}/{len(missing)} ({elapsed:.1f} s, {done / max(elapsed, 1e-9):.0f}/s, "
                f"{workers} process{'es' if workers > 1 else ''})"
            )


# State handed to forked worker processes (inherited through fork, so nothing is pickled but the chunks).
_WORKER_STATE: tuple | None = None


def _run_jobseeker_chunks(ctx, chunks, niks, employers, workers):
    """Build and write each chunk in its own transaction; yields (rows created, insert seconds, jobseekers).

    Building rows and preparing the INSERTs is CPU-bound Python, so with several workers the chunks are
    shared among forked processes, each with its own database connection (about 1.8x on two cores).
    """
    global _WORKER_STATE
    if workers <= 1:
        for chunk in chunks:
            yield _seed_jobseeker_chunk(chunk, state=(ctx, niks, employers), close_connection=False)
        return
    _WORKER_STATE = (ctx, niks, employers)
    connections.close_all()  # children must open their own connections, not share the parent's socket
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap_unordered(_seed_jobseeker_chunk, chunks)
            pool.close()
            pool.join()
    finally:
        _WORKER_STATE = None


def _seed_jobseeker_chunk(chunk: list[int], state: tuple | None = None, close_connection: bool = True):
    ctx, niks, employers = state or _WORKER_STATE
    before_created, before_seconds = Counter(ctx.result.created), Counter(ctx.result.insert_seconds)
    try:
        with transaction.atomic():
            _write_jobseekers(ctx, _build_jobseekers(ctx, chunk, niks, employers))
    finally:
        if close_connection:
            connections.close_all()  # a worker's connection is closed cleanly, not dropped on exit
    created = ctx.result.created - before_created
    seconds = ctx.result.insert_seconds - before_seconds
    # Counted by the caller (the parent process adds what each worker reports).
    ctx.result.created, ctx.result.insert_seconds = before_created, before_seconds
    return created, seconds, len(chunk)
