"""Reads about a jobseeker that depend on who is asking or span several models."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import CharField, F, Func, Q, QuerySet, Value
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
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
    """No card in progress or in force, and a complete profile."""
    return not profile.aki_cards.open().exists() and not profile_completeness(profile)[1]


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
        return NextStep(
            _("Complete your profile (%(percent)d%% done)") % {"percent": percent},
            reverse("jobseekers:profile"),
            _("Still missing: %(missing)s.") % {"missing": ", ".join(missing)},
        )
    if card is None or card.status in (AkiCard.Status.REJECTED, AkiCard.Status.LAPSED, AkiCard.Status.REMOVED):
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
