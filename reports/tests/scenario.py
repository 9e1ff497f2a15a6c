"""A small, dated history around March 2026 whose tables are computed by hand in test_tables.py.

Dates are WITA wall-clock times; every record is written the way the services leave it (a status
and one event row per change), with the event dates set afterwards (created_at is auto_now_add).

Jobseekers (card issued → events):
    J1  M, 25 at issue, SMK, Bontang Utara:   active 10 Feb, placed 20 Mar
    J2  F, 22, S1, Bontang Selatan:          active 5 Mar, placed 25 Mar (registered and placed in March)
    J3  F, 40, SMA, Bontang Barat:            active 2 Mar, removed 28 Mar (registered and removed in March)
    J4  M, 50, SD, outside Bontang, disabled: active 15 Jan, lapsed 20 Feb, active again 10 Mar
    J5  F, 19, SMK, Bontang Barat:            active 31 Mar 23:30 (still March in WITA)
    J6  M, 33, SMK, Bontang Utara:            active 1 Apr 00:10 (April in WITA)
    J7  M, 30, SMA, Bontang Selatan:          active 1 Dec 2025, still active
    J8  M, SMA, no card (hired through an outside report), non-local
    J9  F, SMK, no card, local;  J10 M, SMK, no card, local

Vacancies (openings, asked sex, education, KBJI major group, company):
    V1  3, either, SMK, 8, A: published 15 Feb; hires verified 25 Feb (J10), 10 Mar (J1), 20 Mar (J2);
        filled 22 Mar — filled across two months
    V2  2, men, S1, 2, A: published 3 Mar; hire verified 15 Mar (J8, AKAD); closed 30 Mar
    V3  5, women, SMA, 5, B: published 12 Mar; extension review 20 Mar, published again 21 Mar
    V4  1, either, SMK, 8, B: published 2 Apr
Company A's hires verified in March: J1, J2, J8 and J9 (outside-portal, no vacancy, 18 Mar):
3 of 4 local.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup, KbliCategory, Kelurahan
from employers.models import Vacancy, VacancyEvent
from employers.tests.factories import CompanyFactory, VacancyFactory
from jobseekers.card_statistics import aki_card_holders_snapshot
from jobseekers.models import AkiCard, AkiCardEvent, EducationEntry
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Placement, PlacementEvent

WITA = datetime.timezone(datetime.timedelta(hours=8))

KELURAHAN = {
    "utara": "64.74.01.1002",
    "selatan": "64.74.02.1001",
    "barat": "64.74.03.1001",
}


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WITA)


def _dated(event, moment: datetime.datetime):
    type(event).objects.filter(pk=event.pk).update(created_at=moment)
    return event


def person(*, sex: str, age: int, issued: datetime.datetime | None, education: str, where: str | None, **extra):
    """A jobseeker `age` years old on the date their card is (or would be) issued."""
    reference_day = (issued or at(3, 1)).date()
    birth_date = reference_day.replace(year=reference_day.year - age) - datetime.timedelta(days=30)
    fields = {"kelurahan": Kelurahan.objects.get(code=KELURAHAN[where])} if where else {"outside": True}
    profile = JobseekerProfileFactory(sex=sex, birth_date=birth_date, **fields, **extra)
    EducationEntry.objects.create(
        jobseeker=profile, level=EducationLevel.objects.get(code=education), institution="Sekolah"
    )
    return profile


def card(profile, changes: list[tuple[datetime.datetime, str]]) -> AkiCard:
    """A card that went requested → each (when, status) in turn; its first activation is the issue."""
    issued = next(moment for moment, status in changes if status == AkiCard.Status.ACTIVE)
    final = changes[-1][1]
    aki_card = AkiCard.objects.create(
        jobseeker=profile,
        status=final,
        number=f"6474-SCN-{profile.pk:07d}",
        issued_at=issued,
        last_reported_at=issued,
        expires_on=issued.date() + datetime.timedelta(days=730),
    )
    AkiCard.objects.filter(pk=aki_card.pk).update(requested_at=issued - datetime.timedelta(days=2))
    _dated(
        AkiCardEvent.objects.create(card=aki_card, from_status="", to_status="requested"),
        issued - datetime.timedelta(days=2),
    )
    previous = "requested"
    for moment, status in changes:
        _dated(AkiCardEvent.objects.create(card=aki_card, from_status=previous, to_status=status), moment)
        previous = status
    aki_card_holders_snapshot(card_ids=[aki_card.pk])
    return aki_card


def vacancy(*, company, openings: int, sex: str, education: str, major_group: str, changes) -> Vacancy:
    final = changes[-1][1]
    published = next(moment for moment, status in changes if status == Vacancy.Status.PUBLISHED)
    item = VacancyFactory(
        company=company,
        openings=openings,
        sex_requirement=sex,
        sex_justification="Pekerjaan fisik berat di lapangan." if sex != Vacancy.SexRequirement.ANY else "",
        min_education=EducationLevel.objects.get(code=education),
        occupation=KbjiGroup.objects.get(code=major_group),
        status=final,
        published_at=published,
    )
    previous = ""
    for moment, status in [(published - datetime.timedelta(days=1), "in_review"), *changes]:
        _dated(VacancyEvent.objects.create(vacancy=item, from_status=previous, to_status=status), moment)
        previous = status
    return item


def hire(
    *, profile, company, vacancy_item, verified: datetime.datetime, is_local: bool, kind: str = "akl"
) -> Placement:
    placement = Placement.objects.create(
        jobseeker=profile,
        company=company,
        vacancy=vacancy_item,
        position="Operator",
        occupation=KbjiGroup.objects.get(code="8"),
        employment_type=Vacancy.EmploymentType.CONTRACT,
        start_date=verified.date() - datetime.timedelta(days=3),
        placement_type=kind,
        is_local=is_local,
        reported_by=UserFactory(employer=True),
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=Placement.Status.VERIFIED,
        outside_portal=vacancy_item is None,
    )
    _dated(
        PlacementEvent.objects.create(placement=placement, from_status="", to_status="reported"),
        verified - datetime.timedelta(days=2),
    )
    _dated(PlacementEvent.objects.create(placement=placement, from_status="reported", to_status="verified"), verified)
    return placement


@dataclass
class Scenario:
    people: dict
    cards: dict
    vacancies: dict
    companies: dict


def build() -> Scenario:
    people = {
        "J1": person(sex="M", age=25, issued=at(2, 10), education="SMK", where="utara"),
        "J2": person(sex="F", age=22, issued=at(3, 5), education="S1", where="selatan"),
        "J3": person(sex="F", age=40, issued=at(3, 2), education="SMA", where="barat"),
        "J4": person(sex="M", age=50, issued=at(1, 15), education="SD", where=None, has_disability=True),
        "J5": person(sex="F", age=19, issued=at(3, 31, 23, 30), education="SMK", where="barat"),
        "J6": person(sex="M", age=33, issued=at(4, 1, 0, 10), education="SMK", where="utara"),
        "J7": person(sex="M", age=30, issued=at(12, 1, year=2025), education="SMA", where="selatan"),
        "J8": person(sex="M", age=28, issued=None, education="SMA", where=None),
        "J9": person(sex="F", age=24, issued=None, education="SMK", where="utara"),
        "J10": person(sex="M", age=23, issued=None, education="SMK", where="utara"),
    }
    cards = {
        "J1": card(people["J1"], [(at(2, 10), "active"), (at(3, 20), "placed")]),
        "J2": card(people["J2"], [(at(3, 5), "active"), (at(3, 25), "placed")]),
        "J3": card(people["J3"], [(at(3, 2), "active"), (at(3, 28), "removed")]),
        "J4": card(people["J4"], [(at(1, 15), "active"), (at(2, 20), "lapsed"), (at(3, 10), "active")]),
        "J5": card(people["J5"], [(at(3, 31, 23, 30), "active")]),
        "J6": card(people["J6"], [(at(4, 1, 0, 10), "active")]),
        "J7": card(people["J7"], [(at(12, 1, year=2025), "active")]),
    }
    companies = {
        "A": CompanyFactory(verified=True, name="PT Alpha Kimia", kbli_category=KbliCategory.objects.get(code="C")),
        "B": CompanyFactory(verified=True, name="PT Beta Niaga", kbli_category=KbliCategory.objects.get(code="G")),
    }
    vacancies = {
        "V1": vacancy(
            company=companies["A"], openings=3, sex="any", education="SMK", major_group="8",
            changes=[(at(2, 15), "published"), (at(3, 22), "filled")],
        ),
        "V2": vacancy(
            company=companies["A"], openings=2, sex="M", education="S1", major_group="2",
            changes=[(at(3, 3), "published"), (at(3, 30), "closed")],
        ),
        "V3": vacancy(
            company=companies["B"], openings=5, sex="F", education="SMA", major_group="5",
            changes=[(at(3, 12), "published"), (at(3, 20), "in_review"), (at(3, 21), "published")],
        ),
        "V4": vacancy(
            company=companies["B"], openings=1, sex="any", education="SMK", major_group="8",
            changes=[(at(4, 2), "published")],
        ),
    }  # fmt: skip
    a = companies["A"]
    hire(profile=people["J10"], company=a, vacancy_item=vacancies["V1"], verified=at(2, 25), is_local=True)
    hire(profile=people["J1"], company=a, vacancy_item=vacancies["V1"], verified=at(3, 10), is_local=True)
    hire(profile=people["J2"], company=a, vacancy_item=vacancies["V1"], verified=at(3, 20), is_local=True)
    hire(profile=people["J8"], company=a, vacancy_item=vacancies["V2"], verified=at(3, 15), is_local=False, kind="akad")
    hire(profile=people["J9"], company=a, vacancy_item=None, verified=at(3, 18), is_local=True)
    return Scenario(people=people, cards=cards, vacancies=vacancies, companies=companies)
