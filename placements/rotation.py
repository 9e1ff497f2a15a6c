"""Fair rotation for short "TA" work (issue 10): not always the same people.

A `RotationPool` names who qualifies: local (KTP in Bontang, `JobseekerProfile.objects.local`),
an active AK/I card within its validity, the pool's skills (a skill's synonyms are names of the
same `reference.Skill` row, so matching the row covers them) and optionally its KBJI occupation
group, and not working now (no hire reported or verified since the card was issued: a verified
hire makes the card "placed", so a TA worker comes back with a new card).

The queue is computed in PostgreSQL on each read, never stored:

    score = waiting days × per_waiting_day + poor_household + smk_graduate + disability
            − recent_work (when a verified hire started within ROTATION_RECENT_WORK_DAYS)

with the weights in `settings.ROTATION_WEIGHTS`. Waiting days count from the later of the card's
issue and the last verified hire's start (placements have no end date; the start is the last
known work). Whoever worked recently therefore goes behind everyone who did not, the most recent
last. Proposals are the stored history: `rotation_propose` records the next people with their
reasons; staff then refer (an AK/IV call-up, or an AK/V referral of an applicant, through the
existing services) or skip with a reason. A skip changes nothing in the score: the person keeps
their place.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import Greatest, RowNumber, TruncDate
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bontang_aker.accounts.models import User
from bontang_aker.core.workflow import TransitionError, transition
from employers.models import Vacancy
from jobseekers.models import AkiCard, EducationEntry, ExperienceEntry, JobseekerProfile
from placements.models import Application, CallUp, Placement, RotationPool, RotationProposal

__all__ = ["TransitionError"]

QUEUE_MAX_LIMIT = 200
PROPOSE_MAX_COUNT = 50
SMK_LEVEL_CODE = "SMK"


def rotation_weights() -> dict[str, float]:
    defaults = {
        "per_waiting_day": 1.0,
        "poor_household": 0.0,
        "smk_graduate": 0.0,
        "disability": 0.0,
        "recent_work": 0.0,
    }
    return {**defaults, **{key: float(value) for key, value in settings.ROTATION_WEIGHTS.items()}}


@dataclass
class QueueEntry:
    """One person's place in a pool's queue and why: `components` are the parts of the score."""

    jobseeker: JobseekerProfile
    rank: int
    score: float
    waiting_days: int
    components: list[dict] = field(default_factory=list)
    open_proposal_id: int | None = None

    @property
    def reasons(self) -> list[str]:
        return [component_text(component) for component in self.components]


def component_text(component: dict) -> str:
    """A part of the score in plain words, in the reader's language (re-rendered from its code)."""
    code = component.get("code")
    when = parse_date(component.get("date") or "")
    shown = date_format(when, "j F Y") if when else ""
    if code == "waiting":
        days = int(component.get("days", 0))
        return ngettext("Waiting %(days)d day (since %(date)s)", "Waiting %(days)d days (since %(date)s)", days) % {
            "days": days,
            "date": shown,
        }
    if code == "poor_household":
        return _("Poor household (PKP)")
    if code == "smk_graduate":
        return _("SMK graduate")
    if code == "disability":
        return _("Has a disability")
    if code == "recent_work":
        return _("Worked at %(company)s from %(date)s: moved back") % {
            "company": component.get("company") or _("a company"),
            "date": shown,
        }
    return component.get("text", "")


def _component(code: str, points: float, **params) -> dict:
    component = {"code": code, "points": round(points, 2), **params}
    component["text"] = component_text(component)
    return component


