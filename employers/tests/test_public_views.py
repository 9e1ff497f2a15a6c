"""The public vacancy search page and vacancy page."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("vacancies:search")


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_search_page_lists_open_vacancies_with_links(client):
    # given
    vacancy = VacancyFactory(published=True, title="Juru Las")
    VacancyFactory(title="Draft only")
    # when
    response = client.get(SEARCH)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("vacancies:detail", args=[vacancy.pk]) in html
    assert "Draft only" not in html
    assert response.context["total"] == 1


def test_search_finds_welding_by_pengelasan_and_keeps_the_query_in_the_form(client):
    VacancyFactory(published=True, title="Juru Las")
    VacancyFactory(published=True, title="Guru Kelas")
    response = client.get(SEARCH, {"q": "pengelasan"})
    assert [v.title for v in response.context["vacancies"]] == ["Juru Las"]
    assert 'value="pengelasan"' in response.content.decode()


def test_filters_and_sort_are_kept_in_page_links(client):
    # given: 25 vacancies, two pages
    for index in range(25):
        VacancyFactory(published=True, title=f"Operator {index}", wage_min=3_000_000 + index, wage_max=None)
    # when
    response = client.get(SEARCH, {"q": "operator", "ordering": "-wage_min", "min_education": "SMK"})
    # then
    html = response.content.decode()
    assert response.context["vacancies"][0].title == "Operator 24"
    assert "page=2" in html
    next_link = re.search(r'href="\?([^"]*page=2)"', html).group(1).replace("&amp;", "&")
    assert "q=operator" in next_link and "ordering=-wage_min" in next_link and "min_education=SMK" in next_link


@pytest.mark.parametrize(
    ("ordering", "first"),
    [("close_date", "Closes soon"), ("-published_at", "Newest"), ("-wage_min", "Best paid")],
)
def test_sort_options(client, ordering, first):
    today = timezone.localdate()
    now = timezone.now()
    VacancyFactory(
        published=True,
        title="Closes soon",
        close_date=today + datetime.timedelta(days=1),
        published_at=now - datetime.timedelta(days=3),
    )
    VacancyFactory(published=True, title="Newest", published_at=now)
    VacancyFactory(
        published=True,
        title="Best paid",
        wage_min=9_000_000,
        wage_max=None,
        published_at=now - datetime.timedelta(days=5),
    )
    response = client.get(SEARCH, {"ordering": ordering})
    assert response.context["vacancies"][0].title == first


def test_empty_result_suggests_relaxing_filters(client):
    VacancyFactory(published=True, title="Operator")
    response = english(client).get(SEARCH, {"q": "astronaut", "min_education": "SD"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No vacancy matches your search." in html
    assert "Remove a filter" in html
    assert f'href="{SEARCH}"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"occupation": "not-a-code"},
        {"wage_min_gte": "-5"},
        {"ordering": "password"},
        {"q": ""},
        {"page": "99999"},
        {"page": "abc"},
        {"q": "' OR 1=1 --"},
    ],
)
def test_bad_input_gets_a_page_never_a_500(client, params):
    VacancyFactory(published=True)
    response = english(client).get(SEARCH, params)
    assert response.status_code == 200


def test_too_long_query_is_explained_next_to_the_field(client):
    response = english(client).get(SEARCH, {"q": "x" * 5000})
    html = response.content.decode()
    assert "at most 200 characters" in html
    assert response.context["page_obj"] is None


def test_page_beyond_the_last_shows_the_last_page_and_says_so(client):
    VacancyFactory(published=True)
    response = english(client).get(SEARCH, {"page": "99999"})
    assert response.context["page_obj"].number == 1
    assert "That page does not exist" in response.content.decode()


def test_vacancy_page_shows_the_fields_in_words(client):
    # given
    vacancy = VacancyFactory(
        published=True,
        title="Juru Las",
        wage_min=5_500_000,
        wage_max=None,
        close_date=datetime.date(2099, 3, 17),
    )
    # when
    response = client.get(reverse("vacancies:detail", args=[vacancy.pk]))  # Indonesian, the default
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rp 5.500.000" in html
    assert "17 Maret 2099" in html
    assert vacancy.min_education.name in html
    assert vacancy.occupation.name in html
    assert vacancy.company.nib in html
    assert "status--verified" in html
    assert f"Nomor lowongan {vacancy.pk}." in html


def test_vacancy_page_has_job_posting_json_ld(client):
    vacancy = VacancyFactory(published=True, title="Juru <Las>", wage_min=5_000_000, wage_max=6_000_000)
    html = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert "<" not in raw
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Juru <Las>"
    assert data["baseSalary"]["value"]["minValue"] == 5_000_000
    assert data["baseSalary"]["currency"] == "IDR"
    assert data["validThrough"].startswith(vacancy.close_date.isoformat())


@pytest.mark.parametrize("status", [Vacancy.Status.CLOSED, Vacancy.Status.FILLED])
def test_closed_vacancy_answers_410_with_similar_open_ones(client, status):
    # given
    closed = VacancyFactory(published=True, title="Old job")
    Vacancy.objects.filter(pk=closed.pk).update(status=status, closed_at=timezone.now())
    similar = VacancyFactory(published=True, title="Similar job")
    # when
    response = english(client).get(reverse("vacancies:detail", args=[closed.pk]))
    # then
    html = response.content.decode()
    assert response.status_code == 410
    assert "This vacancy is closed" in html
    assert reverse("vacancies:detail", args=[similar.pk]) in html


def test_published_vacancy_past_its_closing_date_is_closed(client):
    vacancy = VacancyFactory(
        published=True,
        open_date=timezone.localdate() - datetime.timedelta(days=40),
        close_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert client.get(reverse("vacancies:detail", args=[vacancy.pk])).status_code == 410


@pytest.mark.parametrize("status", ["draft", "in_review", "rejected"])
def test_never_published_vacancy_is_404(client, status):
    vacancy = VacancyFactory(status=status)
    assert client.get(reverse("vacancies:detail", args=[vacancy.pk])).status_code == 404


def test_next_step_for_anonymous_is_log_in_and_come_back(client):
    vacancy = VacancyFactory(published=True)
    html = english(client).get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert "Log in to apply" in html
    assert "next=%2Flowongan%2F" in html


def test_next_step_for_an_employer_says_only_jobseekers_apply(client):
    member = CompanyMemberFactory()
    vacancy = VacancyFactory(published=True)
    english(client).force_login(member.user)
    html = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert "Only jobseekers can apply" in html


def test_next_step_for_a_jobseeker_without_profile(client):
    user = UserFactory()
    vacancy = VacancyFactory(published=True)
    english(client).force_login(user)
    html = client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
    assert "Fill in your jobseeker profile first." in html


def test_next_step_for_jobseekers_with_and_without_a_card(client):
    from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory

    vacancy = VacancyFactory(published=True)
    without_card = JobseekerProfileFactory()
    english(client).force_login(without_card.user)
    assert "You need an active AK/I card" in client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()

    with_card = AkiCardFactory(active=True).jobseeker
    client.force_login(with_card.user)
    assert "Apply through Disnaker" in client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()


def test_header_and_home_link_to_the_search_and_the_vacancy_pages(client):
    vacancy = VacancyFactory(published=True)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{SEARCH}"' in html
    assert reverse("vacancies:detail", args=[vacancy.pk]) in html
