"""Generated vacancies of the generated companies, each with its skills and status events."""

from __future__ import annotations

import bisect
import datetime
import itertools
import random

from django.db import transaction
from django.utils import timezone

from bontang_aker.accounts.models import User
from employers.models import Company, CompanyMember, Vacancy, VacancyEvent
from employers.search import vacancy_search_refresh
from portal.demo.catalog import (
    JOBS,
    OUTSIDE_COMPANY_ADDRESSES,
    SECTOR_BY_KEY,
    SECTORS,
    UMK_BONTANG,
    VACANCY_STATUS_MIX,
    Job,
)
from portal.demo.companies import _generated_companies
from portal.demo.context import DEMO_NOTE, _chunks, _Context, _rng, _weighted


def seed_vacancies(ctx: _Context, target: int) -> None:
    companies = list(_generated_companies().select_related("kelurahan__kecamatan").order_by("nib"))
    if not companies:
        if target:
            ctx.log("vacancies: no generated companies; skipped (use --companies)")
        return
    existing = (
        Vacancy.objects.filter(company__in=_generated_companies(), events__from_status="", events__note=DEMO_NOTE)
        .distinct()
        .count()
    )
    missing = max(0, target - existing)
    ctx.log(f"vacancies: {existing} exist, creating {missing}")
    if not missing:
        return
    admins = dict(
        CompanyMember.objects.filter(company__in=_generated_companies(), is_company_admin=True).values_list(
            "company_id", "user_id"
        )
    )
    weights = list(
        itertools.accumulate(
            (c.workforce_total + 20) ** 0.5 * (1.0 if c.status == "verified" else 0.08) for c in companies
        )
    )
    indices = range(existing + 1, existing + missing + 1)
    for chunk in _chunks(list(indices), ctx.batch_size):
        batch = []
        for v in chunk:
            rng = _rng(ctx.seed, "vacancy", v)
            company = companies[bisect.bisect(weights, rng.random() * weights[-1])]
            job = JOBS[rng.choice(_jobs_for(company))]
            # Only a verified company's vacancies reach Disnaker's review (vacancy_submit).
            status = _weighted(rng, VACANCY_STATUS_MIX) if company.status == "verified" else "draft"
            creator_id = admins.get(company.pk)
            batch.append(_vacancy(ctx, rng, company, job, status=status, creator=creator_id))
        with transaction.atomic():
            _insert_vacancies(ctx, batch)


def _jobs_for(company: Company) -> list[str]:
    """The jobs of every sector that uses the company's KBLI code."""
    jobs = [job for sector in SECTORS if company.kbli_code in sector.kbli for job in sector.jobs]
    return list(dict.fromkeys(jobs)) or list(SECTOR_BY_KEY["jasa"].jobs)