def _qualified(*, pool: RotationPool, today: datetime.date) -> QuerySet[JobseekerProfile]:
    """Who may be in the pool's queue: local, active card, the pool's skills and occupation, not working now."""
    active_cards = AkiCard.objects.filter(
        jobseeker=OuterRef("pk"), status=AkiCard.Status.ACTIVE, expires_on__gte=today
    ).order_by("-issued_at")
    people = (
        JobseekerProfile.objects.local()
        .filter(nik_revoked_at__isnull=True, user__is_active=True)
        .annotate(card_issued_at=Subquery(active_cards.values("issued_at")[:1]))
        .filter(card_issued_at__isnull=False)
        .annotate(card_issued_on=TruncDate("card_issued_at"))
    )
    skill_ids = list(pool.skills.values_list("pk", flat=True))
    has_skill = JobseekerProfile.skills.through.objects.filter(jobseekerprofile_id=OuterRef("pk"))
    if skill_ids and pool.require_all_skills:
        for skill_id in skill_ids:
            people = people.filter(Exists(has_skill.filter(skill_id=skill_id)))
    elif skill_ids:
        people = people.filter(Exists(has_skill.filter(skill_id__in=skill_ids)))
    if pool.occupation_id:
        code = pool.occupation.code
        prefers = JobseekerProfile.preferred_occupations.through.objects.filter(
            jobseekerprofile_id=OuterRef("pk"), kbjigroup__code__startswith=code
        )
        worked = ExperienceEntry.objects.filter(jobseeker=OuterRef("pk"), occupation__code__startswith=code)
        people = people.filter(Exists(prefers) | Exists(worked))
    working_now = Placement.objects.filter(
        jobseeker=OuterRef("pk"),
        status__in=[Placement.Status.REPORTED, Placement.Status.VERIFIED],
        start_date__gte=OuterRef("card_issued_on"),
    )
    return people.exclude(Exists(working_now))


def _queue_queryset(*, pool: RotationPool, today: datetime.date) -> QuerySet[JobseekerProfile]:
    weights = rotation_weights()
    last_work = Placement.objects.filter(jobseeker=OuterRef("pk"), status=Placement.Status.VERIFIED).order_by(
        "-start_date", "-pk"
    )
    recent_from = today - datetime.timedelta(days=settings.ROTATION_RECENT_WORK_DAYS)
    people = _qualified(pool=pool, today=today).annotate(
        last_work_on=Subquery(last_work.values("start_date")[:1]),
        last_work_company=Subquery(last_work.values("company__name")[:1]),
        is_smk=Exists(EducationEntry.objects.filter(jobseeker=OuterRef("pk"), level__code=SMK_LEVEL_CODE)),
        open_proposal_id=Subquery(
            RotationProposal.objects.filter(
                pool=pool, jobseeker=OuterRef("pk"), status=RotationProposal.Status.PROPOSED
            ).values("pk")[:1]
        ),
    )
    people = people.annotate(
        waiting_since=Greatest(
            F("card_issued_on"), F("last_work_on"), output_field=DateField()
        ),  # GREATEST ignores NULLs in PostgreSQL: never worked = since the card
    )
    people = people.annotate(
        waiting_days=Func(
            Value(today, output_field=DateField()),
            F("waiting_since"),
            template="(%(expressions)s)",
            arg_joiner=" - ",
            output_field=IntegerField(),
        ),
        recent_work=ExpressionWrapper(Q(last_work_on__gte=recent_from), output_field=BooleanField()),
    )
    score = (
        F("waiting_days") * Value(weights["per_waiting_day"])
        + Case(When(is_poor_household=True, then=Value(weights["poor_household"])), default=Value(0.0))
        + Case(When(is_smk=True, then=Value(weights["smk_graduate"])), default=Value(0.0))
        + Case(When(has_disability=True, then=Value(weights["disability"])), default=Value(0.0))
        - Case(When(recent_work=True, then=Value(weights["recent_work"])), default=Value(0.0))
    )
    order = [F("score").desc(), F("waiting_since").asc(), F("pk").asc()]
    return (
        people.annotate(score=ExpressionWrapper(score, output_field=FloatField()))
        .annotate(rank=Window(RowNumber(), order_by=order))
        .order_by(*order)
    )


