"""The public transparency page and its open-data API: counts, consent, no personal data, bad input."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core.masking import mask_name
from bontang_aker.reference.models import KbjiGroup
from employers.models import Vacancy
from employers.tests.factories import CompanyFactory, VacancyFactory
from jobseekers import privacy
from jobseekers.tests.factories import JobseekerProfileFactory
from placements.models import Application, Placement, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory
from portal import transparency

pytestmark = pytest.mark.django_db

PAGE = reverse("portal:transparency")
API = "/api/v1/transparency/"


def vacancy_url(vacancy) -> str:
    return reverse("portal:transparency_vacancy", args=[vacancy.pk])


def api_vacancy_url(vacancy) -> str:
    return f"/api/v1/transparency/vacancies/{vacancy.pk}/"


def person(*, consent: bool = False, outside: bool = False, **fields):
    profile = JobseekerProfileFactory(card_holder=True, outside=outside, **fields)
    if consent:
        privacy.results_publication_consent_set(profile=profile, agree=True)
        profile.refresh_from_db()
    return profile


def hire(application_or_profile, *, vacancy, referral=None, local=True, status=Placement.Status.VERIFIED):
    profile = getattr(application_or_profile, "jobseeker", application_or_profile)
    return Placement.objects.create(
        jobseeker=profile,
        company=vacancy.company,
        vacancy=vacancy,
        referral=referral,
        position=vacancy.title,
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=timezone.localdate(),
        is_local=local,
        reported_by=UserFactory(),
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=status,
        outside_portal=referral is None,
    )


@pytest.fixture
def client():
    """A browser that asks for English: the assertions read the English texts."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def scenario():
    """One company, one published vacancy; applications in every state; verified local and non-local hires."""
    company = CompanyFactory(verified=True, name="PT Transparan Sejahtera")
    vacancy = VacancyFactory(company=company, published=True, title="Operator Kiln")
    people = {}
    # given: 2 submitted (not screened), 1 withdrawn before screening, 1 not referred (screened)
    for key in ("submitted1", "submitted2"):
        people[key] = ApplicationFactory(vacancy=vacancy, jobseeker=person()).jobseeker
    people["withdrawn"] = ApplicationFactory(
        vacancy=vacancy, jobseeker=person(), status=Application.Status.WITHDRAWN
    ).jobseeker
    people["declined"] = ApplicationFactory(
        vacancy=vacancy, jobseeker=person(), status=Application.Status.NOT_REFERRED
    ).jobseeker
    # 4 referred: one in selection (consented), one not accepted (no consent),
    # two hired and verified: one local who consented, one non-local without consent
    referrals = {}
    for key, consent, outside, app_status, ref_status in (
        ("in_selection", True, False, Application.Status.REFERRED, Referral.Status.IN_SELECTION),
        ("not_accepted", False, False, Application.Status.NOT_HIRED, Referral.Status.NOT_ACCEPTED),
        ("hired_local", True, False, Application.Status.HIRED, Referral.Status.ACCEPTED),
        ("hired_outside", False, True, Application.Status.HIRED, Referral.Status.ACCEPTED),
    ):
        profile = person(consent=consent, outside=outside)
        application = ApplicationFactory(vacancy=vacancy, jobseeker=profile, status=app_status)
        referrals[key] = ReferralFactory(application=application, status=ref_status)
        people[key] = profile
    hire(people["hired_local"], vacancy=vacancy, referral=referrals["hired_local"], local=True)
    hire(people["hired_outside"], vacancy=vacancy, referral=referrals["hired_outside"], local=False)
    # a hire reported but not verified yet does not count
    people["reported_only"] = person()
    hire(people["reported_only"], vacancy=vacancy, local=True, status=Placement.Status.REPORTED)
    return {"company": company, "vacancy": vacancy, "people": people, "referrals": referrals}


def personal_values(profiles):
    values = []
    for profile in profiles:
        values += [profile.full_name, profile.nik, profile.phone, profile.user.email, profile.ktp_address]
        values.append(profile.birth_date.strftime("%d/%m/%Y"))
        values.append(profile.birth_date.isoformat())
    return values


def test_vacancy_counts_for_the_seeded_scenario(scenario):
    # when
    counts = transparency.vacancy_counts([scenario["vacancy"].pk])[scenario["vacancy"].pk]
    # then: 8 applications; screened = 1 declined + 4 referred; hires verified 2, of which 1 local
    assert counts.applicants == 8
    assert counts.screened == 5
    assert counts.referred == 4
    assert counts.hired == 2
    assert counts.hired_local == 1
    assert counts.hired_without_referral == 0
    assert counts.local_percent == 50


