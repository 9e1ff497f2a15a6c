"""The personal dashboard: each role sees its own records and its next step."""

import pytest
from django.urls import reverse

from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db


def test_dashboard_requires_login(client):
    # when
    response = client.get(reverse("portal:dashboard"))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_jobseeker_sees_own_profile_and_card_only(client):
    # given
    mine = AkiCardFactory(active=True)
    other = AkiCardFactory(active=True)
    client.force_login(mine.jobseeker.user)

    # when
    content = client.get(reverse("portal:dashboard")).content.decode()

    # then
    assert mine.jobseeker.full_name in content
    assert mine.jobseeker.nik in content
    assert mine.number in content
    assert other.jobseeker.nik not in content
    assert other.number not in content
    assert other.jobseeker.full_name not in content


def test_jobseeker_dashboard_shows_local_status(client):
    # given
    outside = JobseekerProfileFactory(outside=True)
    client.force_login(outside.user)

    # when
    response = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en")

    # then
    assert "Non-local — Kutai Timur" in response.content.decode()
    assert response.context["card"] is None


def test_employer_sees_only_own_company_counts(client):
    # given
    member = CompanyMemberFactory()
    VacancyFactory.create_batch(2, company=member.company, published=True)
    VacancyFactory(company=member.company)
    other_company_vacancies = VacancyFactory.create_batch(5, published=True)
    client.force_login(member.user)

    # when
    response = client.get(reverse("portal:dashboard"))

    # then
    counts = {value: n for value, _label, n in response.context["vacancy_counts"]}
    assert counts["published"] == 2
    assert counts["draft"] == 1
    assert response.context["vacancy_total"] == 3
    content = response.content.decode()
    assert member.company.name in content
    assert other_company_vacancies[0].company.name not in content


def test_employer_without_company_gets_guidance(client):
    # given
    user = UserFactory(employer=True)
    client.force_login(user)

    # when
    response = client.get(reverse("portal:dashboard"))

    # then
    assert response.status_code == 200
    assert response.context["company"] is None


def test_staff_sees_groups_and_admin_links(client, petugas):
    # given
    client.force_login(petugas)

    # when
    response = client.get(reverse("portal:dashboard"), HTTP_ACCEPT_LANGUAGE="en")

    # then
    content = response.content.decode()
    assert "Job placement officer (petugas antar kerja)" in content
    assert reverse("admin:index") in content
    assert "vacancy_counts" not in response.context
    assert "profile" not in response.context


def test_jobseeker_is_not_offered_the_admin(client):
    # given
    profile = JobseekerProfileFactory()
    client.force_login(profile.user)

    # when
    content = client.get(reverse("portal:dashboard")).content.decode()

    # then
    assert reverse("admin:index") not in content.split('id="main"')[1].split("</main>")[0]
