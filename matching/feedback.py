"""Feedback on matches: "this is wrong", from a jobseeker, an employer or staff; staff review it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bontang_aker.accounts.models import User
from matching.models import Match, MatchFeedback


@transaction.atomic
def feedback_give(*, match: Match, by: User, reason: str, comment: str = "") -> MatchFeedback:
    """Store what `by` says is wrong with this match; a second report by the same person replaces the first."""
    if reason not in MatchFeedback.Reason.values:
        raise ValidationError({"reason": _("Choose why this match is wrong.")})
    comment = comment.strip()
    if reason == MatchFeedback.Reason.OTHER and not comment:
        raise ValidationError({"comment": _("Say in a few words what is wrong.")})
    if len(comment) > 500:
        raise ValidationError({"comment": _("At most 500 characters.")})
    fields = {"reason": reason, "comment": comment, "score": match.score, "reviewed_at": None, "reviewed_by": None}
    try:
        with transaction.atomic():
            feedback, _created = MatchFeedback.objects.update_or_create(
                vacancy_id=match.vacancy_id, jobseeker_id=match.jobseeker_id, given_by=by, defaults=fields
            )
    except IntegrityError:  # a double click: the other request stored it
        feedback = MatchFeedback.objects.get(vacancy_id=match.vacancy_id, jobseeker_id=match.jobseeker_id, given_by=by)
    return feedback


def feedback_mark_reviewed(*, feedback_ids: list[int], by: User) -> int:
    with transaction.atomic():
        rows = list(MatchFeedback.objects.select_for_update().filter(pk__in=feedback_ids, reviewed_at__isnull=True))
        now = timezone.now()
        for feedback in rows:
            feedback.reviewed_at, feedback.reviewed_by = now, by
            feedback.save(update_fields=["reviewed_at", "reviewed_by"])
    return len(rows)
