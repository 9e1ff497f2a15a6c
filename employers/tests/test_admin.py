import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.urls import reverse

from bontang_aker.core.tests.admin_helpers import change_form_data, choose_action, confirm_action, offered_actions
from employers.models import Company, CompanyEvent, Vacancy, VacancyEvent
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory

pytestmark = pytest.mark.django_db

COMPANIES = reverse("admin:employers_company_changelist")
VACANCIES = reverse("admin:employers_vacancy_changelist")


def messages_of(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


# Petugas antar kerja ----------------------------------------------------------------------


def test_petugas_sees_the_vacancy_list_with_moderation_actions(client, petugas):
    # given a vacancy waiting for review
    VacancyFactory(in_review=True)
    client.force_login(petugas)
    # when the petugas opens the vacancy list
    actions = offered_actions(client, VACANCIES)
    # then publish and reject are offered
    assert {"publish", "reject"} <= actions


def test_petugas_publishes_a_vacancy_in_review(client, petugas):
    # given a vacancy in review
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    # when the petugas runs the publish action on it
    response = choose_action(client, VACANCIES, "publish", [vacancy])
    # then it is published by the service, with an event naming the petugas
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert vacancy.published_at is not None
    event = VacancyEvent.objects.get(vacancy=vacancy, to_status=Vacancy.Status.PUBLISHED)
    assert event.actor == petugas
    assert event.from_status == Vacancy.Status.IN_REVIEW
    assert [level for level, _ in messages_of(response)] == [SUCCESS]


def test_publishing_a_draft_shows_an_error_and_changes_nothing(client, petugas):
    # given a draft vacancy (not submitted for review)
    vacancy = VacancyFactory()
    client.force_login(petugas)
    # when the petugas tries to publish it
    response = choose_action(client, VACANCIES, "publish", [vacancy])
    # then an error message explains why and nothing changed
    messages = messages_of(response)
    assert [level for level, _ in messages] == [ERROR]
    assert str(vacancy) in messages[0][1]
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT
    assert vacancy.published_at is None
    assert not VacancyEvent.objects.filter(vacancy=vacancy).exists()


def test_publish_reports_successes_and_failures_separately(client, petugas):
    # given one vacancy in review and one draft
    ready, draft = VacancyFactory(in_review=True), VacancyFactory()
    client.force_login(petugas)
    # when both are published at once
    response = choose_action(client, VACANCIES, "publish", [ready, draft])
    # then the ready one is published, the draft is reported and untouched
    assert sorted(level for level, _ in messages_of(response)) == [SUCCESS, ERROR]
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert ready.status == Vacancy.Status.PUBLISHED
    assert draft.status == Vacancy.Status.DRAFT


def test_petugas_rejects_a_vacancy_with_a_reason(client, petugas):
    # given a vacancy in review
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    # when the petugas chooses reject, a page asks for the reason
    response = choose_action(client, VACANCIES, "reject", [vacancy])
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    # and when they confirm with a reason
    response = confirm_action(client, VACANCIES, "reject", [vacancy], reason="Upah di bawah UMK Bontang.")
    # then the vacancy is rejected and the reason is in its history
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.REJECTED
    event = VacancyEvent.objects.get(vacancy=vacancy, to_status=Vacancy.Status.REJECTED)
    assert (event.actor, event.note) == (petugas, "Upah di bawah UMK Bontang.")


def test_rejecting_without_a_reason_asks_again_and_changes_nothing(client, petugas):
    # given a vacancy in review
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    # when the reject page is confirmed with a blank reason
    response = confirm_action(client, VACANCIES, "reject", [vacancy], reason="   ")
    # then the page is shown again with an error, and the vacancy is still in review
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW


def test_petugas_verifies_a_pending_company(client, petugas):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(petugas)
    # when the petugas verifies it
    choose_action(client, COMPANIES, "verify", [company])
    # then it is verified with the date and an event
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    assert company.verified_at is not None
    assert CompanyEvent.objects.filter(company=company, actor=petugas, to_status="verified").exists()


def test_petugas_cannot_see_or_run_the_suspend_action(client, petugas):
    # given a verified company
    company = CompanyFactory(verified=True)
    client.force_login(petugas)
    # when the petugas opens the company list
    actions = offered_actions(client, COMPANIES)
    # then verify and reject are offered but suspend is not
    assert {"verify", "reject"} <= actions
    assert "suspend" not in actions
    # and posting the action anyway changes nothing
    response = confirm_action(client, COMPANIES, "suspend", [company], reason="Tidak melapor.")
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    assert not CompanyEvent.objects.filter(company=company, to_status="suspended").exists()
    assert response.status_code in (200, 302)


# Kepala bidang -----------------------------------------------------------------------------


def test_kabid_suspends_a_verified_company_with_a_reason(client, kabid):
    # given a verified company
    company = CompanyFactory(verified=True)
    client.force_login(kabid)
    assert "suspend" in offered_actions(client, COMPANIES)
    # when the kepala bidang chooses suspend, a page asks for the reason
    response = choose_action(client, COMPANIES, "suspend", [company])
    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    # and when they confirm with a reason
    reason = "Tidak memenuhi kuota 75% tenaga kerja lokal (Perda 10/2018)."
    response = confirm_action(client, COMPANIES, "suspend", [company], reason=reason)
    # then the company is suspended and the sanction is recorded
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.SUSPENDED
    event = CompanyEvent.objects.get(company=company, to_status=Company.Status.SUSPENDED)
    assert (event.actor, event.note, event.from_status) == (kabid, reason, Company.Status.VERIFIED)


def test_suspending_a_pending_company_is_refused_with_a_message(client, kabid):
    # given a company that was never verified
    company = CompanyFactory()
    client.force_login(kabid)
    # when the kepala bidang tries to suspend it
    response = confirm_action(client, COMPANIES, "suspend", [company], reason="Sanksi.")
    # then the refusal is reported and the company is unchanged
    assert [level for level, _ in messages_of(response)] == [ERROR]
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING


def test_kabid_has_no_publish_action(client, kabid):
    # given a vacancy in review
    vacancy = VacancyFactory(in_review=True)
    client.force_login(kabid)
    # when the kepala bidang opens the vacancy list
    actions = offered_actions(client, VACANCIES)
    # then neither moderation action is offered
    assert not {"publish", "reject"} & actions
    # and posting publish anyway leaves the vacancy in review
    choose_action(client, VACANCIES, "publish", [vacancy])
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW


def test_kabid_cannot_change_a_vacancy(client, kabid):
    # given a vacancy
    vacancy = VacancyFactory(in_review=True)
    client.force_login(kabid)
    url = reverse("admin:employers_vacancy_change", args=[vacancy.pk])
    # when the kepala bidang opens it, it is view-only
    assert client.get(url).status_code == 200
    # and a change is refused
    response = client.post(url, {"title": "Diubah"})
    assert response.status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.title != "Diubah"


def test_kabid_has_no_verify_action_on_companies(client, kabid):
    CompanyFactory()
    client.force_login(kabid)
    assert not {"verify", "reject"} & offered_actions(client, COMPANIES)


# Read-only audit fields --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("admin:employers_company_change", lambda: CompanyFactory(verified=True)),
        ("admin:employers_vacancy_change", lambda: VacancyFactory(published=True)),
    ],
)
def test_status_and_audit_fields_are_read_only(client, superuser, url_name, make):
    # given a record and a superuser
    obj = make()
    client.force_login(superuser)
    # when its change page is opened
    response = client.get(reverse(url_name, args=[obj.pk]))
    # then status and timestamps are shown but are not form inputs
    content = response.content.decode()
    assert response.status_code == 200
    for field in ("status", "created_at", "updated_at", "verified_at", "published_at"):
        assert f'name="{field}"' not in content
    assert obj.get_status_display() in content


