"""Every write with business meaning on companies and vacancies.

Views, API, admin actions and tasks call these; nothing else assigns `status`.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.accounts.services import email_verification_request
from bontang_aker.core.masking import mask_email
from bontang_aker.core.validators import digits_only, normalize_phone
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.services import notices_send
from bontang_aker.reference.models import KbliCategory
from employers.models import Company, CompanyMember, Vacancy, VacancyRevision
from employers.public_cache import public_vacancies_changed
from employers.search import vacancy_search_refresh

__all__ = [
    "CompanyNotVerifiedError",
    "DuplicateVacancyWarning",
    "RecentlyClosedVacancyError",
    "TransitionError",
    "VacancyLockedError",
]


class CompanyNotVerifiedError(ValidationError):
    """Only a company Disnaker has verified may send vacancy reports for review (the API answers 403)."""


class DuplicateVacancyWarning(ValidationError):
    """The company has a similar vacancy open at the same time: sent only once the employer confirms."""

    def __init__(self, duplicate: Vacancy):
        self.duplicate = duplicate
        super().__init__(
            _("Your company already has a similar vacancy open at the same time: “%(title)s”.")
            % {"title": duplicate.title}
        )


class RecentlyClosedVacancyError(ValidationError):
    """The same vacancy closed recently: it is reopened instead of being posted again."""

    def __init__(self, previous: Vacancy):
        self.previous = previous
        super().__init__(
            _("The same vacancy “%(title)s” closed less than %(days)s days ago. Reopen it instead of posting it again.")
            % {"title": previous.title, "days": settings.VACANCY_REPOST_COOLDOWN_DAYS}
        )


class VacancyLockedError(TransitionError):
    """The vacancy report can no longer be edited in its status (the API answers 409, like any TransitionError)."""

    def __init__(self, vacancy: Vacancy):
        super().__init__(vacancy, "edit")


def nib_registered_error(existing: Company) -> ValidationError:
    """A second registration of a NIB: say whom to ask instead of a bare "already registered".

    Names the company and its first administrator's address, masked. NIBs are public (OSS), and
    sign-ups are rate-limited per address (core.rate_limits.SIGNUP), so this tells little more.
    """
    admin = (
        CompanyMember.objects.filter(company=existing, is_company_admin=True)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    if admin is None:
        message = _("%(company)s is already registered with this NIB. Contact Disnaker to be added to its account.") % {
            "company": existing.name
        }
    else:
        message = _(
            "%(company)s is already registered with this NIB. Ask its administrator (%(email)s) to invite you, "
            "or contact Disnaker."
        ) % {"company": existing.name, "email": mask_email(admin.user.email)}
    return ValidationError({"nib": ValidationError(message, code="nib_registered")})


@transaction.atomic
def company_register(*, user: User, **fields) -> Company:
    """Register a company with `user` as its first administrator; it awaits Disnaker verification."""
    company = Company(**fields)
    company.nib = digits_only(company.nib)
    company.npwp = digits_only(company.npwp)
    company.kbli_code = digits_only(company.kbli_code)  # ASCII digits: "４６１００" is 46100
    with contextlib.suppress(ValidationError):  # an invalid number is reported on its field by full_clean
        company.phone = normalize_phone(company.phone)
    if re.fullmatch(r"[0-9]{5}", company.kbli_code):  # str.isdigit() would accept any script's digits
        category = KbliCategory.for_kbli_code(company.kbli_code)
        if category is None:
            raise ValidationError({"kbli_code": _("This KBLI code is not in any KBLI 2020 category.")})
        company.kbli_category = category
    company.status = Company.Status.PENDING
    existing = Company.objects.filter(nib=company.nib).first()
    if existing is not None:
        raise nib_registered_error(existing)
    company.full_clean(exclude=["kbli_category"])  # derived above once the code itself is valid
    try:
        with transaction.atomic():  # another registration of the same NIB may have won the race
            company.save()
    except IntegrityError:
        existing = Company.objects.filter(nib=company.nib).first()
        if existing is not None:
            raise nib_registered_error(existing) from None
        raise ValidationError({"nib": _("A company with this NIB is already registered.")}) from None
    company.events.create(actor=user, from_status="", to_status=company.status, note=_("Registered"))
    if user.role != User.Role.EMPLOYER:
        user.role = User.Role.EMPLOYER
        user.save(update_fields=["role"])
    CompanyMember.objects.create(user=user, company=company, is_company_admin=True)
    return company


@transaction.atomic
def employer_register(
    *, account_email: str, password: str, full_name: str, position: str = "", **company_fields
) -> Company:
    """Sign up a new employer account together with its company (which then awaits verification)."""
    email = User.objects.normalize_email(account_email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"account_email": _("An account with this email address already exists.")})
    try:
        with transaction.atomic():  # a race with another sign-up of the same email ends here, not in a 500
            user = User.objects.create_user(
                email=email, password=password, full_name=full_name, role=User.Role.EMPLOYER
            )
    except IntegrityError:
        raise ValidationError({"account_email": _("An account with this email address already exists.")}) from None
    # The person signing up is the company's contact person until an admin names someone else.
    company_fields.setdefault("contact_name", full_name)
    company_fields.setdefault("contact_position", position)
    company = company_register(user=user, **company_fields)
    if position:
        CompanyMember.objects.filter(user=user).update(position=position)
    email_verification_request(user=user)
    return company


@transaction.atomic
def company_verify(*, company_id: int, by: User, note: str = "") -> Company:
    company = Company.objects.select_for_update().get(pk=company_id)
    company.verified_at = timezone.now()
    transition(company, Company.Status.VERIFIED, actor=by, note=note, update_fields=("verified_at",))
    return company


@transaction.atomic
def company_reject(*, company_id: int, by: User, reason: str) -> Company:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the company will see it.")})
    company = Company.objects.select_for_update().get(pk=company_id)
    transition(company, Company.Status.REJECTED, actor=by, note=reason)
    return company


@transaction.atomic
def company_suspend(*, company_id: int, by: User, reason: str) -> Company:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the suspension.")})
    company = Company.objects.select_for_update().get(pk=company_id)
    transition(company, Company.Status.SUSPENDED, actor=by, note=reason)
    return company


@transaction.atomic
def vacancy_create(*, company: Company, by: User, skills=(), **fields) -> Vacancy:
    """Create a draft vacancy report for `company`."""
    vacancy = Vacancy(company=company, created_by=by, status=Vacancy.Status.DRAFT, **fields)
    vacancy.full_clean()
    vacancy.save()
    vacancy.skills.set(skills)
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    vacancy.events.create(actor=by, from_status="", to_status=vacancy.status, note=_("Created"))
    return vacancy


# Words that say nothing about the job itself ("Dibutuhkan segera: Operator" is "operator").
TITLE_FILLER_WORDS = frozenset(
    {
        "dibutuhkan",
        "butuh",
        "lowongan",
        "loker",
        "kerja",
        "pekerjaan",
        "segera",
        "dicari",
        "mencari",
        "membutuhkan",
        "menerima",
        "urgent",
        "dan",
        "untuk",
        "di",
        "sebagai",
        "posisi",
        "bagian",
    }
)
TITLE_SIMILARITY_MIN = 0.8
_PUNCTUATION = str.maketrans({char: " " for char in string.punctuation + "–—“”‘’"})


def title_words(title: str) -> frozenset[str]:
    """The normalised words of a job title: lower case, no punctuation, no filler words."""
    return frozenset(title.casefold().translate(_PUNCTUATION).split()) - TITLE_FILLER_WORDS


def titles_similar(first: str, second: str) -> bool:
    """The same word set, or a Jaccard index of at least 0.8."""
    a, b = title_words(first), title_words(second)
    if not a or not b:  # a title of filler words only: compared as written
        return not a and not b and first.casefold().strip() == second.casefold().strip()
    return a == b or len(a & b) / len(a | b) >= TITLE_SIMILARITY_MIN


def vacancy_recently_closed(*, vacancy: Vacancy) -> Vacancy | None:
    """A vacancy of the same company with the same title that closed within the cooldown, or None."""
    since = timezone.now() - datetime.timedelta(days=settings.VACANCY_REPOST_COOLDOWN_DAYS)
    words = title_words(vacancy.title)
    candidates = (
        Vacancy.objects.filter(company_id=vacancy.company_id, status=Vacancy.Status.CLOSED, closed_at__gt=since)
        .exclude(pk=vacancy.pk)
        .order_by("-closed_at")
    )
    return next((other for other in candidates if title_words(other.title) == words), None)


def vacancy_similar_open(*, vacancy: Vacancy) -> Vacancy | None:
    """A vacancy of the same company in review or published, similar title, overlapping open period."""
    candidates = (
        Vacancy.objects.filter(
            company_id=vacancy.company_id,
            status__in=[Vacancy.Status.IN_REVIEW, Vacancy.Status.PUBLISHED],
            open_date__lte=vacancy.close_date,
            close_date__gte=vacancy.open_date,
        )
        .exclude(pk=vacancy.pk)
        .order_by("-created_at")
    )
    return next((other for other in candidates if titles_similar(other.title, vacancy.title)), None)


# A report is sent (again) from these; the other ways into review are an extension and a reopening.
VACANCY_SUBMITTABLE = frozenset({Vacancy.Status.DRAFT, Vacancy.Status.REJECTED})


@transaction.atomic
def vacancy_submit(*, vacancy_id: int, by: User, confirm_duplicate: bool = False) -> Vacancy:
    """Send the vacancy report to Disnaker for review; only verified companies may.

    The same vacancy closed recently is refused (`RecentlyClosedVacancyError`: reopen it); a similar one
    open at the same time is a `DuplicateVacancyWarning` until `confirm_duplicate`, then a flag for the reviewer.
    """
    vacancy = Vacancy.objects.select_for_update().select_related("company").get(pk=vacancy_id)
    if vacancy.company.status != Company.Status.VERIFIED:
        raise CompanyNotVerifiedError(
            _("Your company must be verified by Disnaker before its vacancies can be reviewed.")
        )
    if vacancy.status not in VACANCY_SUBMITTABLE:
        raise TransitionError(vacancy, Vacancy.Status.IN_REVIEW)
    vacancy.full_clean()
    if vacancy.close_date < timezone.localdate():
        raise ValidationError({"close_date": _("The closing date has passed. Change it before sending the report.")})
    previous = vacancy_recently_closed(vacancy=vacancy)
    if previous is not None:
        raise RecentlyClosedVacancyError(previous)
    duplicate = vacancy_similar_open(vacancy=vacancy)
    if duplicate is not None and not confirm_duplicate:
        raise DuplicateVacancyWarning(duplicate)
    vacancy.duplicate_of = duplicate
    vacancy.submitted_at = timezone.now()
    note = _("Similar to vacancy #%(id)s, sent after the warning") % {"id": duplicate.pk} if duplicate else ""
    transition(vacancy, Vacancy.Status.IN_REVIEW, actor=by, note=note, update_fields=("submitted_at", "duplicate_of"))
    return vacancy


def _day(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _new_close_date_check(*, new_date: datetime.date, latest: datetime.date, earliest: datetime.date) -> None:
    if new_date < earliest:
        raise ValidationError(
            {"close_date": _("The new closing date must be on or after %(date)s.") % {"date": _day(earliest)}}
        )
    if new_date > latest:
        raise ValidationError(
            {
                "close_date": _("The new closing date can be at most %(days)s days later, so %(date)s at the latest.")
                % {"days": settings.VACANCY_EXTENSION_MAX_DAYS, "date": _day(latest)}
            }
        )


@transaction.atomic
def vacancy_extend(*, vacancy_id: int, by: User, close_date: datetime.date) -> Vacancy:
    """Move the closing date of a published vacancy once, by at most VACANCY_EXTENSION_MAX_DAYS.

    The new date is a change to a published report, so the vacancy goes back to review with it
    (the event note says so) and is published again once Disnaker approves.
    """
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise TransitionError(vacancy, Vacancy.Status.IN_REVIEW)
    if vacancy.extended_at is not None:
        raise ValidationError({"close_date": _("The closing date of this vacancy has already been extended once.")})
    previous = vacancy.close_date
    _new_close_date_check(
        new_date=close_date,
        earliest=max(previous, timezone.localdate()) + datetime.timedelta(days=1),
        latest=previous + datetime.timedelta(days=settings.VACANCY_EXTENSION_MAX_DAYS),
    )
    vacancy.close_date = close_date
    vacancy.extended_at = vacancy.submitted_at = timezone.now()
    transition(
        vacancy,
        Vacancy.Status.IN_REVIEW,
        actor=by,
        note=_("Closing date extended from %(old)s to %(new)s") % {"old": previous, "new": close_date},
        update_fields=("close_date", "extended_at", "submitted_at"),
    )
    public_vacancies_changed()
    return vacancy


def vacancy_can_reopen(*, vacancy: Vacancy) -> bool:
    since = timezone.now() - datetime.timedelta(days=settings.VACANCY_REPOST_COOLDOWN_DAYS)
    return vacancy.status == Vacancy.Status.CLOSED and vacancy.closed_at is not None and vacancy.closed_at > since


@transaction.atomic
def vacancy_reopen(*, vacancy_id: int, by: User, close_date: datetime.date) -> Vacancy:
    """Send a vacancy closed less than VACANCY_REPOST_COOLDOWN_DAYS ago back to review with a new closing date."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status != Vacancy.Status.CLOSED:
        raise TransitionError(vacancy, Vacancy.Status.IN_REVIEW)
    if not vacancy_can_reopen(vacancy=vacancy):
        raise ValidationError(
            _("Only a vacancy closed less than %(days)s days ago can be reopened. Write a new report instead.")
            % {"days": settings.VACANCY_REPOST_COOLDOWN_DAYS}
        )
    today = timezone.localdate()
    _new_close_date_check(
        new_date=close_date,
        earliest=today,
        latest=today + datetime.timedelta(days=settings.VACANCY_EXTENSION_MAX_DAYS),
    )
    previous = vacancy.close_date
    vacancy.close_date = close_date
    vacancy.submitted_at = timezone.now()
    vacancy.closed_at = vacancy.still_open_asked_at = vacancy.confirmed_open_at = None
    transition(
        vacancy,
        Vacancy.Status.IN_REVIEW,
        actor=by,
        note=_("Reopened; closing date %(old)s → %(new)s") % {"old": previous, "new": close_date},
        update_fields=("close_date", "submitted_at", "closed_at", "still_open_asked_at", "confirmed_open_at"),
    )
    return vacancy


