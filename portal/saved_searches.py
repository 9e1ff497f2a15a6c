"""Saved vacancy searches and their daily digest e-mail: every write, and the reads they share.

A search is kept as the query string of /lowongan/, validated by the same FilterSet as the page
and the API (employers.api.filters.VacancyFilter) and normalised (sorted, reference values by
code, paging dropped), so one search is stored once whatever order its parameters came in.

The digest (Celery beat, 06:30 WITA) sends each person one e-mail a day with the vacancies
published since their searches were last checked; nothing when nothing is new. The day's
`SavedSearchDigest` row is inserted before the message goes out, inside the same transaction,
so a second run the same day sends nothing. Each message has a signed unsubscribe link (and
the List-Unsubscribe headers of RFC 2369 / RFC 8058) that works without logging in.

Not through `notice_send`: a digest is no notice of a change (it would fill the notices page
every morning), and its e-mail needs its own headers and link.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bontang_aker.accounts.models import User
from bontang_aker.notices.services import language_of, render_text
from employers.api.filters import RELEVANCE, VacancyFilter
from employers.models import Company, Vacancy
from employers.selectors import vacancy_list_public, vacancy_rows
from jobseekers.services import is_counter_placeholder_email
from portal.models import SAVED_SEARCH_NAME_MAX_LENGTH, SAVED_SEARCH_QUERY_MAX_LENGTH, SavedSearch, SavedSearchDigest

logger = logging.getLogger(__name__)

SAVED_SEARCHES_MAX = 20  # per person: bounds the digest's queries
DIGEST_VACANCIES_PER_SEARCH = 10
UNSUBSCRIBE_SALT = "portal.saved-search-digest.unsubscribe"
SUMMARY_SEPARATOR = " · "


# The query string -----------------------------------------------------------------------------------------


def _param_value(value) -> str:
    if hasattr(value, "code"):  # a reference row (KBJI, education level, kecamatan, kelurahan)
        return value.code
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return " ".join(str(value).split())


def saved_search_filterset(query: str | QueryDict, queryset=None) -> VacancyFilter:
    params = query if isinstance(query, QueryDict) else QueryDict(query)
    return VacancyFilter(params, queryset=queryset if queryset is not None else Vacancy.objects.none())


def saved_search_normalize(params: QueryDict) -> tuple[str, dict]:
    """The normalised query string and the cleaned filters; ValidationError({"query": …}) if a filter is bad."""
    filterset = saved_search_filterset(params)
    if not filterset.is_valid():
        messages = [f"{name}: {message}" for name, errors in filterset.form.errors.items() for message in errors]
        raise ValidationError({"query": messages})
    cleaned = {
        name: value
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "", [], ()) and name in filterset.filters
    }
    if cleaned.get("ordering") in ([RELEVANCE], [""]):
        cleaned.pop("ordering")
    if "q" in cleaned and not " ".join(cleaned["q"].split()):
        cleaned.pop("q")
    query = urlencode(sorted((name, _param_value(value)) for name, value in cleaned.items()))
    if len(query) > SAVED_SEARCH_QUERY_MAX_LENGTH:
        raise ValidationError({"query": [_("This search is too long to save.")]})
    return query, cleaned


def saved_search_summary(cleaned: dict) -> str:
    """A readable name for a search, e.g. "teknisi · Bontang Utara", in the current language."""
    parts = []
    if cleaned.get("q"):
        parts.append(" ".join(cleaned["q"].split()))
    for name in ("occupation", "kecamatan", "kelurahan", "min_education"):
        if cleaned.get(name) is not None:
            parts.append(cleaned[name].name)
    if cleaned.get("employment_type"):
        parts.append(str(Vacancy.EmploymentType(cleaned["employment_type"]).label))
    if cleaned.get("wage_min_gte") is not None:
        parts.append(_("from Rp %(wage)s") % {"wage": number_format(cleaned["wage_min_gte"], force_grouping=True)})
    if cleaned.get("company") is not None:
        company = Company.objects.filter(pk=cleaned["company"]).values_list("name", flat=True).first()
        parts.append(company or _("company %(id)s") % {"id": cleaned["company"]})
    if cleaned.get("closing_before"):
        parts.append(_("closing by %(date)s") % {"date": cleaned["closing_before"].isoformat()})
    summary = SUMMARY_SEPARATOR.join(part for part in parts if part) or _("All vacancies")
    if len(summary) > SAVED_SEARCH_NAME_MAX_LENGTH:
        summary = summary[: SAVED_SEARCH_NAME_MAX_LENGTH - 1].rstrip() + "…"
    return summary


def saved_search_url(search: SavedSearch) -> str:
    base = reverse("vacancies:search")
    return f"{base}?{search.query}" if search.query else base


# Writes ---------------------------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())


def _already_saved() -> ValidationError:
    return ValidationError({"query": ValidationError(_("You have saved this search already."), code="duplicate")})


@transaction.atomic
def saved_search_create(*, user: User, params: QueryDict, name: str = "", email_alerts: bool = True) -> SavedSearch:
    """Save a search of /lowongan/ for a jobseeker; the name defaults to a summary of its filters."""
    query, cleaned = saved_search_normalize(params)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one count check at a time per person
    if SavedSearch.objects.filter(user=user, query=query).exists():
        raise _already_saved()
    if SavedSearch.objects.filter(user=user).count() >= SAVED_SEARCHES_MAX:
        raise ValidationError(
            {
                "query": [
                    _("You can keep at most %(count)d saved searches; delete one first.")
                    % {"count": SAVED_SEARCHES_MAX}
                ]
            }
        )
    search = SavedSearch(
        user=user, query=query, name=_clean_name(name) or saved_search_summary(cleaned), email_alerts=email_alerts
    )
    search.full_clean(exclude=["user"])
    try:
        with transaction.atomic():
            search.save()
    except IntegrityError:  # the same search saved at the same moment from another tab
        raise _already_saved() from None
    return search


@transaction.atomic
def saved_search_update(
    *, user: User, search_id: int, name: str | None = None, email_alerts: bool | None = None
) -> SavedSearch:
    """Rename a saved search or switch its e-mail; another person's is SavedSearch.DoesNotExist."""
    search = SavedSearch.objects.select_for_update().get(pk=search_id, user=user)
    fields = []
    if name is not None:
        search.name = _clean_name(name)
        fields.append("name")
    if email_alerts is not None:
        if email_alerts and not search.email_alerts:
            search.last_checked_at = timezone.now()  # no backlog of what was published while it was off
            fields.append("last_checked_at")
        search.email_alerts = email_alerts
        fields.append("email_alerts")
    search.full_clean(exclude=["user"])
    search.save(update_fields=fields)
    return search


