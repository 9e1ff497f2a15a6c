"""Reads of stored matches for the pages that show them: the jobseeker's, the vacancy page, staff, employers.

Each rule of who sees which match is written here once: a jobseeker sees only their own pairs,
an employer only the pairs of candidates Disnaker referred to them, staff the vacancy's list.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from bontang_aker.accounts.models import User
from employers.models import Vacancy
from jobseekers.models import JobseekerProfile
from matching import explain
from matching.models import Match, MatchFeedback
from placements.models import Application, CallUp

# Applications that count as "already applying" for crowding: everything but a withdrawn one.
_COUNTED_APPLICATIONS = ~Q(status=Application.Status.WITHDRAWN)
# Components an employer is not shown: they would tell a PKP household or a disability (UU 27/2022).
EMPLOYER_HIDDEN_COMPONENTS = frozenset({"priority"})


@dataclass(frozen=True)
class MatchWords:
    """A match in words for a page: the score, each component, the skills and what would raise it."""

    match: Match
    components: list[explain.Component]
    matched_skills: list[str]
    related_skills: list[str]
    missing_skills: list[str]
    improvements: list[str]

    @property
    def score(self) -> int:
        return self.match.score


def match_words(match: Match, *, hidden: Iterable[str] = ()) -> MatchWords:
    explanation = match.explanation or {}
    hidden = set(hidden)
    parts = [component for component in explain.components(explanation) if component.key not in hidden]
    return MatchWords(
        match=match,
        components=parts,
        matched_skills=list(explanation.get("matched_skills", [])),
        related_skills=list(explanation.get("related_skills", [])),
        missing_skills=list(explanation.get("missing_skills", [])),
        improvements=[component.hint for component in parts if component.hint],
    )


def _applicant_count():
    return Coalesce(
        Subquery(
            Application.objects.filter(_COUNTED_APPLICATIONS, vacancy_id=OuterRef("vacancy_id"))
            .order_by()
            .values("vacancy_id")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def jobseeker_match_list(*, jobseeker: JobseekerProfile) -> QuerySet[Match]:
    """The jobseeker's own best vacancies that still take applications, best first, with the applicant count."""
    return (
        Match.objects.filter(
            jobseeker=jobseeker,
            among_jobseeker_best=True,
            vacancy__status=Vacancy.Status.PUBLISHED,
            vacancy__close_date__gte=timezone.localdate(),
        )
        .select_related("vacancy__company")
        .annotate(applicant_count=_applicant_count())
        .order_by("-score", "vacancy__close_date", "pk")
    )


def jobseeker_match_get(*, jobseeker: JobseekerProfile, match_id: int) -> Match | None:
    """One of the jobseeker's own matches (any list); None for anyone else's or a missing one."""
    return Match.objects.select_related("vacancy__company").filter(pk=match_id, jobseeker=jobseeker).first()


def match_for_viewer(*, user: User, vacancy_id: int) -> Match | None:
    """The signed-in jobseeker's own match on this vacancy; None, without a query, for anyone else."""
    if not user.is_authenticated or not user.is_jobseeker:
        return None
    return Match.objects.filter(vacancy_id=vacancy_id, jobseeker__user=user).first()


def feedback_by(*, user: User, pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], MatchFeedback]:
    """What `user` already said about these (vacancy, jobseeker) pairs."""
    pairs = list(pairs)
    if not pairs:
        return {}
    condition = Q()
    for vacancy_id, jobseeker_id in pairs:
        condition |= Q(vacancy_id=vacancy_id, jobseeker_id=jobseeker_id)
    rows = MatchFeedback.objects.filter(condition, given_by=user)
    return {(row.vacancy_id, row.jobseeker_id): row for row in rows}


def vacancy_candidate_list(*, vacancy_id: int) -> QuerySet[Match]:
    """The vacancy's best candidates for staff, ranked, with whether they applied or were called up,
    and in how many other vacancies' candidate lists they stand (crowding).

    Crowding control: someone on more than `MATCH_CROWDING_FREE_LISTS` other lists is ranked a
    point lower per extra list (at most `MATCH_CROWDING_MAX_PENALTY`), so that the same few people
    are not proposed first for dozens of vacancies while others with nearly the same score never
    are. `ranking_score` is what the list is sorted by; `score` stays the match's own.
    """
    others = (
        Match.objects.filter(jobseeker_id=OuterRef("jobseeker_id"), among_vacancy_best=True)
        .exclude(vacancy_id=vacancy_id)
        .order_by()
        .values("jobseeker_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    application = Application.objects.filter(jobseeker_id=OuterRef("jobseeker_id"), vacancy_id=vacancy_id)
    return (
        Match.objects.filter(vacancy_id=vacancy_id, among_vacancy_best=True)
        .select_related("jobseeker")
        .annotate(
            other_lists=Coalesce(Subquery(others, output_field=IntegerField()), Value(0)),
            application_status=Subquery(application.values("status")[:1]),
            called_up=Exists(CallUp.objects.filter(jobseeker_id=OuterRef("jobseeker_id"), vacancy_id=vacancy_id)),
        )
        .annotate(
            crowding_penalty=Least(
                Greatest(F("other_lists") - settings.MATCH_CROWDING_FREE_LISTS, Value(0)),
                Value(settings.MATCH_CROWDING_MAX_PENALTY),
            ),
            ranking_score=F("score") - F("crowding_penalty"),
        )
        .order_by("-ranking_score", "-score", "pk")
    )


def referred_match_map(*, vacancy_id: int, jobseeker_ids: Iterable[int]) -> dict[int, MatchWords]:
    """For the employer: the stored match of each of these (referred) candidates, by jobseeker id.

    The caller passes only the ids of candidates referred to the employer; nothing else is read.
    """
    ids = {pk for pk in jobseeker_ids if pk}
    if not ids:
        return {}
    matches = Match.objects.filter(vacancy_id=vacancy_id, jobseeker_id__in=ids)
    return {match.jobseeker_id: match_words(match, hidden=EMPLOYER_HIDDEN_COMPONENTS) for match in matches}