@transaction.atomic
def vacancy_confirm_open(*, vacancy_id: int, by: User) -> Vacancy:
    """The employer answers "still open?": yes. The 30 days start again from now."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise TransitionError(vacancy, Vacancy.Status.PUBLISHED)
    vacancy.confirmed_open_at = timezone.now()
    vacancy.save(update_fields=["confirmed_open_at", "updated_at"])
    vacancy.events.create(
        actor=by, from_status=vacancy.status, to_status=vacancy.status, note=_("Confirmed still open")
    )
    return vacancy


@transaction.atomic
def vacancy_publish(*, vacancy_id: int, by: User, note: str = "") -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    vacancy.published_at = timezone.now()
    transition(vacancy, Vacancy.Status.PUBLISHED, actor=by, note=note, update_fields=("published_at",))
    # The company, occupation or skills may have been renamed since the report was written.
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    public_vacancies_changed()
    notices_send(
        users=[member.user for member in vacancy.company.members.select_related("user")],
        key=f"vacancy:{vacancy.pk}:published",
        template="employers/notices/vacancy_published",
        context={"vacancy": vacancy},
        url=reverse("portal:dashboard"),
    )
    return vacancy


@transaction.atomic
def vacancy_reject(*, vacancy_id: int, by: User, reason: str) -> Vacancy:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the employer will see it.")})
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    event = transition(vacancy, Vacancy.Status.REJECTED, actor=by, note=reason)
    notices_send(  # a vacancy can be returned more than once: one notice per return
        users=[member.user for member in vacancy.company.members.select_related("user")],
        key=f"vacancy:{vacancy.pk}:rejected:{event.pk}",
        template="employers/notices/vacancy_rejected",
        context={"vacancy": vacancy, "reason": reason},
        url=reverse("portal:dashboard"),
    )
    return vacancy


@transaction.atomic
def vacancy_close(*, vacancy_id: int, by: User | None, note: str = "") -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    vacancy.closed_at = timezone.now()
    transition(vacancy, Vacancy.Status.CLOSED, actor=by, note=note, update_fields=("closed_at",))
    public_vacancies_changed()
    return vacancy


@transaction.atomic
def vacancy_mark_filled(*, vacancy_id: int, by: User, note: str = "") -> Vacancy:
    """The Perpres 57/2023 art. 6 report: the vacancy has been filled."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.closed_at is None:
        vacancy.closed_at = timezone.now()
    transition(vacancy, Vacancy.Status.FILLED, actor=by, note=note, update_fields=("closed_at",))
    public_vacancies_changed()
    notices_send(
        users=[member.user for member in vacancy.company.members.select_related("user")],
        key=f"vacancy:{vacancy.pk}:filled",
        template="employers/notices/vacancy_filled",
        context={"vacancy": vacancy},
        url=reverse("portal:dashboard"),
        exclude=by,
    )
    return vacancy


