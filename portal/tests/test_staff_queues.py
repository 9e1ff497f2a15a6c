"""The staff work queues (what waits, since when, for whom), and the staff API answering as documented."""

import datetime

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from employers.models import Company, Vacancy, VacancyRevision
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory
from placements.models import Application, Placement, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory
from placements.tests.test_staff_api import reported_placement

pytestmark = pytest.mark.django_db

URL = reverse("api:staff-queues")
KEYS = [
    "aki_cards",
    "nik_conflicts",
    "companies",
    "vacancies",
    "vacancy_revisions",
    "applications",
    "placements",
    "jobseeker_hire_reports",
    "overdue_hire_reports",
]


def api(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


def queues(user) -> dict[str, dict]:
    response = api(user).get(URL)
    assert response.status_code == 200
    return {row["key"]: row for row in response.json()["queues"]}


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


def test_each_queue_counts_its_waiting_records_and_ages_the_oldest(petugas):
    # given: two of each waiting, the older one backdated; records in other statuses do not count
    cards = [AkiCardFactory(), AkiCardFactory()]
    AkiCard.objects.filter(pk=cards[0].pk).update(requested_at=ago(days=3))
    AkiCardFactory(active=True)
    companies = [CompanyFactory(), CompanyFactory()]
    Company.objects.filter(pk=companies[0].pk).update(created_at=ago(days=2, hours=1))
    vacancies = [VacancyFactory(in_review=True), VacancyFactory(in_review=True)]
    Vacancy.objects.filter(pk=vacancies[0].pk).update(submitted_at=ago(hours=5))
    revisions = [
        VacancyRevision.objects.create(vacancy=VacancyFactory(published=True), number=1, data={"openings": 9})
        for _ in range(2)
    ]
    VacancyRevision.objects.filter(pk=revisions[0].pk).update(created_at=ago(hours=7))
    VacancyRevision.objects.create(
        vacancy=revisions[1].vacancy, number=2, data={"openings": 8}, status="rejected", reason="Tidak."
    )
    applications = [ApplicationFactory(), ApplicationFactory()]
    Application.objects.filter(pk=applications[0].pk).update(created_at=ago(days=10))
    ApplicationFactory(status=Application.Status.NOT_REFERRED)
    placements = [reported_placement(), reported_placement()]
    Placement.objects.filter(pk=placements[0].pk).update(created_at=ago(minutes=30))
    reported_placement(status=Placement.Status.VERIFIED)

    # when
    result = queues(petugas)

    # then
    assert list(result) == KEYS
    expected_ages = {
        "aki_cards": 3 * 86400,
        "companies": 2 * 86400 + 3600,
        "vacancies": 5 * 3600,
        "vacancy_revisions": 7 * 3600,
        "applications": 10 * 86400,
        "placements": 30 * 60,
    }
    for key, seconds in expected_ages.items():
        row = result[key]
        assert row["count"] == 2, key
        assert seconds <= row["oldest_age_seconds"] <= seconds + 60, key
        since = datetime.datetime.fromisoformat(row["oldest_since"])
        assert abs((timezone.now() - since).total_seconds() - seconds) < 60, key
    assert result["aki_cards"]["oldest_age_display"] == "3\xa0days"
    assert result["vacancies"]["oldest_age_display"] == "5\xa0hours"


def test_labels_and_links_lead_to_the_waiting_records(petugas):
    # given
    CompanyFactory()

    # when
    row = queues(petugas)["companies"]

    # then
    assert row["label"] == "Companies awaiting verification"
    assert row["url"] == reverse("api:staff-company-list") + "?status=pending"
    listed = api(petugas).get(row["url"]).json()
    assert listed["count"] == row["count"] == 1


def test_an_empty_queue_has_no_age(petugas):
    # given
    CompanyFactory(verified=True)

    # when
    row = queues(petugas)["companies"]

    # then
    assert row["count"] == 0
    assert (row["oldest_since"], row["oldest_age_seconds"], row["oldest_age_display"]) == (None, None, None)


def test_kabid_works_on_none_of_the_queues(kabid):
    # given
    CompanyFactory()

    # when / then: kabid supervises; the five decisions belong to the petugas group
    assert queues(kabid) == {}


def test_a_staff_member_sees_only_the_queues_of_their_permissions():
    # given
    user = UserFactory(role=User.Role.STAFF, is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="employers", codename="verify_company"),
        Permission.objects.get(content_type__app_label="placements", codename="review_placement"),
    )

    # when
    result = queues(User.objects.get(pk=user.pk))

    # then
    assert list(result) == ["companies", "placements", "jobseeker_hire_reports", "overdue_hire_reports"]


