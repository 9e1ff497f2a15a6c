"""Shared by every seeding phase: settings and addresses of the demo rows, the per-index random
streams, and `_Context`, the reference data, pools and counters of one run.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.models.base import ModelState
from django.utils import timezone

from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kelurahan, Skill
from bontang_aker.reference.services import reference_load
from portal.demo.catalog import (
    BONTANG_STREETS,
    EXTRA_FEMALE_FIRST,
    EXTRA_LAST,
    EXTRA_MALE_FIRST,
    GENERIC_WORDS,
    JOBS,
    KELURAHAN_WEIGHTS,
    VIRTUE_WORDS,
    Sector,
)

DEMO_NOTE = "demo data"
DEMO_DOMAIN = "demo.local"
DEFAULT_SEED = 2026
DEFAULT_PASSWORD = "bontang2026"
DEFAULT_BATCH_SIZE = 2000

JOBSEEKER_DEMO_EMAIL = f"pencaker@{DEMO_DOMAIN}"
EMPLOYER_DEMO_EMAIL = f"perusahaan@{DEMO_DOMAIN}"
PETUGAS_DEMO_EMAIL = f"petugas@{DEMO_DOMAIN}"
KABID_DEMO_EMAIL = f"kabid@{DEMO_DOMAIN}"
DEMO_COMPANY_NAME = "PT Bontang Mitra Teknik (Demo)"


def default_workers() -> int:
    """Processes for generating jobseekers: one per CPU, at most 4 (PostgreSQL needs a share too)."""
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


def jobseeker_email(index: int) -> str:
    return f"pencaker{index}@{DEMO_DOMAIN}"


def employer_email(index: int) -> str:
    return f"perusahaan{index}@{DEMO_DOMAIN}"


def company_nib(index: int) -> str:
    """13 digits, unique per index (a bijection on 0 … 10^8 − 1); index 0 is the demo company."""
    return f"91200{(index * 7919 + 42_173) % 10**8:08d}"


def company_npwp(index: int, check_digit: int) -> str:
    """16-digit NPWP: "0" + the old 15-digit number (type, serial, check digit, KPP Bontang, branch)."""
    serial = (index * 104_729 + 31_337) % 10**6
    return f"0{1 + index % 3:02d}{serial:06d}{check_digit}725000"


@dataclass
class SeedResult:
    created: Counter = field(default_factory=Counter)
    insert_seconds: Counter = field(default_factory=Counter)  # time spent in bulk_create, per model
    elapsed: float = 0.0
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.created.values())


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}/{kind}/{index}")


def _weighted(rng: random.Random, table: dict):
    keys = list(table)
    return rng.choices(keys, weights=list(table.values()))[0]


@contextmanager
def _historic_timestamps(model):
    """Let bulk_create write the timestamps we set (auto_now / auto_now_add would stamp 'now')."""
    saved = []
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            saved.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Context:
    """Reference data, pools and counters shared by one seeding run."""

    def __init__(self, *, seed: int, batch_size: int, password: str, log: Callable[[str], None], workers: int = 1):
        self.seed = seed
        self.batch_size = batch_size
        self.workers = max(1, workers)
        self.log = log
        self.result = SeedResult()
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.tz = timezone.get_current_timezone()
        self.password_hash = make_password(password)  # once: the password hasher is deliberately slow

        if not Kelurahan.objects.exists():
            reference_load()
        self.kelurahan = list(Kelurahan.objects.active().select_related("kecamatan").order_by("code"))
        self.kelurahan_by_name = {k.name: k for k in self.kelurahan}
        self.kelurahan_weights = list(itertools.accumulate(KELURAHAN_WEIGHTS.get(k.name, 1.0) for k in self.kelurahan))
        self.education = {e.code: e for e in EducationLevel.objects.all()}
        self.skills = {s.code: s.pk for s in Skill.objects.active()}
        self.kbji = {g.code: g for g in KbjiGroup.objects.filter(parent__isnull=True)}
        self._kbli_categories: dict[str, KbliCategory] = {}
        self._jobs_for: dict[tuple, list[str]] = {}
        self._defaults: dict[type, dict] = {}
        self._pools()

    # -- helpers ---------------------------------------------------------------------------

    def kbli_category(self, code: str) -> KbliCategory:
        if code not in self._kbli_categories:
            self._kbli_categories[code] = KbliCategory.for_kbli_code(code)
        return self._kbli_categories[code]

    def at(self, day: datetime.date, rng: random.Random, start_hour: int = 8, end_hour: int = 16) -> datetime.datetime:
        """An office-hours moment on `day` (WITA), never later than now."""
        clock = datetime.time(rng.randint(start_hour, end_hour - 1), rng.randint(0, 59))
        moment = timezone.make_aware(datetime.datetime.combine(day, clock), self.tz)
        return min(moment, self.now - datetime.timedelta(minutes=rng.randint(1, 240)))

    def pick_kelurahan(self, rng: random.Random) -> Kelurahan:
        return self.kelurahan[bisect.bisect(self.kelurahan_weights, rng.random() * self.kelurahan_weights[-1])]

    def bontang_address(self, rng: random.Random, kelurahan: Kelurahan) -> str:
        street = rng.choice(BONTANG_STREETS)
        return (
            f"{street} No. {rng.randint(1, 150)}, RT {rng.randint(1, 45):03d}, Kel. {kelurahan.name}, "
            f"Kec. {kelurahan.kecamatan.name}, Kota Bontang, Kalimantan Timur"
        )

    def phone_mobile(self, rng: random.Random) -> str:
        prefix = rng.choice(["811", "812", "813", "821", "822", "852", "853", "856", "857", "877", "878", "895"])
        return f"+62{prefix}{rng.randint(0, 10**8 - 1):08d}"[: 3 + 3 + rng.choice([7, 8])]

    def skill_ids(self, codes: Iterable[str]) -> list[int]:
        return [self.skills[c] for c in dict.fromkeys(codes) if c in self.skills]

    def jobs_for(self, skill_codes: list[str], level: str) -> list[str]:
        """Jobs using any of these skills and open to this education level: plausible former positions."""
        key = (tuple(skill_codes), level)
        if key not in self._jobs_for:
            wanted, rank = set(skill_codes), self.education[level].rank
            self._jobs_for[key] = [
                k
                for k, job in JOBS.items()
                if wanted & set(job.skills) and self.education[job.min_education].rank <= rank
            ] or ["cleaning", "driver", "kasir", "tukang"]
        return self._jobs_for[key]

    def new(self, model, **values):
        """An unsaved instance, without Model.__init__ (the slowest part of building 10^6 rows).

        Starts from the field defaults of one normally built instance, then sets `values`, which use
        attribute names (`user_id`, not `user`); foreign keys to rows inserted in the same batch are
        filled in after the parent's bulk_create.
        """
        defaults = self._defaults.get(model)
        if defaults is None:
            defaults = self._defaults[model] = {k: v for k, v in model().__dict__.items() if k != "_state"}
        obj = model.__new__(model)
        obj.__dict__.update(defaults)
        obj.__dict__.update(values)
        obj._state = ModelState()
        return obj

    def count(self, model, n: int) -> None:
        if n:
            self.result.created[model._meta.label] += n

    def bulk(self, model, objs: list) -> list:
        if not objs:
            return objs
        started = time.monotonic()
        with _historic_timestamps(model):
            model.objects.bulk_create(objs, batch_size=self.batch_size)
        self.result.insert_seconds[model._meta.label] += time.monotonic() - started
        self.count(model, len(objs))
        return objs

    def card_numbers(self, issued_years: list[int], fallback_indices: list[int]) -> list[str]:
        """AK/I numbers from the same sequence `aki_card_issue` uses, so later cards never collide."""
        if not issued_years:
            return []
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('jobseekers_aki_card_number_seq')")
            has_sequence = cursor.fetchone()[0] is not None
            if has_sequence:
                cursor.execute(
                    "SELECT nextval('jobseekers_aki_card_number_seq') FROM generate_series(1, %s)", [len(issued_years)]
                )
                numbers = [row[0] for row in cursor.fetchall()]
                return [f"6474-{year}-{n:07d}" for year, n in zip(issued_years, numbers, strict=True)]
        return [f"6474-{year}-D{i:06d}" for year, i in zip(issued_years, fallback_indices, strict=True)]

    # -- pools -----------------------------------------------------------------------------

    def _pools(self) -> None:
        from faker import Faker

        fake = Faker("id_ID")
        fake.seed_instance(self.seed)

        def pool(method, size, extra=()):
            return sorted(set(list(extra) + [method() for _ in range(size)]))

        self.first_male = pool(fake.first_name_male, 700, EXTRA_MALE_FIRST)
        self.first_female = pool(fake.first_name_female, 500, EXTRA_FEMALE_FIRST)
        self.last_male = pool(fake.last_name_male, 300, EXTRA_LAST)
        self.last_female = pool(fake.last_name_female, 250)
        self.streets_elsewhere = pool(fake.street_name, 400)

    def person_name(self, rng: random.Random, sex: str) -> str:
        first, last = (self.first_male, self.last_male) if sex == "M" else (self.first_female, self.last_female)
        roll = rng.random()
        if roll < 0.06:
            return rng.choice(first)
        if roll < 0.20:
            return f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
        return f"{rng.choice(first)} {rng.choice(last)}"

    def company_name(self, rng: random.Random, sector: Sector) -> str:
        return rng.choice(sector.names).format(A=rng.choice(GENERIC_WORDS), B=rng.choice(VIRTUE_WORDS))


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
