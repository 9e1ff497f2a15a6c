"""The staff work queues across the domain apps: how much waits for Disnaker, and since when.

Each queue is shown only to staff holding the permission its decisions need (accounts/roles.py),
and costs one query (a count and the oldest date together). Its `url` is the staff API list
that holds the waiting records, oldest first.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Min, Model, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.models import Company, Vacancy, VacancyRevision
from jobseekers.api.common import IsJobseeker
from jobseekers.models import AkiCard, NikConflict
from jobseekers.selectors import profile_of
from placements.models import Application, JobseekerHireReport, Placement, Referral
from placements.selectors import referrals_with_overdue_hire_report


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    permission: str
    model: type[Model]
    status: str
    since_field: str  # when a record joined the queue: the oldest one is the longest waiting
    list_url_name: str
    # Narrows the queue beyond its status: (lookup, value) pairs, with the same filter in the list's query string.
    extra_filter: tuple[tuple[str, Any], ...] = ()
    extra_query: str = ""
    # The admin list staff decide from, filtered to the queue and (QueueOrderingMixin) oldest first.
    admin_url_name: str = ""
    admin_query: str = ""  # default: status__exact=<status>
    # A queue that is not a status: the records waiting, annotated with `since_field`.
    waiting: Callable[[], QuerySet] | None = None

    def records(self) -> QuerySet:
        if self.waiting is not None:
            return self.waiting()
        return self.model.objects.filter(status=self.status, **dict(self.extra_filter))

    def admin_url(self) -> str:
        return f"{reverse(self.admin_url_name)}?{self.admin_query or f'status__exact={self.status}'}"


QUEUES = (
    Queue(
        "aki_cards",
        _("AK/I card requests to verify"),
        "jobseekers.verify_akicard",
        AkiCard,
        AkiCard.Status.REQUESTED,
        "requested_at",
        "api:staff-card-list",
        admin_url_name="admin:jobseekers_akicard_changelist",
    ),
    Queue(
        "nik_conflicts",
        _("NIK conflicts to resolve"),
        "jobseekers.verify_akicard",
        NikConflict,
        NikConflict.Status.OPEN,
        "opened_at",
        "api:staff-nik-conflict-list",
        admin_url_name="admin:jobseekers_nikconflict_changelist",
    ),
    Queue(
        "companies",
        _("Companies awaiting verification"),
        "employers.verify_company",
        Company,
        Company.Status.PENDING,
        "created_at",
        "api:staff-company-list",
        admin_url_name="admin:employers_company_changelist",
    ),
    Queue(
        "vacancies",
        _("Vacancies awaiting review"),
        "employers.moderate_vacancy",
        Vacancy,
        Vacancy.Status.IN_REVIEW,
        "submitted_at",
        "api:staff-vacancy-list",
        admin_url_name="admin:employers_vacancy_changelist",
    ),
    Queue(
        "vacancy_revisions",
        _("Changes to published vacancies awaiting review"),
        "employers.moderate_vacancy",
        VacancyRevision,
        VacancyRevision.Status.PENDING,
        "created_at",
        "api:staff-vacancy-revision-list",
        admin_url_name="admin:employers_vacancyrevision_changelist",
    ),
    Queue(
        "applications",
        _("Applications to screen"),
        "placements.refer_candidate",
        Application,
        Application.Status.SUBMITTED,
        "created_at",
        "api:staff-application-list",
        admin_url_name="admin:placements_application_changelist",
    ),
    Queue(
        "placements",
        _("Hire reports to review"),
        "placements.review_placement",
        Placement,
        Placement.Status.REPORTED,
        "created_at",
        "api:staff-placement-list",
        admin_url_name="admin:placements_placement_changelist",
    ),
    Queue(
        "jobseeker_hire_reports",
        _("Jobseekers' own hire reports the employer has not reported"),
        "placements.review_placement",
        JobseekerHireReport,
        JobseekerHireReport.Status.REPORTED,
        "reported_at",
        "api:staff-hire-report-list",
        extra_filter=(("placement__isnull", True),),
        extra_query="&matched=false",
        admin_url_name="admin:placements_jobseekerhirereport_changelist",
        admin_query="status__exact=reported&matched=no",
    ),
    Queue(
        "overdue_hire_reports",
        _("Overdue: accepted candidates whose hire the company has not reported"),
        "placements.review_placement",
        Referral,
        Referral.Status.ACCEPTED,
        "overdue_since",
        "",  # no staff API list of its own
        admin_url_name="admin:placements_referral_changelist",
        admin_query="hire_report=overdue",
        waiting=lambda: referrals_with_overdue_hire_report(),
    ),
)


def staff_queues_for(user) -> list[dict]:
    """The queues `user` works on, each with its count and its oldest record's date and age."""
    now = timezone.now()
    rows = []
    for queue in QUEUES:
        if not user.has_perm(queue.permission):
            continue
        totals = queue.records().order_by().aggregate(count=Count("pk"), oldest=Min(queue.since_field))
        oldest = totals["oldest"]
        if isinstance(oldest, datetime.date) and not isinstance(oldest, datetime.datetime):  # a day, from its start
            oldest = timezone.make_aware(datetime.datetime.combine(oldest, datetime.time.min))
        rows.append(
            {
                "key": queue.key,
                "label": queue.label,
                "count": totals["count"],
                "oldest_since": oldest,
                "oldest_age_seconds": None if oldest is None else max(0, int((now - oldest).total_seconds())),
                "oldest_age_display": None if oldest is None else timesince(oldest, now),
                "url": None
                if queue.waiting
                else f"{reverse(queue.list_url_name)}?status={queue.status}{queue.extra_query}",
                "admin_url": queue.admin_url(),
            }
        )
    return rows