def test_each_queue_costs_one_query(petugas, django_assert_num_queries):
    # given
    AkiCardFactory()
    CompanyFactory()
    petugas.get_all_permissions()  # the permission cache, filled once per request in real use
    client = api(petugas)

    # when / then
    with django_assert_num_queries(len(KEYS)):
        response = client.get(URL)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("who", "status_code"),
    [("anonymous", 401), ("jobseeker", 403), ("employer", 403)],
)
def test_the_queues_are_for_staff_only(who, status_code):
    # given
    user = {"anonymous": None, "jobseeker": UserFactory(), "employer": CompanyMemberFactory().user}[who]

    # when
    response = api(user).get(URL)

    # then
    assert response.status_code == status_code
    assert set(response.json()) == {"detail", "code"}


# The staff API as its schema says ------------------------------------------------------------
# tests/test_api_schemathesis.py calls every operation anonymously and as a jobseeker, which the
# staff API refuses; here a petugas calls the staff operations, so the lists and the decisions
# (200, 400, 404, 409) are checked against the schema too.

staff_schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application()).include(
    path_regex="^/api/v1/staff/"
)


@pytest.fixture
def in_process_requests():
    """Requests handled in this test's transaction (see tests/test_api_schemathesis.py)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cache.clear()
    yield
    cache.clear()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def waiting_records():
    for _ in range(2):
        CompanyFactory()
        VacancyFactory(in_review=True)
        AkiCardFactory()
        ApplicationFactory()
        reported_placement()


@staff_schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@pytest.mark.usefixtures("in_process_requests", "waiting_records")
def test_the_staff_api_answers_a_petugas_as_documented(case):
    token, _ = Token.objects.get_or_create(user=UserFactory(email="petugas-schema@example.id", petugas=True))
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_headers_conformance,
            response_schema_conformance,
            negative_data_rejection,
        ],
    )


def test_overdue_hire_reports_are_a_queue_aged_from_the_start_date(petugas, settings):
    # given: accepted candidates, one starting 20 days ago (deadline 14 days: overdue), one 3 days ago
    today = timezone.localdate()
    late = ReferralFactory(status=Referral.Status.ACCEPTED, start_date=today - datetime.timedelta(days=20))
    ReferralFactory(status=Referral.Status.ACCEPTED, start_date=today - datetime.timedelta(days=3))
    ReferralFactory(status=Referral.Status.REFERRED)

    # when
    row = queues(petugas)["overdue_hire_reports"]

    # then: the late one only, its age counted from the start of its start date (WITA)
    assert row["count"] == 1
    assert 20 * 86400 <= row["oldest_age_seconds"] < 21 * 86400
    assert row["url"] is None
    listed = api_admin_list(petugas, row["admin_url"])
    assert [referral.pk for referral in listed] == [late.pk]


def api_admin_list(user, url) -> list:
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_each_queue_links_to_its_admin_list_oldest_first(petugas):
    # given two cards waiting, the older one created second
    newer, older = AkiCardFactory(), AkiCardFactory()
    AkiCard.objects.filter(pk=older.pk).update(requested_at=ago(days=4))
    AkiCardFactory(active=True)

    # when staff follow the queue's link
    row = queues(petugas)["aki_cards"]
    listed = api_admin_list(petugas, row["admin_url"])

    # then the admin list holds exactly the waiting ones, the longest waiting first
    assert [card.pk for card in listed] == [older.pk, newer.pk]


def test_the_admin_home_page_shows_the_queues(petugas):
    from django.test import Client

    CompanyFactory()
    client = Client(headers={"accept-language": "en"})
    client.force_login(petugas)
    page = client.get(reverse("admin:index")).content.decode()
    assert 'id="work-queues"' in page
    assert "Companies awaiting verification" in page
    assert reverse("admin:employers_company_changelist") + "?status__exact=pending" in page