@transaction.atomic
def saved_search_delete(*, user: User, search_id: int) -> None:
    """Another person's search is SavedSearch.DoesNotExist, exactly like a missing one."""
    SavedSearch.objects.select_for_update().get(pk=search_id, user=user).delete()


def saved_searches_of(*, user: User):
    return SavedSearch.objects.filter(user=user).order_by("-created_at", "-pk")


# Unsubscribing without logging in ------------------------------------------------------------------------


class InvalidUnsubscribeLink(Exception):
    """The link was changed, cut short or made for another site."""


def unsubscribe_token(user: User) -> str:
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=False)


def unsubscribe_url(user: User) -> str:
    return f"{settings.SITE_URL}{reverse('portal:saved_search_unsubscribe', args=[unsubscribe_token(user)])}"


def unsubscribe_user(token: str) -> User:
    """The account a signed link names; InvalidUnsubscribeLink when it was tampered with."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user_id = int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvalidUnsubscribeLink from None
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise InvalidUnsubscribeLink
    return user


@transaction.atomic
def saved_search_digest_unsubscribe(*, token: str) -> int:
    """Switch off the daily e-mail of every saved search of the link's account; returns how many were on."""
    user = unsubscribe_user(token)
    return SavedSearch.objects.filter(user=user, email_alerts=True).update(email_alerts=False)


