"""The short cache of public vacancy pages: shared only where nothing is personal, dropped on change."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from employers import public_cache, services
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("vacancies:search")
HOME = reverse("home")
LIST_URL = reverse("api:vacancy-list")


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    cache.clear()
    public_cache._paused_until = 0.0
    yield
    cache.clear()
    public_cache._paused_until = 0.0


def test_a_repeated_search_is_served_from_the_cache(client, django_assert_max_num_queries):
    # given
    VacancyFactory(published=True, title="Juru Las")
    client.get(SEARCH, {"q": "las"})

    # when / then: no query at all for an anonymous visitor
    with django_assert_max_num_queries(0):
        response = client.get(SEARCH, {"q": "las"})
    assert "Juru Las" in response.content.decode()


def test_nobody_sees_another_persons_header_on_a_cached_page(client):
    # given: the results cached by a logged-in person's visit
    VacancyFactory(published=True, title="Juru Las")
    person = UserFactory(full_name="Siti Rahmawati")
    client.force_login(person)
    as_person = client.get(SEARCH, {"q": "las"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # when: an anonymous visitor asks for the same search
    client.logout()
    as_anonymous = client.get(SEARCH, {"q": "las"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then: the results are shared, the header is each one's own
    assert "Juru Las" in as_person and "Juru Las" in as_anonymous
    assert "Log out" in as_person and "My dashboard" in as_person
    assert "Log out" not in as_anonymous and "My dashboard" not in as_anonymous
    assert "Siti Rahmawati" not in as_anonymous and person.email not in as_anonymous


def test_the_home_page_keeps_each_persons_entry_points(client):
    # given: the latest vacancies cached by an anonymous visit
    VacancyFactory(published=True, title="Juru Las")
    client.get(HOME)
    member = CompanyMemberFactory()
    jobseeker = UserFactory()

    # when
    client.force_login(member.user)
    as_employer = client.get(HOME).content.decode()
    client.force_login(jobseeker)
    as_jobseeker = client.get(HOME).content.decode()

    # then
    report = reverse("employers:vacancy_create")
    assert "Juru Las" in as_employer and "Juru Las" in as_jobseeker
    assert report in as_employer and report not in as_jobseeker


def test_a_vacancy_published_shows_at_once(client, petugas, django_capture_on_commit_callbacks):
    # given: the list cached before the vacancy was published
    vacancy = VacancyFactory(in_review=True, title="Juru Masak")
    assert "Juru Masak" not in client.get(SEARCH).content.decode()
    assert LIST_URL and APIClient().get(LIST_URL).json()["count"] == 0

    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_publish(vacancy_id=vacancy.pk, by=petugas)

    # then
    assert "Juru Masak" in client.get(SEARCH).content.decode()
    assert "Juru Masak" in client.get(HOME).content.decode()
    assert APIClient().get(LIST_URL).json()["count"] == 1


def test_a_vacancy_closed_goes_at_once(client, django_capture_on_commit_callbacks):
    # given
    vacancy = VacancyFactory(published=True, title="Juru Masak")
    assert "Juru Masak" in client.get(SEARCH).content.decode()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.vacancy_close(vacancy_id=vacancy.pk, by=None)

    # then
    assert "Juru Masak" not in client.get(SEARCH).content.decode()


def test_without_the_cache_setting_every_request_is_fresh(client, settings):
    # given
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(SEARCH)
    VacancyFactory(published=True, title="Juru Masak")  # not through the services: nothing is told

    # then
    assert "Juru Masak" in client.get(SEARCH).content.decode()


def test_a_cache_outage_renders_the_page_without_it(client, monkeypatch):
    # given: a cache that fails on every call
    VacancyFactory(published=True, title="Juru Las")

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)

    # when
    page = client.get(SEARCH, {"q": "las"})
    answer = APIClient().get(LIST_URL)

    # then
    assert page.status_code == 200 and "Juru Las" in page.content.decode()
    assert answer.status_code == 200 and answer.json()["count"] == 1
    assert public_cache._paused_until > 0  # and the cache is left alone for a while


def test_the_api_list_is_cached_per_address_and_language():
    # given
    VacancyFactory(published=True, title="Juru Las", employment_type=Vacancy.EmploymentType.CONTRACT)
    api = APIClient()
    indonesian = api.get(LIST_URL).json()

    # when
    english = api.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").json()

    # then
    assert indonesian["results"][0]["employment_type_display"] != english["results"][0]["employment_type_display"]
    assert english["results"][0]["employment_type_display"] == "Fixed-term contract (PKWT)"
