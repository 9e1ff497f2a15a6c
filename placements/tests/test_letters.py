"""The AK/V referral letter: PDF contents, QR code, public check page, who may download it, referral guards."""

import io

import pytest
import zxingcpp
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override
from pypdf import PdfReader
from rest_framework.test import APIClient

from bontang_aker.core.masking import mask_name
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory
from placements import services
from placements.letters import letter_check_path, letter_check_url, letter_for_slug, letter_slug
from placements.models import Application, Referral

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()  # the check's rate limit counts in the cache, which outlives a test
    yield
    cache.clear()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def qr_codes_in(pdf: bytes) -> list[str]:
    found = []
    for pdf_page in PdfReader(io.BytesIO(pdf)).pages:
        for image in pdf_page.images:
            found += [barcode.text for barcode in zxingcpp.read_barcodes(image.image.convert("L"))]
    return found


@pytest.fixture
def referral(petugas):
    card = AkiCardFactory(active=True, jobseeker__educated=True, jobseeker__full_name="Siti Rahmawati")
    vacancy = VacancyFactory(published=True, title="Operator Produksi")
    application = services.application_submit(jobseeker=card.jobseeker, vacancy_id=vacancy.pk)
    return services.referral_create(application_id=application.pk, by=petugas)


def test_letter_number_slug_is_stable_and_found_again(referral):
    slug = letter_slug(referral.letter_number)
    assert "/" not in slug and slug.startswith("AK.V-")
    assert letter_for_slug(slug) == referral
    assert letter_check_path(referral.letter_number) == f"/surat/{slug}/"
    assert letter_for_slug("AK.V-999999-DISNAKER-BTG-01-2020") is None
    assert letter_for_slug("../etc") is None


def test_employer_downloads_the_letter_with_the_candidate_but_no_nik(client, referral):
    # given a member of the vacancy's company
    jobseeker = referral.application.jobseeker
    member = CompanyMemberFactory(company=referral.application.vacancy.company).user
    client.force_login(member)
    # when
    response = client.get(reverse("employers:referral_letter", args=[referral.pk]))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    assert referral.letter_number in text
    assert "Siti Rahmawati" in text  # the letter names the candidate in full for the company
    assert jobseeker.aki_cards.get().number in text
    assert "Operator Produksi" in text and referral.application.vacancy.company.name in text
    assert "Dinas Ketenagakerjaan Kota Bontang" in text
    assert referral.referred_by.full_name in text
    assert jobseeker.nik not in text.replace(" ", "")
    assert jobseeker.phone.lstrip("+") not in text.replace(" ", "")
    assert jobseeker.ktp_address not in text
    assert "SURAT PENGANTAR KERJA (AK/V)" in text  # in Indonesian whatever the page's language
    assert qr_codes_in(response.content) == [letter_check_url(referral.letter_number)]


def test_another_company_and_another_jobseeker_get_404(client, referral):
    other_member = CompanyMemberFactory().user
    client.force_login(other_member)
    assert client.get(reverse("employers:referral_letter", args=[referral.pk])).status_code == 404
    other_card = AkiCardFactory(active=True, jobseeker__educated=True)
    client.force_login(other_card.jobseeker.user)
    url = reverse("placements:application_letter", args=[referral.application_id])
    assert client.get(url).status_code == 404


def test_jobseeker_downloads_own_letter_from_the_application_page(client, referral):
    client.force_login(referral.application.jobseeker.user)
    page = client.get(reverse("placements:application_detail", args=[referral.application_id]))
    url = reverse("placements:application_letter", args=[referral.application_id])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert referral.letter_number in pdf_text(response.content)


def test_application_not_referred_has_no_letter(client):
    card = AkiCardFactory(active=True, jobseeker__educated=True)
    application = services.application_submit(jobseeker=card.jobseeker, vacancy_id=VacancyFactory(published=True).pk)
    client.force_login(card.jobseeker.user)
    assert client.get(reverse("placements:application_letter", args=[application.pk])).status_code == 404


def test_candidates_page_links_the_letter(client, referral):
    member = CompanyMemberFactory(company=referral.application.vacancy.company).user
    client.force_login(member)
    page = client.get(reverse("employers:vacancy_candidates", args=[referral.application.vacancy_id]))
    assert reverse("employers:referral_letter", args=[referral.pk]) in page.content.decode()