class IsDisnakerStaff(BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class StaffQueueSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=[queue.key for queue in QUEUES], help_text=_("Stable name of the queue."))
    label = serializers.CharField(help_text=_("What waits, in the user's language."))
    count = serializers.IntegerField(min_value=0)
    oldest_since = serializers.DateTimeField(
        allow_null=True, help_text=_("When the longest-waiting record joined the queue; null when it is empty.")
    )
    oldest_age_seconds = serializers.IntegerField(
        min_value=0, allow_null=True, help_text=_("How long it has been waiting, in seconds.")
    )
    oldest_age_display = serializers.CharField(
        allow_null=True, help_text=_("The same in words, in the user's language, e.g. 2 days, 3 hours.")
    )
    url = serializers.CharField(
        allow_null=True,
        help_text=_("The staff API list of the waiting records, oldest first; null when there is none."),
    )
    admin_url = serializers.CharField(help_text=_("The administration's list of the waiting records, oldest first."))


class StaffQueuesSerializer(serializers.Serializer):
    queues = StaffQueueSerializer(many=True)


@extend_schema(tags=["staff"])
class StaffQueuesView(APIView):
    permission_classes = [IsDisnakerStaff]

    @extend_schema(
        summary="The staff work queues",
        description=(
            "For each queue the staff member works on (by permission): how many records wait, "
            "and since when the oldest waits. A staff member without any of the permissions gets an empty list."
        ),
        responses={
            200: StaffQueuesSerializer,
            403: OpenApiResponse(description=_("Only Disnaker staff see the work queues.")),
        },
    )
    def get(self, request):
        return Response(StaffQueuesSerializer({"queues": staff_queues_for(request.user)}).data)


class MyDataExportView(APIView):
    """All my personal data as JSON (UU 27/2022): the same content as the page's download."""

    permission_classes = [IsAuthenticated, IsJobseeker]

    @extend_schema(
        tags=["me"],
        responses={
            200: OpenApiResponse(
                description="profile, education, experience, skills, preferred_occupations, documents (with "
                "download_url), aki_cards (with events), applications (with referral and events), placements, "
                "notices, consent (with history) and data_access_log."
            ),
            403: OpenApiResponse(description="Not a jobseeker's account."),
        },
    )
    def get(self, request):
        from portal.privacy import personal_data_export

        response = Response(personal_data_export(profile=profile_of(request.user)))
        response["Cache-Control"] = "private, no-store"
        return response