def _entry(person: JobseekerProfile) -> QueueEntry:
    weights = rotation_weights()
    components = [
        _component(
            "waiting",
            person.waiting_days * weights["per_waiting_day"],
            days=person.waiting_days,
            date=person.waiting_since.isoformat(),
        )
    ]
    if person.is_poor_household:
        components.append(_component("poor_household", weights["poor_household"]))
    if person.is_smk:
        components.append(_component("smk_graduate", weights["smk_graduate"]))
    if person.has_disability:
        components.append(_component("disability", weights["disability"]))
    if person.recent_work:
        components.append(
            _component(
                "recent_work",
                -weights["recent_work"],
                company=person.last_work_company or "",
                date=person.last_work_on.isoformat(),
            )
        )
    return QueueEntry(
        jobseeker=person,
        rank=person.rank,
        score=round(person.score, 2),
        waiting_days=person.waiting_days,
        components=components,
        open_proposal_id=person.open_proposal_id,
    )


def rotation_queue(*, pool: RotationPool, today: datetime.date | None = None, limit: int = 50) -> list[QueueEntry]:
    """The pool's queue, best placed first, each entry with its reasons; at most `limit` entries.

    A fixed number of queries whatever the number of jobseekers (the pool's skills, then one query).
    """
    today = today or timezone.localdate()
    limit = max(1, min(limit, QUEUE_MAX_LIMIT))
    people = _queue_queryset(pool=pool, today=today).select_related("kelurahan__kecamatan")
    return [_entry(person) for person in people[:limit]]


def _validate_vacancy(vacancy_id: int | None, *, today: datetime.date) -> Vacancy | None:
    if vacancy_id is None:
        return None
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    if vacancy is None or vacancy.status != Vacancy.Status.PUBLISHED or vacancy.close_date < today:
        raise ValidationError({"vacancy": _("Choose a published vacancy that is still open.")})
    return vacancy


@transaction.atomic
def rotation_propose(
    *, pool: RotationPool, by: User, count: int, vacancy_id: int | None = None, today: datetime.date | None = None
) -> list[RotationProposal]:
    """Propose the next `count` people of the queue, storing each with its place, score and reasons.

    Skipped are people with an open proposal in this pool, and for a vacancy anyone proposed for,
    called up to or applied to it already. The pool row is locked, so two staff proposing at the
    same moment get different people.
    """
    today = today or timezone.localdate()
    if not 1 <= count <= PROPOSE_MAX_COUNT:
        raise ValidationError(
            {"count": _("Propose between 1 and %(max)d people at a time.") % {"max": PROPOSE_MAX_COUNT}}
        )
    pool = RotationPool.objects.select_for_update().get(pk=pool.pk)
    if not pool.is_active:
        raise ValidationError({"pool": _("This rotation pool is not active.")})
    vacancy = _validate_vacancy(vacancy_id, today=today)
    people = _queue_queryset(pool=pool, today=today)
    if vacancy is not None:
        people = people.annotate(
            blocked=ExpressionWrapper(
                Exists(RotationProposal.objects.filter(jobseeker=OuterRef("pk"), vacancy=vacancy))
                | Exists(CallUp.objects.filter(jobseeker=OuterRef("pk"), vacancy=vacancy))
                | Exists(Application.objects.filter(jobseeker=OuterRef("pk"), vacancy=vacancy)),
                output_field=BooleanField(),
            )
        )
    # Picked here rather than filtered in SQL: a WHERE would renumber the places (the window runs after it).
    chosen = []
    for person in people.iterator(chunk_size=100):
        if person.open_proposal_id is None and not getattr(person, "blocked", False):
            chosen.append(_entry(person))
            if len(chosen) == count:
                break
    proposals = []
    for entry in chosen:
        proposal = RotationProposal(
            pool=pool,
            vacancy=vacancy,
            jobseeker=entry.jobseeker,
            rank=entry.rank,
            score=entry.score,
            components=entry.components,
            proposed_by=by,
        )
        try:
            with transaction.atomic():  # the one-open-proposal constraint decides
                proposal.save()
        except IntegrityError:
            continue
        proposal.events.create(actor=by, from_status="", to_status=proposal.status, note=_("Proposed from the queue"))
        proposals.append(proposal)
    return proposals


