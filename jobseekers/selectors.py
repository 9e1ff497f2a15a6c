"""Reads about a jobseeker that depend on who is asking or span several models."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.accounts.services import user_email_verified
from bontang_aker.core.masking import mask_name
from bontang_aker.reference.models import Skill
from jobseekers.models import AkiCard, Document, JobseekerProfile

# The documents an AK/I card needs (Permenaker 39/2016): KTP, last diploma and a photo.
REQUIRED_DOCUMENT_KINDS = (Document.Kind.KTP, Document.Kind.DIPLOMA, Document.Kind.PHOTO)

# Personal data the AK/I card prints; sign-up asks for all but religion.
PERSONAL_FIELDS = (
    "full_name",
    "birth_place",
    "birth_date",
    "sex",
    "marital_status",
    "religion",
    "ktp_address",
    "phone",
)


def profile_of(user: User) -> JobseekerProfile | None:
    """The signed-in jobseeker's own profile; None for anyone else."""
    if not user.is_authenticated or not user.is_jobseeker:
        return None
    return JobseekerProfile.objects.filter(user=user).first()


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a complete profile needs; `step` is the URL name of the page that fixes it."""

    code: str
    label: str
    done: bool
    step: str

    @property
    def url(self) -> str:
        return reverse(self.step)


def _missing_personal_fields(profile: JobseekerProfile) -> list[str]:
    missing = [
        str(JobseekerProfile._meta.get_field(name).verbose_name)
        for name in PERSONAL_FIELDS
        if getattr(profile, name) in (None, "")
    ]
    if profile.kelurahan_id is None and not profile.outside_city.strip():
        missing.append(str(JobseekerProfile._meta.get_field("kelurahan").verbose_name))
    return missing


def profile_checklist(profile: JobseekerProfile) -> list[ChecklistItem]:
    """What a complete profile needs, each with whether it is there and where to add it.

    Work experience and preferences help matching but are not required: fresh graduates have none.
    """
    personal_missing = _missing_personal_fields(profile)
    kinds = set(profile.documents.values_list("kind", flat=True))
    personal_label = _("personal data")
    if personal_missing:
        personal_label = _("personal data (%(fields)s)") % {"fields": ", ".join(personal_missing)}
    items = [
        ChecklistItem("personal", personal_label, not personal_missing, "jobseekers:profile_personal"),
        ChecklistItem(
            "education",
            _("at least one education entry"),
            profile.education_entries.exists(),
            "jobseekers:profile_education",
        ),
        ChecklistItem("skills", _("at least one skill"), profile.skills.exists(), "jobseekers:profile_skills"),
    ]
    document_labels = {
        Document.Kind.KTP: _("KTP"),
        Document.Kind.DIPLOMA: _("last diploma"),
        Document.Kind.PHOTO: _("photo"),
    }
    items += [
        ChecklistItem(f"document_{kind}", document_labels[kind], kind in kinds, "jobseekers:profile_documents")
        for kind in REQUIRED_DOCUMENT_KINDS
    ]
    return items


def profile_completeness(profile: JobseekerProfile) -> tuple[int, list[str]]:
    """How complete the profile is, in percent, and what is still missing (translated, lower-case labels)."""
    items = profile_checklist(profile)
    done = sum(item.done for item in items)
    return round(100 * done / len(items)), [item.label for item in items if not item.done]


def card_current(profile: JobseekerProfile) -> AkiCard | None:
    """The card in progress or in force; otherwise the most recent one, as history."""
    return profile.aki_cards.open().first() or profile.aki_cards.order_by("-requested_at", "-pk").first()


def card_next_report_date(card: AkiCard) -> datetime.date | None:
    """When the holder must report ("lapor") next; None unless the card is active."""
    if card.status != AkiCard.Status.ACTIVE or card.last_reported_at is None:
        return None
    due = timezone.localdate(card.last_reported_at) + relativedelta(months=settings.AKI_CARD_REPORT_INTERVAL_MONTHS)
    return min(due, card.expires_on) if card.expires_on else due


def can_request_card(profile: JobseekerProfile) -> bool:
    """No card in progress or in force, a verified email address and a complete profile."""
    return (
        not profile.aki_cards.open().exists()
        and user_email_verified(profile.user)
        and not profile_completeness(profile)[1]
    )


def skills_search(query: str = "") -> QuerySet[Skill]:
    """Active skills whose name, code or a synonym contains the text ("las" finds the welders)."""
    skills = Skill.objects.active().order_by("name")
    query = (query or "").strip()
    if not query:
        return skills
    synonyms = Func(F("synonyms"), Value(" "), function="array_to_string", output_field=CharField())
    return skills.annotate(synonym_text=synonyms).filter(
        Q(name__icontains=query) | Q(code__icontains=query) | Q(synonym_text__icontains=query)
    )


def _vacancy_search_url() -> str:
    for name in ("vacancies:list", "vacancies:search", "vacancies:index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("home") + "#vacancies"


@dataclass(frozen=True)
class NextStep:
    label: str
    url: str
    explanation: str = ""


def jobseeker_next_step(profile: JobseekerProfile) -> NextStep:
    """The one thing to do next: complete the profile, request the card, search, follow applications."""
    percent, missing = profile_completeness(profile)
    card = card_current(profile)
    card_open = card is not None and card.status in (AkiCard.Status.REQUESTED, AkiCard.Status.ACTIVE)
    if missing and not card_open:
        explanation = _("Still missing: %(missing)s.") % {"missing": ", ".join(missing)}
        if not user_email_verified(profile.user) and not profile.registered_at_counter:
            # The card needs it too: say so now, not only once the profile is complete.
            explanation += " " + _("Also verify your email address: open the link we sent to %(email)s.") % {
                "email": profile.user.email
            }
        return NextStep(
            _("Complete your profile (%(percent)d%% done)") % {"percent": percent},
            reverse("jobseekers:profile"),
            explanation,
        )
    card_needed = card is None or card.status in (
        AkiCard.Status.REJECTED,
        AkiCard.Status.LAPSED,
        AkiCard.Status.REMOVED,
    )
    if card_needed and not user_email_verified(profile.user):
        return NextStep(
            _("Verify your email address"),
            reverse("accounts:account"),
            _("Open the link we sent to %(email)s; then you can request the AK/I card.")
            % {"email": profile.user.email},
        )
    if card_needed:
        return NextStep(
            _("Request your AK/I card"),
            reverse("jobseekers:card"),
            _("The card is free; you need it to apply for vacancies."),
        )
    if card.status == AkiCard.Status.REQUESTED:
        return NextStep(
            _("See your AK/I card request"),
            reverse("jobseekers:card"),
            _("Disnaker is checking your documents."),
        )
    if card.status == AkiCard.Status.ACTIVE:
        due = card_next_report_date(card)
        if due is not None and due <= timezone.localdate() + datetime.timedelta(days=14):
            return NextStep(
                _("Report (lapor) on your AK/I card"),
                reverse("jobseekers:card"),
                _("Your next report is due on %(date)s.") % {"date": date_format(due, "j F Y")},
            )
        if not profile.applications.exists():
            return NextStep(
                _("Search vacancies"), _vacancy_search_url(), _("Apply through the portal with your active card.")
            )
    return NextStep(_("Follow my applications"), reverse("placements:application_list"))


# The printable card, its public check and the report reminders (issue 8) ------------------------------------

# A card that was issued: it has a number and can be printed and checked by the public.
ISSUED_CARD_STATUSES = (AkiCard.Status.ACTIVE, AkiCard.Status.PLACED, AkiCard.Status.LAPSED)
# An AK/I number as services._next_card_number writes it ("6474-2026-0000001"), with some room;
# anything else is not looked up at all (a 404 without a query).
CARD_NUMBER_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,29}")


def card_is_printable(card: AkiCard | None) -> bool:
    return card is not None and bool(card.number) and card.status in ISSUED_CARD_STATUSES


def card_report_events(card: AkiCard) -> list:
    """The holder's reports ("lapor"), oldest first: the events that `services.aki_card_report` writes.

    A report keeps an active card active, or brings a lapsed one back (lapsed → active happens
    only through a report); the issue itself is not a report.
    """
    return [
        event
        for event in card.events.order_by("created_at", "pk")
        if event.to_status == AkiCard.Status.ACTIVE
        and event.from_status in (AkiCard.Status.ACTIVE, AkiCard.Status.LAPSED)
    ]


def card_can_reactivate(card: AkiCard, *, today: datetime.date | None = None) -> bool:
    """A lapsed card comes back with a report while it is within its validity and no newer card is open."""
    today = today or timezone.localdate()
    return (
        card.status == AkiCard.Status.LAPSED
        and card.expires_on is not None
        and card.expires_on >= today
        and not AkiCard.objects.open().filter(jobseeker_id=card.jobseeker_id).exclude(pk=card.pk).exists()
    )


def card_for_public_check(number: str) -> AkiCard | None:
    """The issued card with this number, for the public check page and API; None for anything else."""
    if not isinstance(number, str) or not CARD_NUMBER_PATTERN.fullmatch(number):
        return None
    return (
        AkiCard.objects.select_related("jobseeker")
        .filter(number=number.upper(), status__in=[*ISSUED_CARD_STATUSES, AkiCard.Status.REMOVED])
        .first()
    )


@dataclass(frozen=True)
class CardCheck:
    """What anyone holding the card's number (or its QR code) may learn: no NIK, no birth date."""

    number: str
    name: str  # masked: "S*** R*********"
    status: str
    status_display: str
    explanation: str
    valid_until: datetime.date | None
    last_reported_on: datetime.date | None


def card_public_check(card: AkiCard) -> CardCheck:
    explanations = {
        AkiCard.Status.ACTIVE: _("The holder is registered at Disnaker Kota Bontang as a jobseeker."),
        AkiCard.Status.PLACED: _("The holder has been hired; the card is closed."),
        AkiCard.Status.LAPSED: _("The card lapsed: it expired or was not reported in time."),
        AkiCard.Status.REMOVED: _("The card was removed from the register."),
    }
    return CardCheck(
        number=card.number,
        name=mask_name(card.jobseeker.full_name),
        status=card.status,
        status_display=card.get_status_display(),
        explanation=str(explanations.get(card.status, "")),
        valid_until=card.expires_on,
        last_reported_on=timezone.localdate(card.last_reported_at) if card.last_reported_at else None,
    )