def vacancies_close_expired() -> int:
    """Close published vacancies whose closing date has passed; returns how many were closed."""
    closed = 0
    for vacancy_id in Vacancy.objects.past_close_date().values_list("pk", flat=True):
        try:
            vacancy_close(vacancy_id=vacancy_id, by=None, note=_("Closing date passed"))
        except TransitionError:
            continue  # changed by someone else since the query; nothing to do
        closed += 1
    return closed


def _company_users(vacancy: Vacancy) -> list[User]:
    return [member.user for member in vacancy.company.members.select_related("user")]


def vacancy_last_activity(*, vacancy: Vacancy) -> datetime.datetime:
    """When the vacancy last showed life: published, confirmed open, or a referral decision on it."""
    from placements.models import Referral, ReferralEvent

    decided = (
        ReferralEvent.objects.filter(referral__application__vacancy=vacancy)
        .exclude(to_status=Referral.Status.REFERRED)
        .aggregate(last=models.Max("created_at"))["last"]
    )
    return max(moment for moment in (vacancy.published_at, vacancy.confirmed_open_at, decided) if moment)


@transaction.atomic
def vacancy_heartbeat_one(*, vacancy_id: int) -> str:
    """One published vacancy's daily check; returns what was done ("", "reminded", "asked", "expired", ...).

    Idempotent: the reminder's notice key holds the closing date; the question is asked once per
    quiet period (`still_open_asked_at`); closing goes through the transition, which refuses twice.
    """
    vacancy = Vacancy.objects.select_for_update().select_related("company").get(pk=vacancy_id)
    if vacancy.status != Vacancy.Status.PUBLISHED:
        return ""
    now = timezone.now()
    today = timezone.localdate()
    done = []
    last_activity = vacancy_last_activity(vacancy=vacancy)
    asked = vacancy.still_open_asked_at
    if asked is not None and asked >= last_activity:  # asked, and no answer since
        if asked <= now - datetime.timedelta(days=settings.VACANCY_STILL_OPEN_ANSWER_DAYS):
            vacancy_close(
                vacancy_id=vacancy.pk,
                by=None,
                note=_("Expired: nobody confirmed within %(days)s days that the vacancy is still open")
                % {"days": settings.VACANCY_STILL_OPEN_ANSWER_DAYS},
            )
            return "expired"
    elif last_activity <= now - datetime.timedelta(days=settings.VACANCY_STILL_OPEN_AFTER_DAYS):
        vacancy.still_open_asked_at = now
        vacancy.save(update_fields=["still_open_asked_at", "updated_at"])
        notices_send(
            users=_company_users(vacancy),
            key=f"vacancy:{vacancy.pk}:still-open:{now:%Y%m%d}",
            template="employers/notices/vacancy_still_open",
            context={"vacancy": vacancy, "days": settings.VACANCY_STILL_OPEN_ANSWER_DAYS},
            url=reverse("employers:vacancy_detail", args=[vacancy.pk]),
        )
        done.append("asked")
    days_left = (vacancy.close_date - today).days
    if 0 <= days_left <= settings.VACANCY_CLOSING_REMINDER_DAYS:
        notices_send(
            users=_company_users(vacancy),
            key=f"vacancy:{vacancy.pk}:closing-soon:{vacancy.close_date:%Y%m%d}",
            template="employers/notices/vacancy_closing_soon",
            context={"vacancy": vacancy, "can_extend": vacancy.extended_at is None},
            url=reverse("employers:vacancy_detail", args=[vacancy.pk]),
        )
        done.append("reminded")
    return ",".join(done)


