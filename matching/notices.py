"""Match notices: a jobseeker's daily digest of new good matches, and the staff's daily list of thin vacancies.

Both go through `notices.notice_send` (in the portal, and e-mailed once by its task) in the
recipient's language. Each kind can be switched off (`MatchNoticeOptOut`): on the settings page,
or without logging in by the signed link at the foot of every e-mail (the pattern of the saved
searches' digest, portal.saved_searches).

Nothing goes twice. A digest claims the day's `MatchDigest` row and one `MatchNotice` row per
(jobseeker, vacancy) it lists, in the transaction that creates the notice: a retried or repeated
task finds the day's row, and a pair once told is never listed again; a failure before the commit
rolls back claim, pairs and notice together. The staff's list is one notice per person and day
(its key names the day), so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bontang_aker.accounts.models import User
from bontang_aker.notices.models import Notice
from bontang_aker.notices.services import notice_send
from employers.models import Vacancy
from jobseekers.models import JobseekerProfile
from matching.models import Match, MatchDigest, MatchNotice, MatchNoticeKind, MatchNoticeOptOut
from placements.models import Application

logger = logging.getLogger(__name__)

DIGEST_VACANCIES_MAX = 10  # listed in one digest; the rest wait for the next days
FEW_CANDIDATES_LISTED_MAX = 30
UNSUBSCRIBE_SALT = "matching.notices.unsubscribe"
REFER_PERMISSION = "placements.refer_candidate"


# Preferences and the unsubscribe link ---------------------------------------------------------------------


def notice_kind_enabled(*, user: User, kind: str) -> bool:
    """On unless the person switched it off."""
    return not MatchNoticeOptOut.objects.filter(user=user, kind=kind).exists()


def notice_kind_set(*, user: User, kind: str, enabled: bool) -> bool:
    """Switch one kind on or off for `user`; returns whether anything changed."""
    MatchNoticeKind(kind)  # ValueError for an unknown kind
    if enabled:
        deleted, _ = MatchNoticeOptOut.objects.filter(user=user, kind=kind).delete()
        return bool(deleted)
    _, created = MatchNoticeOptOut.objects.get_or_create(user=user, kind=kind)
    return created


def notice_kinds_for(user: User) -> list[str]:
    """The kinds that concern `user`: the digest for a jobseeker, the staff's list for who can refer."""
    kinds = []
    if JobseekerProfile.objects.filter(user=user).exists():
        kinds.append(MatchNoticeKind.MATCH_DIGEST)
    if user.is_active and user.has_perm(REFER_PERMISSION):
        kinds.append(MatchNoticeKind.FEW_CANDIDATES)
    return kinds


class InvalidUnsubscribeLink(Exception):
    """The link was changed, cut short or made for another site."""


def unsubscribe_token(*, user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=False)


def unsubscribe_url(*, user: User, kind: str) -> str:
    path = reverse("match_notices:unsubscribe", args=[unsubscribe_token(user=user, kind=kind)])
    return f"{settings.SITE_URL}{path}"


def unsubscribe_target(token: str) -> tuple[User, str]:
    """The account and kind a signed link names; InvalidUnsubscribeLink when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id, kind = int(data["u"]), MatchNoticeKind(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidUnsubscribeLink from None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise InvalidUnsubscribeLink
    return user, kind


@transaction.atomic
def match_notice_unsubscribe(*, token: str) -> tuple[User, str]:
    """Switch off the kind the link names, for the link's account; a second click changes nothing."""
    user, kind = unsubscribe_target(token)
    notice_kind_set(user=user, kind=kind, enabled=False)
    return user, kind


def _opted_out(kind: str, user_ref: str = "pk"):
    return Exists(MatchNoticeOptOut.objects.filter(user=OuterRef(user_ref), kind=kind))


def _settings_link() -> str:
    return f"{settings.SITE_URL}{reverse('match_notices:settings')}"


# The jobseeker's digest -----------------------------------------------------------------------------------


