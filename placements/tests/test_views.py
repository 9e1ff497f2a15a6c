"""The jobseeker's pages of the single channel: apply, my applications and their timeline, withdraw."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import EducationLevel
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements import services
from placements.models import Application, Referral
from placements.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def card_holder(english):
    """A jobseeker with an active card and an SMK education, signed in, pages in English."""
    profile = AkiCardFactory(active=True, jobseeker__educated=True).jobseeker
    english.force_login(profile.user)
    return profile


@pytest.fixture
def vacancy():
    return VacancyFactory(published=True)


def html(response) -> str:
    return response.content.decode()


def apply_url(vacancy) -> str:
    return reverse("placements:apply", args=[vacancy.pk])


# Who may open the pages ---------------------------------------------------------------------------------


def urls(application, vacancy):
    return [
        ("get", reverse("placements:application_list")),
        ("get", reverse("placements:application_detail", args=[application.pk])),
        ("get", apply_url(vacancy)),
        ("post", apply_url(vacancy)),
        ("post", reverse("placements:application_withdraw", args=[application.pk])),
    ]


def test_anonymous_visitors_are_sent_to_login(client, vacancy):
    application = ApplicationFactory()
    for method, url in urls(application, vacancy):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["employer", "petugas"])
def test_employers_and_staff_get_403(client, vacancy, role):
    application = ApplicationFactory()
    client.force_login(UserFactory(**{role: True}))
    for method, url in urls(application, vacancy):
        assert getattr(client, method)(url).status_code == 403, url


def test_an_employer_member_of_the_vacancy_company_gets_403_too(client, vacancy):
    application = ApplicationFactory(vacancy=vacancy)
    client.force_login(CompanyMemberFactory(company=vacancy.company).user)
    assert client.get(reverse("placements:application_detail", args=[application.pk])).status_code == 403


def test_another_jobseekers_application_is_404(english, card_holder):
    other = ApplicationFactory()
    assert english.get(reverse("placements:application_detail", args=[other.pk])).status_code == 404
    assert english.post(reverse("placements:application_withdraw", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == Application.Status.SUBMITTED


@pytest.mark.parametrize("status", [Vacancy.Status.DRAFT, Vacancy.Status.IN_REVIEW, Vacancy.Status.REJECTED])
def test_unpublished_vacancies_are_404(english, card_holder, status):
    vacancy = VacancyFactory(status=status)
    assert english.get(apply_url(vacancy)).status_code == 404
    assert english.post(apply_url(vacancy), {"note": ""}).status_code == 404
    assert english.get(reverse("placements:apply", args=[999999])).status_code == 404


# Applying -----------------------------------------------------------------------------------------------


def test_the_apply_page_shows_the_vacancy_and_the_form(english, card_holder, vacancy):
    content = html(english.get(apply_url(vacancy)))
    assert vacancy.title in content
    assert 'name="note"' in content
    assert f'href="{reverse("vacancies:detail", args=[vacancy.pk])}"' in content


def test_applying_with_a_note_creates_the_application_and_shows_it(english, card_holder, vacancy):
    # when
    response = english.post(apply_url(vacancy), {"note": "Siap kerja shift"})
    # then
    application = Application.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("placements:application_detail", args=[application.pk])
    assert (application.jobseeker, application.vacancy, application.motivation) == (
        card_holder,
        vacancy,
        "Siap kerja shift",
    )
    detail = html(english.get(response.url))
    assert "Application submitted" in detail and "Siap kerja shift" in detail


def test_applying_without_a_note_is_fine(english, card_holder, vacancy):
    assert english.post(apply_url(vacancy), {}).status_code == 302
    assert Application.objects.get().motivation == ""


def test_a_5000_character_note_is_refused_next_to_the_field(english, card_holder, vacancy):
    response = english.post(apply_url(vacancy), {"note": "x" * 5000})
    assert response.status_code == 200
    errors = re.search(r'id="id_note_error">(.*?)</div>', html(response), re.S).group(1)
    assert "at most 2000 characters" in errors
    assert not Application.objects.exists()


def test_applying_twice_is_refused_and_links_the_first_application(english, card_holder, vacancy):
    english.post(apply_url(vacancy), {"note": "satu"})
    first = Application.objects.get()
    # when the form is posted again (a second tab, a double click)
    again = english.post(apply_url(vacancy), {"note": "dua"})
    # then the page says so and nothing new is stored
    assert again.status_code == 200
    assert "You applied on" in html(again)
    assert reverse("placements:application_detail", args=[first.pk]) in html(again)
    assert Application.objects.get() == first and first.motivation == "satu"


def test_applying_after_the_closing_date_is_refused(english, card_holder):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    vacancy = VacancyFactory(published=True, open_date=yesterday - datetime.timedelta(days=10), close_date=yesterday)
    page = english.get(apply_url(vacancy))
    response = english.post(apply_url(vacancy), {"note": ""})
    assert "Applications for this vacancy closed on" in html(page)
    assert 'name="note"' not in html(page)
    assert response.status_code == 200 and "closed on" in html(response)
    assert not Application.objects.exists()


def test_a_closed_vacancy_takes_no_applications(english, card_holder):
    vacancy = VacancyFactory(published=True, status=Vacancy.Status.CLOSED)
    assert "not open for applications" in html(english.get(apply_url(vacancy)))
    english.post(apply_url(vacancy))
    assert not Application.objects.exists()


def test_applying_without_an_active_card_names_the_missing_step(english, vacancy):
    # given a jobseeker whose card was only requested
    profile = AkiCardFactory(jobseeker__educated=True).jobseeker
    english.force_login(profile.user)
    # when
    page = english.get(apply_url(vacancy))
    response = english.post(apply_url(vacancy), {"note": ""})
    # then the card step is named and linked, and nothing is stored
    assert "You need an active AK/I card to apply" in html(page)
    assert f'<a href="{reverse("jobseekers:card")}">' in html(page)
    assert "You need an active AK/I card to apply" in html(response)
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("jobseeker_kwargs", "vacancy_kwargs", "message"),
    [
        ({}, {}, "requires at least SMK; add your education to your profile"),
        ({"educated": True, "education__level__code": "SMA"}, {}, "requires at least SMK; your highest education is"),
        ({"educated": True, "birth_date": datetime.date(1980, 5, 1)}, {"age_max": 35}, "maximum age of 35"),
        ({"educated": True}, {"age_min": 60, "age_max": 65}, "minimum age of 60"),
        (
            {"educated": True},
            {"sex_requirement": "F", "sex_justification": "Pramugari"},
            "open to women only",
        ),
    ],
)
def test_an_unmet_strict_requirement_is_named(english, jobseeker_kwargs, vacancy_kwargs, message):
    # given a card holder who misses one requirement
    if "education__level__code" in jobseeker_kwargs:
        code = jobseeker_kwargs.pop("education__level__code")
        jobseeker_kwargs["education__level"] = EducationLevel.objects.get(code=code)
    if "birth_date" in jobseeker_kwargs:
        birth = jobseeker_kwargs["birth_date"]
        jobseeker_kwargs["nik"] = f"647401{birth.day:02d}{birth:%m%y}0777"
    profile = JobseekerProfileFactory(**jobseeker_kwargs)
    AkiCardFactory(jobseeker=profile, active=True)
    vacancy = VacancyFactory(published=True, **vacancy_kwargs)
    english.force_login(profile.user)
    # when
    page = english.get(apply_url(vacancy))
    response = english.post(apply_url(vacancy), {"note": ""})
    # then
    assert message in html(page)
    assert 'name="note"' not in html(page)
    assert message in html(response)
    assert not Application.objects.exists()


def test_a_vacancy_open_to_everyone_with_the_lowest_education_needs_no_entry(english):
    profile = JobseekerProfileFactory()
    AkiCardFactory(jobseeker=profile, active=True)
    vacancy = VacancyFactory(published=True, min_education=EducationLevel.objects.get(code="TTSD"))
    english.force_login(profile.user)
    assert english.post(apply_url(vacancy)).status_code == 302
    assert Application.objects.filter(jobseeker=profile).exists()


# My applications and the timeline -----------------------------------------------------------------------


def test_the_list_shows_own_applications_only(english, card_holder):
    mine = ApplicationFactory(jobseeker=card_holder)
    other = ApplicationFactory()
    content = html(english.get(reverse("placements:application_list")))
    assert mine.vacancy.title in content
    assert other.vacancy.title not in content
    assert reverse("placements:application_detail", args=[mine.pk]) in content


def test_the_empty_list_links_to_the_vacancy_search(english, card_holder):
    content = html(english.get(reverse("placements:application_list")))
    assert "You have not applied for any vacancy yet." in content
    assert f'href="{reverse("vacancies:search")}"' in content


def test_the_timeline_shows_referral_letter_selection_result_and_hire(english, card_holder, vacancy, petugas):
    # given an application that Disnaker referred and the employer accepted
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    referral = services.referral_create(application_id=application.pk, by=petugas)
    employer = CompanyMemberFactory(company=vacancy.company).user
    services.referral_record_result(referral_id=referral.pk, by=employer, result=Referral.Status.IN_SELECTION)
    services.referral_record_result(
        referral_id=referral.pk,
        by=employer,
        result=Referral.Status.ACCEPTED,
        notes="catatan internal HRD",
        start_date=timezone.localdate(),
    )
    detail_url = reverse("placements:application_detail", args=[application.pk])
    # when the employer's hire report still waits for Disnaker
    content = html(english.get(detail_url))
    # then the steps appear in order, with the AK/V letter number, and the employer's notes stay internal
    timeline = re.search(r'<ol class="timeline".*?</ol>', content, re.S).group(0)
    steps = re.findall(r'data-status="([a-z_]+)"', timeline)
    assert steps == ["submitted", "referred", "in_selection", "accepted"]
    assert referral.letter_number in timeline
    assert "Accepted by the employer, awaiting Disnaker&#x27;s check" in timeline
    assert 'Status: <span class="status status--accepted">Accepted by the employer, awaiting Disnaker' in content
    assert "catatan internal HRD" not in content
    assert "Withdraw my application" not in content
    # when Disnaker verifies the hire report
    placement = services.placement_report_for_referral(referral_id=referral.pk, company=vacancy.company, by=employer)
    services.placement_verify(placement_id=placement.pk, by=petugas)
    content = html(english.get(detail_url))
    # then the hire follows the employer's result
    timeline = re.search(r'<ol class="timeline".*?</ol>', content, re.S).group(0)
    steps = re.findall(r'data-status="([a-z_]+)"', timeline)
    assert steps == ["submitted", "referred", "in_selection", "accepted", "hired"]
    assert "Selection result: passed" in timeline and "Hired" in timeline
    assert "awaiting Disnaker" not in content


def test_the_timeline_shows_disnakers_reason_when_not_referred(english, card_holder, vacancy, petugas):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    services.application_decline(application_id=application.pk, by=petugas, reason="Kuota sudah terpenuhi")
    content = html(english.get(reverse("placements:application_detail", args=[application.pk])))
    assert "Not referred by Disnaker" in content and "Kuota sudah terpenuhi" in content


# Withdrawing --------------------------------------------------------------------------------------------


def test_withdrawing_while_submitted(english, card_holder, vacancy):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    detail = html(english.get(reverse("placements:application_detail", args=[application.pk])))
    assert "Withdraw my application" in detail
    response = english.post(
        reverse("placements:application_withdraw", args=[application.pk]), {"note": "Sudah bekerja"}, follow=True
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert "Your application is withdrawn." in html(response)
    assert "Sudah bekerja" in html(response)


def test_withdrawing_is_refused_once_referred(english, card_holder, vacancy, petugas):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    services.referral_create(application_id=application.pk, by=petugas)
    response = english.post(reverse("placements:application_withdraw", args=[application.pk]), follow=True)
    application.refresh_from_db()
    assert application.status == Application.Status.REFERRED
    assert "can no longer be withdrawn" in html(response)


def test_withdrawing_with_a_too_long_reason_is_refused(english, card_holder, vacancy):
    application = services.application_submit(jobseeker=card_holder, vacancy_id=vacancy.pk)
    response = english.post(
        reverse("placements:application_withdraw", args=[application.pk]), {"note": "x" * 5000}, follow=True
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert "at most 2000 characters" in html(response)
