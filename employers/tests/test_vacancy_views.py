"""The employer's vacancy pages: the report form in steps, the list with counts, submit and close."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan, Skill
from employers import selectors, services
from employers.models import Company, Vacancy
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from placements.models import Application, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def english_client(user=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def company(member):
    return member.company_membership.company


@pytest.fixture
def client_a(member):
    return english_client(member)


def form_data(**overrides) -> dict:
    data = {
        "title": "Teknisi Instrumen",
        "occupation": str(KbjiGroup.objects.get(code="3").pk),
        "employment_type": "pkwt",
        "description": "Merawat instrumen kontrol pabrik amonia.",
        "min_education": str(EducationLevel.objects.get(code="SMK").pk),
        "majors": "Teknik Instrumentasi",
        "skills": [str(Skill.objects.get(code="instrumentasi").pk), str(Skill.objects.get(code="k3-umum").pk)],
        "competencies": "Sertifikat K3 listrik",
        "experience_years_min": "1",
        "age_min": "20",
        "age_max": "35",
        "sex_requirement": "any",
        "sex_justification": "",
        "openings": "2",
        "openings_male": "",
        "openings_female": "",
        "wage_min": "4500000",
        "wage_max": "6000000",
        "wage_period": "month",
        "work_kelurahan": str(Kelurahan.objects.get(code="64.74.01.1003").pk),
        "work_location": "Kawasan Industri Lok Tuan",
        "open_date": TODAY.isoformat(),
        "close_date": (TODAY + datetime.timedelta(days=21)).isoformat(),
        "other_information": "Tes tertulis dan wawancara di Bontang.",
    }
    data.update(overrides)
    return data


def field_block(html: str, name: str) -> str:
    """The markup of one form field's block (label, help, errors, input), to check what sits next to it."""
    marker = f'name="{name}"'
    end = html.index(marker)
    start = max(html.rfind('<div class="field"', 0, end), html.rfind('<div class="field ', 0, end))
    return html[start : end + 200]


# Who may see the pages ------------------------------------------------------------------------