def test_company_row_says_below_the_minimum_in_words(client, scenario):
    # given: 1 of 2 verified hires local, against 75%
    row = next(row for row in transparency.company_rows(year=timezone.localdate().year) if row.name.startswith("PT T"))
    assert (row.vacancies, row.hires, row.local_hires, row.meets_minimum) == (1, 2, 1, False)
    # when
    with translation.override("en"):
        response = client.get(PAGE)
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "PT Transparan Sejahtera" in html
    assert ">below<" in html
    assert "Operator Kiln" in html


def test_company_meeting_the_minimum_reads_meets(client):
    vacancy = VacancyFactory(published=True)
    for _ in range(3):
        hire(person(), vacancy=vacancy, local=True)
    hire(person(outside=True), vacancy=vacancy, local=False)
    # when
    with translation.override("en"):
        html = client.get(PAGE).content.decode()
    # then: 3 of 4 local = exactly 75%
    assert ">meets<" in html
    row = transparency.company_rows(year=timezone.localdate().year)[0]
    assert (row.hires, row.local_hires, row.local_percent, row.meets_minimum) == (4, 3, 75, True)


def test_selection_results_name_only_people_who_consented(client, scenario):
    people = scenario["people"]
    # when
    with translation.override("en"):
        response = client.get(vacancy_url(scenario["vacancy"]))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("in_selection", "hired_local"):
        profile = people[key]
        assert mask_name(profile.full_name) in html
        assert profile.aki_cards.get().number in html
    for key in ("not_accepted", "hired_outside"):
        assert people[key].aki_cards.get().number not in html
    assert "2 people did not agree to be named." in html
    assert "Hired (verified by Disnaker)" in html


def test_no_personal_data_in_pages_or_json(client, scenario):
    everyone = list(scenario["people"].values())
    responses = [
        client.get(PAGE),
        client.get(vacancy_url(scenario["vacancy"])),
        client.get(API),
        client.get(api_vacancy_url(scenario["vacancy"])),
    ]
    for response in responses:
        assert response.status_code == 200
        body = response.content.decode()
        for value in personal_values(everyone):
            assert value not in body, value


def test_api_gives_the_same_counts_and_named_results(client, scenario):
    # when
    summary = client.get(API).json()
    detail = client.get(api_vacancy_url(scenario["vacancy"])).json()
    # then
    row = next(row for row in summary["vacancies"]["results"] if row["id"] == scenario["vacancy"].pk)
    assert row["counts"] == {
        "applicants": 8,
        "screened": 5,
        "referred": 4,
        "hired": 2,
        "hired_local": 1,
        "hired_without_referral": 0,
        "local_percent": 50,
    }
    company = next(c for c in summary["companies"] if c["id"] == scenario["company"].pk)
    assert company["meets_minimum"] is False
    assert {result["result"] for result in detail["selection_results"]} == {"in_selection", "hired"}
    assert detail["not_named"] == 2
    assert set(detail["selection_results"][0]) == {"card_number", "masked_name", "result", "result_label"}


@override_settings(PUBLIC_PAGE_CACHE_SECONDS=60)
def test_withdrawal_takes_the_person_off_at_once_even_with_the_cache(client, scenario):
    cache.clear()
    profile = scenario["people"]["hired_local"]
    number = profile.aki_cards.get().number
    assert number in client.get(vacancy_url(scenario["vacancy"])).content.decode()  # fills the cache
    assert number in client.get(api_vacancy_url(scenario["vacancy"])).content.decode()
    # when: the person withdraws on the privacy page
    client.force_login(profile.user)
    response = client.post(reverse("jobseekers:results_publication_consent"), {})
    client.logout()
    # then
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.results_publication_consent_at is None
    html = client.get(vacancy_url(scenario["vacancy"])).content.decode()
    assert number not in html
    assert mask_name(profile.full_name) not in html
    assert number not in client.get(api_vacancy_url(scenario["vacancy"])).content.decode()
    assert client.get(api_vacancy_url(scenario["vacancy"])).json()["not_named"] == 3
    cache.clear()


def test_consent_is_off_by_default_and_given_on_the_privacy_page(client):
    profile = person()
    assert profile.results_publication_consent_at is None
    client.force_login(profile.user)
    with translation.override("en"):
        page = client.get(reverse("jobseekers:privacy")).content.decode()
    assert 'name="agree"' in page and "checked" not in page.split('name="agree"')[1].split(">")[0]
    # when
    client.post(reverse("jobseekers:results_publication_consent"), {"agree": "on"})
    # then
    profile.refresh_from_db()
    assert profile.results_publication_consent_at is not None
    assert client.get(reverse("jobseekers:results_publication_consent")).status_code == 405