def vacancies_heartbeat() -> dict[str, int]:
    """Daily: closing reminders, "still open?" questions, and closing the unanswered ones."""
    counts: dict[str, int] = {}
    for vacancy_id in Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED).values_list("pk", flat=True):
        for what in filter(None, vacancy_heartbeat_one(vacancy_id=vacancy_id).split(",")):
            counts[what] = counts.get(what, 0) + 1
    return counts


# Fields the employer writes in a vacancy report; the rest are set by the workflow.
VACANCY_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "occupation",
        "employment_type",
        "description",
        "openings",
        "openings_male",
        "openings_female",
        "open_date",
        "close_date",
        "age_min",
        "age_max",
        "sex_requirement",
        "sex_justification",
        "min_education",
        "majors",
        "competencies",
        "experience_years_min",
        "wage_min",
        "wage_max",
        "wage_period",
        "work_kelurahan",
        "work_location",
        "other_information",
    }
)


@transaction.atomic
def vacancy_update(*, vacancy_id: int, by: User, skills=None, **fields) -> Vacancy:
    """Change a draft or a returned (rejected) report; a returned one stays returned until it is sent again.

    Only the given fields change (`skills=None` keeps the skills), so each step of the form saves its own part.
    """
    unknown = set(fields) - VACANCY_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status not in {Vacancy.Status.DRAFT, Vacancy.Status.REJECTED}:
        raise VacancyLockedError(vacancy)
    for name, value in fields.items():
        setattr(vacancy, name, value)
    vacancy.full_clean()
    vacancy.save(update_fields=[*fields, "updated_at"])
    if skills is not None:
        vacancy.skills.set(skills)
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    return vacancy


