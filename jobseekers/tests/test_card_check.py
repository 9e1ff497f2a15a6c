"""The public check of an AK/I card (/kartu/<number>/ and the API): masked, nothing else personal, throttled."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

NUMBER = "6474-2026-0000042"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the check's rate limit counts in the cache, which outlives a test
    yield
    cache.clear()


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def card():
    profile = JobseekerProfileFactory(full_name="Siti Rahmawati", birth_place="Samarinda", sex="F")
    return AkiCardFactory(
        jobseeker=profile,
        active=True,
        number=NUMBER,
        expires_on=datetime.date(2028, 1, 31),
        last_reported_at=timezone.make_aware(datetime.datetime(2026, 7, 15, 9, 30)),
    )


def check_url(number: str) -> str:
    return f"/kartu/{number}/"


def api_url(number: str) -> str:
    return f"/api/v1/cards/{number}/verify/"


def test_the_page_shows_the_masked_name_status_and_dates_only(english, card):
    # when anyone opens the QR code's address
    response = english.get(check_url(NUMBER))
    content = response.content.decode()
    # then the masked name, the number, the status in words and the dates
    assert response.status_code == 200
    assert reverse("cards:check", args=[NUMBER]) == check_url(NUMBER)
    assert "S*** R********" in content
    assert NUMBER in content
    assert "Active" in content
    assert "registered at Disnaker Kota Bontang as a jobseeker" in content
    assert "31 January 2028" in content
    assert "15 July 2026" in content
    # and nothing else personal
    profile = card.jobseeker
    for personal in ("Siti", "Rahmawati", profile.nik, profile.nik[:6], "Samarinda", "1999", profile.phone, "Haryono"):
        assert personal not in content
    assert "noindex" in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_page_in_indonesian_by_default(client, card):
    response = client.get(check_url(NUMBER))
    assert response.status_code == 200
    assert "S*** R********" in response.content.decode()


@pytest.mark.parametrize("status", [AkiCard.Status.PLACED, AkiCard.Status.LAPSED, AkiCard.Status.REMOVED])
def test_closed_cards_say_so(english, card, status):
    AkiCard.objects.filter(pk=card.pk).update(status=status)
    content = english.get(check_url(NUMBER)).content.decode()
    with translation.override("en"):
        assert str(dict(AkiCard.Status.choices)[status]) in content


@pytest.mark.parametrize(
    "number",
    [
        "6474-2026-0000043",  # the next number: nobody holds it
        "6474-2026-0000042-",
        "6474 2026 0000042",
        "x" * 5000,
        "%00",
        "6474%002026",
        "%E2%9C%93",  # ✓
        "Ṣāliḥ",
        "..",
        "'%20OR%201=1--",
        "-6474",
    ],
)
def test_unknown_or_odd_numbers_are_the_404_page(client, card, number):
    response = client.get(check_url(number))
    assert response.status_code == 404
    assert "S*** R" not in response.content.decode()


@pytest.mark.parametrize("path", ["/kartu/6474/2026/0000042/", "/kartu/6474-2026-0000042/extra/", "/kartu//"])
def test_slashes_match_no_page(client, card, path):
    assert client.get(path).status_code == 404


def test_a_card_that_was_only_requested_is_unknown(client):
    requested = AkiCardFactory(number="6474-2026-0000050")  # a number but never issued (requested)
    assert requested.status == AkiCard.Status.REQUESTED
    assert client.get(check_url("6474-2026-0000050")).status_code == 404


def test_lower_case_number_finds_the_card(client):
    AkiCardFactory(active=True, number="6474-TEST-0000001")
    assert client.get(check_url("6474-test-0000001")).status_code == 200


def test_the_page_is_rate_limited_per_address(client, card, settings):
    # given a low limit
    settings.AKI_CARD_CHECK_RATE_LIMIT = 3
    # when one address checks numbers one after another
    answers = [client.get(check_url(f"6474-2026-{n:07d}")).status_code for n in (42, 43, 44)]
    limited = client.get(check_url(NUMBER))
    # then the fourth is refused, even for a real card, with when to retry
    assert answers == [200, 404, 404]
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "S*** R" not in limited.content.decode()
    # and the API counts together with the page
    assert client.get(api_url(NUMBER)).status_code == 429
    # while another address is still answered
    assert client.get(check_url(NUMBER), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_signing_in_does_not_raise_the_limit(client, card, settings):
    settings.AKI_CARD_CHECK_RATE_LIMIT = 2
    client.get(check_url(NUMBER))
    client.force_login(JobseekerProfileFactory().user)
    client.get(check_url(NUMBER))
    assert client.get(check_url(NUMBER)).status_code == 429


# The API --------------------------------------------------------------------------------------------------------


def test_api_answers_the_same_fields(client, card):
    response = client.get(api_url(NUMBER), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json() == {
        "number": NUMBER,
        "name": "S*** R********",
        "status": "active",
        "status_display": "Active",
        "explanation": "The holder is registered at Disnaker Kota Bontang as a jobseeker.",
        "valid_until": "2028-01-31",
        "last_reported_on": "2026-07-15",
    }


def test_api_is_public_even_with_a_bad_token(client, card):
    # no authentication at all: a bad token header is not even read
    response = client.get(api_url(NUMBER), HTTP_AUTHORIZATION="Token nonsense")
    assert response.status_code == 200


@pytest.mark.parametrize("number", ["6474-2026-0000043", "x" * 300, "%00", "%E2%9C%93", "a%2Fb"])
def test_api_unknown_numbers_are_404_json(client, card, number):
    response = client.get(api_url(number))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"


def test_api_is_in_the_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/cards/{number}/verify/"]["get"]
    assert {"200", "404", "429"} <= set(operation["responses"])
    assert operation.get("security") in ([], [{}], None) or {} in operation["security"]
    properties = schema["components"]["schemas"]["CardVerify"]["properties"]
    assert set(properties) == {
        "number",
        "name",
        "status",
        "status_display",
        "explanation",
        "valid_until",
        "last_reported_on",
    }
