import datetime

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.urls import reverse
from django.utils import translation

from bontang_aker.core.admin import wita
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
    response = confirm_action(client, VACANCIES, "publish", [vacancy])
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
    response = confirm_action(client, VACANCIES, "publish", [vacancy])
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
    response = confirm_action(client, VACANCIES, "publish", [ready, draft])
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
    assert response.context["form"].errors["reason_choice"]
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW


def test_petugas_verifies_a_pending_company(client, petugas):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(petugas)
    # when the petugas verifies it
    confirm_action(client, COMPANIES, "verify", [company])
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
    confirm_action(client, VACANCIES, "publish", [vacancy])
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


# Decisions on the change page -----------------------------------------------------------------


def change_url(obj) -> str:
    return reverse(f"admin:employers_{obj._meta.model_name}_change", args=[obj.pk])


def decide_url(obj, name: str) -> str:
    return reverse(f"admin:employers_{obj._meta.model_name}_decide", args=[obj.pk, name])


def offered_decisions(client, obj) -> list[str]:
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return [decision.name for decision, _ in response.context.get("decisions", [])]


def test_petugas_verifies_a_company_from_its_change_page(client, petugas):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(petugas)
    assert offered_decisions(client, company) == ["verify", "reject"]
    # when the petugas presses "Verify" on its page
    response = client.post(decide_url(company, "verify"))
    # then the service verified it, recorded who did, and the petugas is back on the page
    assert response.status_code == 302
    assert response["Location"] == change_url(company)
    assert [level for level, _ in messages_of(response)] == [SUCCESS]
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    assert company.verified_at is not None
    event = CompanyEvent.objects.get(company=company, to_status=Company.Status.VERIFIED)
    assert (event.actor, event.from_status, event.note) == (petugas, Company.Status.PENDING, "")


def test_the_company_page_shows_post_buttons_with_csrf_outside_the_change_form(client, petugas):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(petugas)
    # when its page is opened
    content = client.get(change_url(company)).content.decode()
    # then "Verify" is a POST form of its own with a CSRF token, and "Reject" links to the reason page
    marker = content.index('data-decision="verify"')
    verify_form = content[content.rindex("<form", 0, marker) : content.index("</form>", marker)]
    assert 'method="post"' in verify_form
    assert f'action="{decide_url(company, "verify")}"' in verify_form
    assert "csrfmiddlewaretoken" in verify_form
    assert f'href="{decide_url(company, "reject")}"' in content
    # and the buttons come before the change form, not inside it
    assert content.index('data-decision="verify"') < content.index('id="company_form"')
    assert "onclick" not in content


def test_a_verify_note_is_optional_and_recorded(client, petugas):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(petugas)
    # when the petugas opens "Verify, with a note" and confirms with a note
    page = client.get(decide_url(company, "verify"))
    assert page.status_code == 200
    assert 'name="note"' in page.content.decode()
    client.post(decide_url(company, "verify"), {"note": "Dokumen NIB dicek di OSS."})
    # then the note is in the history
    assert CompanyEvent.objects.get(company=company, to_status="verified").note == "Dokumen NIB dicek di OSS."


def test_petugas_rejects_a_company_from_its_page_with_a_reason(client, petugas):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(petugas)
    # when "Reject" is opened, the reason page appears and nothing has changed yet
    page = client.get(decide_url(company, "reject"))
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    # and when it is confirmed with the reason
    response = client.post(decide_url(company, "reject"), {"reason": "NIB tidak terdaftar di OSS."})
    # then the company is rejected, with the reason in its history
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.REJECTED
    event = CompanyEvent.objects.get(company=company, to_status=Company.Status.REJECTED)
    assert (event.actor, event.note) == (petugas, "NIB tidak terdaftar di OSS.")


def test_rejecting_a_company_with_an_empty_reason_asks_again(client, petugas):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(petugas)
    # when the reason page is sent with a blank reason
    response = client.post(decide_url(company, "reject"), {"reason": "   "})
    # then the form is shown again with the error and the company is unchanged
    assert response.status_code == 200
    assert response.context["form"].errors["reason_choice"]
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    assert not CompanyEvent.objects.filter(company=company).exists()


@pytest.mark.parametrize("name", ["verify", "reject"])
def test_kabid_may_not_verify_or_reject_a_company(client, kabid, name):
    # given a company awaiting verification
    company = CompanyFactory()
    client.force_login(kabid)
    # when the kepala bidang posts the decision anyway (or opens its page)
    response = client.post(decide_url(company, name), {"reason": "Tidak lengkap."})
    # then it is forbidden and nothing changed
    assert response.status_code == 403
    assert client.get(decide_url(company, name)).status_code == 403
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    assert not CompanyEvent.objects.filter(company=company).exists()


def test_a_decision_the_status_does_not_allow_is_refused_with_a_message(client, petugas):
    # given a company that is already verified
    company = CompanyFactory(verified=True)
    client.force_login(petugas)
    # when "Verify" is posted again (an old tab, say)
    response = client.post(decide_url(company, "verify"))
    # then an error explains why, the petugas is back on the page, and nothing was written
    assert response.status_code == 302
    assert response["Location"] == change_url(company)
    messages = messages_of(response)
    assert [level for level, _ in messages] == [ERROR]
    assert str(company) in messages[0][1]
    assert not CompanyEvent.objects.filter(company=company).exists()
    client.get(response["Location"])  # shows (and so uses up) the message
    # and the reason page of a decision no longer possible is not shown either
    response = client.get(decide_url(company, "reject"))
    assert response.status_code == 302
    assert [level for level, _ in messages_of(response)] == [ERROR]


