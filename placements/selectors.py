"""Reads across placements, cards and referrals that views, the admin and the API share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bontang_aker.reference.models import EducationLevel
from employers.models import Company, Vacancy
from jobseekers.models import AkiCard, JobseekerProfile
from placements.models import Application, JobseekerHireReport, Placement, Referral

# Companies a jobseeker can name as their employer: verified (a suspended company still employs people).
REGISTERED_COMPANY_STATUSES = (Company.Status.VERIFIED, Company.Status.SUSPENDED)


@dataclass(frozen=True)
class PlacementReview:
    """What staff check before verifying a hire report."""

    placement: Placement
    # Still reported, so the checks below decide whether to verify it.
    awaiting_review: bool
    # The jobseeker's active card, otherwise their latest one; None when they never requested one.
    card: AkiCard | None
    card_is_active: bool
    # Recorded when the hire was reported: KTP domicile in Bontang, and AKL/AKAD/AKAN.
    is_local: bool
    placement_type_label: str
    referral: Referral | None
    # The same hire reported by the other side (employer or jobseeker): same person and company.
    counterpart_reports: list[Placement]
    # The person's other reported or verified hires, elsewhere or earlier.
    other_placements: list[Placement]
    # The jobseeker's own report of this hire (placements.hire_reports), shown beside the employer's.
    jobseeker_report: JobseekerHireReport | None = None


def placement_review(*, placement: Placement) -> PlacementReview:
    """The checks of one hire report, in five small queries."""
    cards = list(AkiCard.objects.filter(jobseeker_id=placement.jobseeker_id))
    card = next((card for card in cards if card.status == AkiCard.Status.ACTIVE), cards[0] if cards else None)
    referral = None
    if placement.referral_id is not None:
        referral = (
            Referral.objects.select_related("application__vacancy__company").filter(pk=placement.referral_id).first()
        )
    same_person = Placement.objects.filter(jobseeker_id=placement.jobseeker_id).exclude(pk=placement.pk)
    counterpart_reports = list(
        same_person.filter(company_id=placement.company_id)
        .exclude(reported_by_role=placement.reported_by_role)
        .select_related("company")
        .order_by("-start_date", "-pk")
    )
    counterpart_ids = {report.pk for report in counterpart_reports}
    other_placements = [
        other
        for other in same_person.filter(status__in=[Placement.Status.REPORTED, Placement.Status.VERIFIED])
        .select_related("company")
        .order_by("-start_date", "-pk")
        if other.pk not in counterpart_ids
    ]
    return PlacementReview(
        placement=placement,
        awaiting_review=placement.status == Placement.Status.REPORTED,
        card=card,
        card_is_active=card is not None and card.status == AkiCard.Status.ACTIVE,
        is_local=placement.is_local,
        placement_type_label=placement.get_placement_type_display(),
        referral=referral,
        counterpart_reports=counterpart_reports,
        other_placements=other_placements,
        jobseeker_report=JobseekerHireReport.objects.filter(placement_id=placement.pk).first(),
    )


# The jobseeker's side of the single channel: who may apply, their applications, the timeline ---------------


@dataclass(frozen=True)
class ApplyBlocker:
    """One reason a jobseeker cannot apply to a vacancy (yet).

    `code` says which ("not_open", "closed", "aki_card", "applied", "education", "age", "sex"),
    `field` is the key of the service's ValidationError and `message` is shown as is.
    """

    code: str
    field: str
    message: str


def age_on(birth_date: datetime.date, today: datetime.date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def application_requirements_unmet(*, jobseeker: JobseekerProfile, vacancy: Vacancy, today=None) -> list[ApplyBlocker]:
    """The vacancy's strict requirements the jobseeker does not meet: minimum education, age and sex.

    Education compares ranks with the highest education entry; age is counted on `today` (WITA).
    """
    today = today or timezone.localdate()
    unmet = []
    required = vacancy.min_education
    lowest_rank = EducationLevel.objects.order_by("rank").values_list("rank", flat=True).first()
    highest = jobseeker.highest_education
    if required.rank > (lowest_rank or 0) and (highest is None or highest.level.rank < required.rank):
        if highest is None:
            message = _("This vacancy requires at least %(level)s; add your education to your profile.") % {
                "level": required.name
            }
        else:
            message = _("This vacancy requires at least %(level)s; your highest education is %(yours)s.") % {
                "level": required.name,
                "yours": highest.level.name,
            }
        unmet.append(ApplyBlocker("education", "vacancy", message))
    age = age_on(jobseeker.birth_date, today)
    if vacancy.age_min and age < vacancy.age_min:
        unmet.append(
            ApplyBlocker(
                "age",
                "vacancy",
                _("This vacancy requires a minimum age of %(min)d; you are %(age)d.")
                % {"min": vacancy.age_min, "age": age},
            )
        )
    if vacancy.age_max and age > vacancy.age_max:
        unmet.append(
            ApplyBlocker(
                "age",
                "vacancy",
                _("This vacancy has a maximum age of %(max)d; you are %(age)d.") % {"max": vacancy.age_max, "age": age},
            )
        )
    if vacancy.sex_requirement != Vacancy.SexRequirement.ANY and vacancy.sex_requirement != jobseeker.sex:
        message = (
            _("This vacancy is open to men only.")
            if vacancy.sex_requirement == Vacancy.SexRequirement.MALE
            else _("This vacancy is open to women only.")
        )
        unmet.append(ApplyBlocker("sex", "vacancy", message))
    return unmet


def application_blockers(*, jobseeker: JobseekerProfile, vacancy: Vacancy, today=None) -> list[ApplyBlocker]:
    """Everything that stops this jobseeker applying to this vacancy; empty when they may apply."""
    today = today or timezone.localdate()
    if Application.objects.filter(jobseeker=jobseeker, vacancy=vacancy).exists():
        return [ApplyBlocker("applied", "vacancy", _("You have already applied to this vacancy."))]
    if vacancy.status != Vacancy.Status.PUBLISHED:
        return [ApplyBlocker("not_open", "vacancy", _("This vacancy is not open for applications."))]
    if vacancy.close_date < today:
        return [
            ApplyBlocker(
                "closed",
                "vacancy",
                _("Applications for this vacancy closed on %(date)s.")
                % {"date": date_format(vacancy.close_date, "j F Y")},
            )
        ]
    blockers = []
    if not jobseeker.aki_cards.active().exists():
        blockers.append(
            ApplyBlocker(
                "aki_card",
                "aki_card",
                _("You need an active AK/I card to apply. Complete your profile and request the card first."),
            )
        )
    return blockers + application_requirements_unmet(jobseeker=jobseeker, vacancy=vacancy, today=today)


def can_withdraw_application(application: Application) -> bool:
    """Only while Disnaker has not referred it: after that the employer's selection decides."""
    return application.status == Application.Status.SUBMITTED


