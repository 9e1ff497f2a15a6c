import pytest
import yaml
from django.urls import reverse
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.tests.factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def user(api):
    user = UserFactory()
    api.force_authenticate(user)
    return user


def test_the_list_needs_credentials(api):
    # when
    response = api.get(reverse("api:notice-list"))
    # then
    assert response.status_code == 401


def test_the_list_has_only_the_users_own_notices(api, user):
    # given
    mine = NoticeFactory(recipient=user, subject="Mine")
    NoticeFactory(subject="Theirs")
    # when
    response = api.get(reverse("api:notice-list"))
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"][0] == {
        "id": mine.pk,
        "subject": "Mine",
        "body": mine.body,
        "url": mine.url,
        "created_at": body["results"][0]["created_at"],
        "read_at": None,
    }


def test_marking_read(api, user):
    # given
    notice = NoticeFactory(recipient=user)
    # when
    response = api.post(reverse("api:notice-read", args=[notice.pk]))
    # then
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_another_persons_notice_is_not_found(api, user):
    # given
    notice = NoticeFactory()
    # when
    response = api.post(reverse("api:notice-read", args=[notice.pk]))
    # then
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_non_numeric_id_is_not_found(api, user):
    # when
    response = api.post("/api/v1/me/notices/abc/read/")
    # then
    assert response.status_code == 404


def test_the_schema_documents_the_notice_endpoints(api):
    # when
    document = yaml.safe_load(api.get(reverse("api:schema")).content)
    # then
    paths = document["paths"]
    assert set(paths["/api/v1/me/notices/"]["get"]["responses"]) >= {"200", "401"}
    assert set(paths["/api/v1/me/notices/{id}/read/"]["post"]["responses"]) >= {"200", "401", "404"}