@transaction.atomic
def rotation_skip(*, proposal_id: int, by: User, category: str, reason: str) -> RotationProposal:
    """Skip a proposed person, with the reason; their place in the queue does not change."""
    errors = {}
    if category not in RotationProposal.SkipCategory.values:
        errors["category"] = _("Choose why this person is skipped.")
    if not (reason or "").strip():
        errors["reason"] = _("Say in words why this person is skipped; supervisors read it in the history.")
    if errors:
        raise ValidationError(errors)
    proposal = RotationProposal.objects.select_for_update().get(pk=proposal_id)
    proposal.skip_category = category
    proposal.skip_reason = reason.strip()
    proposal.full_clean(
        exclude=[name.name for name in RotationProposal._meta.fields if name.name != "skip_reason"],
        validate_constraints=False,
    )
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    label = RotationProposal.SkipCategory(category).label
    transition(
        proposal,
        RotationProposal.Status.SKIPPED,
        actor=by,
        note=f"{label}: {proposal.skip_reason}",
        update_fields=("skip_category", "skip_reason", "decided_by", "decided_at"),
    )
    return proposal


@transaction.atomic
def rotation_refer(*, proposal_id: int, by: User, vacancy_id: int | None = None, message: str = "") -> RotationProposal:
    """Send a proposed person on: an AK/V referral if they applied to the vacancy, else an AK/IV call-up.

    Both go through their own services (`placements.services.referral_create`,
    `placements.callups.callup_create`), with their checks (active card, once per vacancy, the
    vacancy's strict requirements); a refusal is a ValidationError and the proposal stays proposed.
    """
    from placements.callups import callup_create
    from placements.services import referral_create

    proposal = RotationProposal.objects.select_for_update().select_related("pool").get(pk=proposal_id)
    if not proposal.can_become(RotationProposal.Status.REFERRED):
        raise TransitionError(proposal, RotationProposal.Status.REFERRED)
    vacancy_id = vacancy_id or proposal.vacancy_id
    if vacancy_id is None:
        raise ValidationError({"vacancy": _("Choose the vacancy to refer this person to.")})
    application = Application.objects.filter(
        jobseeker_id=proposal.jobseeker_id, vacancy_id=vacancy_id, status=Application.Status.SUBMITTED
    ).first()
    note = _("From the rotation pool “%(pool)s”, place %(rank)d") % {"pool": proposal.pool.name, "rank": proposal.rank}
    update_fields = ["decided_by", "decided_at", "vacancy"]
    if application is not None:
        reasons = {"rotation_pool": proposal.pool.name, "rank": proposal.rank, "components": proposal.components}
        proposal.referral = referral_create(application_id=application.pk, by=by, reasons=reasons, note=note)
        update_fields.append("referral")
    else:
        proposal.callup = callup_create(
            jobseeker_id=proposal.jobseeker_id, vacancy_id=vacancy_id, by=by, message=message
        )
        update_fields.append("callup")
    proposal.vacancy_id = vacancy_id
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    transition(proposal, RotationProposal.Status.REFERRED, actor=by, note=note, update_fields=tuple(update_fields))
    return proposal


def rotation_history(*, pool: RotationPool) -> QuerySet[RotationProposal]:
    """The pool's proposals, newest first: who was proposed, at which place and why, and what became of it."""
    return (
        RotationProposal.objects.filter(pool=pool)
        .select_related("jobseeker", "vacancy__company", "proposed_by", "decided_by", "callup", "referral")
        .order_by("-created_at", "rank", "pk")
    )