def test_a_closed_account_is_never_named(client, scenario):
    profile = scenario["people"]["in_selection"]
    profile.user.is_active = False
    profile.user.save(update_fields=["is_active"])
    html = client.get(vacancy_url(scenario["vacancy"])).content.decode()
    assert profile.aki_cards.get().number not in html


@pytest.mark.parametrize("status", [Vacancy.Status.DRAFT, Vacancy.Status.IN_REVIEW, Vacancy.Status.REJECTED])
def test_drafts_reports_in_review_and_rejected_are_not_shown(client, status):
    vacancy = VacancyFactory(status=status, title="Rahasia Internal")
    assert client.get(vacancy_url(vacancy)).status_code == 404
    assert client.get(api_vacancy_url(vacancy)).status_code == 404
    assert "Rahasia Internal" not in client.get(PAGE).content.decode()
    assert "Rahasia Internal" not in client.get(API).content.decode()


def test_closed_and_filled_vacancies_stay_listed(client):
    VacancyFactory(published=True, status=Vacancy.Status.CLOSED, title="Sudah Tutup")
    assert "Sudah Tutup" in client.get(PAGE).content.decode()


def test_search_by_title_or_company_and_by_company_id(client):
    a = VacancyFactory(published=True, title="Juru Las", company=CompanyFactory(verified=True, name="PT Baja"))
    b = VacancyFactory(published=True, title="Perawat", company=CompanyFactory(verified=True, name="RS Sehat"))
    ids = lambda params: {row["id"] for row in client.get(API, params).json()["vacancies"]["results"]}  # noqa: E731
    assert ids({"q": "las"}) == {a.pk}
    assert ids({"q": "sehat"}) == {b.pk}
    assert ids({"company": b.company_id}) == {b.pk}
    assert "Perawat" not in client.get(PAGE, {"q": "baja"}).content.decode()


def test_year_filter(client):
    old = VacancyFactory(published=True, title="Tahun Lalu")
    Vacancy.objects.filter(pk=old.pk).update(published_at=timezone.now() - datetime.timedelta(days=400))
    this_year = timezone.localdate().year
    last_year = (timezone.now() - datetime.timedelta(days=400)).astimezone(timezone.get_current_timezone()).year
    assert "Tahun Lalu" not in client.get(PAGE, {"year": this_year}).content.decode()
    if last_year >= transparency.FIRST_YEAR:
        assert "Tahun Lalu" in client.get(PAGE, {"year": last_year}).content.decode()


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "abc"}, "year"),
        ({"year": "1999"}, "year"),
        ({"year": str(timezone.localdate().year + 1)}, "year"),
        ({"company": "0"}, "company"),
        ({"company": "x"}, "company"),
        ({"page": "-1"}, "page"),
        ({"page": "99999999"}, "page"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "a\x07b"}, "q"),
    ],
)
def test_bad_parameters_are_400_with_a_message(client, params, field):
    # the API names the parameter
    response = client.get(API, params)
    assert response.status_code == 400
    assert field in response.json() and response.json()[field][0]
    # the page shows the form with the message
    with translation.override("en"):
        page = client.get(PAGE, params)
    assert page.status_code == 400
    assert page.context["form"].errors[field]
    assert "Please correct the search:" in page.content.decode()


def test_a_page_past_the_end_is_the_last_page(client):
    VacancyFactory(published=True)
    data = client.get(API, {"page": "50"}).json()["vacancies"]
    assert data["page"] == 1 and data["count"] == 1


def test_unknown_vacancy_is_404(client):
    assert client.get("/transparansi/lowongan/999999999/").status_code == 404
    assert client.get("/api/v1/transparency/vacancies/999999999/").status_code == 404
    assert client.get("/api/v1/transparency/vacancies/99999999999999999999999/").status_code == 404


def test_queries_are_bounded_whatever_the_number_of_vacancies(client, django_assert_max_num_queries):
    company = CompanyFactory(verified=True)
    for _ in range(12):
        vacancy = VacancyFactory(published=True, company=company)
        ReferralFactory(application=ApplicationFactory(vacancy=vacancy, jobseeker=person(consent=True)))
    with django_assert_max_num_queries(10):
        assert client.get(API).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(api_vacancy_url(vacancy)).status_code == 200


def test_linked_from_the_footer_and_the_public_vacancy_page(client):
    vacancy = VacancyFactory(published=True)
    assert PAGE in client.get(reverse("home")).content.decode()
    assert vacancy_url(vacancy) in client.get(reverse("vacancies:detail", args=[vacancy.pk])).content.decode()
