"""Material changes to a published vacancy wait for Disnaker's review (issue 9, point 2)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bontang_aker.reference.models import Skill
from employers import services
from employers.models import Vacancy, VacancyRevision
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from portal.api import staff_queues_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def vacancy(member):
    return VacancyFactory(company=member.company_membership.company, published=True, wage_min=4_000_000)


def api_client(user) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(user)
    return client


def patch(user, vacancy, body):
    return api_client(user).patch(reverse("api:employer-vacancy-detail", args=[vacancy.pk]), body, format="json")


def public_page(client, vacancy) -> str:
    response = client.get(reverse("vacancies:detail", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_a_wage_change_waits_and_the_public_page_keeps_the_old_wage(client, member, vacancy):
    response = patch(member, vacancy, {"wage_min": 4_500_000, "wage_max": 6_000_000})
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert body["data"] == {"wage_min": 4_500_000, "wage_max": 6_000_000}
    assert body["previous"] == {"wage_min": 4_000_000, "wage_max": 5_500_000}
    vacancy.refresh_from_db()
    assert vacancy.wage_min == 4_000_000
    html = public_page(client, vacancy)
    assert "Being updated" in html
    assert "4.000.000" in html and "4.500.000" not in html
    # the employer's list shows it too
    client.force_login(member)
    listing = client.get(reverse("employers:vacancy_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Being updated" in listing


def test_approval_applies_the_values_and_keeps_the_version(client, member, vacancy, petugas):
    skill = Skill.objects.active().first()
    revision = services.vacancy_revise(vacancy_id=vacancy.pk, by=member, wage_min=4_500_000, openings=5, skills=[skill])
    services.vacancy_revision_approve(revision_id=revision.pk, by=petugas)
    vacancy.refresh_from_db()
    assert (vacancy.wage_min, vacancy.openings) == (4_500_000, 5)
    assert list(vacancy.skills.all()) == [skill]
    revision.refresh_from_db()
    assert revision.status == VacancyRevision.Status.APPROVED and revision.decided_by == petugas
    assert revision.previous["wage_min"] == 4_000_000
    assert list(revision.events.values_list("to_status", flat=True)) == ["pending", "approved"]
    html = public_page(client, vacancy)
    assert "4.500.000" in html and "Being updated" not in html
    # the public search finds it with the new values (search vector refreshed)
    assert Vacancy.objects.filter(pk=vacancy.pk, search_vector__isnull=False).exists()
    # a later change is the next version
    second = services.vacancy_revise(vacancy_id=vacancy.pk, by=member, wage_min=4_800_000)
    assert second.number == 2


def test_rejection_keeps_the_old_values_and_the_employer_sees_the_reason(client, member, vacancy, petugas):
    revision = services.vacancy_revise(vacancy_id=vacancy.pk, by=member, wage_min=1_000)
    with pytest.raises(services.ValidationError):
        services.vacancy_revision_reject(revision_id=revision.pk, by=petugas, reason="  ")
    services.vacancy_revision_reject(revision_id=revision.pk, by=petugas, reason="Di bawah UMK Bontang.")
    vacancy.refresh_from_db()
    assert vacancy.wage_min == 4_000_000
    client.force_login(member)
    page = client.get(reverse("employers:vacancy_detail", args=[vacancy.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Di bawah UMK Bontang." in page.content.decode()
    with pytest.raises(services.TransitionError):
        services.vacancy_revision_approve(revision_id=revision.pk, by=petugas)


def test_a_description_change_applies_at_once(member, vacancy):
    response = patch(member, vacancy, {"description": "Deskripsi yang diperbaiki.", "title": vacancy.title.upper()})
    assert response.status_code == 200
    vacancy.refresh_from_db()
    assert vacancy.description == "Deskripsi yang diperbaiki."
    assert vacancy.title == vacancy.title.upper()
    assert not vacancy.revisions.exists()


def test_a_second_change_joins_the_pending_one_and_bad_values_are_400(member, vacancy):
    assert patch(member, vacancy, {"wage_min": 4_500_000}).status_code == 202
    response = patch(member, vacancy, {"wage_max": 1_000})  # below the (proposed) minimum
    assert response.status_code == 400 and "wage_max" in response.json()
    assert patch(member, vacancy, {"openings": 6}).status_code == 202
    revision = vacancy.revisions.get()
    assert revision.data == {"wage_min": 4_500_000, "openings": 6}


def test_another_company_reaches_neither_the_vacancy_nor_the_revision(client, member, vacancy):
    other = CompanyMemberFactory().user
    assert patch(other, vacancy, {"wage_min": 4_500_000}).status_code == 404
    client.force_login(other)
    assert client.get(reverse("employers:vacancy_edit", args=[vacancy.pk])).status_code == 404
    assert client.get(reverse("employers:vacancy_detail", args=[vacancy.pk])).status_code == 404
    revision = services.vacancy_revise(vacancy_id=vacancy.pk, by=member, wage_min=4_500_000)
    # employers are not staff: the staff API and the admin are closed to them
    url = reverse("api:staff-vacancy-revision-approve", args=[revision.pk])
    assert api_client(other).post(url, {}, format="json").status_code == 403
    assert api_client(member).post(url, {}, format="json").status_code == 403
    revision.refresh_from_db()
    assert revision.status == "pending"


def test_the_employer_form_of_a_published_vacancy_proposes_a_revision(client, member, vacancy):
    client.force_login(member)
    url = reverse("employers:vacancy_edit", args=[vacancy.pk])
    assert client.get(f"{url}?langkah=3", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    step3 = {
        "openings": vacancy.openings,
        "openings_male": "",
        "openings_female": "",
        "wage_min": 4_750_000,
        "wage_max": vacancy.wage_max,
        "wage_period": vacancy.wage_period,
        "work_kelurahan": vacancy.work_kelurahan_id,
        "work_location": vacancy.work_location,
        "open_date": vacancy.open_date.isoformat(),
        "close_date": vacancy.close_date.isoformat(),
        "other_information": "",
    }
    response = client.post(f"{url}?langkah=3", step3, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "shown once Disnaker approves them" in html
    assert "Being updated" in html  # the detail page says so too
    revision = vacancy.revisions.get()
    assert revision.data == {"wage_min": 4_750_000}  # only what changed
    vacancy.refresh_from_db()
    assert vacancy.wage_min == 4_000_000
    # a wrong value is shown on its field, nothing saved
    response = client.post(f"{url}?langkah=3", {**step3, "wage_max": 1_000}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "wage_max" in response.context["form"].errors
    assert vacancy.revisions.get().data == {"wage_min": 4_750_000}


def test_staff_see_the_queue_the_diff_and_decide(client, member, vacancy, petugas):
    revision = services.vacancy_revise(vacancy_id=vacancy.pk, by=member, wage_min=4_500_000)
    queue = next(q for q in staff_queues_for(petugas) if q["key"] == "vacancy_revisions")
    assert queue["count"] == 1
    client.force_login(petugas)
    listing = client.get(reverse("admin:employers_vacancyrevision_changelist"))
    assert listing.status_code == 200
    page = client.get(reverse("admin:employers_vacancyrevision_change", args=[revision.pk]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="diff-wage_min"' in html
    assert "Rp 4.000.000" in html and "Rp 4.500.000" in html  # money in words, as on the vacancy page
    assert 'data-decision="approve"' in html and 'data-decision="reject"' in html
    # the staff API decides too
    api = api_client(petugas)
    url = reverse("api:staff-vacancy-revision-reject", args=[revision.pk])
    assert api.post(url, {"reason": ""}, format="json").status_code == 400
    response = api.post(url, {"reason": "Upah tidak wajar."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert api.post(url, {"reason": "Lagi."}, format="json").status_code == 409


def test_a_closed_vacancy_takes_no_approval_and_a_title_rewrite_waits(member, vacancy, petugas):
    revision = patch(member, vacancy, {"title": "Manajer Pabrik"}).json()
    assert revision["data"] == {"title": "Manajer Pabrik"}
    services.vacancy_close(vacancy_id=vacancy.pk, by=member)
    with pytest.raises(services.VacancyLockedError):
        services.vacancy_revision_approve(revision_id=revision["id"], by=petugas)
    vacancy.refresh_from_db()
    assert vacancy.title != "Manajer Pabrik"