def jobseeker_matches_path() -> str:
    """The jobseeker's page of matches ("Lowongan yang cocok"), or the vacancy search if it is not there."""
    for name in ("matching:jobseeker_matches", "matching:list"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("vacancies:search")


def match_digest_pairs(*, today: datetime.date | None = None) -> QuerySet[Match]:
    """Good matches not told yet: among the jobseeker's best, at or above the threshold, on an open
    vacancy they have not applied to; best first."""
    today = today or timezone.localdate()
    return (
        Match.objects.filter(
            among_jobseeker_best=True,
            score__gte=settings.MATCH_NOTICE_MIN_SCORE,
            vacancy__status=Vacancy.Status.PUBLISHED,
            vacancy__close_date__gte=today,
        )
        .exclude(Exists(MatchNotice.objects.filter(jobseeker=OuterRef("jobseeker"), vacancy=OuterRef("vacancy"))))
        .exclude(Exists(Application.objects.filter(jobseeker=OuterRef("jobseeker"), vacancy=OuterRef("vacancy"))))
        .order_by("-score", "vacancy_id")
    )


def _digest_recipient_ok(user: User) -> bool:
    return user.is_active and notice_kind_enabled(user=user, kind=MatchNoticeKind.MATCH_DIGEST)


@dataclass
class DigestItem:
    vacancy: Vacancy
    score: int
    link: str


def match_digest_send(*, jobseeker_id: int, day: datetime.date | None = None) -> Notice | None:
    """One notice listing the jobseeker's new good matches, at most once on `day` (WITA); None when none went.

    Nothing is claimed when nothing is new, so a later run the same day may still send the day's one.
    """
    day = day or timezone.localdate()
    with transaction.atomic():
        # One digest at a time per person: a concurrent run waits here, then finds the day's row.
        profile = (
            JobseekerProfile.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=jobseeker_id)
            .first()
        )
        if profile is None or not _digest_recipient_ok(profile.user):
            return None
        if MatchDigest.objects.filter(jobseeker=profile, day=day).exists():
            return None
        pairs = list(
            match_digest_pairs(today=day)
            .filter(jobseeker=profile)
            .select_related("vacancy", "vacancy__company")[: DIGEST_VACANCIES_MAX + 1]
        )
        if not pairs:
            return None
        listed, more = pairs[:DIGEST_VACANCIES_MAX], len(pairs) > DIGEST_VACANCIES_MAX
        try:
            with transaction.atomic():
                digest = MatchDigest.objects.create(jobseeker=profile, day=day, vacancy_count=len(listed))
        except IntegrityError:
            return None  # claimed by an earlier run of the day
        MatchNotice.objects.bulk_create(
            [
                MatchNotice(jobseeker=profile, vacancy=match.vacancy, digest=digest, score=match.score)
                for match in listed
            ]
        )
        matches_path = jobseeker_matches_path()
        items = [
            DigestItem(
                vacancy=match.vacancy,
                score=match.score,
                link=f"{settings.SITE_URL}{reverse('vacancies:detail', args=[match.vacancy_id])}",
            )
            for match in listed
        ]
        notice = notice_send(
            user=profile.user,
            key=f"match_digest:{day.isoformat()}",
            template="matching/notices/match_digest",
            context={
                "items": items,
                "count": len(items),
                "more": more,
                "matches_link": f"{settings.SITE_URL}{matches_path}",
                "settings_link": _settings_link(),
                "unsubscribe_link": unsubscribe_url(user=profile.user, kind=MatchNoticeKind.MATCH_DIGEST),
            },
            url=matches_path,
        )
        digest.notice = notice
        digest.save(update_fields=["notice"])
    return notice