def _vacancy(ctx: _Context, rng: random.Random, company: Company, job: Job, *, status: str, creator,
             published: datetime.datetime | None = None, open_date: datetime.date | None = None,
             close_date: datetime.date | None = None):  # fmt: skip
    """Build one vacancy (unsaved) with its skills and events; returns (vacancy, skill ids, events)."""
    creator_id = creator.pk if isinstance(creator, User) else creator
    today = ctx.today
    days = datetime.timedelta
    # Nothing happens before the company existed (or, for reviews, before it was verified).
    since = timezone.localdate(company.verified_at or company.created_at or ctx.now)
    age = max(0, (today - since).days - 1)
    if status in ("closed", "filled") and age < 45:
        status = "published"
    submitted = published_at = closed_at = None
    if status == "published":
        published_at = published or ctx.at(today - days(days=rng.randint(0, min(35, age))), rng)
        open_date = open_date or timezone.localdate(published_at)
        close_date = close_date or today + days(days=rng.randint(1, 45))
    elif status in ("closed", "filled"):
        published_at = ctx.at(today - days(days=rng.randint(40, min(300, age))), rng)
        open_date = timezone.localdate(published_at)
        close_date = open_date + days(days=rng.randint(14, 30))
        if status == "closed":  # closed by the nightly job the day after the closing date
            closed_at = ctx.at(close_date + days(days=1), rng, 0, 1)
        else:
            closed_at = ctx.at(open_date + days(days=rng.randint(10, 40)), rng)
    elif status in ("in_review", "rejected"):
        back = rng.randint(0, min(6, age)) if status == "in_review" else rng.randint(min(8, age), min(60, age))
        submitted = ctx.at(today - days(days=back), rng)
        open_date = max(today, timezone.localdate(submitted)) + days(days=rng.randint(1, 14))
        close_date = open_date + days(days=rng.randint(14, 30))
    else:  # draft
        open_date = today + days(days=rng.randint(5, 30))
        close_date = open_date + days(days=rng.randint(14, 45))
    if published_at is not None:
        submitted = published_at - days(days=rng.randint(1, 4), hours=rng.randint(0, 5))
    created = (submitted or ctx.at(today - days(days=rng.randint(0, 20)), rng)) - days(days=rng.randint(0, 5))
    if company.created_at:
        created = max(created, min(company.created_at + days(hours=1), submitted or ctx.now))
    if submitted and company.verified_at:
        submitted = max(submitted, min(company.verified_at + days(hours=1), published_at or ctx.now))
        created = min(created, submitted)

    employment_type = rng.choices([t for t, _ in job.types], weights=[w for _, w in job.types])[0]
    period = job.period
    if employment_type == "part_time":
        period = "hour"
    low, high = job.wage
    if period == "hour":
        wage_min = rng.randrange(24_000, 30_000, 1_000)
        wage_max = wage_min + rng.randrange(0, 10_001, 2_500)
    else:
        step = 50_000 if period == "month" else 10_000
        span = high - low
        wage_min = low + int(rng.random() * span * 0.45) // step * step
        if period == "month" and employment_type != "internship":
            wage_min = max(wage_min, UMK_BONTANG)
        wage_max = max(wage_min, high - int(rng.random() * span * 0.3) // step * step)
        if rng.random() < 0.15:
            wage_max = None  # "mulai dari …"
    sex, justification, _ = rng.choices(job.sex, weights=[w for *_, w in job.sex])[0]
    turnaround = employment_type in ("turnaround", "daily")
    openings = rng.randint(10, 60) if turnaround else rng.choice([1, 1, 1, 2, 2, 3, 4, 5, 6, 8, 10])
    openings_male = openings if sex == "M" else None
    openings_female = openings if sex == "F" else None
    if sex == "any" and openings >= 4 and rng.random() < 0.12:
        openings_male = openings // 2
        openings_female = openings - openings_male
    age_min, age_max = job.age
    if rng.random() < 0.2:
        age_max = None
    elif age_max is not None:
        age_max = max(age_min, age_max + rng.choice([-2, 0, 0, 0, 5]))

    min_education = ctx.education.get(job.min_education) or next(iter(ctx.education.values()))
    if company.kelurahan_id:
        work_kelurahan = company.kelurahan
        work_location = (
            f"{company.name}, Kel. {company.kelurahan.name}, Kec. {company.kelurahan.kecamatan.name}, Kota Bontang"
        )
    else:
        work_kelurahan = None
        site = next((s for a, s in OUTSIDE_COMPANY_ADDRESSES if a == company.address), "Kutai Timur")
        work_location = f"{company.name}, {site}"
    occupation = ctx.kbji.get(job.kbji) or next(iter(ctx.kbji.values()))
    extra = {
        "turnaround": " Pekerjaan turn-around (TA) berlangsung sekitar 6–8 minggu; rotasi pekerja lokal diutamakan.",
        "internship": " Program pemagangan sesuai Permenaker; peserta mendapat uang saku dan sertifikat.",
    }.get(employment_type, "")
    vacancy = Vacancy(
        company=company, title=job.title, occupation=occupation, employment_type=employment_type,
        description=f"{company.name} membutuhkan {job.title} untuk {job.duties}.{extra}",
        openings=openings, openings_male=openings_male, openings_female=openings_female,
        open_date=open_date, close_date=close_date, age_min=age_min, age_max=age_max,
        sex_requirement=sex, sex_justification=justification, min_education=min_education,
        majors=job.majors, competencies=job.competencies, experience_years_min=job.experience,
        wage_min=wage_min, wage_max=wage_max, wage_period=period, work_kelurahan=work_kelurahan,
        work_location=work_location[:200],
        other_information=(
            "Lamaran hanya melalui portal Disnaker Kota Bontang; kandidat dirujuk oleh Disnaker. "
            "Tidak dipungut biaya apa pun dalam proses rekrutmen."
            + (" Diutamakan ber-KTP Kota Bontang (Perda 10/2018)." if rng.random() < 0.5 else "")
        ),
        status=status, submitted_at=submitted, published_at=published_at, closed_at=closed_at,
        created_by_id=creator_id, created_at=created, updated_at=created,
    )  # fmt: skip

    skills = ctx.skill_ids(list(job.skills) + (["k3-umum"] if rng.random() < 0.2 else []))
    timeline = [("", "draft", creator_id, created)]
    if submitted:
        timeline.append(("draft", "in_review", creator_id, submitted))
    if status == "rejected":
        timeline.append(("in_review", "rejected", ctx.petugas.pk, submitted + days(days=rng.randint(1, 3))))
    if published_at:
        timeline.append(("in_review", "published", ctx.petugas.pk, published_at))
    if status == "closed":
        timeline.append(("published", "closed", None, closed_at))
    if status == "filled":
        timeline.append(("published", "filled", creator_id, closed_at))
    events = []
    for from_status, to_status, actor_id, moment in timeline:
        moment = min(moment, ctx.now)
        events.append(VacancyEvent(actor_id=actor_id, from_status=from_status, to_status=to_status, note=DEMO_NOTE,
                                   created_at=moment))  # fmt: skip
    vacancy.updated_at = events[-1].created_at
    return vacancy, skills, events


def _insert_vacancies(ctx: _Context, built: list) -> None:
    if not built:
        return
    ctx.bulk(Vacancy, [v for v, _, _ in built])
    through = Vacancy.skills.through
    ctx.bulk(through, [through(vacancy_id=v.pk, skill_id=s) for v, skills, _ in built for s in skills])
    vacancy_search_refresh(vacancy_ids=[v.pk for v, _, _ in built])
    events = []
    for vacancy, _, vacancy_events in built:
        for event in vacancy_events:
            event.vacancy_id = vacancy.pk
            events.append(event)
    ctx.bulk(VacancyEvent, events)
