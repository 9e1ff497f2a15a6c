"""Call-ups (AK/IV): Disnaker invites a matched jobseeker who has not applied to apply to a vacancy.

Every status change goes through `bontang_aker.core.workflow.transition` with its event row:
sent → applied (the person applied to the vacancy: `services.application_submit` calls
`callup_mark_applied`), declined (the person says no), expired (the vacancy stopped taking
applications: `callups_expire`). The admin, the staff API and the jobseeker's pages call these
services. Call-ups use the referral permission (`placements.refer_candidate`): the same
Pengantar Kerja who refers applicants calls jobseekers up, and no new role is needed.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from bontang_aker.core.workflow import TransitionError, transition
from bontang_aker.notices.services import notice_send
from employers.models import Vacancy
from jobseekers.models import JobseekerProfile
from placements.models import Application, CallUp
from placements.selectors import application_requirements_unmet


def _next_callup_letter_number(today: datetime.date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('placements_callup_letter_seq')")
        (sequence,) = cursor.fetchone()
    return f"AK.IV/{sequence:06d}/DISNAKER-BTG/{today:%m}/{today:%Y}"


def callup_blockers(*, jobseeker: JobseekerProfile, vacancy: Vacancy, today: datetime.date | None = None) -> list[str]:
    """Why this jobseeker cannot be called up to this vacancy, for staff; empty when they can."""
    today = today or timezone.localdate()
    if vacancy.status != Vacancy.Status.PUBLISHED or vacancy.close_date < today:
        return [_("The vacancy is not open for applications.")]
    if CallUp.objects.filter(jobseeker=jobseeker, vacancy=vacancy).exists():
        return [_("This jobseeker has already been called up to this vacancy.")]
    if Application.objects.filter(jobseeker=jobseeker, vacancy=vacancy).exists():
        return [_("This jobseeker has already applied to this vacancy.")]
    if not jobseeker.aki_cards.active().exists():
        return [_("The jobseeker's AK/I card is not active: only holders of an active card can be called up.")]
    return [
        _("The jobseeker does not meet a strict requirement: %(reason)s") % {"reason": blocker.message}
        for blocker in application_requirements_unmet(jobseeker=jobseeker, vacancy=vacancy, today=today)
    ]


def callup_letter_url(callup: CallUp) -> str:
    return reverse("placements:callup_letter", args=[callup.pk])


@transaction.atomic
def callup_create(*, jobseeker_id: int, vacancy_id: int, by: User, message: str = "") -> CallUp:
    """Call a jobseeker up to apply (AK/IV, numbered); they get a notice with the apply page and the letter.

    Refused (ValidationError keyed `vacancy`, `jobseeker` or `message`) when the vacancy is not
    open, the person applied or was called up already, holds no active AK/I card, or misses one
    of the vacancy's strict requirements.
    """
    vacancy = Vacancy.objects.select_related("company", "min_education").filter(pk=vacancy_id).first()
    if vacancy is None:
        raise ValidationError({"vacancy": _("Choose a published vacancy.")})
    jobseeker = JobseekerProfile.objects.select_related("user").filter(pk=jobseeker_id).first()
    if jobseeker is None:
        raise ValidationError({"jobseeker": _("Choose a registered jobseeker.")})
    blockers = callup_blockers(jobseeker=jobseeker, vacancy=vacancy)
    if blockers:
        field = "vacancy" if blockers[0] == _("The vacancy is not open for applications.") else "jobseeker"
        raise ValidationError({field: blockers})
    callup = CallUp(jobseeker=jobseeker, vacancy=vacancy, message=message.strip(), created_by=by)
    callup.full_clean(exclude=["jobseeker", "vacancy", "created_by", "letter_number", "status", "application"])
    callup.letter_number = _next_callup_letter_number(timezone.localdate())
    try:
        with transaction.atomic():  # the unique constraint decides a race between two staff
            callup.save()
    except IntegrityError:
        raise ValidationError({"jobseeker": _("This jobseeker has already been called up to this vacancy.")}) from None
    callup.events.create(actor=by, from_status="", to_status=callup.status, note=callup.message)
    notice_send(
        user=jobseeker.user,
        key=f"callup:{callup.pk}:sent",
        template="placements/notices/callup_sent",
        context={
            "callup": callup,
            "vacancy": vacancy,
            "letter_url": f"{settings.SITE_URL}{callup_letter_url(callup)}",
        },
        url=reverse("placements:apply", args=[vacancy.pk]),
    )
    return callup


def callup_mark_applied(*, application: Application) -> CallUp | None:
    """The person applied to a vacancy they were called up to: the call-up is answered.

    Runs inside `application_submit`'s transaction. A call-up no longer "sent" (declined, expired)
    stays as it was: the application counts all the same.
    """
    callup = (
        CallUp.objects.select_for_update()
        .filter(jobseeker_id=application.jobseeker_id, vacancy_id=application.vacancy_id)
        .first()
    )
    if callup is None or not callup.can_become(CallUp.Status.APPLIED):
        return callup
    callup.application = application
    transition(
        callup,
        CallUp.Status.APPLIED,
        actor=application.jobseeker.user,
        note=_("Applied to the vacancy"),
        update_fields=("application",),
    )
    return callup


@transaction.atomic
def callup_decline(*, callup_id: int, by: User, note: str = "") -> CallUp:
    """The jobseeker says they will not apply; only their own call-up, only while it is sent."""
    callup = CallUp.objects.select_for_update().get(pk=callup_id, jobseeker__user=by)  # another's: DoesNotExist
    if not callup.can_become(CallUp.Status.DECLINED):
        raise TransitionError(callup, CallUp.Status.DECLINED)
    transition(callup, CallUp.Status.DECLINED, actor=by, note=note)
    return callup


@transaction.atomic
def callups_expire(*, today: datetime.date | None = None) -> int:
    """Call-ups still "sent" whose vacancy no longer takes applications become expired; returns how many."""
    today = today or timezone.localdate()
    stale = (
        CallUp.objects.select_for_update(of=("self",))
        .filter(status=CallUp.Status.SENT)
        .exclude(vacancy__status=Vacancy.Status.PUBLISHED, vacancy__close_date__gte=today)
        .order_by("pk")
    )
    count = 0
    for callup in stale:
        transition(callup, CallUp.Status.EXPIRED, note=_("The vacancy no longer takes applications."))
        count += 1
    return count