def candidate_views_log(*, viewer: User, company: Company, referrals, ip_address: str | None = None) -> int:
    """Log that a company member saw these referred candidates' profiles (UU 27/2022: the person sees it).

    Pages and the API both call it for what they show: the candidate list (its page) and one referral.
    """
    from jobseekers.models import ProfileAccess
    from jobseekers.privacy import profile_access_log

    return profile_access_log(
        viewer=viewer,
        what=ProfileAccess.What.CV,
        profiles=[referral.application.jobseeker for referral in referrals],
        viewer_label=company.name,
        ip_address=ip_address,
    )


# A change to a published vacancy: these fields apply at once (free text, no requirement);
# the title too when only its case or spacing changes. Every other field is a material change
# (wage, openings, requirements, dates, place) and waits for Disnaker as a `VacancyRevision`.
VACANCY_IMMEDIATE_FIELDS = frozenset({"description", "other_information"})


def _normalized_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def _vacancy_value(vacancy: Vacancy, name: str):
    """A field's current value as JSON: ids for foreign keys and skills, ISO dates."""
    if name == "skills":
        return sorted(vacancy.skills.values_list("pk", flat=True))
    field = Vacancy._meta.get_field(name)
    value = getattr(vacancy, field.attname)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _json_value(name: str, value):
    if name == "skills":
        return sorted(skill if isinstance(skill, int) else skill.pk for skill in value)
    if hasattr(value, "pk"):
        return value.pk
    return value.isoformat() if hasattr(value, "isoformat") else value