def _page_urls(vacancy) -> list[str]:
    return [
        reverse("employers:vacancy_list"),
        reverse("employers:vacancy_create"),
        reverse("employers:vacancy_detail", args=[vacancy.pk]),
        reverse("employers:vacancy_edit", args=[vacancy.pk]),
        reverse("employers:vacancy_candidates", args=[vacancy.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(company):
    vacancy = VacancyFactory(company=company)
    for url in _page_urls(vacancy):
        response = english_client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("role", ["jobseeker", "petugas"])
def test_jobseekers_and_staff_are_refused(company, role):
    user = UserFactory(petugas=True) if role == "petugas" else UserFactory()
    vacancy = VacancyFactory(company=company)
    for url in _page_urls(vacancy):
        assert english_client(user).get(url).status_code == 403, url


def test_members_of_company_a_see_their_own_pages(client_a, company):
    vacancy = VacancyFactory(company=company)
    for url in _page_urls(vacancy):
        assert client_a.get(url).status_code == 200, url


def test_another_companys_vacancy_is_not_found(client_a):
    # given a vacancy of company B
    other = VacancyFactory(published=True, title="Lowongan Perusahaan Lain")
    # then every page and action on it answers 404, and the list does not show it
    for url in _page_urls(other)[2:]:
        assert client_a.get(url).status_code == 404, url
    for name in ("employers:vacancy_submit", "employers:vacancy_close"):
        assert client_a.post(reverse(name, args=[other.pk])).status_code == 404
    assert "Lowongan Perusahaan Lain" not in client_a.get(reverse("employers:vacancy_list")).content.decode()
    other.refresh_from_db()
    assert other.status == Vacancy.Status.PUBLISHED


def test_actions_are_post_only_and_refused_to_non_members(company):
    vacancy = VacancyFactory(company=company)
    submit = reverse("employers:vacancy_submit", args=[vacancy.pk])
    assert english_client(company.members.get().user).get(submit).status_code == 405
    assert english_client().post(submit).status_code == 302
    assert english_client(UserFactory()).post(submit).status_code == 403
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


def test_a_huge_id_is_a_404_not_a_500(client_a):
    assert client_a.get(reverse("employers:vacancy_detail", args=[10**20])).status_code == 404


# The report form --------------------------------------------------------------------------------


def test_the_report_is_saved_as_a_draft_with_every_field(client_a, company, member):
    # when
    response = client_a.post(reverse("employers:vacancy_create"), form_data())
    # then
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:vacancy_detail", args=[vacancy.pk])
    assert (vacancy.company, vacancy.status, vacancy.created_by) == (company, Vacancy.Status.DRAFT, member)
    assert (vacancy.title, vacancy.occupation.code, vacancy.min_education.code) == ("Teknisi Instrumen", "3", "SMK")
    assert (vacancy.wage_min, vacancy.wage_max, vacancy.openings, vacancy.age_max) == (4_500_000, 6_000_000, 2, 35)
    assert set(vacancy.skills.values_list("code", flat=True)) == {"instrumentasi", "k3-umum"}
    assert vacancy.other_information.startswith("Tes tertulis")


def test_the_form_groups_the_fields_in_four_steps(client_a):
    html = client_a.get(reverse("employers:vacancy_create")).content.decode()
    for title in ("Job and occupation", "Requirements", "Conditions", "Other information and review"):
        assert title in html
    for name in ("title", "occupation", "min_education", "skills", "sex_justification", "wage_period", "close_date"):
        assert f'name="{name}"' in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"close_date": (TODAY - datetime.timedelta(days=1)).isoformat()},
            "close_date",
            "cannot be before the opening date",
        ),
        ({"wage_min": "-5"}, "wage_min", "greater than or equal to 0"),
        ({"wage_max": "1000"}, "wage_max", "cannot be below the lower end"),
        ({"age_max": "18", "age_min": "25"}, "age_max", "cannot be below the minimum age"),
        ({"sex_requirement": "F"}, "sex_justification", "open to one sex only"),
        ({"openings": "0"}, "openings", "greater than or equal to 1"),
        ({"openings_male": "2", "openings_female": "1"}, "openings_female", "exceed the number of openings"),
        ({"open_date": "31-02-2026"}, "open_date", "valid date"),
        ({"title": ""}, "title", "required"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_typed_is_lost(client_a, overrides, field, message):
    # when
    response = client_a.post(reverse("employers:vacancy_create"), form_data(**overrides))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert message in field_block(html, field)
    assert 'value="Kawasan Industri Lok Tuan"' in html  # what was typed is still there
    assert "Merawat instrumen kontrol pabrik amonia." in html
    assert not Vacancy.objects.exists()


def test_each_step_of_the_edit_saves_only_its_own_fields(client_a, company):
    # given
    vacancy = VacancyFactory(company=company, title="Operator Lama", wage_min=4_000_000)
    url = reverse("employers:vacancy_edit", args=[vacancy.pk])
    # when step 1 is saved with "continue"
    response = client_a.post(
        f"{url}?langkah=1",
        {
            "title": "Operator Baru",
            "occupation": str(vacancy.occupation_id),
            "employment_type": "pkwtt",
            "description": "Baru",
            "action": "next",
        },
    )
    # then the next step opens and the other steps are untouched
    assert response.status_code == 302
    assert response["Location"] == f"{url}?langkah=2"
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.employment_type, vacancy.wage_min) == ("Operator Baru", "pkwtt", 4_000_000)
    html = client_a.get(f"{url}?langkah=2").content.decode()
    assert 'name="min_education"' in html and 'name="title"' not in html


def test_a_step_with_bad_input_keeps_the_draft_and_what_was_typed(client_a, company):
    vacancy = VacancyFactory(company=company)
    url = reverse("employers:vacancy_edit", args=[vacancy.pk])
    data = {
        "openings": "3",
        "wage_min": "5000000",
        "wage_max": "4000000",
        "wage_period": "month",
        "work_location": "Tempat Baru Yang Diketik",
        "open_date": vacancy.open_date.isoformat(),
        "close_date": vacancy.close_date.isoformat(),
    }
    response = client_a.post(f"{url}?langkah=3", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "cannot be below the lower end" in field_block(html, "wage_max")
    assert 'value="Tempat Baru Yang Diketik"' in html
    vacancy.refresh_from_db()
    assert vacancy.work_location == "Kawasan Industri Lok Tuan"


@pytest.mark.parametrize("step", ["abc", "9", "-1", ""])
def test_an_unknown_step_opens_the_first_one(client_a, company, step):
    vacancy = VacancyFactory(company=company)
    response = client_a.get(reverse("employers:vacancy_edit", args=[vacancy.pk]), {"langkah": step})
    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()


def test_the_last_step_shows_the_whole_report_for_review(client_a, company):
    vacancy = VacancyFactory(company=company, description="Deskripsi untuk diperiksa")
    html = client_a.get(reverse("employers:vacancy_edit", args=[vacancy.pk]), {"langkah": 4}).content.decode()
    assert 'name="other_information"' in html
    assert "Deskripsi untuk diperiksa" in html
    assert reverse("employers:vacancy_submit", args=[vacancy.pk]) in html


def test_a_closed_report_can_no_longer_be_edited(client_a, company):
    # a published one can: its material changes wait for review (employers/tests/test_revisions.py)
    vacancy = VacancyFactory(company=company, status=Vacancy.Status.CLOSED, title="Tutup")
    url = reverse("employers:vacancy_edit", args=[vacancy.pk])
    assert client_a.get(url)["Location"] == reverse("employers:vacancy_detail", args=[vacancy.pk])
    response = client_a.post(f"{url}?langkah=1", {"title": "Diubah"}, follow=True)
    assert "can no longer be changed" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.title == "Tutup"


# Submitting for review --------------------------------------------------------------------------


def test_a_verified_company_sends_a_draft_for_review(client_a, company):
    vacancy = VacancyFactory(company=company)
    response = client_a.post(reverse("employers:vacancy_submit", args=[vacancy.pk]), follow=True)
    assert "Disnaker reviews it" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW and vacancy.submitted_at is not None


@pytest.mark.parametrize("trait", ["in_review", "published"])
def test_sending_again_is_refused_with_a_message(client_a, company, trait):
    vacancy = VacancyFactory(company=company, **{trait: True})
    response = client_a.post(reverse("employers:vacancy_submit", args=[vacancy.pk]), follow=True)
    assert response.status_code == 200
    assert "has already been sent" in response.content.decode()
    status = vacancy.status
    vacancy.refresh_from_db()
    assert vacancy.status == status


def test_an_unverified_company_saves_drafts_but_cannot_send_them_and_is_told_why():
    # given a member of a company awaiting verification
    user = CompanyMemberFactory(company=CompanyFactory()).user
    client = english_client(user)
    # when it prepares a draft
    response = client.post(reverse("employers:vacancy_create"), form_data())
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302 and vacancy.status == Vacancy.Status.DRAFT
    # then the page says why it cannot be sent, and sending it anyway is refused with the reason
    detail = client.get(reverse("employers:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "has not verified your company yet" in detail
    assert reverse("employers:vacancy_submit", args=[vacancy.pk]) not in detail
    response = client.post(reverse("employers:vacancy_submit", args=[vacancy.pk]), follow=True)
    assert "must be verified by Disnaker" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


def test_a_draft_whose_closing_date_passed_cannot_be_sent(client_a, company):
    vacancy = VacancyFactory(
        company=company, open_date=TODAY - datetime.timedelta(days=10), close_date=TODAY - datetime.timedelta(days=1)
    )
    response = client_a.post(reverse("employers:vacancy_submit", args=[vacancy.pk]), follow=True)
    assert "closing date has passed" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


def test_a_returned_report_shows_the_reason_and_can_be_fixed_and_sent_again(client_a, company, petugas):
    # given a report Disnaker returned twice; the last reason counts
    vacancy = VacancyFactory(company=company, in_review=True)
    services.vacancy_reject(vacancy_id=vacancy.pk, by=petugas, reason="Upah di bawah UMK")
    services.vacancy_submit(vacancy_id=vacancy.pk, by=company.members.get().user)
    services.vacancy_reject(vacancy_id=vacancy.pk, by=petugas, reason="Alasan syarat jenis kelamin kurang jelas")
    # when the employer opens it
    html = client_a.get(reverse("employers:vacancy_detail", args=[vacancy.pk])).content.decode()
    # then
    assert "Returned by Disnaker" in html
    assert "Alasan syarat jenis kelamin kurang jelas" in html and "Upah di bawah UMK" not in html
    assert reverse("employers:vacancy_edit", args=[vacancy.pk]) in html
    # and fixing and sending it again works
    response = client_a.post(
        f"{reverse('employers:vacancy_edit', args=[vacancy.pk])}?langkah=4", {"other_information": "Diperbaiki"}
    )
    assert response.status_code == 302
    client_a.post(reverse("employers:vacancy_submit", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.other_information) == (Vacancy.Status.IN_REVIEW, "Diperbaiki")


# Closing ------------------------------------------------------------------------------------------


def test_a_published_vacancy_can_be_closed_early(client_a, company):
    vacancy = VacancyFactory(company=company, published=True)
    client_a.post(reverse("employers:vacancy_close", args=[vacancy.pk]))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED and vacancy.closed_at is not None


def test_closing_a_draft_is_refused_with_a_message(client_a, company):
    vacancy = VacancyFactory(company=company)
    response = client_a.post(reverse("employers:vacancy_close", args=[vacancy.pk]), follow=True)
    assert "Only a published vacancy can be closed" in response.content.decode()
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.DRAFT


# The list and its counts --------------------------------------------------------------------------


def _vacancy_with_candidates(company):
    vacancy = VacancyFactory(company=company, published=True)
    ApplicationFactory(vacancy=vacancy)  # submitted: not screened yet
    ApplicationFactory(vacancy=vacancy, status=Application.Status.NOT_REFERRED)
    ReferralFactory(application__vacancy=vacancy)
    ReferralFactory(application__vacancy=vacancy, status=Referral.Status.IN_SELECTION)
    ReferralFactory(
        application__vacancy=vacancy, application__status=Application.Status.REFERRED, status=Referral.Status.ACCEPTED
    )
    return vacancy


def test_the_counts_come_in_one_query(company, django_assert_num_queries):
    # given
    vacancy = _vacancy_with_candidates(company)
    VacancyFactory(company=company)
    # when
    with django_assert_num_queries(1):
        rows = {row.pk: row for row in selectors.vacancy_list_for_company(company=company)}
    # then
    row = rows[vacancy.pk]
    assert (row.screened_count, row.referred_count, row.to_decide_count, row.accepted_count) == (4, 3, 2, 1)
    assert len(rows) == 2


def test_the_list_shows_status_and_counts(client_a, company):
    vacancy = _vacancy_with_candidates(company)
    html = client_a.get(reverse("employers:vacancy_list")).content.decode()
    assert vacancy.title in html
    assert "status--published" in html
    assert reverse("employers:vacancy_candidates", args=[vacancy.pk]) in html
    assert "<dt>Candidates referred</dt><dd>3</dd>" in html


def test_an_empty_list_says_so_and_links_to_the_form(client_a):
    html = client_a.get(reverse("employers:vacancy_list")).content.decode()
    assert 'class="empty-state"' in html
    assert reverse("employers:vacancy_create") in html


# Candidates: the single channel ---------------------------------------------------------------


def test_the_employer_sees_only_the_candidates_disnaker_referred(client_a, company):
    # given one referred candidate and one applicant Disnaker has not referred
    vacancy = VacancyFactory(company=company, published=True)
    referral = ReferralFactory(application__vacancy=vacancy, application__jobseeker__full_name="Rina Dirujuk")
    ApplicationFactory(vacancy=vacancy, jobseeker__full_name="Budi Belum Disaring")
    ApplicationFactory(
        vacancy=vacancy, jobseeker__full_name="Sari Tidak Dirujuk", status=Application.Status.NOT_REFERRED
    )
    # when
    html = client_a.get(reverse("employers:vacancy_candidates", args=[vacancy.pk])).content.decode()
    # then
    assert "Rina Dirujuk" in html and referral.letter_number in html
    assert "Budi Belum Disaring" not in html and "Sari Tidak Dirujuk" not in html
    assert referral.application.jobseeker.nik not in html  # the NIK stays with Disnaker
    assert reverse("employers:referral_result", args=[referral.pk]) in html


def test_no_candidates_yet_is_an_empty_state(client_a, company):
    vacancy = VacancyFactory(company=company, published=True)
    html = client_a.get(reverse("employers:vacancy_candidates", args=[vacancy.pk])).content.decode()
    assert 'class="empty-state"' in html


# Dashboard ---------------------------------------------------------------------------------------


def test_the_dashboard_links_to_every_employer_page(client_a, company):
    ReferralFactory(application__vacancy=VacancyFactory(company=company, published=True))
    html = client_a.get(reverse("portal:dashboard")).content.decode()
    for name in ("employers:vacancy_create", "employers:vacancy_list", "employers:placement_list"):
        assert reverse(name) in html
    assert "1 referred candidate to decide on" in html


def test_the_dashboard_tells_an_unverified_company_why_it_cannot_send_reports():
    user = CompanyMemberFactory(company=CompanyFactory(status=Company.Status.PENDING)).user
    html = english_client(user).get(reverse("portal:dashboard")).content.decode()
    assert "has not verified your company yet" in html