def application_list_for(*, jobseeker: JobseekerProfile) -> QuerySet[Application]:
    """The jobseeker's own applications, newest first."""
    return (
        Application.objects.filter(jobseeker=jobseeker)
        .select_related("vacancy__company", "referral")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    status: str
    label: str
    note: str = ""
    letter_number: str = ""


_APPLICATION_STEP_LABELS = {
    Application.Status.SUBMITTED: gettext_lazy("Application submitted"),
    Application.Status.REFERRED: gettext_lazy("Referred to the employer by Disnaker"),
    Application.Status.NOT_REFERRED: gettext_lazy("Not referred by Disnaker"),
    Application.Status.WITHDRAWN: gettext_lazy("Application withdrawn"),
    Application.Status.HIRED: gettext_lazy("Hired"),
    Application.Status.NOT_HIRED: gettext_lazy("Not hired"),
}
_SELECTION_STEP_LABELS = {
    Referral.Status.IN_SELECTION: gettext_lazy("Selection in progress"),
    Referral.Status.ACCEPTED: gettext_lazy("Selection result: passed"),
    Referral.Status.NOT_ACCEPTED: gettext_lazy("Selection result: not passed"),
    Referral.Status.NO_SHOW: gettext_lazy("Selection result: did not attend"),
}
# Notes the jobseeker sees: Disnaker's reason for not referring, and their own reason for withdrawing.
# The employer's selection notes stay internal.
_PUBLIC_NOTE_STATUSES = {Application.Status.NOT_REFERRED, Application.Status.WITHDRAWN}


@dataclass(frozen=True)
class ShownStatus:
    """The status the jobseeker sees: `key` for the CSS class (`status--<key>`), `label` to read."""

    key: str
    label: str


def awaiting_verification(application: Application) -> bool:
    """The employer accepted the candidate; the application is hired once Disnaker verifies the hire report."""
    if application.status != Application.Status.REFERRED:
        return False
    referral = getattr(application, "referral", None)
    return referral is not None and referral.status == Referral.Status.ACCEPTED


def application_shown_status(application: Application) -> ShownStatus:
    """The application's status, with the step between the employer's "accepted" and Disnaker's check."""
    if awaiting_verification(application):
        return ShownStatus("accepted", _("Accepted by the employer, awaiting Disnaker's check"))
    return ShownStatus(application.status, application.get_status_display())


def application_timeline(application: Application) -> list[TimelineEntry]:
    """The application's story from its event rows and its referral's: oldest first.

    While the employer's "accepted" waits for Disnaker's check of the hire report, that step says so.
    """
    referral = getattr(application, "referral", None) if application.status != Application.Status.SUBMITTED else None
    entries = [
        TimelineEntry(
            at=event.created_at,
            status=event.to_status,
            label=str(_APPLICATION_STEP_LABELS.get(event.to_status, event.to_status)),
            note=event.note if event.to_status in _PUBLIC_NOTE_STATUSES else "",
            letter_number=referral.letter_number if referral and event.to_status == Application.Status.REFERRED else "",
        )
        for event in application.events.all()
    ]
    if referral is not None:
        awaiting = awaiting_verification(application)
        entries += [
            TimelineEntry(
                at=event.created_at,
                status=event.to_status,
                label=application_shown_status(application).label
                if awaiting and event.to_status == Referral.Status.ACCEPTED
                else str(_SELECTION_STEP_LABELS[event.to_status]),
            )
            for event in referral.events.all()
            if event.to_status in _SELECTION_STEP_LABELS and event.from_status != event.to_status
        ]
    return sorted(entries, key=lambda entry: entry.at)


# The jobseeker's own hire reports (placements.hire_reports) ----------------------------------------------------


def hire_report_list_for(*, jobseeker: JobseekerProfile) -> QuerySet[JobseekerHireReport]:
    """The jobseeker's own hire reports, newest first."""
    return (
        JobseekerHireReport.objects.filter(jobseeker=jobseeker)
        .select_related("company", "placement")
        .order_by("-reported_at", "-pk")
    )


def registered_company_search(*, query: str, limit: int = 8) -> list[Company]:
    """Registered companies whose name holds every word of `query`: the exact name first, then by name."""
    words = query.split()[:6]
    if not words:
        return []
    companies = Company.objects.filter(status__in=REGISTERED_COMPANY_STATUSES)
    for word in words:
        companies = companies.filter(name__icontains=word[:50])
    wanted = " ".join(words).casefold()
    found = list(companies.only("pk", "name").order_by("name", "pk")[: limit * 3])
    found.sort(key=lambda company: (" ".join(company.name.split()).casefold() != wanted, company.name.casefold()))
    return found[:limit]


def jobseeker_placement_data(*, profile: JobseekerProfile) -> dict:
    """This person's applications (with their referral and history) and hire reports, for their data download.

    The employer's selection notes and Disnaker's review notes are left out: they are written for
    Disnaker and not shown to the candidate (employers.forms.ReferralResultForm).
    """
    applications = (
        Application.objects.filter(jobseeker=profile)
        .select_related("vacancy__company")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    referrals = {
        referral.application_id: referral for referral in Referral.objects.filter(application__jobseeker=profile)
    }
    return {
        "applications": [
            {
                "id": application.pk,
                "vacancy": application.vacancy.title,
                "company": application.vacancy.company.name,
                "status": application.status,
                "motivation": application.motivation,
                "created_at": application.created_at,
                "events": [
                    {"at": event.created_at, "from_status": event.from_status, "to_status": event.to_status}
                    for event in sorted(application.events.all(), key=lambda event: (event.created_at, event.pk))
                ],
                "referral": (
                    {
                        "letter_number": referral.letter_number,
                        "status": referral.status,
                        "stage": referral.stage,
                        "reason_category": referral.reason_category,
                        "start_date": referral.start_date,
                        "created_at": referral.created_at,
                    }
                    if (referral := referrals.get(application.pk))
                    else None
                ),
            }
            for application in applications
        ],
        "placements": [
            {
                "company": placement.company.name,
                "position": placement.position,
                "occupation": placement.occupation.code,
                "employment_type": placement.employment_type,
                "start_date": placement.start_date,
                "placement_type": placement.placement_type,
                "is_local": placement.is_local,
                "wage": placement.wage,
                "status": placement.status,
                "reported_by_role": placement.reported_by_role,
                "created_at": placement.created_at,
            }
            for placement in Placement.objects.filter(jobseeker=profile)
            .select_related("company", "occupation")
            .order_by("start_date", "pk")
        ],
    }


def referrals_with_overdue_hire_report(*, today: datetime.date | None = None) -> QuerySet[Referral]:
    """Accepted candidates whose hire the company has not reported within PLACEMENT_REPORT_DEADLINE_DAYS.

    Counted from the start date recorded with the result, else from the day the candidate was marked
    accepted, else from the referral's last change. Annotated `overdue_since` (that date); the staff
    queue and the compliance monitoring (portal.compliance_monitoring) use the same rule.
    """
    from django.conf import settings
    from django.db.models import DateField, OuterRef, Subquery
    from django.db.models.functions import Coalesce, TruncDate

    from placements.models import ReferralEvent

    today = today or timezone.localdate()
    accepted_at = (
        ReferralEvent.objects.filter(referral=OuterRef("pk"), to_status=Referral.Status.ACCEPTED)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    last_day_to_report = today - datetime.timedelta(days=settings.PLACEMENT_REPORT_DEADLINE_DAYS)
    return (
        Referral.objects.filter(status=Referral.Status.ACCEPTED, placement__isnull=True)
        .annotate(
            overdue_since=Coalesce(
                "start_date",
                TruncDate(Subquery(accepted_at), tzinfo=timezone.get_current_timezone()),
                TruncDate("updated_at", tzinfo=timezone.get_current_timezone()),
                output_field=DateField(),
            )
        )
        .filter(overdue_since__lt=last_day_to_report)
    )
