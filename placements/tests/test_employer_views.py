"""The employer's side of referrals and hires: selection results, hire reports, a vacancy filled."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.models import Notice
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory
from placements import services
from placements.models import Application, OutsideHireReport, Placement, Referral
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


@pytest.fixture
def vacancy(company):
    return VacancyFactory(company=company, published=True, openings=2)


@pytest.fixture
def referral(vacancy):
    return ReferralFactory(application__vacancy=vacancy)


def result_url(referral) -> str:
    return reverse("employers:referral_result", args=[referral.pk])


def placement_url(referral=None) -> str:
    url = reverse("employers:placement_create")
    return f"{url}?rujukan={referral.pk}" if referral else url


def field_block(html: str, name: str) -> str:
    end = html.index(f'name="{name}"')
    start = max(html.rfind('<div class="field"', 0, end), html.rfind('<div class="field ', 0, end))
    return html[start : end + 200]


# Who may see the pages ------------------------------------------------------------------------


def test_pages_need_a_company_account(referral):
    urls = [result_url(referral), placement_url(referral), placement_url(), reverse("employers:placement_list")]
    for url in urls:
        assert english_client().get(url)["Location"].startswith(reverse("accounts:login")), url
        assert english_client(UserFactory()).get(url).status_code == 403, url
        assert english_client(UserFactory(petugas=True)).get(url).status_code == 403, url


def test_a_referral_to_another_company_is_not_found(client_a):
    other = ReferralFactory()
    assert client_a.get(result_url(other)).status_code == 404
    assert client_a.post(result_url(other), {"result": "invited"}).status_code == 404
    assert client_a.get(placement_url(other)).status_code == 404
    assert client_a.post(placement_url(other), {"start_date": TODAY.isoformat()}).status_code == 404
    other.refresh_from_db()
    assert other.status == Referral.Status.REFERRED
    assert not Placement.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999"])
def test_a_malformed_referral_in_the_address_is_not_found(client_a, value):
    assert client_a.get(f"{reverse('employers:placement_create')}?rujukan={value}").status_code == 404


# Selection results -----------------------------------------------------------------------------


def test_invited_then_interviewed_are_steps_inside_the_selection(client_a, referral):
    client_a.post(result_url(referral), {"result": "invited"})
    referral.refresh_from_db()
    assert (referral.status, referral.stage) == (Referral.Status.IN_SELECTION, Referral.Stage.INVITED)
    client_a.post(result_url(referral), {"result": "interviewed", "notes": "Tes tertulis lulus"})
    referral.refresh_from_db()
    assert (referral.status, referral.stage) == (Referral.Status.IN_SELECTION, Referral.Stage.INTERVIEWED)
    assert "Tes tertulis lulus" in referral.selection_notes
    assert list(referral.events.values_list("to_status", flat=True)) == ["in_selection", "in_selection"]


def test_hired_needs_a_start_date_shown_next_to_the_field(client_a, referral):
    response = client_a.post(result_url(referral), {"result": "accepted", "notes": "Catatan yang diketik"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the date the candidate starts work." in field_block(html, "start_date")
    assert "Catatan yang diketik" in html
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REFERRED


def test_not_selected_needs_a_reason_category(client_a, referral):
    response = client_a.post(result_url(referral), {"result": "not_accepted"})
    assert "Choose why the candidate was not selected." in field_block(response.content.decode(), "reason")
    client_a.post(result_url(referral), {"result": "not_accepted", "reason": "test"})
    referral.refresh_from_db()
    assert (referral.status, referral.reason_category) == (Referral.Status.NOT_ACCEPTED, "test")
    assert referral.application.status == Application.Status.NOT_HIRED


def test_hired_with_a_start_date_leads_to_the_hire_report(client_a, referral):
    start = TODAY + datetime.timedelta(days=7)
    response = client_a.post(result_url(referral), {"result": "accepted", "start_date": start.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == placement_url(referral)
    referral.refresh_from_db()
    assert (referral.status, referral.start_date) == (Referral.Status.ACCEPTED, start)
    form = client_a.get(response["Location"]).content.decode()
    assert f'value="{start.isoformat()}"' in form  # the start date is filled in


def test_a_recorded_outcome_cannot_be_changed_and_says_so(client_a, referral):
    services.referral_record_result(referral_id=referral.pk, by=referral.referred_by, result="no_show")
    assert "cannot be changed here" in client_a.get(result_url(referral)).content.decode()
    response = client_a.post(result_url(referral), {"result": "accepted", "start_date": TODAY.isoformat()})
    assert response.status_code == 200
    assert "cannot be changed here" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.NO_SHOW


def test_an_unknown_result_is_a_form_error(client_a, referral):
    response = client_a.post(result_url(referral), {"result": "referred"})
    assert response.status_code == 200
    assert "Select a valid choice" in field_block(response.content.decode(), "result")


# Hire reports ---------------------------------------------------------------------------------


def test_accepted_result_and_hire_report_create_a_reported_placement(client_a, referral, member, vacancy):
    # given the candidate was hired
    start = TODAY + datetime.timedelta(days=3)
    client_a.post(result_url(referral), {"result": "accepted", "start_date": start.isoformat()})
    # when the hire report is sent in one step
    response = client_a.post(
        placement_url(referral), {"start_date": start.isoformat(), "contract_type": "pkwtt", "wage": "5200000"}
    )
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("employers:placement_list")
    placement = Placement.objects.get()
    assert placement.status == Placement.Status.REPORTED
    assert (placement.referral, placement.vacancy, placement.jobseeker) == (
        referral,
        vacancy,
        referral.application.jobseeker,
    )
    assert (placement.start_date, placement.employment_type, placement.wage) == (start, "pkwtt", 5_200_000)
    assert (placement.reported_by, placement.reported_by_role, placement.outside_portal) == (
        member,
        Placement.ReportedByRole.EMPLOYER,
        False,
    )
    html = client_a.get(reverse("employers:placement_list")).content.decode()
    assert referral.application.jobseeker.full_name in html and referral.letter_number in html


def test_a_referred_candidate_can_be_reported_hired_in_one_step(client_a, referral):
    client_a.post(placement_url(referral), {"start_date": TODAY.isoformat(), "contract_type": "", "wage": ""})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    placement = Placement.objects.get()
    assert placement.employment_type == referral.application.vacancy.employment_type


def test_a_hire_cannot_be_reported_twice(client_a, referral):
    client_a.post(placement_url(referral), {"start_date": TODAY.isoformat()})
    response = client_a.post(placement_url(referral), {"start_date": TODAY.isoformat()})
    assert response.status_code == 200
    assert "already been sent" in response.content.decode()
    assert Placement.objects.count() == 1


def test_a_candidate_not_accepted_cannot_be_reported_hired(client_a, referral):
    services.referral_record_result(referral_id=referral.pk, by=referral.referred_by, result="no_show")
    response = client_a.post(placement_url(referral), {"start_date": TODAY.isoformat()})
    assert response.status_code == 200
    assert "was not accepted" in response.content.decode()
    assert not Placement.objects.exists()


def test_bad_hire_report_input_stays_next_to_its_field(client_a, referral):
    response = client_a.post(placement_url(referral), {"start_date": "kemarin", "wage": "-1"})
    html = response.content.decode()
    assert "valid date" in field_block(html, "start_date")
    assert "greater than or equal to 0" in field_block(html, "wage")
    assert not Placement.objects.exists()


def person(jobseeker) -> dict:
    return {"full_name": jobseeker.full_name, "birth_date": jobseeker.birth_date.isoformat()}


def test_a_hire_outside_the_portal_by_card_number_is_flagged(client_a, vacancy):
    card = AkiCardFactory(active=True)
    response = client_a.post(
        placement_url(),
        {
            "vacancy": str(vacancy.pk),
            "card_number": card.number.lower(),
            "start_date": TODAY.isoformat(),
            **person(card.jobseeker),
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.jobseeker, placement.outside_portal, placement.referral) == (card.jobseeker, True, None)
    # listed for the company once Disnaker has checked it
    assert "Hired outside the portal" not in client_a.get(reverse("employers:placement_list")).content.decode()
    services.placement_verify(placement_id=placement.pk, by=UserFactory(petugas=True))
    assert "Hired outside the portal" in client_a.get(reverse("employers:placement_list")).content.decode()


def test_a_hire_outside_the_portal_by_nik(client_a, vacancy):
    card = AkiCardFactory(active=True)
    nik = card.jobseeker.nik
    formatted = f"{nik[:6]}.{nik[6:12]}.{nik[12:]}"
    client_a.post(
        placement_url(),
        {"vacancy": str(vacancy.pk), "nik": formatted, "start_date": TODAY.isoformat(), **person(card.jobseeker)},
    )
    assert Placement.objects.get().jobseeker == card.jobseeker


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"nik": "123"}, "nik", "A NIK has 16 digits"),
        ({}, "card_number", "either the AK/I card number or the NIK"),
        ({"card_number": "6474-X", "full_name": ""}, "full_name", "This field is required"),
        ({"card_number": "6474-X", "birth_date": "kemarin"}, "birth_date", "valid date"),
    ],
)
def test_a_hire_outside_the_portal_with_bad_input_is_refused_next_to_the_field(client_a, vacancy, data, field, message):
    typed = {"full_name": "Budi Santoso", "birth_date": "1999-03-14"}
    response = client_a.post(
        placement_url(), {"vacancy": str(vacancy.pk), "start_date": TODAY.isoformat(), **typed, **data}
    )
    assert response.status_code == 200
    assert message in field_block(response.content.decode(), field)
    assert not Placement.objects.exists()


def test_a_hire_outside_the_portal_needs_one_of_your_published_vacancies(client_a, company):
    card = AkiCardFactory(active=True)
    for vacancy in (VacancyFactory(published=True), VacancyFactory(company=company)):  # another company's; a draft
        response = client_a.post(
            placement_url(), {"vacancy": str(vacancy.pk), "card_number": card.number, "start_date": TODAY.isoformat()}
        )
        assert response.status_code == 200
        assert "Select a valid choice" in field_block(response.content.decode(), "vacancy")
    assert not Placement.objects.exists()


def test_a_referred_person_is_not_reported_as_a_hire_outside_the_portal(client_a, referral):
    card = referral.application.jobseeker.aki_cards.get()  # the active card every applicant holds
    response = client_a.post(
        placement_url(),
        {
            "vacancy": str(referral.application.vacancy_id),
            "card_number": card.number,
            "start_date": TODAY.isoformat(),
            **person(card.jobseeker),
        },
    )
    # the same answer as for anyone (the staff see the report, marked as a referred candidate)
    assert response.status_code == 302
    assert not Placement.objects.exists()
    assert OutsideHireReport.objects.get().outcome == OutsideHireReport.Outcome.REFERRED


def test_no_hire_reports_yet_is_an_empty_state(client_a):
    html = client_a.get(reverse("employers:placement_list")).content.decode()
    assert 'class="empty-state"' in html
    assert reverse("employers:placement_create") in html


# The vacancy is filled ------------------------------------------------------------------------


def test_verified_placements_reaching_the_openings_fill_the_vacancy_and_close_the_rest(petugas, company, member):
    # given a vacancy for one person, two referred candidates and one applicant not yet screened
    vacancy = VacancyFactory(company=company, published=True, openings=1)
    hired = ReferralFactory(application__vacancy=vacancy)
    other = ReferralFactory(application__vacancy=vacancy, status=Referral.Status.IN_SELECTION)
    waiting = ApplicationFactory(vacancy=vacancy)
    placement = services.placement_report_for_referral(
        referral_id=hired.pk, company=company, by=member, start_date=TODAY
    )
    # when Disnaker verifies the hire report
    services.placement_verify(placement_id=placement.pk, by=petugas)
    # then the vacancy is filled and the others are told
    vacancy.refresh_from_db()
    other.refresh_from_db()
    waiting.refresh_from_db()
    assert vacancy.status == Vacancy.Status.FILLED
    assert (other.status, other.reason_category) == (Referral.Status.NOT_ACCEPTED, Referral.ReasonCategory.FILLED)
    assert other.application.status == Application.Status.NOT_HIRED
    assert waiting.status == Application.Status.NOT_REFERRED
    assert Notice.objects.filter(recipient=other.application.jobseeker.user).exists()
    assert Notice.objects.filter(recipient=waiting.jobseeker.user).exists()


def test_a_vacancy_is_not_filled_before_every_opening_is(petugas, company, member):
    vacancy = VacancyFactory(company=company, published=True, openings=2)
    referral = ReferralFactory(application__vacancy=vacancy)
    other = ReferralFactory(application__vacancy=vacancy)
    placement = services.placement_report_for_referral(
        referral_id=referral.pk, company=company, by=member, start_date=TODAY
    )
    services.placement_verify(placement_id=placement.pk, by=petugas)
    vacancy.refresh_from_db()
    other.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED
    assert other.status == Referral.Status.REFERRED
    assert services.vacancy_fill_if_complete(vacancy_id=vacancy.pk, by=petugas) is False