def match_digest_jobseeker_ids(*, day: datetime.date | None = None) -> list[int]:
    """Jobseekers with something new to tell and no digest yet on `day`, who have not switched it off."""
    day = day or timezone.localdate()
    return list(
        match_digest_pairs(today=day)
        .filter(jobseeker__user__is_active=True)
        .exclude(jobseeker__in=MatchDigest.objects.filter(day=day).values("jobseeker"))
        .exclude(_opted_out(MatchNoticeKind.MATCH_DIGEST, "jobseeker__user"))
        .order_by("jobseeker_id")
        .values_list("jobseeker_id", flat=True)
        .distinct()
    )


def match_digests_queue(*, day: datetime.date | None = None) -> int:
    """Queue one digest task per jobseeker with new good matches; returns how many were queued."""
    from matching.tasks import send_match_digest_task

    day = day or timezone.localdate()
    jobseeker_ids = match_digest_jobseeker_ids(day=day)
    for jobseeker_id in jobseeker_ids:
        transaction.on_commit(
            lambda jobseeker_id=jobseeker_id: send_match_digest_task.delay(jobseeker_id, day.isoformat()), robust=True
        )
    return len(jobseeker_ids)


# The staff's list of vacancies with too few good candidates ----------------------------------------------


def few_candidates_vacancies(*, today: datetime.date | None = None) -> QuerySet[Vacancy]:
    """Published, open vacancies with fewer than MATCH_FEW_CANDIDATES candidates at or above the threshold,
    fewest first, then closing soonest; each with `good_candidates`."""
    today = today or timezone.localdate()
    return (
        Vacancy.objects.filter(status=Vacancy.Status.PUBLISHED, close_date__gte=today)
        .annotate(
            good_candidates=Count(
                "matches",
                filter=Q(matches__among_vacancy_best=True, matches__score__gte=settings.MATCH_NOTICE_MIN_SCORE),
            )
        )
        .filter(good_candidates__lt=settings.MATCH_FEW_CANDIDATES)
        .select_related("company")
        .order_by("good_candidates", "close_date", "pk")
    )


def few_candidates_recipients() -> QuerySet[User]:
    """Active staff who can refer candidates and did not switch the list off (superusers only through a group)."""
    app_label, codename = REFER_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=permission) | Q(user_permissions__in=permission))
        .exclude(_opted_out(MatchNoticeKind.FEW_CANDIDATES))
        .distinct()
        .order_by("pk")
    )


@dataclass
class FewCandidatesItem:
    vacancy: Vacancy
    good_candidates: int
    admin_link: str


def few_candidates_list_send(*, day: datetime.date | None = None) -> int:
    """One notice on `day` to each staff member who refers, listing the thin vacancies; returns how many
    notices are new. None when the list is empty; a second run of the day adds none (the key names the day)."""
    day = day or timezone.localdate()
    vacancies = few_candidates_vacancies(today=day)
    total = vacancies.count()
    if not total:
        return 0
    items = [
        FewCandidatesItem(
            vacancy=vacancy,
            good_candidates=vacancy.good_candidates,
            admin_link=f"{settings.SITE_URL}{reverse('admin:employers_vacancy_change', args=[vacancy.pk])}",
        )
        for vacancy in vacancies[:FEW_CANDIDATES_LISTED_MAX]
    ]
    key = f"match_few_candidates:{day.isoformat()}"
    recipients = few_candidates_recipients().exclude(notices__key=key)
    sent = 0
    for user in recipients:
        # One transaction per person: a failure part-way keeps the notices already made, and the
        # retry skips their recipients by the key.
        notice_send(
            user=user,
            key=key,
            template="matching/notices/few_candidates",
            context={
                "items": items,
                "total": total,
                "more": total - len(items),
                "min_score": settings.MATCH_NOTICE_MIN_SCORE,
                "few": settings.MATCH_FEW_CANDIDATES,
                "settings_link": _settings_link(),
                "unsubscribe_link": unsubscribe_url(user=user, kind=MatchNoticeKind.FEW_CANDIDATES),
            },
            url=reverse("admin:employers_vacancy_changelist"),
        )
        sent += 1
    return sent
