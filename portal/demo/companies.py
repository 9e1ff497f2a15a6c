"""Generated companies: company n has an NIB derived from n and an administrator `perusahaan{n}@demo.local`."""

from __future__ import annotations

import datetime
import re

from django.db import transaction

from bontang_aker.accounts.models import User
from employers.models import Company, CompanyEvent, CompanyMember
from portal.demo.catalog import (
    BONTANG_STREETS,
    COMPANY_STATUS_MIX,
    GENERIC_WORDS,
    OUTSIDE_COMPANY_ADDRESSES,
    PLANT_KBLI,
    SECTORS,
)
from portal.demo.context import (
    DEMO_DOMAIN,
    DEMO_NOTE,
    _chunks,
    _Context,
    _rng,
    _weighted,
    company_nib,
    company_npwp,
    employer_email,
)


def seed_companies(ctx: _Context, target: int) -> None:
    wanted = {i: company_nib(i) for i in range(1, target + 1)}
    existing = set(Company.objects.filter(nib__in=list(wanted.values())).values_list("nib", flat=True))
    missing = [i for i, nib in wanted.items() if nib not in existing]
    ctx.log(f"companies: {target - len(missing)} exist, creating {len(missing)}")
    subcontractor_picks: dict[str, float] = {}
    for chunk in _chunks(missing, ctx.batch_size):
        with transaction.atomic():
            emails = [employer_email(i) for i in chunk]
            known = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
            users, companies, events, members = [], [], [], []
            for i in chunk:
                company, admin, company_events, pick = _company(ctx, i)
                companies.append(company)
                events.extend(company_events)
                if pick is not None:
                    subcontractor_picks[company.nib] = pick
                if admin.email in known:
                    admin.pk = known[admin.email]
                else:
                    users.append(admin)
                members.append(CompanyMember(user=admin, company=company, is_company_admin=True,
                                             position=_rng(ctx.seed, "member", i).choice(
                                                 ["HRD Manager", "Staf HRD", "HR Superintendent", "Direktur"]),
                                             created_at=company.created_at, updated_at=company.created_at))  # fmt: skip
            ctx.bulk(User, users)
            ctx.bulk(Company, companies)
            for event in events:
                event.company_id = event.company.pk
            ctx.bulk(CompanyEvent, events)
            with_member = set(
                CompanyMember.objects.filter(user_id__in=[m.user.pk for m in members]).values_list("user_id", flat=True)
            )
            ctx.bulk(CompanyMember, [m for m in members if m.user.pk not in with_member])
    if subcontractor_picks:
        _link_subcontractors(ctx, subcontractor_picks)


