"""A hire outside the portal tells the company nothing about the register; the page and the API agree."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.notices.models import Notice
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from employers.throttling import OutsideHireReportThrottle
from jobseekers.tests.factories import AkiCardFactory
from placements import services
from placements.models import OutsideHireReport, Placement
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PLACEMENTS_API = reverse("api:employer-placement-list")
PLACEMENT_FORM = reverse("employers:placement_create")
PLACEMENT_LIST = reverse("employers:placement_list")


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()  # the rate limit counts in the cache, which outlives a test
    yield
    cache.clear()


@pytest.fixture
def member():
    return CompanyMemberFactory().user


@pytest.fixture
def vacancy(member):
    return VacancyFactory(company=member.company_membership.company, published=True, openings=5)


@pytest.fixture
def web(member):
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    return client


@pytest.fixture
def api(member):
    client = APIClient(headers={"accept-language": "en"})
    client.force_authenticate(member)
    return client


@pytest.fixture
def card():
    return AkiCardFactory(
        active=True, jobseeker__full_name="Budi Santoso", jobseeker__birth_date=datetime.date(1999, 3, 14)
    )


def typed(card, **overrides) -> dict:
    return {"full_name": "Budi Santoso", "birth_date": "1999-03-14", "card_number": card.number, **overrides}


def attempts(card) -> dict:
    """What a company may type: a number nobody has, someone's number with the wrong name or birth
    date, a NIK nobody has, someone's NIK with the wrong name, and a report that matches."""
    nik = card.jobseeker.nik
    return {
        "unknown card": typed(card, card_number="6474-TEST-9999999"),
        "wrong name": typed(card, full_name="Siti Aminah"),
        "wrong birth date": typed(card, birth_date="1998-03-14"),
        "unknown nik": typed(card, card_number="", nik="6474015303990001"),
        "nik, wrong name": typed(card, card_number="", nik=nik, full_name="Siti Aminah"),
        "matching": typed(card, card_number=card.number.lower(), full_name="  budi   SANTOSO "),
    }


def test_the_page_gives_one_answer_whatever_the_number(web, vacancy, card):
    # given the same report typed six ways, one of them matching a registered jobseeker
    answers = {}
    for name, data in attempts(card).items():
        # when it is sent
        response = web.post(
            PLACEMENT_FORM, {"vacancy": str(vacancy.pk), "start_date": TODAY.isoformat(), **data}, follow=True
        )
        # then the company reads the same page each time
        assert response.redirect_chain == [(PLACEMENT_LIST, 302)], name
        answers[name] = [str(message) for message in response.context["messages"]]
    assert len({tuple(answer) for answer in answers.values()}) == 1, answers
    assert "sent to Disnaker for checking" in answers["matching"][0]
    # and it shows no name: the matched hire is listed only once Disnaker has checked it
    html = web.get(PLACEMENT_LIST).content.decode()
    assert "Budi Santoso" not in html and 'class="empty-state"' in html
    # while staff have every report, and one placement for the match, flagged
    outcomes = sorted(OutsideHireReport.objects.values_list("outcome", flat=True))
    assert outcomes == ["matched"] + ["no_match"] * 5
    placement = Placement.objects.get()
    assert (placement.jobseeker, placement.outside_portal) == (card.jobseeker, True)
    assert OutsideHireReport.objects.get(outcome="matched").placement == placement


def test_the_api_gives_one_answer_whatever_the_number(api, vacancy, card):
    # when each report is sent
    responses = {
        name: api.post(PLACEMENTS_API, {"vacancy": vacancy.pk, "start_date": TODAY.isoformat(), **data}, format="json")
        for name, data in attempts(card).items()
    }
    # then each gets the same 202 and body
    assert {name: response.status_code for name, response in responses.items()} == dict.fromkeys(responses, 202)
    assert {str(response.json()) for response in responses.values()} == {
        str({"detail": "The hire report is sent to Disnaker for checking."})
    }
    # and the company's list does not show the match before Disnaker checked it
    assert api.get(PLACEMENTS_API).json()["results"] == []
    assert Placement.objects.filter(outside_portal=True, jobseeker=card.jobseeker).count() == 1


