"""The fixed demo accounts (one per role), the staff groups, the demo jobseeker and the demo company."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.models import Group
from django.utils import timezone

from bontang_aker.accounts.models import GROUP_KEPALA_BIDANG, GROUP_PETUGAS, User
from bontang_aker.accounts.roles import sync_role_groups
from employers.models import Company, CompanyEvent, CompanyMember
from jobseekers.models import AkiCard, AkiCardEvent, EducationEntry, ExperienceEntry, JobseekerProfile
from portal.demo.catalog import JOBS
from portal.demo.context import (
    DEMO_COMPANY_NAME,
    DEMO_DOMAIN,
    DEMO_NOTE,
    EMPLOYER_DEMO_EMAIL,
    JOBSEEKER_DEMO_EMAIL,
    KABID_DEMO_EMAIL,
    PETUGAS_DEMO_EMAIL,
    _Context,
    _rng,
    company_nib,
    company_npwp,
)
from portal.demo.vacancies import _insert_vacancies, _vacancy


def _upsert_user(ctx: _Context, email: str, *, full_name: str, role: str, is_staff: bool) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, date_joined=ctx.now - datetime.timedelta(days=120))
        ctx.count(User, 1)
    user.full_name = user.full_name or full_name
    user.role = role
    user.is_staff = is_staff
    user.is_active = True
    user.email_verified_at = user.email_verified_at or user.date_joined  # demo addresses count as verified
    user.password = ctx.password_hash  # reset to DEMO_PASSWORD on every run
    user.save()
    return user


def _ensure_role_groups() -> None:
    """The staff groups come from a data migration; put them back, with their permissions, if a flush removed them."""
    if Group.objects.filter(name__in=[GROUP_PETUGAS, GROUP_KEPALA_BIDANG]).count() < 2:
        sync_role_groups(apps=django_apps)


def ensure_demo_accounts(ctx: _Context) -> dict[str, User]:
    """One account per role with fixed addresses; re-running resets their passwords only."""
    petugas = _upsert_user(
        ctx, PETUGAS_DEMO_EMAIL, full_name="Rina Marlina (Petugas Antar Kerja)", role=User.Role.STAFF, is_staff=True
    )
    _ensure_role_groups()
    petugas.groups.set([Group.objects.get(name=GROUP_PETUGAS)])
    kabid = _upsert_user(
        ctx, KABID_DEMO_EMAIL, full_name="Hendra Gunawan (Kepala Bidang)", role=User.Role.STAFF, is_staff=True
    )
    kabid.groups.set([Group.objects.get(name=GROUP_KEPALA_BIDANG)])
    ctx.petugas, ctx.kabid = petugas, kabid

    pencaker = _upsert_user(
        ctx, JOBSEEKER_DEMO_EMAIL, full_name="Muhammad Rizky Pratama", role=User.Role.JOBSEEKER, is_staff=False
    )
    _ensure_demo_jobseeker(ctx, pencaker)
    perusahaan = _upsert_user(
        ctx, EMPLOYER_DEMO_EMAIL, full_name="Sri Wahyuni (HRD)", role=User.Role.EMPLOYER, is_staff=False
    )
    _ensure_demo_company(ctx, perusahaan)
    return {"pencaker": pencaker, "perusahaan": perusahaan, "petugas": petugas, "kabid": kabid}


def _sync_generated_passwords(ctx: _Context, password: str) -> None:
    """Generated accounts follow DEMO_PASSWORD and the preferred hasher too: when either changed,
    give them all the new hash (one UPDATE)."""
    generated = User.objects.filter(email__regex=rf"^(pencaker|perusahaan)[0-9]+@{re.escape(DEMO_DOMAIN)}$")
    sample = generated.only("password").first()
    preferred = get_hasher()
    outdated = sample is not None and (
        not sample.password.startswith(f"{preferred.algorithm}$") or preferred.must_update(sample.password)
    )
    if sample is not None and (outdated or not sample.check_password(password)):
        updated = generated.update(password=ctx.password_hash)
        ctx.log(f"generated accounts: password reset for {updated}")


def _ensure_demo_jobseeker(ctx: _Context, user: User) -> None:
    rng = _rng(ctx.seed, "demo-jobseeker", 0)
    profile = JobseekerProfile.objects.filter(user=user).first()
    if profile is None:
        kelurahan = ctx.kelurahan_by_name.get("Api-Api") or ctx.kelurahan[0]
        birth_date = datetime.date(2000, 5, 17)
        taken = set(JobseekerProfile.objects.filter(nik__startswith="647401170500").values_list("nik", flat=True))
        serial = next(s for s in range(9001, 10000) if f"647401170500{s:04d}" not in taken)
        joined = ctx.now - datetime.timedelta(days=120)
        profile = JobseekerProfile(
            user=user, nik=f"647401170500{serial:04d}", full_name=user.full_name, birth_place="Bontang",
            birth_date=birth_date, sex="M", marital_status=JobseekerProfile.MaritalStatus.SINGLE, religion="Islam",
            ktp_address=f"Jl. Ahmad Yani No. 17, RT 012, Kel. {kelurahan.name}, Kec. {kelurahan.kecamatan.name}, "
            "Kota Bontang, Kalimantan Timur",
            kelurahan=kelurahan, resident_since=birth_date, phone="+6281250001234", expected_wage=6_000_000,
            about="Lulusan SMK Teknik Pengelasan, bersertifikat las 3G/6G, berpengalaman di pekerjaan "
            "turn-around pabrik pupuk.",
            consent_at=joined, created_at=joined, updated_at=joined,
        )  # fmt: skip
        ctx.bulk(JobseekerProfile, [profile])
        ctx.bulk(EducationEntry, [
            EducationEntry(jobseeker=profile, level=ctx.education["SMK"], institution="SMK Negeri 1 Bontang",
                           major="Teknik Pengelasan", graduation_year=2018, score=Decimal("84.50")),
        ])  # fmt: skip
        ctx.bulk(ExperienceEntry, [
            ExperienceEntry(jobseeker=profile, employer_name="PT Mahakam Karya Teknik", position="Welder (turn-around)",
                            occupation=ctx.kbji.get("7"), start_date=datetime.date(2019, 3, 1),
                            end_date=datetime.date(2023, 10, 31),
                            description="Pengelasan pipa SMAW/GTAW pada kegiatan turn-around pabrik amonia."),
        ])  # fmt: skip
        through = JobseekerProfile.skills.through
        ctx.bulk(through, [
            through(jobseekerprofile_id=profile.pk, skill_id=s)
            for s in ctx.skill_ids(["las-smaw", "las-gtaw", "pipe-fitter", "k3-umum"])
        ])  # fmt: skip
        if "7" in ctx.kbji:
            occ = JobseekerProfile.preferred_occupations.through
            ctx.bulk(occ, [occ(jobseekerprofile_id=profile.pk, kbjigroup_id=ctx.kbji["7"].pk)])
    if not profile.aki_cards.filter(status=AkiCard.Status.ACTIVE).exists():
        open_card = profile.aki_cards.filter(status=AkiCard.Status.REQUESTED).first()
        issued = ctx.at(ctx.today - datetime.timedelta(days=90), rng)
        if open_card is None:
            open_card = AkiCard(
                jobseeker=profile,
                status=AkiCard.Status.REQUESTED,
                requested_at=issued - datetime.timedelta(days=2),
                created_at=issued - datetime.timedelta(days=2),
                updated_at=issued,
            )
            ctx.bulk(AkiCard, [open_card])
            ctx.bulk(AkiCardEvent, [AkiCardEvent(card=open_card, actor=user, from_status="", to_status="requested",
                                                 note=DEMO_NOTE, created_at=open_card.requested_at)])  # fmt: skip
        issued = max(issued, open_card.requested_at)
        open_card.number = ctx.card_numbers([issued.year], [0])[0]
        open_card.status = AkiCard.Status.ACTIVE
        open_card.issued_at = open_card.last_reported_at = issued
        open_card.expires_on = timezone.localdate(issued) + relativedelta(months=settings.AKI_CARD_VALIDITY_MONTHS)
        open_card.verified_by = ctx.petugas
        open_card.save()
        ctx.bulk(AkiCardEvent, [AkiCardEvent(card=open_card, actor=ctx.petugas, from_status="requested",
                                             to_status="active", note=DEMO_NOTE, created_at=issued)])  # fmt: skip


def _ensure_demo_company(ctx: _Context, user: User) -> None:
    rng = _rng(ctx.seed, "demo-company", 0)
    company = Company.objects.filter(nib=company_nib(0)).first()
    created = ctx.now - datetime.timedelta(days=400)
    if company is None:
        kelurahan = ctx.kelurahan_by_name.get("Guntung") or ctx.kelurahan[0]
        verified = created + datetime.timedelta(days=3)
        company = Company(
            name=DEMO_COMPANY_NAME, legal_form=Company.LegalForm.PT, nib=company_nib(0), npwp=company_npwp(0, 4),
            kbli_code="41013", kbli_category=ctx.kbli_category("41013"), ownership=Company.Ownership.PRIVATE,
            address=f"Jl. Pupuk Raya No. 8, Kel. {kelurahan.name}, Kec. {kelurahan.kecamatan.name}, Kota Bontang",
            kelurahan=kelurahan, phone="+62548123456", email=f"hrd.mitrateknik@{DEMO_DOMAIN}",
            workforce_local=118, workforce_non_local=27, workforce_disabled=2,
            workforce_reported_at=ctx.today - datetime.timedelta(days=40), status=Company.Status.VERIFIED,
            verified_at=verified, created_at=created, updated_at=verified,
        )  # fmt: skip
        ctx.bulk(Company, [company])
        ctx.bulk(CompanyEvent, [
            CompanyEvent(company=company, actor=user, from_status="", to_status="pending", note=DEMO_NOTE,
                         created_at=created),
            CompanyEvent(company=company, actor=ctx.petugas, from_status="pending", to_status="verified",
                         note=DEMO_NOTE, created_at=verified),
        ])  # fmt: skip
    elif company.status != Company.Status.VERIFIED:
        # Someone changed it while trying the portal: back to verified along the allowed transitions.
        path = {"rejected": ["pending", "verified"]}.get(company.status, ["verified"])
        for target in path:
            CompanyEvent.objects.create(company=company, actor=ctx.petugas, from_status=company.status,
                                        to_status=target, note=DEMO_NOTE)  # fmt: skip
            company.status = target
            ctx.count(CompanyEvent, 1)
        company.verified_at = ctx.now
        company.save()
    member = CompanyMember.objects.filter(user=user).first()
    if member is None:
        member = CompanyMember(user=user, company=company, created_at=created, updated_at=created)
        ctx.bulk(CompanyMember, [member])
    if member.company_id != company.pk or not member.is_company_admin:
        member.company, member.is_company_admin = company, True
        member.position = member.position or "HRD Manager"
        member.save()
    if not member.position:
        member.position = "HRD Manager"
        member.save(update_fields=["position"])

    # A few vacancies open right now; one is added again only once its namesake has closed.
    existing_titles = set(company.vacancies.published().values_list("title", flat=True))
    new = []
    for key in ("welder", "teknisi_instrumen", "admin"):
        job = JOBS[key]
        if job.title in existing_titles:
            continue
        published = ctx.at(ctx.today - datetime.timedelta(days=rng.randint(1, 5)), rng)
        new.append(
            _vacancy(ctx, rng, company, job, status="published", creator=user, published=published,
                     open_date=timezone.localdate(published), close_date=ctx.today + datetime.timedelta(days=30))
        )  # fmt: skip
    _insert_vacancies(ctx, new)
