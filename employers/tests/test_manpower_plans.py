"""The yearly manpower plan (RKTK): services, pages, API, the staff filter and the compliance sentence."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from bontang_aker.core.workflow import TransitionError
from bontang_aker.reference.models import KbjiGroup
from employers import manpower_plans as plans
from employers.models import Company, ManpowerPlan, ManpowerPlanLine
from employers.services import CompanyNotVerifiedError
from employers.tests.factories import CompanyFactory, CompanyMemberFactory
from portal.compliance import company_compliance, compliance_sentences

pytestmark = pytest.mark.django_db

# A fixed calendar for the services: the plan for 2027 is filed in 2026.
BEFORE_2027 = datetime.date(2026, 11, 15)
IN_2027 = datetime.date(2027, 3, 1)
THIS_YEAR = timezone.localdate().year
LIST_URL = reverse("employers:plan_list")
API_URL = reverse("api:employer-plan-list")


def occupation(code="8"):
    return KbjiGroup.objects.get(code=code)


def local_line(**overrides):
    return {"occupation": occupation(), "count": 5, "quarter": 2, "expectation": "local", **overrides}


@pytest.fixture
def admin():
    return CompanyMemberFactory(is_company_admin=True, user__language="en")


@pytest.fixture
def colleague(admin):
    return CompanyMemberFactory(company=admin.company, is_company_admin=False, user__language="en")


@pytest.fixture
def stranger():
    return CompanyMemberFactory(is_company_admin=True, user__language="en")


def filed_plan(member, year, today, lines=None):
    plan = plans.plan_create(
        company=member.company, by=member.user, year=year, lines=lines or [local_line()], today=today
    )
    return plans.plan_submit(company=member.company, by=member.user, plan_id=plan.pk, today=today)


def web(client, user):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(user)
    return client


def api(user) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(user)
    return client


def messages_in(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# Services ----------------------------------------------------------------------------------


def test_a_plan_for_a_past_year_is_refused_with_a_message_on_the_year(admin):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        plans.plan_create(company=admin.company, by=admin.user, year=2026, today=IN_2027)
    assert error.value.message_dict["year"] == ["2026 is a past year: a plan can be filed for 2027 or 2028 only."]
    assert not ManpowerPlan.objects.exists()


def test_a_plan_further_than_next_year_is_refused(admin):
    with pytest.raises(ValidationError) as error:
        plans.plan_create(company=admin.company, by=admin.user, year=2029, today=IN_2027)
    assert "year" in error.value.message_dict


def test_the_current_and_the_next_year_can_be_filed(admin):
    for year in (2026, 2027):
        plan = plans.plan_create(company=admin.company, by=admin.user, year=year, today=BEFORE_2027)
        assert (plan.year, plan.version, plan.status) == (year, 1, ManpowerPlan.Status.DRAFT)
        assert plan.events.get().to_status == "draft"


def test_a_second_plan_for_the_same_year_is_refused(admin):
    plans.plan_create(company=admin.company, by=admin.user, year=2027, today=BEFORE_2027)
    with pytest.raises(ValidationError) as error:
        plans.plan_create(company=admin.company, by=admin.user, year=2027, today=BEFORE_2027)
    assert "year" in error.value.message_dict
    assert ManpowerPlan.objects.count() == 1


def test_a_non_local_need_without_a_reason_is_refused_and_nothing_is_saved(admin):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        plans.plan_create(
            company=admin.company,
            by=admin.user,
            year=2027,
            lines=[local_line(), local_line(expectation="non_local", non_local_reason="   ")],
            today=BEFORE_2027,
        )
    assert "lines" in error.value.message_dict
    with translation.override("en"):  # the message is lazy: read in English
        assert "which skill is not available in Bontang" in " ".join(error.value.messages)
    assert not ManpowerPlan.objects.exists()
    assert not ManpowerPlanLine.objects.exists()


def test_the_database_refuses_a_non_local_line_without_reason(admin):
    plan = plans.plan_create(company=admin.company, by=admin.user, year=2027, today=BEFORE_2027)
    with pytest.raises(IntegrityError):
        ManpowerPlanLine.objects.create(plan=plan, occupation=occupation(), count=1, quarter=1, expectation="non_local")


def test_a_non_local_need_with_its_reason_is_kept(admin):
    plan = plans.plan_create(company=admin.company, by=admin.user, year=2027, today=BEFORE_2027)
    line = plans.plan_line_save(
        company=admin.company,
        by=admin.user,
        plan_id=plan.pk,
        today=BEFORE_2027,
        **local_line(expectation="non_local", non_local_reason="  Certified rope-access welders  "),
    )
    assert line.non_local_reason == "Certified rope-access welders"


def test_submitting_needs_a_line(admin):
    plan = plans.plan_create(company=admin.company, by=admin.user, year=2027, today=BEFORE_2027)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        plans.plan_submit(company=admin.company, by=admin.user, plan_id=plan.pk, today=BEFORE_2027)
    assert error.value.messages == ["Add at least one need (occupation, number of workers, quarter) before submitting."]
    plan.refresh_from_db()
    assert plan.status == ManpowerPlan.Status.DRAFT


def test_an_unverified_company_drafts_but_cannot_submit():
    member = CompanyMemberFactory(company=CompanyFactory(status=Company.Status.PENDING))
    plan = plans.plan_create(company=member.company, by=member.user, year=2027, lines=[local_line()], today=BEFORE_2027)
    with pytest.raises(CompanyNotVerifiedError):
        plans.plan_submit(company=member.company, by=member.user, plan_id=plan.pk, today=BEFORE_2027)
    plan.refresh_from_db()
    assert plan.status == ManpowerPlan.Status.DRAFT


def test_a_member_who_is_not_admin_cannot_change_the_plan(colleague):
    with pytest.raises(PermissionDenied):
        plans.plan_create(company=colleague.company, by=colleague.user, year=2027, today=BEFORE_2027)


def test_another_companys_plan_is_not_found(admin, stranger):
    plan = plans.plan_create(company=admin.company, by=admin.user, year=2027, today=BEFORE_2027)
    with pytest.raises(ManpowerPlan.DoesNotExist):
        plans.plan_submit(company=stranger.company, by=stranger.user, plan_id=plan.pk, today=BEFORE_2027)


def test_before_the_year_starts_a_submitted_plan_is_changed_in_place_and_resubmitted(admin):
    plan = filed_plan(admin, 2027, BEFORE_2027)
    # when a need is added before 1 January 2027
    plans.plan_line_save(
        company=admin.company, by=admin.user, plan_id=plan.pk, today=BEFORE_2027, **local_line(count=2, quarter=4)
    )
    # then the same version is a draft again, with both lines, and is submitted again
    plan.refresh_from_db()
    assert (plan.version, plan.status, plan.lines.count()) == (1, ManpowerPlan.Status.DRAFT, 2)
    plans.plan_submit(company=admin.company, by=admin.user, plan_id=plan.pk, today=BEFORE_2027)
    assert list(plan.events.values_list("to_status", flat=True)) == ["draft", "submitted", "draft", "submitted"]
    assert ManpowerPlan.objects.count() == 1


def test_after_the_year_starts_the_submitted_plan_cannot_be_changed_in_place(admin):
    plan = filed_plan(admin, 2027, BEFORE_2027)
    line = plan.lines.get()
    with pytest.raises(ValidationError):
        plans.plan_line_remove(company=admin.company, by=admin.user, plan_id=plan.pk, line_id=line.pk, today=IN_2027)
    assert plan.lines.count() == 1


def test_an_amendment_after_the_year_starts_is_version_2_and_supersedes_version_1(admin):
    v1 = filed_plan(admin, 2027, BEFORE_2027)
    # an amendment needs its reason
    with pytest.raises(ValidationError) as error:
        plans.plan_amend(company=admin.company, by=admin.user, plan_id=v1.pk, reason=" ", today=IN_2027)
    assert "note" in error.value.message_dict
    v2 = plans.plan_amend(
        company=admin.company, by=admin.user, plan_id=v1.pk, reason="New maintenance contract", today=IN_2027
    )
    assert (v2.version, v2.status, v2.note, v2.lines.count()) == (2, "draft", "New maintenance contract", 1)
    # version 1 stays in force until version 2 is submitted
    v1.refresh_from_db()
    assert v1.status == ManpowerPlan.Status.SUBMITTED
    plans.plan_line_save(company=admin.company, by=admin.user, plan_id=v2.pk, today=IN_2027, **local_line(count=9))
    plans.plan_submit(company=admin.company, by=admin.user, plan_id=v2.pk, today=IN_2027)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (ManpowerPlan.Status.SUPERSEDED, ManpowerPlan.Status.SUBMITTED)
    assert v1.lines.count() == 1 and v2.lines.count() == 2
    # the superseded version is read-only
    with pytest.raises(ValidationError):
        plans.plan_line_save(company=admin.company, by=admin.user, plan_id=v1.pk, today=IN_2027, **local_line())


def test_no_amendment_before_the_year_starts_and_only_one_at_a_time(admin):
    v1 = filed_plan(admin, 2027, BEFORE_2027)
    with pytest.raises(ValidationError):
        plans.plan_amend(company=admin.company, by=admin.user, plan_id=v1.pk, reason="x", today=BEFORE_2027)
    plans.plan_amend(company=admin.company, by=admin.user, plan_id=v1.pk, reason="x", today=IN_2027)
    with pytest.raises(ValidationError):
        plans.plan_amend(company=admin.company, by=admin.user, plan_id=v1.pk, reason="y", today=IN_2027)
    assert ManpowerPlan.objects.count() == 2


def test_a_submitted_plan_cannot_be_submitted_twice(admin):
    plan = filed_plan(admin, 2027, BEFORE_2027)
    with pytest.raises(TransitionError):
        plans.plan_submit(company=admin.company, by=admin.user, plan_id=plan.pk, today=BEFORE_2027)


# Pages -------------------------------------------------------------------------------------


def test_the_list_shows_the_empty_state_and_the_button_for_this_and_next_year(client, admin):
    response = web(client, admin.user).get(LIST_URL)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Your company has not filed a manpower plan yet." in content
    assert f"File the plan for {THIS_YEAR}" in content and f"File the plan for {THIS_YEAR + 1}" in content


def test_an_admin_files_adds_a_need_and_submits_through_the_pages(client, admin):
    web(client, admin.user)
    response = client.post(reverse("employers:plan_create"), {"year": THIS_YEAR + 1})
    assert response.status_code == 302
    detail = reverse("employers:plan_detail", args=[THIS_YEAR + 1])
    response = client.post(detail, {"occupation": occupation().pk, "count": 3, "quarter": 1, "expectation": "local"})
    assert response.status_code == 302
    response = client.post(reverse("employers:plan_submit", args=[THIS_YEAR + 1]), follow=True)
    assert f"The plan for {THIS_YEAR + 1} is submitted to Disnaker." in messages_in(response)
    plan = ManpowerPlan.objects.get(company=admin.company)
    assert plan.status == ManpowerPlan.Status.SUBMITTED and plan.lines.count() == 1
    assert "Workers you expect to need" in response.content.decode()


def test_a_past_year_on_the_page_gets_its_message(client, admin):
    response = web(client, admin.user).post(reverse("employers:plan_create"), {"year": THIS_YEAR - 1}, follow=True)
    assert any("is a past year" in m for m in messages_in(response))
    assert not ManpowerPlan.objects.exists()


def test_a_non_local_need_without_reason_shows_the_error_and_keeps_what_was_typed(client, admin):
    plans.plan_create(company=admin.company, by=admin.user, year=THIS_YEAR + 1, lines=[local_line(count=7)])
    data = {"occupation": occupation().pk, "count": 42, "quarter": 3, "expectation": "non_local"}
    data["non_local_reason"] = ""
    response = web(client, admin.user).post(reverse("employers:plan_detail", args=[THIS_YEAR + 1]), data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "which skill is not available in Bontang" in content
    assert 'value="42"' in content  # what was typed is kept
    plan = ManpowerPlan.objects.get()
    assert list(plan.lines.values_list("count", flat=True)) == [7]  # the saved need is still there


def test_a_member_who_is_not_admin_sees_the_plan_but_cannot_change_it(client, admin, colleague):
    plans.plan_create(company=admin.company, by=admin.user, year=THIS_YEAR + 1, lines=[local_line()])
    web(client, colleague.user)
    detail = reverse("employers:plan_detail", args=[THIS_YEAR + 1])
    response = client.get(detail)
    assert response.status_code == 200
    assert "Add a need" not in response.content.decode()
    assert client.post(detail, {"occupation": occupation().pk, "count": 1, "quarter": 1}).status_code == 403
    assert client.post(reverse("employers:plan_submit", args=[THIS_YEAR + 1])).status_code == 403
    assert client.post(reverse("employers:plan_create"), {"year": THIS_YEAR}).status_code == 403
    assert ManpowerPlanLine.objects.count() == 1


def test_another_companys_plan_and_line_are_404(client, admin, stranger):
    plan = plans.plan_create(company=admin.company, by=admin.user, year=THIS_YEAR - 0, lines=[local_line()])
    line = plan.lines.get()
    filed_plan(admin, THIS_YEAR + 1, None)
    web(client, stranger.user)
    # the stranger's company has no plan for these years: a page without lines, never the other company's
    response = client.get(reverse("employers:plan_detail", args=[THIS_YEAR]))
    assert "has not filed its plan" in response.content.decode()
    plans.plan_create(company=stranger.company, by=stranger.user, year=THIS_YEAR)
    remove = reverse("employers:plan_line_remove", args=[THIS_YEAR, line.pk])
    assert client.post(remove).status_code == 404
    assert client.get(reverse("employers:plan_detail", args=[THIS_YEAR - 3])).status_code == 404
    assert ManpowerPlanLine.objects.filter(pk=line.pk).exists()


def test_an_amendment_on_the_page_needs_its_reason(client, admin):
    plan = filed_plan(admin, THIS_YEAR, None)
    web(client, admin.user)
    response = client.post(reverse("employers:plan_amend", args=[THIS_YEAR]), {"note": ""})
    assert response.status_code == 400
    assert "Say why the plan changes." in response.content.decode()
    response = client.post(reverse("employers:plan_amend", args=[THIS_YEAR]), {"note": "Turn-around in May"})
    assert response.status_code == 302
    response = client.get(reverse("employers:plan_detail", args=[THIS_YEAR]))
    content = response.content.decode()
    assert "Earlier versions" in content and "Turn-around in May" in content
    plan.refresh_from_db()
    assert plan.status == ManpowerPlan.Status.SUBMITTED


# API ---------------------------------------------------------------------------------------


def test_api_creates_a_draft_with_its_lines_lists_and_submits(admin):
    client = api(admin.user)
    body = {
        "year": THIS_YEAR + 1,
        "lines": [
            {"occupation": "8", "count": 4, "quarter": 1, "expectation": "local"},
            {"occupation": "8", "count": 1, "quarter": 2, "expectation": "non_local", "non_local_reason": "Divers"},
        ],
    }
    response = client.post(API_URL, body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["status"] == "draft" and len(response.data["lines"]) == 2
    listed = client.get(API_URL)
    assert [p["id"] for p in listed.data] == [response.data["id"]]
    submitted = client.post(reverse("api:employer-plan-submit", args=[response.data["id"]]))
    assert submitted.status_code == 200 and submitted.data["status"] == "submitted"
    again = client.post(reverse("api:employer-plan-submit", args=[response.data["id"]]))
    assert again.status_code == 409


def test_api_400_messages_for_a_past_year_and_a_missing_reason(admin):
    client = api(admin.user)
    past = client.post(API_URL, {"year": THIS_YEAR - 1, "lines": []}, format="json")
    assert past.status_code == 400 and "is a past year" in past.data["year"][0]
    no_reason = client.post(
        API_URL,
        {"year": THIS_YEAR, "lines": [{"occupation": "8", "count": 1, "quarter": 1, "expectation": "non_local"}]},
        format="json",
    )
    assert no_reason.status_code == 400
    assert "which skill is not available" in no_reason.data["lines"][0]["non_local_reason"][0]
    empty = client.post(API_URL, {"year": THIS_YEAR}, format="json")
    submit = client.post(reverse("api:employer-plan-submit", args=[empty.data["id"]]))
    assert submit.status_code == 400 and "Add at least one need" in str(submit.data)
    assert ManpowerPlan.objects.count() == 1


def test_api_another_companys_plan_is_404_and_a_pending_company_gets_403_on_submit(admin, stranger):
    plan = plans.plan_create(company=admin.company, by=admin.user, year=THIS_YEAR, lines=[local_line()])
    client = api(stranger.user)
    assert client.get(reverse("api:employer-plan-detail", args=[plan.pk])).status_code == 404
    assert client.post(reverse("api:employer-plan-submit", args=[plan.pk])).status_code == 404
    assert client.get(API_URL).data == []
    Company.objects.filter(pk=admin.company_id).update(status=Company.Status.PENDING, verified_at=None)
    response = api(admin.user).post(reverse("api:employer-plan-submit", args=[plan.pk]))
    assert response.status_code == 403 and "must be verified" in response.data["detail"]


# Staff and compliance ----------------------------------------------------------------------


def test_the_company_admin_filters_who_has_filed_and_who_has_not(client, admin, stranger, django_user_model):
    filed_plan(admin, THIS_YEAR, None)
    plans.plan_create(company=stranger.company, by=stranger.user, year=THIS_YEAR, lines=[local_line()])  # a draft
    superuser = django_user_model.objects.create_superuser(email="boss@disnaker.example.id", password="x" * 12)
    client.force_login(superuser)
    url = reverse("admin:employers_company_changelist")
    filed = client.get(url, {"manpower_plan": f"{THIS_YEAR}-filed"})
    not_filed = client.get(url, {"manpower_plan": f"{THIS_YEAR}-not-filed"})
    assert [c.pk for c in filed.context["cl"].result_list] == [admin.company_id]
    assert stranger.company_id in [c.pk for c in not_filed.context["cl"].result_list]
    assert admin.company_id not in [c.pk for c in not_filed.context["cl"].result_list]
    plan_admin = client.get(reverse("admin:employers_manpowerplan_changelist"))
    assert plan_admin.status_code == 200


def test_staff_read_plans_in_the_admin_and_a_submitted_one_is_read_only(client, admin, petugas):
    submitted = filed_plan(admin, THIS_YEAR, None)
    client.force_login(petugas)
    for name in ("manpowerplan", "manpowerplanline", "manpowerplanevent"):
        assert client.get(reverse(f"admin:employers_{name}_changelist")).status_code == 200
    page = client.get(reverse("admin:employers_manpowerplan_change", args=[submitted.pk]))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = client.post(reverse("admin:employers_manpowerplan_change", args=[submitted.pk]), {})
    assert response.status_code == 403
    assert submitted.lines.count() == 1


def test_the_compliance_sentence_says_not_filed_then_filed_with_a_link(admin):
    today = datetime.date(2027, 10, 5)
    with translation.override("en"):
        sentences = compliance_sentences(company_compliance(company=admin.company, today=today))
        plan_sentences = {s.key: s for s in sentences if s.key.startswith("manpower_plan")}
        assert plan_sentences["manpower_plan"].text == (
            "Your manpower plan for 2027 has not been filed yet (Perda Kota Bontang 10/2018)."
        )
        assert plan_sentences["manpower_plan"].level == "warning"
        assert plan_sentences["manpower_plan"].url == reverse("employers:plan_detail", args=[2027])
        assert "manpower_plan_next_year" in plan_sentences  # from October on
        filed_plan(admin, 2027, datetime.date(2027, 2, 1))
        filed_on = timezone.localdate()
        sentences = compliance_sentences(company_compliance(company=admin.company, today=today))
    sentence = next(s for s in sentences if s.key == "manpower_plan")
    assert sentence.level == "ok"
    assert sentence.text == f"Your manpower plan for 2027 was filed on {filed_on.day} {filed_on:%B %Y}."


def test_the_compliance_page_and_api_show_the_plan(client, admin):
    web(client, admin.user)
    response = client.get(reverse("portal:company_compliance"))
    assert f"Your manpower plan for {THIS_YEAR} has not been filed yet" in response.content.decode()
    assert reverse("employers:plan_detail", args=[THIS_YEAR]) in response.content.decode()
    data = api(admin.user).get(reverse("api:employer-compliance")).data
    assert data["manpower_plans"][0]["year"] == THIS_YEAR and data["manpower_plans"][0]["filed"] is False