def test_a_hire_already_reported_gets_the_same_answer_and_is_kept_for_staff(api, vacancy, card):
    body = {"vacancy": vacancy.pk, "start_date": TODAY.isoformat(), **typed(card)}
    first, second = (api.post(PLACEMENTS_API, body, format="json") for _ in range(2))
    assert (first.status_code, second.status_code) == (202, 202)
    assert first.json() == second.json()
    assert Placement.objects.count() == 1
    assert sorted(OutsideHireReport.objects.values_list("outcome", flat=True)) == ["already_reported", "matched"]


def test_the_company_sees_the_name_it_typed_and_no_local_status_until_disnaker_verifies(api, web, vacancy, card):
    # given a matching report typed in other letters, and Disnaker returned it
    body = {"vacancy": vacancy.pk, "start_date": TODAY.isoformat(), **typed(card, full_name="BUDI  santoso")}
    api.post(PLACEMENTS_API, body, format="json")
    placement = Placement.objects.get()
    staff = UserFactory(petugas=True)
    services.placement_reject(placement_id=placement.pk, by=staff, reason="Kontrak kerja belum dilampirkan")
    # when the company lists its hire reports
    row = api.get(PLACEMENTS_API).json()["results"][0]
    html = web.get(PLACEMENT_LIST).content.decode()
    # then the name is the one typed, not the registered one, and the local status is withheld
    assert (row["jobseeker_name"], row["is_local"]) == ("BUDI santoso", None)
    assert row["review_note"] == "Kontrak kerja belum dilampirkan"
    assert "BUDI santoso" in html and "Budi Santoso" not in html
    # and the notice of the return says the typed name too
    notice = Notice.objects.get(recipient=placement.reported_by, key__contains=":rejected:")
    assert "BUDI santoso" in notice.body and "Budi Santoso" not in notice.body


def test_once_disnaker_verifies_the_hire_the_company_sees_the_registered_name(api, vacancy, card):
    body = {"vacancy": vacancy.pk, "start_date": TODAY.isoformat(), **typed(card, full_name="BUDI  santoso")}
    api.post(PLACEMENTS_API, body, format="json")
    services.placement_verify(placement_id=Placement.objects.get().pk, by=UserFactory(petugas=True))
    row = api.get(PLACEMENTS_API).json()["results"][0]
    assert (row["jobseeker_name"], row["is_local"], row["outside_portal"]) == ("Budi Santoso", True, True)


def test_reports_outside_the_portal_are_rate_limited_per_user_on_the_page_and_the_api(
    api, web, vacancy, card, monkeypatch
):
    # given a limit of two an hour
    monkeypatch.setattr(OutsideHireReportThrottle, "RATE", "2/hour")
    body = {"vacancy": vacancy.pk, "start_date": TODAY.isoformat(), **typed(card, card_number="6474-TEST-1")}
    # when the API sends two and the page a third
    assert [api.post(PLACEMENTS_API, body, format="json").status_code for _ in range(2)] == [202, 202]
    response = web.post(PLACEMENT_FORM, {**body, "vacancy": str(vacancy.pk)})
    # then the page refuses it, and so does the API
    assert response.status_code == 429
    assert "Too many hire reports outside the portal" in response.content.decode()
    refused = api.post(PLACEMENTS_API, body, format="json")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert OutsideHireReport.objects.count() == 2
    # while another company member is not held back, and neither are hire reports of referred candidates
    other = APIClient()
    other.force_authenticate(CompanyMemberFactory(company=vacancy.company).user)
    assert other.post(PLACEMENTS_API, body, format="json").status_code == 202
    referral = ReferralFactory(application__vacancy=vacancy)
    hired = api.post(PLACEMENTS_API, {"referral": referral.pk, "start_date": TODAY.isoformat()}, format="json")
    assert hired.status_code == 201


def test_the_schema_documents_the_outside_portal_answer_and_the_rate_limit():
    import yaml

    document = yaml.safe_load(APIClient().get(reverse("api:schema")).content)
    responses = document["paths"]["/api/v1/employer/placements/"]["post"]["responses"]
    assert {"201", "202", "429"} <= set(responses)