def _company(ctx: _Context, index: int):
    rng = _rng(ctx.seed, "company", index)
    sector = rng.choices(SECTORS, weights=[s.weight for s in SECTORS])[0]
    ownership = rng.choices([o for o, _ in sector.ownership], weights=[w for _, w in sector.ownership])[0]
    name = ctx.company_name(rng, sector)
    legal_form = Company.LegalForm.PT
    if name.startswith("CV "):
        legal_form = Company.LegalForm.CV
    elif name.startswith("Koperasi"):
        legal_form = Company.LegalForm.KOPERASI
    elif name.startswith(("Perumda", "Klinik")):
        legal_form = Company.LegalForm.OTHER
    if ownership == "bumn" and name.startswith("PT "):
        name, legal_form = f"{name} (Persero)", Company.LegalForm.PERSERO
    elif ownership == "bumd" and name.startswith("PT "):
        name = f"{name} (Perseroda)"
    elif ownership == "government":
        name, legal_form = f"UPT Puskesmas {rng.choice(GENERIC_WORDS)}", Company.LegalForm.INSTANSI
    kbli_code = rng.choice(sector.kbli)

    if rng.random() < sector.outside:
        address, _site = rng.choice(OUTSIDE_COMPANY_ADDRESSES)
        kelurahan = None
    else:
        names = [n for n in sector.kelurahan if n in ctx.kelurahan_by_name]
        kelurahan = ctx.kelurahan_by_name[rng.choice(names)] if names else ctx.pick_kelurahan(rng)
        address = (
            f"{rng.choice(BONTANG_STREETS)} No. {rng.randint(1, 200)}, Kel. {kelurahan.name}, "
            f"Kec. {kelurahan.kecamatan.name}, Kota Bontang, Kalimantan Timur"
        )
    low, high = sector.workforce
    total = int(low * (high / low) ** rng.random())  # log-uniform: many small, few large
    local_share = min(0.97, max(0.45, rng.gauss(0.80, 0.09)))
    local = round(total * local_share)
    disabled = min(total, int(total * rng.choice([0, 0, 0.005, 0.01, 0.01, 0.015, 0.02, 0.025])))
    slug = re.sub(r"[^a-z0-9]+", "", name.lower().replace("(persero)", "").replace("(perseroda)", ""))[:24]

    status = _weighted(rng, COMPANY_STATUS_MIX)
    created = ctx.at(ctx.today - datetime.timedelta(days=rng.randint(30, 900)), rng)
    admin = User(
        email=employer_email(index),
        full_name=ctx.person_name(rng, rng.choice("MF")),
        role=User.Role.EMPLOYER,
        password=ctx.password_hash,
        date_joined=created,
        email_verified_at=created,
    )
    company = Company(
        name=name[:200], legal_form=legal_form, nib=company_nib(index), npwp=company_npwp(index, rng.randint(0, 9)),
        kbli_code=kbli_code, kbli_category=ctx.kbli_category(kbli_code), ownership=ownership, address=address,
        kelurahan=kelurahan, phone=f"+62548{rng.randint(20000, 99999)}" if kelurahan else ctx.phone_mobile(rng),
        email=f"hrd.{slug}{index}@{DEMO_DOMAIN}", workforce_local=local, workforce_non_local=total - local,
        workforce_disabled=disabled, workforce_reported_at=ctx.today - datetime.timedelta(days=rng.randint(10, 330)),
        status=status, created_at=created, updated_at=created,
    )  # fmt: skip
    events = [CompanyEvent(company=company, actor=admin, from_status="", to_status="pending", note=DEMO_NOTE,
                           created_at=created)]  # fmt: skip
    if status in ("verified", "suspended"):
        verified = min(created + datetime.timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 6)), ctx.now)
        company.verified_at = company.updated_at = verified
        events.append(CompanyEvent(company=company, actor=ctx.petugas, from_status="pending", to_status="verified",
                                   note=DEMO_NOTE, created_at=verified))  # fmt: skip
        if status == "suspended":
            suspended = min(verified + datetime.timedelta(days=rng.randint(20, 300)), ctx.now)
            company.updated_at = suspended
            events.append(CompanyEvent(company=company, actor=ctx.kabid, from_status="verified",
                                       to_status="suspended", note=DEMO_NOTE, created_at=suspended))  # fmt: skip
    elif status == "rejected":
        rejected = min(created + datetime.timedelta(days=rng.randint(2, 12)), ctx.now)
        company.updated_at = rejected
        events.append(CompanyEvent(company=company, actor=ctx.petugas, from_status="pending", to_status="rejected",
                                   note=DEMO_NOTE, created_at=rejected))  # fmt: skip
    pick = rng.random() if rng.random() < sector.subcontractor else None
    return company, admin, events, pick


def _generated_companies():
    """Companies created by the generator: their administrator is `perusahaan{n}@demo.local`."""
    return Company.objects.filter(
        members__user__email__regex=rf"^perusahaan[0-9]+@{re.escape(DEMO_DOMAIN)}$"
    ).distinct()


def _link_subcontractors(ctx: _Context, picks: dict[str, float]) -> None:
    """Contractors and service firms work for one of the plants (main contractor)."""
    plants = list(
        _generated_companies()
        .filter(kbli_code__in=PLANT_KBLI, status=Company.Status.VERIFIED)
        .order_by("nib")
        .values_list("pk", flat=True)
    )
    if not plants:
        return
    subs = list(Company.objects.filter(nib__in=list(picks)))
    for company in subs:
        company.main_contractor_id = plants[int(picks[company.nib] * len(plants))]
    Company.objects.bulk_update(subs, ["main_contractor"], batch_size=ctx.batch_size)