def test_each_role_sees_only_the_company_decisions_it_may_take_now(client, petugas, kabid):
    # given a pending and a verified company
    pending, verified = CompanyFactory(), CompanyFactory(verified=True)
    # then the petugas may verify or reject the pending one and take no decision on the verified one
    client.force_login(petugas)
    assert offered_decisions(client, pending) == ["verify", "reject"]
    assert offered_decisions(client, verified) == []
    assert 'data-decision="' not in client.get(change_url(verified)).content.decode()
    # and the kepala bidang may only suspend the verified one
    client.force_login(kabid)
    assert offered_decisions(client, pending) == []
    assert offered_decisions(client, verified) == ["suspend"]


def test_kabid_suspends_a_company_from_its_page(client, kabid):
    # given a verified company
    company = CompanyFactory(verified=True)
    client.force_login(kabid)
    # when the kepala bidang suspends it with a reason
    response = client.post(decide_url(company, "suspend"), {"reason": "Tidak melapor lowongan."})
    # then it is suspended as a sanction, on record
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.SUSPENDED
    assert CompanyEvent.objects.get(company=company, to_status="suspended").note == "Tidak melapor lowongan."


def test_an_unknown_decision_or_object_does_not_break(client, petugas):
    company = CompanyFactory()
    client.force_login(petugas)
    # an unknown decision is a 404
    assert client.post(decide_url(company, "approve-all")).status_code == 404
    # a missing object goes back to the admin with a message, as Django's own pages do
    response = client.post(reverse("admin:employers_company_decide", args=[company.pk + 1000, "verify"]))
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING


def test_petugas_publishes_and_rejects_vacancies_from_their_pages(client, petugas):
    # given two vacancies in review
    first, second = VacancyFactory(in_review=True), VacancyFactory(in_review=True)
    client.force_login(petugas)
    assert offered_decisions(client, first) == ["publish", "reject"]
    # when one is published and the other rejected with a reason, each from its page
    client.post(decide_url(first, "publish"))
    client.post(decide_url(second, "reject"), {"reason": "Upah di bawah UMK Bontang."})
    # then each went through its service, with its event
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Vacancy.Status.PUBLISHED
    assert first.published_at is not None
    assert VacancyEvent.objects.filter(vacancy=first, actor=petugas, to_status="published").exists()
    assert second.status == Vacancy.Status.REJECTED
    assert VacancyEvent.objects.get(vacancy=second, to_status="rejected").note == "Upah di bawah UMK Bontang."
    # and the published one offers no decision any more
    assert offered_decisions(client, first) == []


def test_rejecting_a_vacancy_needs_a_reason(client, petugas):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(petugas)
    response = client.post(decide_url(vacancy, "reject"), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason_choice"]
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW


def test_publishing_a_draft_from_its_page_is_refused(client, petugas):
    # given a draft the employer has not sent for review
    vacancy = VacancyFactory()
    client.force_login(petugas)
    assert offered_decisions(client, vacancy) == []
    # when publish is posted anyway
    response = client.post(decide_url(vacancy, "publish"))
    # then an error is shown and it stays a draft
    assert [level for level, _ in messages_of(response)] == [ERROR]
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT
    assert not VacancyEvent.objects.filter(vacancy=vacancy).exists()


def test_kabid_may_not_publish_a_vacancy_from_its_page(client, kabid):
    vacancy = VacancyFactory(in_review=True)
    client.force_login(kabid)
    assert offered_decisions(client, vacancy) == []
    assert client.post(decide_url(vacancy, "publish")).status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW


# Rupiah and WITA ------------------------------------------------------------------------------


def test_wages_show_in_rupiah_and_times_in_wita(client, petugas):
    # given a vacancy in review, published at a known moment (01:05 UTC is 09:05 in Bontang)
    vacancy = VacancyFactory(published=True, wage_min=4_000_000, wage_max=5_500_000)
    Vacancy.objects.filter(pk=vacancy.pk).update(published_at=datetime.datetime(2025, 3, 3, 1, 5, tzinfo=datetime.UTC))
    event = VacancyEvent.objects.create(vacancy=vacancy, actor=petugas, from_status="in_review", to_status="published")
    client.force_login(petugas)
    # when the petugas (who may not edit vacancies) opens its page in English
    response = client.get(change_url(vacancy), HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    # then the wages are in rupiah, the time in WITA, the status in words
    assert "Rp 4.000.000" in content
    assert "Rp 5.500.000" in content
    assert "March 3, 2025, 9:05 a.m. WITA" in content
    assert "Published" in content
    # and the status history gives its times in WITA too
    with translation.override("en"):
        assert wita(event.created_at).endswith(" WITA")
        assert wita(event.created_at) in content
    # while the vacancy list says when, in WITA
    listing = client.get(VACANCIES, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "March 3, 2025, 9:05 a.m. WITA" in listing


def test_editable_fields_stay_inputs_beside_wita_times(client, superuser):
    # given a verified company and a superuser, who may edit it
    company = CompanyFactory(verified=True)
    Company.objects.filter(pk=company.pk).update(verified_at=datetime.datetime(2025, 3, 3, 1, 5, tzinfo=datetime.UTC))
    client.force_login(superuser)
    # when its page is opened
    content = client.get(change_url(company), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then the verification time is shown in WITA and the name is still an input
    assert "March 3, 2025, 9:05 a.m. WITA" in content
    assert 'name="name"' in content