# Review notes, the referral's hire report, result notes, the company told of a referral ------------------


def test_the_api_shows_disnakers_note_only_as_the_reason_of_a_rejected_report(api, vacancy, member):
    # given two referred hires, one verified with an internal note, one returned with a reason
    staff = UserFactory(petugas=True)
    verified, rejected = (
        services.placement_report_for_referral(
            referral_id=ReferralFactory(application__vacancy=vacancy).pk,
            company=vacancy.company,
            by=member,
            start_date=TODAY,
        )
        for _ in range(2)
    )
    services.placement_verify(placement_id=verified.pk, by=staff, note="Cek ulang BPJS bulan depan (internal)")
    services.placement_reject(placement_id=rejected.pk, by=staff, reason="Tanggal mulai kerja salah")
    # when the company lists its hire reports
    notes = {row["id"]: row["review_note"] for row in api.get(PLACEMENTS_API).json()["results"]}
    # then
    assert notes == {verified.pk: "", rejected.pk: "Tanggal mulai kerja salah"}


def test_the_referral_hire_report_page_takes_the_start_date_of_the_result_when_left_empty(web, vacancy):
    # given the candidate was recorded hired, starting in five days
    start = TODAY + datetime.timedelta(days=5)
    referral = ReferralFactory(application__vacancy=vacancy)
    services.referral_record_result(
        referral_id=referral.pk, by=referral.referred_by, result="accepted", start_date=start
    )
    url = f"{PLACEMENT_FORM}?rujukan={referral.pk}"
    # then the form is prefilled with it and says what an empty field means
    html = web.get(url).content.decode()
    assert f'value="{start.isoformat()}"' in html and "Left empty" in html
    # when the report is sent with the start date left empty
    response = web.post(url, {"start_date": "", "contract_type": "", "wage": ""})
    # then, as in the API, the result's start date is used
    assert response.status_code == 302, response.content.decode()
    assert Placement.objects.get().start_date == start


def test_the_referral_hire_report_page_without_any_start_date_asks_for_one(web, vacancy):
    referral = ReferralFactory(application__vacancy=vacancy)
    response = web.post(f"{PLACEMENT_FORM}?rujukan={referral.pk}", {"start_date": ""})
    assert response.status_code == 200
    assert "Enter the date the candidate starts work." in response.content.decode()
    assert not Placement.objects.exists()


@pytest.mark.parametrize("notes", ["Hadir\x07 tepat waktu", "Hadir \u202etepat waktu", "x" * 2001])
def test_result_notes_with_control_characters_or_too_long_are_refused_by_the_api(api, vacancy, notes):
    referral = ReferralFactory(application__vacancy=vacancy)
    response = api.post(
        reverse("api:employer-referral-result", args=[referral.pk]),
        {"result": "in_selection", "notes": notes},
        format="json",
    )
    assert response.status_code == 400 and "notes" in response.json()
    referral.refresh_from_db()
    assert referral.selection_notes == ""


def test_a_referral_tells_every_member_of_the_company_with_a_link_to_the_candidates(vacancy, member):
    # given another member of the company and an application
    colleague = CompanyMemberFactory(company=vacancy.company).user
    application = ApplicationFactory(vacancy=vacancy)
    staff = UserFactory(petugas=True, language="en")
    for user in (member, colleague):
        user.language = "en"
        user.save(update_fields=["language"])
    # when Disnaker refers the applicant
    referral = services.referral_create(application_id=application.pk, by=staff)
    # then each member is told once, linked to the vacancy's candidates
    notices = Notice.objects.filter(recipient__in=[member, colleague])
    assert notices.count() == 2
    url = reverse("employers:vacancy_candidates", args=[vacancy.pk])
    for notice in notices:
        assert notice.url == url
        assert notice.subject == f"A candidate has been referred for “{vacancy.title}”"
        assert referral.letter_number in notice.body
    assert not Notice.objects.filter(recipient=staff).exists()
