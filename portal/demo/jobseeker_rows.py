"""The rows of generated jobseekers: jobseeker n logs in as `pencaker{n}@demo.local`.

Each index draws from its own random stream: first its identity (what the NIK encodes, and the KTP
domicile), then education, work experience, skills and usually an AK/I card with its events. Rows are
built in memory (`_build_jobseekers`) and then inserted batch by batch (`_write_jobseekers`).
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from bontang_aker.accounts.models import User
from jobseekers.models import AkiCard, AkiCardEvent, EducationEntry, ExperienceEntry, JobseekerProfile
from portal.demo.catalog import (
    CARD_REJECTION_REASONS,
    CARD_STATUS_MIX,
    DISABILITIES,
    EDUCATION_MIX,
    GRADUATION_AGE,
    HIGHER_EDUCATION,
    JOBS,
    LOCAL_NIK_ORIGINS,
    MAJOR_GROUP_FOR_LEVEL,
    MAJORS,
    MIN_AGE_FOR_LEVEL,
    ORIGINS,
    OUTSIDE_KTP,
    RELIGIONS,
    UMK_BONTANG,
    UNIVERSITIES,
)
from portal.demo.context import DEMO_NOTE, _Context, _rng, _weighted, jobseeker_email


@dataclass
class _Identity:
    is_local: bool
    origin: str
    outside: str
    sex: str
    birth_date: datetime.date
    region: str


def _identity(ctx: _Context, rng: random.Random) -> _Identity:
    """The first draws of a jobseeker's stream: what the NIK encodes, and the KTP domicile."""
    is_local = rng.random() < 0.8
    if is_local:
        origin, outside = _weighted(rng, LOCAL_NIK_ORIGINS), ""
    else:
        outside = _weighted(rng, OUTSIDE_KTP)
        origin = outside if rng.random() < 0.9 else _weighted(rng, LOCAL_NIK_ORIGINS)
    sex = "M" if rng.random() < 0.58 else "F"
    age = rng.choices([(18, 24), (25, 29), (30, 34), (35, 44), (45, 55)], weights=[40, 25, 15, 14, 6])[0]
    age_days = rng.randint(age[0] * 365 + 10, age[1] * 365 + 360)
    birth_date = ctx.today - datetime.timedelta(days=age_days)
    code, _, kecamatan_count, _ = ORIGINS[origin]
    region = f"{code}{rng.randint(1, kecamatan_count):02d}"
    return _Identity(is_local, origin, outside, sex, birth_date, region)


def _nik_prefix(identity: _Identity) -> str:
    day = identity.birth_date.day + (40 if identity.sex == "F" else 0)
    return f"{identity.region}{day:02d}{identity.birth_date:%m%y}"


@dataclass
class _JobseekerBatch:
    users: list
    profiles: list
    educations: list
    experiences: list
    skill_rows: list
    occupation_rows: list
    cards: list
    card_events: list