# The daily digest -----------------------------------------------------------------------------------------


@dataclass
class DigestSection:
    search: SavedSearch
    vacancies: list
    count: int
    url: str


def _new_matches(search: SavedSearch, *, since: datetime.datetime, until: datetime.datetime) -> DigestSection | None:
    recent = vacancy_list_public().filter(published_at__gt=since, published_at__lte=until)
    filterset = saved_search_filterset(search.query, queryset=recent)
    if not filterset.is_valid():  # a reference code withdrawn since it was saved
        logger.info("Saved search %s no longer valid: %s", search.pk, filterset.form.errors.as_json())
        return None
    matching = filterset.qs.order_by()
    count = matching.count()
    if not count:
        return None
    ids = list(matching.order_by("-published_at", "-pk").values_list("pk", flat=True)[:DIGEST_VACANCIES_PER_SEARCH])
    return DigestSection(
        search=search,
        vacancies=vacancy_rows(ids, with_skills=False),
        count=count,
        url=f"{settings.SITE_URL}{saved_search_url(search)}",
    )


def _recipient_ok(user: User | None) -> bool:
    return bool(user and user.is_active and user.email and not is_counter_placeholder_email(user.email))


def saved_search_digest_send(*, user_id: int, day: datetime.date | None = None) -> bool:
    """E-mail one person the day's new vacancies for all their saved searches; returns whether a message went.

    At most one a day: the day's row is claimed first, in the transaction that sends, so a
    concurrent or later run blocks on it and then finds it taken. A failed send rolls back
    the claim and the searches' `last_checked_at`, for the task's retry.
    """
    day = day or timezone.localdate()
    with transaction.atomic():
        user = User.objects.filter(pk=user_id).first()
        if not _recipient_ok(user):
            return False
        searches = list(
            SavedSearch.objects.select_for_update().filter(user=user, email_alerts=True).order_by("created_at", "pk")
        )
        if not searches:
            return False
        try:
            with transaction.atomic():
                digest = SavedSearchDigest.objects.create(user=user, day=day)
        except IntegrityError:
            return False  # today's digest was claimed by an earlier run
        until = timezone.now()
        with translation.override(language_of(user)):
            sections = [
                section
                for search in searches
                if (section := _new_matches(search, since=search.last_checked_at, until=until)) is not None
            ]
            for search in searches:
                search.last_checked_at = until
                search.save(update_fields=["last_checked_at"])
            total = sum(section.count for section in sections)
            if not total:
                return False  # nothing new: no e-mail today, and the claim says so
            link = unsubscribe_url(user)
            context = {
                "recipient": user,
                "site_url": settings.SITE_URL,
                "sections": sections,
                "total": total,
                "manage_link": f"{settings.SITE_URL}{reverse('portal:saved_search_list')}",
                "unsubscribe_link": link,
            }
            subject = ngettext(
                "%(count)d new vacancy for your saved searches",
                "%(count)d new vacancies for your saved searches",
                total,
            ) % {"count": total}
            body = render_text("portal/email/saved_search_digest_body.txt", context).strip()
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        message.send()
        digest.sent_at = timezone.now()
        digest.vacancy_count = total
        digest.save(update_fields=["sent_at", "vacancy_count"])
    return True


def saved_search_digests_queue(*, day: datetime.date | None = None) -> int:
    """Queue one digest task per person with a saved search that e-mails; returns how many were queued."""
    from portal.tasks import send_saved_search_digest_task

    day = day or timezone.localdate()
    user_ids = list(
        SavedSearch.objects.filter(email_alerts=True, user__is_active=True)
        .exclude(user__in=SavedSearchDigest.objects.filter(day=day).values("user"))
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )
    for user_id in user_ids:
        transaction.on_commit(
            lambda user_id=user_id: send_saved_search_digest_task.delay(user_id, day.isoformat()), robust=True
        )
    return len(user_ids)
