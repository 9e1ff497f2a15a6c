"""The employer API: the same rules as the employer pages, in JSON."""

import datetime

import pytest
import yaml
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import Skill
from employers import services
from employers.models import Vacancy
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory
from placements.models import Application, Placement, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST_URL = reverse("api:employer-vacancy-list")
PLACEMENTS_URL = reverse("api:employer-placement-list")


def detail_url(vacancy, suffix: str = "") -> str:
    name = {"": "detail", "submit": "submit", "close": "close", "candidates": "candidates"}[suffix]
    return reverse(f"api:employer-vacancy-{name}", args=[vacancy.pk])


def result_url(referral) -> str:
    return reverse("api:employer-referral-result", args=[referral.pk])


def api_client(user=None) -> APIClient:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def company(member):
    return member.company_membership.company


@pytest.fixture
def api(member):
    return api_client(member)


def vacancy_body(**overrides) -> dict:
    body = {
        "title": "Operator Kilang",
        "occupation": "8",
        "employment_type": "pkwt",
        "description": "Mengoperasikan unit proses kilang LNG.",
        "min_education": "SMK",
        "majors": "Teknik Kimia",
        "skills": ["operator-lng", "k3-umum"],
        "competencies": "",
        "experience_years_min": 2,
        "age_min": 21,
        "age_max": 40,
        "sex_requirement": "any",
        "sex_justification": "",
        "openings": 4,
        "openings_male": None,
        "openings_female": None,
        "wage_min": 5_000_000,
        "wage_max": 7_000_000,
        "wage_period": "month",
        "work_kelurahan": "64.74.01.1003",
        "work_location": "Kilang LNG Badak",
        "open_date": TODAY.isoformat(),
        "close_date": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "other_information": "Tes di Bontang.",
    }
    body.update(overrides)
    return body


# Who may use it ------------------------------------------------------------------------------


def _endpoints(vacancy, referral) -> list[tuple[str, str]]:
    return [
        ("get", LIST_URL),
        ("post", LIST_URL),
        ("get", detail_url(vacancy)),
        ("patch", detail_url(vacancy)),
        ("post", detail_url(vacancy, "submit")),
        ("post", detail_url(vacancy, "close")),
        ("get", detail_url(vacancy, "candidates")),
        ("post", result_url(referral)),
        ("get", PLACEMENTS_URL),
        ("post", PLACEMENTS_URL),
    ]


def test_anonymous_clients_get_401(company):
    vacancy = VacancyFactory(company=company, published=True)
    referral = ReferralFactory(application__vacancy=vacancy)
    for method, url in _endpoints(vacancy, referral):
        assert getattr(api_client(), method)(url, {}, format="json").status_code == 401, (method, url)


@pytest.mark.parametrize("role", ["jobseeker", "petugas"])
def test_jobseekers_and_staff_get_403(company, role):
    user = UserFactory(petugas=True) if role == "petugas" else UserFactory()
    vacancy = VacancyFactory(company=company, published=True)
    referral = ReferralFactory(application__vacancy=vacancy)
    for method, url in _endpoints(vacancy, referral):
        assert getattr(api_client(user), method)(url, {}, format="json").status_code == 403, (method, url)


def test_another_companys_objects_are_404_and_never_listed(api):
    # given company B's vacancy, referral and placement
    vacancy = VacancyFactory(published=True)
    referral = ReferralFactory(application__vacancy=vacancy)
    # then
    for method, url in _endpoints(vacancy, referral)[2:8]:
        assert getattr(api, method)(url, {}, format="json").status_code == 404, (method, url)
    assert api.get(LIST_URL).json()["results"] == []
    vacancy.refresh_from_db()
    referral.refresh_from_db()
    assert (vacancy.status, referral.status) == (Vacancy.Status.PUBLISHED, Referral.Status.REFERRED)


# Vacancy reports ---------------------------------------------------------------------------------