def _build_jobseekers(
    ctx: _Context, indices: list[int], niks: dict[int, str], employers: dict[str, list[str]]
) -> _JobseekerBatch:
    """Build the rows of one batch in memory; no database access (it runs while the previous batch is written)."""
    days = datetime.timedelta
    users, profiles, educations, experiences, skill_rows, occupation_rows, cards, card_events = ([] for _ in range(8))
    validity = settings.AKI_CARD_VALIDITY_MONTHS
    report_months = settings.AKI_CARD_REPORT_INTERVAL_MONTHS
    for i in indices:
        rng = _rng(ctx.seed, "jobseeker", i)
        ident = _identity(ctx, rng)
        age = (ctx.today - ident.birth_date).days // 365
        name = ctx.person_name(rng, ident.sex)
        birth_place = ORIGINS[ident.origin][1]
        outside_label = ORIGINS[ident.outside][3] if ident.outside else ""

        # Education: the highest level, plus the school before it for most diploma/degree holders.
        level = _weighted(rng, EDUCATION_MIX)
        if age < MIN_AGE_FOR_LEVEL.get(level, 0):
            level = rng.choice(["SMK", "SMA"])
        group = MAJOR_GROUP_FOR_LEVEL[level]
        if group == "BASIC" and ident.sex == "F":
            group = "BASIC_F"
        major = rng.choice(list(MAJORS[group]))
        skill_codes, kbji_codes = MAJORS[group][major]
        grad_year = min(ctx.today.year, ident.birth_date.year + GRADUATION_AGE[level] + rng.choice([0, 0, 1, 1, 2]))
        home_city = "Bontang" if ident.is_local and rng.random() < 0.75 else ORIGINS[ident.origin][1]
        entries = [(level, major, grad_year)]
        if level in HIGHER_EDUCATION and rng.random() < 0.6:
            school = "SMK" if rng.random() < 0.45 else "SMA"
            school_major = rng.choice(list(MAJORS[school]))
            entries.append((school, school_major, ident.birth_date.year + 18))
        if level == "S2" and rng.random() < 0.8:
            entries.append(("S1", rng.choice(list(MAJORS["S1"])), grad_year - 3))

        registered = ctx.at(ctx.today - days(days=rng.randint(0, 900)), rng, 7, 22)
        user = ctx.new(User, email=jobseeker_email(i), full_name=name, role=User.Role.JOBSEEKER,
                       password=ctx.password_hash, date_joined=registered, email_verified_at=registered)  # fmt: skip
        if ident.is_local:
            kelurahan = ctx.pick_kelurahan(rng)
            address = ctx.bontang_address(rng, kelurahan)
            resident_since = ident.birth_date if ident.origin == "bontang" else max(
                ident.birth_date + days(days=365 * 5), ctx.today - days(days=rng.randint(365, 365 * 20))
            )  # fmt: skip
        else:
            kelurahan, resident_since = None, None
            if ident.outside == "kutim" and rng.random() < 0.4:
                # The Sidrap border settlement: lives next to Bontang, holds a Kutai Timur KTP.
                address = (
                    f"Kampung Sidrap RT {rng.randint(1, 25):03d}, Desa Martadinata, Kec. Teluk Pandan, Kab. Kutai Timur"
                )
            else:
                address = f"{rng.choice(ctx.streets_elsewhere)} No. {rng.randint(1, 120)}, {ORIGINS[ident.outside][3]}"
        married_chance = 0.05 if age < 23 else 0.35 if age < 28 else 0.7
        marital = "married" if rng.random() < married_chance else "single"
        if marital == "married" and rng.random() < 0.06:
            marital = rng.choice(["divorced", "widowed"])
        has_disability = rng.random() < 0.02
        edu_factor = {"S1": 1.6, "S2": 2.4, "S3": 3.0, "D3": 1.35, "D4": 1.5}.get(level, 1.0)
        expected = int(UMK_BONTANG * edu_factor * rng.uniform(1.0, 1.6)) // 250_000 * 250_000
        profile = ctx.new(
            JobseekerProfile, parent=user, nik=niks[i], full_name=name, birth_place=birth_place,
            birth_date=ident.birth_date, sex=ident.sex, marital_status=marital, religion=_weighted(rng, RELIGIONS),
            ktp_address=address, kelurahan_id=kelurahan.pk if kelurahan else None,
            outside_city="" if ident.is_local else outside_label, resident_since=resident_since,
            phone=ctx.phone_mobile(rng), has_disability=has_disability,
            disability_note=rng.choice(DISABILITIES) if has_disability else "",
            is_poor_household=ident.is_local and rng.random() < 0.12,
            expected_wage=expected if rng.random() < 0.8 else None,
            about=f"Pendidikan terakhir {ctx.education[level].name}{', jurusan ' + major if major else ''}; "
            f"domisili {kelurahan.name + ', Bontang' if kelurahan else outside_label}.",
            consent_at=registered, created_at=registered, updated_at=registered,
        )  # fmt: skip
        users.append(user)
        profiles.append(profile)

        for entry_level, entry_major, year in entries:
            educations.append(ctx.new(
                EducationEntry, parent=profile, level_id=ctx.education[entry_level].pk,
                institution=_institution(rng, entry_level, home_city), major=entry_major,
                graduation_year=year if year <= ctx.today.year else None,
                score=Decimal(f"{rng.uniform(2.6, 3.9):.2f}") if entry_level in HIGHER_EDUCATION
                else Decimal(f"{rng.uniform(70, 92):.1f}"),
            ))  # fmt: skip

        codes = list(skill_codes)
        rng.shuffle(codes)
        chosen = codes[: rng.randint(1, min(4, len(codes)))]
        for extra, chance in (("microsoft-office", 0.35), ("bahasa-inggris", 0.2), ("k3-umum", 0.15),
                              ("sopir-sim-b2", 0.1)):  # fmt: skip
            if rng.random() < chance:
                chosen.append(extra)
        for skill_id in ctx.skill_ids(chosen):
            skill_rows.append((profile, skill_id))
        for kbji in dict.fromkeys(kbji_codes[: rng.randint(1, 2)]):
            if kbji in ctx.kbji:
                occupation_rows.append((profile, ctx.kbji[kbji].pk))

        # Work experience after school: none for many young people, up to three jobs.
        n_jobs = rng.choices([0, 1, 2, 3], weights=[45, 30, 18, 7])[0] if age >= 20 else 0
        if grad_year >= ctx.today.year:
            n_jobs = 0
        past_jobs = ctx.jobs_for(skill_codes, level)
        start = datetime.date(
            min(max(grad_year, ident.birth_date.year + 18), ctx.today.year - 1), rng.randint(6, 12), 1
        )
        for _ in range(n_jobs):
            if start >= ctx.today - days(days=90):
                break
            months = rng.randint(3, 36)
            end = start + relativedelta(months=months, days=-1)
            current = end >= ctx.today
            if current:
                end = None
            job_key = rng.choice(past_jobs)
            job = JOBS[job_key]
            occupation = ctx.kbji.get(job.kbji)
            experiences.append(ctx.new(
                ExperienceEntry, parent=profile, employer_name=rng.choice(employers[job_key]), position=job.title,
                occupation_id=occupation.pk if occupation else None, start_date=start, end_date=end,
                description=f"Bertugas {job.duties}.",
            ))  # fmt: skip
            if current:
                break
            start = end + relativedelta(months=rng.randint(0, 8), days=1)

        # AK/I card with a timeline that matches its status.
        status = _weighted(rng, CARD_STATUS_MIX)
        if status is None:
            continue
        card = ctx.new(AkiCard, parent=profile, status=status)
        timeline = []
        if status == "requested":
            requested = ctx.at(ctx.today - days(days=rng.randint(0, 20)), rng)
        elif status == "rejected":
            requested = ctx.at(ctx.today - days(days=rng.randint(5, 200)), rng)
        elif status == "lapsed":
            requested = ctx.at(ctx.today - days(days=rng.randint(400, 1000)), rng)
        elif status == "active":
            requested = ctx.at(ctx.today - days(days=rng.randint(3, 700)), rng)
        else:  # placed, removed
            requested = ctx.at(ctx.today - days(days=rng.randint(60, 700)), rng)
        card.requested_at = card.created_at = card.updated_at = requested
        profile.created_at = profile.updated_at = profile.consent_at = user.date_joined = user.email_verified_at = min(
            registered, requested - days(hours=rng.randint(1, 72))
        )
        timeline.append(("", "requested", user, requested))
        if status == "rejected":
            card.rejection_reason = rng.choice(CARD_REJECTION_REASONS)
            card.verified_by_id = ctx.petugas.pk
            timeline.append(("requested", "rejected", ctx.petugas, requested + days(days=rng.randint(1, 4))))
        elif status != "requested":
            issued = min(requested + days(days=rng.randint(0, 3), hours=rng.randint(1, 6)), ctx.now)
            if status == "active":  # an active card is never past its validity
                issued = max(issued, ctx.now - days(days=700))
            card.issued_at = issued
            card.expires_on = timezone.localdate(issued) + relativedelta(months=validity)
            card.verified_by_id = ctx.petugas.pk
            timeline.append(("requested", "active", ctx.petugas, issued))
            # Six-monthly reports ("lapor") while looking for work.
            last_report = issued
            horizon = ctx.now
            if status == "lapsed":  # stopped reporting (or reached the end of validity) and lapsed since
                options = [m for m in range(0, validity, report_months)
                           if issued + relativedelta(months=m + report_months, days=1) <= ctx.now]  # fmt: skip
                horizon = issued + relativedelta(months=rng.choice(options or [0]))
            elif status in ("placed", "removed"):
                horizon = min(ctx.now, issued + days(days=rng.randint(30, 500)))
            report = issued + relativedelta(months=report_months) - days(days=rng.randint(1, 20))
            while report < horizon:
                timeline.append(("active", "active", user, report))
                last_report = report
                report = report + relativedelta(months=report_months) - days(days=rng.randint(1, 20))
            card.last_reported_at = last_report
            if status == "lapsed":
                lapsed_day = min(
                    card.expires_on, timezone.localdate(last_report) + relativedelta(months=report_months)
                ) + days(days=1)
                timeline.append(("active", "lapsed", None, ctx.at(lapsed_day, rng, 1, 2)))
            elif status == "placed":
                card.placed_on = timezone.localdate(horizon)
                reported = ctx.at(card.placed_on + days(days=rng.randint(1, 14)), rng)
                timeline.append(("active", "placed", ctx.petugas, reported))
            elif status == "removed":
                timeline.append(("active", "removed", ctx.petugas, horizon))
        card.updated_at = min(timeline[-1][3], ctx.now)
        cards.append((i, card))
        for from_status, to_status, actor, moment in timeline:
            card_events.append(ctx.new(
                AkiCardEvent, parent=card, actor_ref=actor, from_status=from_status, to_status=to_status,
                note=DEMO_NOTE, created_at=min(moment, ctx.now),
            ))  # fmt: skip

    return _JobseekerBatch(users, profiles, educations, experiences, skill_rows, occupation_rows, cards, card_events)