def test_saving_a_company_does_not_touch_its_status_or_history(client, petugas):
    # given a verified company with a member and its verification event (as the service would write)
    member = CompanyMemberFactory()
    company = member.company
    CompanyEvent.objects.create(company=company, actor=petugas, from_status="pending", to_status="verified")
    client.force_login(petugas)
    url = reverse("admin:employers_company_change", args=[company.pk])
    data = change_form_data(client.get(url))
    data["name"] = "PT Baru Bontang"
    data["status"] = Company.Status.PENDING  # not a field of the form; must be ignored
    # when the petugas saves a changed name (they may change companies)
    response = client.post(url, data)
    # then the name changed, the status did not, and the member and history are intact
    assert response.status_code == 302, response.context and response.context["errors"]
    company.refresh_from_db()
    assert company.name == "PT Baru Bontang"
    assert company.status == Company.Status.VERIFIED
    assert company.members.get() == member
    assert company.events.count() == 1


def test_changing_the_kbli_code_updates_its_category(client, superuser):
    # given a chemical-industry company (category C)
    company = CompanyFactory(verified=True)
    client.force_login(superuser)
    url = reverse("admin:employers_company_change", args=[company.pk])
    data = change_form_data(client.get(url))
    data["kbli_code"] = "41011"  # construction of buildings
    # when the KBLI code is changed
    response = client.post(url, data)
    # then the category follows it
    assert response.status_code == 302, response.context and response.context["errors"]
    company.refresh_from_db()
    assert company.kbli_category.code == "F"


def test_companies_and_vacancies_are_not_added_in_the_admin(client, superuser):
    # given a superuser
    client.force_login(superuser)
    # then the add pages are refused: both are created by portal services that record events
    assert client.get(reverse("admin:employers_company_add")).status_code == 403
    assert client.get(reverse("admin:employers_vacancy_add")).status_code == 403


def test_an_unknown_kbli_code_is_refused_on_its_field(client, superuser):
    # given a company
    company = CompanyFactory(verified=True)
    client.force_login(superuser)
    url = reverse("admin:employers_company_change", args=[company.pk])
    data = change_form_data(client.get(url))
    data["kbli_code"] = "00123"  # division 00 belongs to no KBLI 2020 category
    # when it is saved
    response = client.post(url, data)
    # then the code is refused with a message and nothing changed
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kbli_code"]
    company.refresh_from_db()
    assert company.kbli_code == "20112"