def test_a_draft_is_created_with_reference_fields_by_code(api, company, member):
    response = api.post(LIST_URL, vacancy_body(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    vacancy = Vacancy.objects.get(pk=data["id"])
    assert (vacancy.company, vacancy.created_by, vacancy.status) == (company, member, Vacancy.Status.DRAFT)
    assert (data["occupation"], data["min_education"], data["work_kelurahan"]) == ("8", "SMK", "64.74.01.1003")
    assert sorted(data["skills"]) == ["k3-umum", "operator-lng"]
    assert data["status"] == "draft" and data["referred_count"] == 0


def test_what_a_get_returns_posts_back_as_an_identical_draft(api, company):
    # given a published vacancy with every field filled in
    original = VacancyFactory(
        company=company,
        published=True,
        sex_requirement="M",
        sex_justification="Kerja malam di lepas pantai",
        openings=3,
        openings_male=3,
        competencies="Sertifikat BOSIET",
        other_information="Rotasi 2 minggu",
        skills=list(Skill.objects.filter(code__in=["las-smaw", "rigging"])),
    )
    # when its GET is POSTed back unchanged
    body = api.get(detail_url(original)).json()
    response = api.post(LIST_URL, body, format="json")
    # then a new draft has exactly the same report
    assert response.status_code == 201, response.json()
    copy = response.json()
    assert copy["id"] != original.pk and copy["status"] == "draft"
    written = set(services.VACANCY_EDITABLE_FIELDS) | {"skills"}
    assert {k: copy[k] for k in written} == {k: body[k] for k in written}
    clone = Vacancy.objects.get(pk=copy["id"])
    assert set(clone.skills.values_list("code", flat=True)) == {"las-smaw", "rigging"}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"close_date": (TODAY - datetime.timedelta(days=1)).isoformat()}, "close_date"),
        ({"wage_min": -1}, "wage_min"),
        ({"wage_max": 10}, "wage_max"),
        ({"occupation": "99999"}, "occupation"),
        ({"min_education": "PHD"}, "min_education"),
        ({"work_kelurahan": "64.74.09.9999"}, "work_kelurahan"),
        ({"skills": ["tidak-ada"]}, "skills"),
        ({"sex_requirement": "F"}, "sex_justification"),
        ({"openings": 0}, "openings"),
        ({"open_date": "2026-02-31"}, "open_date"),
        ({"title": ""}, "title"),
        ({"age_min": 10}, "age_min"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, overrides, field):
    response = api.post(LIST_URL, vacancy_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Vacancy.objects.exists()


def test_a_draft_is_patched_a_published_one_waits_for_review_and_a_closed_one_is_409(api, company):
    draft = VacancyFactory(company=company)
    response = api.patch(detail_url(draft), {"title": "Judul Baru", "skills": ["rigging"]}, format="json")
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["skills"]) == ("Judul Baru", ["rigging"])
    published = VacancyFactory(company=company, published=True, title="Tetap")
    response = api.patch(detail_url(published), {"title": "Diubah"}, format="json")
    assert response.status_code == 202  # a pending revision (employers/tests/test_revisions.py)
    assert response.json()["data"] == {"title": "Diubah"}
    published.refresh_from_db()
    assert published.title == "Tetap"
    closed = VacancyFactory(company=company, status=Vacancy.Status.CLOSED, title="Tutup")
    response = api.patch(detail_url(closed), {"title": "Diubah"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_a_patch_with_bad_input_is_a_400_and_changes_nothing(api, company):
    draft = VacancyFactory(company=company)
    response = api.patch(detail_url(draft), {"wage_max": 1}, format="json")
    assert response.status_code == 400 and "wage_max" in response.json()
    draft.refresh_from_db()
    assert draft.wage_max == 5_500_000


def test_submit_from_draft_then_again_is_409(api, company):
    draft = VacancyFactory(company=company)
    response = api.post(detail_url(draft, "submit"))
    assert response.status_code == 200 and response.json()["status"] == "in_review"
    assert api.post(detail_url(draft, "submit")).status_code == 409
    published = VacancyFactory(company=company, published=True)
    assert api.post(detail_url(published, "submit")).status_code == 409


def test_an_unverified_company_drafts_but_submit_is_403_with_the_reason():
    user = CompanyMemberFactory(company=CompanyFactory()).user
    client = api_client(user)
    created = client.post(LIST_URL, vacancy_body(), format="json")
    assert created.status_code == 201
    response = client.post(reverse("api:employer-vacancy-submit", args=[created.json()["id"]]))
    assert response.status_code == 403
    assert "must be verified by Disnaker" in response.json()["detail"]
    assert Vacancy.objects.get().status == Vacancy.Status.DRAFT


def test_a_returned_report_shows_the_reason_and_is_resubmitted(api, company, petugas):
    vacancy = VacancyFactory(company=company, in_review=True)
    services.vacancy_reject(vacancy_id=vacancy.pk, by=petugas, reason="Lengkapi syarat pengalaman")
    data = api.get(detail_url(vacancy)).json()
    assert (data["status"], data["return_reason"]) == ("rejected", "Lengkapi syarat pengalaman")
    assert api.patch(detail_url(vacancy), {"experience_years_min": 1}, format="json").status_code == 200
    assert api.post(detail_url(vacancy, "submit")).json()["status"] == "in_review"


def test_close_a_published_vacancy_and_409_for_a_draft(api, company):
    published = VacancyFactory(company=company, published=True)
    response = api.post(detail_url(published, "close"))
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert api.post(detail_url(VacancyFactory(company=company), "close")).status_code == 409


def test_the_list_has_the_counts_and_filters_by_status(api, company):
    vacancy = VacancyFactory(company=company, published=True)
    ApplicationFactory(vacancy=vacancy)
    ReferralFactory(application__vacancy=vacancy)
    VacancyFactory(company=company)
    rows = api.get(LIST_URL, {"status": "published"}).json()["results"]
    assert [row["id"] for row in rows] == [vacancy.pk]
    assert (rows[0]["screened_count"], rows[0]["referred_count"], rows[0]["to_decide_count"]) == (1, 1, 1)
    assert api.get(LIST_URL, {"status": "nonsense"}).status_code == 400


# Candidates and results -----------------------------------------------------------------------


def test_candidates_are_the_referred_ones_only_each_with_its_referral_id(api, company):
    vacancy = VacancyFactory(company=company, published=True)
    referral = ReferralFactory(application__vacancy=vacancy)
    ApplicationFactory(vacancy=vacancy)
    ApplicationFactory(vacancy=vacancy, status=Application.Status.NOT_REFERRED)
    rows = api.get(detail_url(vacancy, "candidates")).json()["results"]
    assert [row["id"] for row in rows] == [referral.pk]
    assert rows[0]["letter_number"] == referral.letter_number
    assert rows[0]["candidate"]["full_name"] == referral.application.jobseeker.full_name
    assert "nik" not in rows[0]["candidate"] and "phone" not in rows[0]["candidate"]


def test_results_are_recorded_and_checked(api, company):
    vacancy = VacancyFactory(company=company, published=True)
    referral = ReferralFactory(application__vacancy=vacancy)
    # a missing start date or reason, or an unknown result, is a 400 naming the field
    assert "start_date" in api.post(result_url(referral), {"result": "accepted"}, format="json").json()
    assert "reason" in api.post(result_url(referral), {"result": "not_accepted"}, format="json").json()
    assert "result" in api.post(result_url(referral), {"result": "referred"}, format="json").json()
    assert (
        "reason" in api.post(result_url(referral), {"result": "not_accepted", "reason": "malas"}, format="json").json()
    )
    # a valid one is recorded
    response = api.post(result_url(referral), {"result": "in_selection"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["stage"]) == ("in_selection", "invited")
    response = api.post(
        result_url(referral), {"result": "not_accepted", "reason": "interview", "notes": "Kurang siap"}, format="json"
    )
    assert (response.json()["status"], response.json()["reason"]) == ("not_accepted", "interview")
    # and a final result cannot change any more
    later = api.post(result_url(referral), {"result": "accepted", "start_date": TODAY.isoformat()}, format="json")
    assert later.status_code == 409


# Hire reports -----------------------------------------------------------------------------------


def test_accepted_result_and_hire_report_create_a_reported_placement(api, company, member):
    referral = ReferralFactory(application__vacancy=VacancyFactory(company=company, published=True))
    start = TODAY + datetime.timedelta(days=5)
    api.post(result_url(referral), {"result": "accepted", "start_date": start.isoformat()}, format="json")
    response = api.post(
        PLACEMENTS_URL, {"referral": referral.pk, "contract_type": "pkwtt", "wage": 6_000_000}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["status"], data["referral"], data["start_date"], data["contract_type"]) == (
        "reported",
        referral.pk,
        start.isoformat(),
        "pkwtt",
    )
    assert data["letter_number"] == referral.letter_number and data["outside_portal"] is False
    placement = Placement.objects.get()
    assert (placement.reported_by, placement.wage) == (member, 6_000_000)
    assert [row["id"] for row in api.get(PLACEMENTS_URL).json()["results"]] == [placement.pk]
    again = api.post(PLACEMENTS_URL, {"referral": referral.pk}, format="json")
    assert again.status_code == 400 and "referral" in again.json()


def person(jobseeker) -> dict:
    return {"full_name": jobseeker.full_name, "birth_date": jobseeker.birth_date.isoformat()}


def test_a_hire_outside_the_portal_by_card_number_or_nik_is_flagged(api, company):
    vacancy = VacancyFactory(company=company, published=True)
    by_card, by_nik = AkiCardFactory(active=True), AkiCardFactory(active=True)
    first = api.post(
        PLACEMENTS_URL,
        {
            "vacancy": vacancy.pk,
            "card_number": by_card.number,
            "start_date": TODAY.isoformat(),
            **person(by_card.jobseeker),
        },
        format="json",
    )
    second = api.post(
        PLACEMENTS_URL,
        {
            "vacancy": vacancy.pk,
            "nik": by_nik.jobseeker.nik,
            "start_date": TODAY.isoformat(),
            "wage": 4_000_000,
            **person(by_nik.jobseeker),
        },
        format="json",
    )
    assert (first.status_code, second.status_code) == (202, 202)
    assert first.json() == second.json() == {"detail": "The hire report is sent to Disnaker for checking."}
    assert {p.jobseeker_id for p in Placement.objects.filter(outside_portal=True)} == {
        by_card.jobseeker_id,
        by_nik.jobseeker_id,
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"nik": "647401530399"}, "nik"),
        ({}, "card_number"),
        ({"card_number": "x", "full_name": ""}, "full_name"),
        ({"card_number": "x", "birth_date": None}, "birth_date"),
        ({"card_number": "x", "full_name": "Budi\u0000"}, "full_name"),
        ({"card_number": "x", "start_date": None}, "start_date"),
        ({"card_number": "x", "contract_type": "borongan"}, "contract_type"),
        ({"card_number": "x", "wage": -5}, "wage"),
        ({"card_number": "x", "referral": 1}, "referral"),
        ({"card_number": "x", "vacancy": 2**70}, "vacancy"),
    ],
)
def test_bad_hire_reports_are_a_400_naming_the_field(api, company, body, field):
    vacancy = VacancyFactory(company=company, published=True)
    payload = {"vacancy": vacancy.pk, "start_date": TODAY.isoformat(), "full_name": "Budi", "birth_date": "1999-03-14"}
    payload = {**payload, **body}
    payload = {key: value for key, value in payload.items() if value is not None}
    response = api.post(PLACEMENTS_URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Placement.objects.exists()


def test_a_hire_report_for_another_companys_referral_or_vacancy_is_refused(api):
    other_vacancy = VacancyFactory(published=True)
    other_referral = ReferralFactory(application__vacancy=other_vacancy)
    card = AkiCardFactory(active=True)
    by_referral = api.post(
        PLACEMENTS_URL, {"referral": other_referral.pk, "start_date": TODAY.isoformat()}, format="json"
    )
    by_vacancy = api.post(
        PLACEMENTS_URL,
        {
            "vacancy": other_vacancy.pk,
            "card_number": card.number,
            "start_date": TODAY.isoformat(),
            **person(card.jobseeker),
        },
        format="json",
    )
    assert (by_referral.status_code, by_vacancy.status_code) == (400, 400)
    assert "referral" in by_referral.json() and "vacancy" in by_vacancy.json()
    assert not Placement.objects.exists()


def test_a_hire_report_for_a_candidate_not_accepted_is_409(api, company):
    referral = ReferralFactory(
        application__vacancy=VacancyFactory(company=company, published=True), status=Referral.Status.NO_SHOW
    )
    response = api.post(PLACEMENTS_URL, {"referral": referral.pk, "start_date": TODAY.isoformat()}, format="json")
    assert response.status_code == 409
    assert not Placement.objects.exists()


def test_the_schema_documents_the_employer_endpoints_and_their_errors():
    document = yaml.safe_load(api_client().get(reverse("api:schema")).content)
    submit = document["paths"]["/api/v1/employer/vacancies/{id}/submit/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(submit)
    for path in (
        "/api/v1/employer/vacancies/",
        "/api/v1/employer/vacancies/{id}/",
        "/api/v1/employer/vacancies/{id}/close/",
        "/api/v1/employer/vacancies/{id}/candidates/",
        "/api/v1/employer/referrals/{id}/result/",
        "/api/v1/employer/placements/",
    ):
        assert path in document["paths"]