def _apply_values(vacancy: Vacancy, data: dict) -> list[str]:
    """Set the JSON values of `data` on `vacancy` (not saved, skills aside); returns the field names."""
    names = []
    for name, value in data.items():
        if name == "skills":
            continue
        field = Vacancy._meta.get_field(name)
        setattr(vacancy, field.attname, value if field.is_relation else field.to_python(value))
        names.append(name)
    return names


@transaction.atomic
def vacancy_revise(*, vacancy_id: int, by: User, skills=None, **fields) -> VacancyRevision | None:
    """Change a published vacancy: free-text fields at once, material changes as a pending revision.

    A second change while one is pending joins it. Returns the pending revision, or None when
    nothing material changed. Invalid values are refused (ValidationError) before anything is saved.
    """
    unknown = set(fields) - VACANCY_EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy_id)
    if vacancy.status != Vacancy.Status.PUBLISHED:
        raise VacancyLockedError(vacancy)
    if skills is not None:
        fields["skills"] = skills
    pending = vacancy.revisions.filter(status=VacancyRevision.Status.PENDING).first()
    immediate, proposed = {}, {}
    for name, value in fields.items():
        new = _json_value(name, value)
        if new == _vacancy_value(vacancy, name) and not (pending and name in pending.data):
            continue  # unchanged (a field of the pending change set back to its old value is kept, as asked)
        if (pending is None or name not in pending.data) and (
            name in VACANCY_IMMEDIATE_FIELDS
            or (name == "title" and _normalized_title(value) == _normalized_title(vacancy.title))
        ):
            immediate[name] = value
        else:
            proposed[name] = new
    if pending is not None:
        proposed = {**pending.data, **proposed}
    # Check the vacancy as it would be once approved, so the employer hears of a mistake now.
    candidate = Vacancy.objects.get(pk=vacancy.pk)
    for name, value in immediate.items():
        setattr(candidate, name, value)
    _apply_values(candidate, proposed)
    candidate.full_clean(exclude=["skills"])
    if immediate:
        for name, value in immediate.items():
            setattr(vacancy, name, value)
        vacancy.save(update_fields=[*immediate, "updated_at"])
        vacancy_search_refresh(vacancy_ids=[vacancy.pk])
        public_vacancies_changed()
    if not proposed:
        return pending
    if pending is not None:
        pending.data = proposed
        pending.previous = {name: _vacancy_value(vacancy, name) for name in proposed}
        pending.save(update_fields=["data", "previous", "updated_at"])
        return pending
    number = (vacancy.revisions.aggregate(top=models.Max("number"))["top"] or 0) + 1
    revision = VacancyRevision.objects.create(
        vacancy=vacancy,
        number=number,
        data=proposed,
        previous={name: _vacancy_value(vacancy, name) for name in proposed},
        created_by=by,
    )
    revision.events.create(actor=by, from_status="", to_status=revision.status, note=_("Proposed"))
    public_vacancies_changed()  # the list shows "being updated"
    return revision