def test_check_page_shows_masked_name_and_no_personal_data(client, referral):
    jobseeker = referral.application.jobseeker
    with override("en"):
        response = client.get(letter_check_path(referral.letter_number), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert referral.letter_number in body
    assert mask_name("Siti Rahmawati") in body
    assert "Siti Rahmawati" not in body
    assert jobseeker.nik not in body and jobseeker.phone not in body and jobseeker.ktp_address not in body
    assert referral.application.vacancy.company.name in body and "Operator Produksi" in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "no-store"
    assert 'name="robots" content="noindex, nofollow"' in body


def test_check_page_says_withdrawn_once_the_application_is_withdrawn(client, referral):
    # The status table allows referred -> withdrawn; no service offers it yet, so the row is set directly.
    Application.objects.filter(pk=referral.application_id).update(status=Application.Status.WITHDRAWN)
    with override("en"):
        response = client.get(letter_check_path(referral.letter_number), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["check"].valid is False
    assert "Withdrawn" in response.content.decode()


def test_check_page_unknown_letter_is_404(client):
    assert client.get("/surat/AK.V-000001-DISNAKER-BTG-01-2000/").status_code == 404
    assert client.get("/surat/not-a-letter/").status_code == 404


def test_check_page_is_rate_limited_per_address(client, referral, settings):
    settings.LETTER_CHECK_RATE_LIMIT = 2
    path = letter_check_path(referral.letter_number)
    assert client.get(path).status_code == 200
    assert client.get("/surat/AK.V-000001-DISNAKER-BTG-01-2000/").status_code == 404
    limited = client.get(path)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert "Siti" not in limited.content.decode() and "S***" not in limited.content.decode()


def test_api_employer_letter_and_jobseeker_letter(referral):
    api = APIClient()
    member = CompanyMemberFactory(company=referral.application.vacancy.company).user
    api.force_authenticate(member)
    response = api.get(f"/api/v1/employer/referrals/{referral.pk}/letter/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert referral.letter_number in pdf_text(response.content)
    api.force_authenticate(CompanyMemberFactory().user)
    missing = api.get(f"/api/v1/employer/referrals/{referral.pk}/letter/", HTTP_ACCEPT="application/pdf")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    api.force_authenticate(referral.application.jobseeker.user)
    mine = api.get(f"/api/v1/me/applications/{referral.application_id}/letter/")
    assert mine.status_code == 200 and mine["Content-Type"] == "application/pdf"
    api.force_authenticate(AkiCardFactory(active=True, jobseeker__educated=True).jobseeker.user)
    assert api.get(f"/api/v1/me/applications/{referral.application_id}/letter/").status_code == 404


def test_admin_change_page_links_the_letter(client, referral, kabid):
    client.force_login(kabid)
    page = client.get(reverse("admin:placements_referral_change", args=[referral.pk]))
    url = reverse("admin:placements_referral_letter", args=[referral.pk])
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and referral.letter_number in pdf_text(response.content)


# Guards of referral_create -----------------------------------------------------------------------


def test_refer_twice_is_refused_with_a_clear_message(referral, petugas):
    with override("en"), pytest.raises(ValidationError) as error:
        services.referral_create(application_id=referral.application_id, by=petugas)
    assert error.value.messages == [
        f"This applicant is already referred to this vacancy (AK/V letter {referral.letter_number})."
    ]
    assert Referral.objects.count() == 1


def test_refer_without_active_card_is_refused(petugas):
    card = AkiCardFactory(active=True, jobseeker__educated=True)
    application = services.application_submit(jobseeker=card.jobseeker, vacancy_id=VacancyFactory(published=True).pk)
    AkiCard.objects.filter(pk=card.pk).update(status=AkiCard.Status.LAPSED)
    with override("en"), pytest.raises(ValidationError) as error:
        services.referral_create(application_id=application.pk, by=petugas)
    assert "AK/I card is not active" in error.value.messages[0]
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert not Referral.objects.exists()


def test_admin_refer_decision_shows_the_card_message(client, petugas):
    card = AkiCardFactory(active=True, jobseeker__educated=True)
    application = services.application_submit(jobseeker=card.jobseeker, vacancy_id=VacancyFactory(published=True).pk)
    AkiCard.objects.filter(pk=card.pk).update(status=AkiCard.Status.LAPSED)
    client.force_login(petugas)
    url = reverse("admin:placements_application_decide", args=[application.pk, "refer"])
    with override("en"):
        response = client.post(url, {"note": ""}, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    shown = " ".join(str(message) for message in response.context["messages"])
    assert "AK/I card is not active" in shown
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_site_url_is_the_qr_prefix(referral):
    assert letter_check_url(referral.letter_number).startswith(settings.SITE_URL + "/surat/AK.V-")
