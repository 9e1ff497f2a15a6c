"""The sanction ladder: order, who may escalate, the numbered letter, the company's answer, closing."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from rest_framework.test import APIClient

from employers import sanctions
from employers.models import SanctionCase, SanctionStep
from employers.tests.factories import CompanyMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return CompanyMemberFactory(company__name="PT Teguran Contoh")


@pytest.fixture
def case(member, petugas):
    return sanctions.sanction_case_open(
        company_id=member.company.pk,
        finding=SanctionCase.Finding.LOCAL_SHARE,
        description="Only 40% of this year's hires are local.",
        by=petugas,
    )


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_petugas_opens_the_case_and_the_verbal_warning_but_not_the_written_one(case, petugas):
    # when
    verbal = sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    # then
    assert (verbal.position, verbal.kind) == (1, "teguran_lisan")
    assert verbal.deadline == timezone.localdate() + datetime.timedelta(days=14)
    assert case.events.get().to_status == SanctionCase.Status.OPEN
    with pytest.raises(PermissionDenied):
        sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    assert case.steps.count() == 1


def test_kepala_bidang_escalates_in_ladder_order_only(case, petugas, kabid):
    sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    # a step out of order is refused
    with pytest.raises(ValidationError) as refused:
        sanctions.sanction_step_open(case_id=case.pk, by=kabid, kind="teguran_tertulis_2")
    assert "kind" in refused.value.error_dict
    # the next one in order is given, numbered
    written = sanctions.sanction_step_open(case_id=case.pk, by=kabid, kind="teguran_tertulis_1")
    assert written.position == 2 and written.letter_number.startswith("SNK/")
    for _n in range(3):
        sanctions.sanction_step_open(case_id=case.pk, by=kabid)
    assert list(case.steps.values_list("kind", flat=True)) == [
        "teguran_lisan",
        "teguran_tertulis_1",
        "teguran_tertulis_2",
        "teguran_tertulis_3",
        "rekomendasi",
    ]
    with pytest.raises(ValidationError):
        sanctions.sanction_step_open(case_id=case.pk, by=kabid)


def test_a_second_open_case_for_the_same_finding_is_refused(case, member, petugas):
    with pytest.raises(ValidationError) as refused:
        sanctions.sanction_case_open(
            company_id=member.company.pk, finding=SanctionCase.Finding.LOCAL_SHARE, description="Again", by=petugas
        )
    assert "finding" in refused.value.error_dict


def test_the_ladder_is_a_setting(case, petugas, settings):
    settings.SANCTION_LADDER = [{"code": "panggilan", "label": "Summons", "deadline_days": 3}]
    step = sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    assert step.kind == "panggilan" and step.deadline == timezone.localdate() + datetime.timedelta(days=3)


def test_the_letter_pdf_opens_with_its_number_and_the_company(case, petugas):
    step = sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    with translation.override("en"):
        text = pdf_text(sanctions.sanction_letter_pdf(step))
    assert step.letter_number in text
    assert "PT Teguran Contoh" in text and "DINAS KETENAGAKERJAAN" in text


def test_closing_needs_a_note_and_ends_the_ladder(case, petugas):
    with pytest.raises(ValidationError):
        sanctions.sanction_case_close(case_id=case.pk, by=petugas, note="  ")
    closed = sanctions.sanction_case_close(case_id=case.pk, by=petugas, note="Hired 5 local workers.")
    assert closed.status == SanctionCase.Status.CLOSED and closed.closed_at is not None
    assert list(closed.events.values_list("to_status", flat=True)) == ["open", "closed"]
    with pytest.raises(ValidationError):
        sanctions.sanction_step_open(case_id=case.pk, by=petugas)


def test_the_company_sees_its_case_downloads_the_letter_and_answers(client, case, member, petugas):
    step = sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    client.force_login(member.user)
    # the page shows the step and the form
    with translation.override("en"):
        page = client.get(reverse("portal:company_compliance"), headers={"accept-language": "en"})
    text = page.content.decode()
    assert step.letter_number in text and reverse("portal:company_sanction_letter", args=[step.pk]) in text
    # the letter
    letter = client.get(reverse("portal:company_sanction_letter", args=[step.pk]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert step.letter_number in pdf_text(letter.content)
    # an empty answer is refused on the field, then a real one is kept
    url = reverse("portal:company_sanction_response", args=[step.pk])
    empty = client.post(url, {f"step{step.pk}-response": ""})
    assert empty.status_code == 400
    answered = client.post(url, {f"step{step.pk}-response": "We hired three local operators."})
    assert answered.status_code == 302
    step.refresh_from_db()
    assert step.response == "We hired three local operators." and step.responded_by == member.user
    # only once
    again = client.post(url, {f"step{step.pk}-response": "Again"})
    assert again.status_code == 400
    step.refresh_from_db()
    assert step.response == "We hired three local operators."


def test_a_member_who_is_not_admin_cannot_answer(client, case, member, petugas):
    step = sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    plain = CompanyMemberFactory(company=member.company, is_company_admin=False)
    client.force_login(plain.user)
    response = client.post(
        reverse("portal:company_sanction_response", args=[step.pk]), {f"step{step.pk}-response": "x"}
    )
    assert response.status_code == 403
    assert SanctionStep.objects.get(pk=step.pk).response == ""


def test_another_companys_letter_and_answer_are_404(client, case, petugas):
    step = sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    other = CompanyMemberFactory()
    client.force_login(other.user)
    assert client.get(reverse("portal:company_sanction_letter", args=[step.pk])).status_code == 404
    response = client.post(
        reverse("portal:company_sanction_response", args=[step.pk]), {f"step{step.pk}-response": "x"}
    )
    assert response.status_code == 404
    assert step.letter_number not in client.get(reverse("portal:company_compliance")).content.decode()


def test_admin_petugas_gives_the_verbal_warning_but_is_refused_the_written_one(client, member, petugas, kabid):
    client.force_login(petugas)
    added = client.post(
        reverse("admin:employers_sanctioncase_add"),
        {"company": member.company.pk, "finding": "plan_not_filed", "description": "No RKTK for this year."},
    )
    assert added.status_code == 302
    case = SanctionCase.objects.get(company=member.company)
    next_url = reverse("admin:employers_sanctioncase_next_step", args=[case.pk])
    assert client.post(next_url, {"deadline": "", "note": ""}).status_code == 302
    assert case.steps.count() == 1
    assert client.get(reverse("admin:employers_sanctioncase_change", args=[case.pk])).status_code == 200
    assert client.post(next_url, {"deadline": "", "note": ""}).status_code == 403
    # the letter in the admin
    step = case.steps.get()
    letter = client.get(reverse("admin:employers_sanctioncase_letter", args=[case.pk, step.pk]))
    assert letter.status_code == 200 and step.letter_number in pdf_text(letter.content)
    # the head of division gives the written warning
    client.force_login(kabid)
    assert client.post(next_url, {"deadline": "", "note": "Second notice."}).status_code == 302
    assert case.steps.count() == 2
    # and closes the case with a note
    close_url = reverse("admin:employers_sanctioncase_decide", args=[case.pk, "close"])
    assert client.post(close_url, {"reason": "Plan filed."}).status_code == 302
    case.refresh_from_db()
    assert case.status == SanctionCase.Status.CLOSED and case.resolution == "Plan filed."


def test_api_lists_cases_and_refuses_petugas_beyond_the_verbal_warning(member, petugas, kabid):
    api = APIClient(headers={"accept-language": "en"})
    api.force_authenticate(petugas)
    created = api.post(
        "/api/v1/staff/sanction-cases/",
        {"company": member.company.pk, "finding": "disability_quota", "description": "No worker with a disability."},
        format="json",
    )
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert api.post(f"/api/v1/staff/sanction-cases/{case_id}/steps/", {}, format="json").status_code == 201
    refused = api.post(f"/api/v1/staff/sanction-cases/{case_id}/steps/", {}, format="json")
    assert refused.status_code == 403
    api.force_authenticate(kabid)
    out_of_order = api.post(f"/api/v1/staff/sanction-cases/{case_id}/steps/", {"kind": "rekomendasi"}, format="json")
    assert out_of_order.status_code == 400 and "kind" in out_of_order.json()
    given = api.post(f"/api/v1/staff/sanction-cases/{case_id}/steps/", {}, format="json")
    assert given.status_code == 201 and [s["kind"] for s in given.json()["steps"]] == [
        "teguran_lisan",
        "teguran_tertulis_1",
    ]
    detail = api.get(f"/api/v1/staff/sanction-cases/{case_id}/").json()
    assert detail["next_step"] == "teguran_tertulis_2"
    listed = api.get("/api/v1/staff/sanction-cases/", {"status": "open"}).json()
    assert [row["id"] for row in listed["results"]] == [case_id]
    closed = api.post(f"/api/v1/staff/sanction-cases/{case_id}/close/", {"reason": "Hired."}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    # an employer is refused
    employer = APIClient()
    employer.force_authenticate(member.user)
    assert employer.get("/api/v1/staff/sanction-cases/").status_code == 403


def test_kepala_bidang_alone_holds_the_escalation_permission(petugas, kabid):
    assert petugas.has_perm("employers.manage_sanction_case") and not petugas.has_perm("employers.escalate_sanction")
    assert kabid.has_perm("employers.escalate_sanction")