def _write_jobseekers(ctx: _Context, batch: _JobseekerBatch) -> None:
    """Insert one batch: parents first, each child's foreign key filled from its parent's new primary key."""
    users, profiles, educations, experiences = batch.users, batch.profiles, batch.educations, batch.experiences
    skill_rows, occupation_rows, cards, card_events = (
        batch.skill_rows, batch.occupation_rows, batch.cards, batch.card_events
    )  # fmt: skip
    ctx.bulk(User, users)
    for profile in profiles:
        profile.user_id = profile.__dict__.pop("parent").pk
    ctx.bulk(JobseekerProfile, profiles)
    for entry in itertools.chain(educations, experiences):
        entry.jobseeker_id = entry.__dict__.pop("parent").pk
    ctx.bulk(EducationEntry, educations)
    ctx.bulk(ExperienceEntry, experiences)
    skills_through = JobseekerProfile.skills.through
    ctx.bulk(skills_through, [ctx.new(skills_through, jobseekerprofile_id=p.pk, skill_id=s) for p, s in skill_rows])
    occupations_through = JobseekerProfile.preferred_occupations.through
    ctx.bulk(occupations_through, [
        ctx.new(occupations_through, jobseekerprofile_id=p.pk, kbjigroup_id=k) for p, k in occupation_rows
    ])  # fmt: skip
    issued = [(i, card) for i, card in cards if card.issued_at]
    numbers = ctx.card_numbers([timezone.localdate(c.issued_at).year for _, c in issued], [i for i, _ in issued])
    for (_, card), number in zip(issued, numbers, strict=True):
        card.number = number
    for _, card in cards:
        card.jobseeker_id = card.__dict__.pop("parent").pk
    ctx.bulk(AkiCard, [card for _, card in cards])
    for event in card_events:
        event.card_id = event.__dict__.pop("parent").pk
        actor = event.__dict__.pop("actor_ref")
        event.actor_id = actor.pk if actor else None
    ctx.bulk(AkiCardEvent, card_events)


def _institution(rng: random.Random, level: str, city: str) -> str:
    if level in ("TTSD", "SD"):
        return f"SD Negeri {rng.randint(1, 30):03d} {city}"
    if level == "SMP":
        return f"SMP Negeri {rng.randint(1, 12)} {city}"
    if level == "SMA":
        return rng.choice([f"SMA Negeri {rng.randint(1, 3)} {city}", f"MAN {city}", f"SMA Muhammadiyah {city}"])
    if level == "SMK":
        return rng.choice([f"SMK Negeri {rng.randint(1, 4)} {city}", f"SMK Negeri {rng.randint(1, 4)} {city}",
                           f"SMK Teknologi {city}"])  # fmt: skip
    return rng.choice(UNIVERSITIES)