@transaction.atomic
def vacancy_revision_approve(*, revision_id: int, by: User, note: str = "") -> VacancyRevision:
    """Apply the proposed values to the vacancy; the revision stays as the version it became."""
    revision = VacancyRevision.objects.select_for_update().get(pk=revision_id)
    vacancy = Vacancy.objects.select_for_update().get(pk=revision.vacancy_id)
    if not revision.can_become(VacancyRevision.Status.APPROVED):
        raise TransitionError(revision, VacancyRevision.Status.APPROVED)
    if vacancy.status != Vacancy.Status.PUBLISHED:  # closed or filled meanwhile: only a rejection is left
        raise VacancyLockedError(vacancy)
    revision.previous = {name: _vacancy_value(vacancy, name) for name in revision.data}
    names = _apply_values(vacancy, revision.data)
    vacancy.full_clean(exclude=["skills"])
    if names:
        vacancy.save(update_fields=[*names, "updated_at"])
    if "skills" in revision.data:
        vacancy.skills.set(revision.data["skills"])
    revision.decided_by, revision.decided_at = by, timezone.now()
    transition(
        revision,
        VacancyRevision.Status.APPROVED,
        actor=by,
        note=note,
        update_fields=("previous", "decided_by", "decided_at"),
    )
    vacancy_search_refresh(vacancy_ids=[vacancy.pk])
    public_vacancies_changed()
    return revision


@transaction.atomic
def vacancy_revision_reject(*, revision_id: int, by: User, reason: str) -> VacancyRevision:
    """Keep the vacancy as it is; the employer sees the reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection; the employer will see it.")})
    revision = VacancyRevision.objects.select_for_update().get(pk=revision_id)
    revision.reason, revision.decided_by, revision.decided_at = reason.strip(), by, timezone.now()
    transition(
        revision,
        VacancyRevision.Status.REJECTED,
        actor=by,
        note=reason,
        update_fields=("reason", "decided_by", "decided_at"),
    )
    public_vacancies_changed()
    return revision
