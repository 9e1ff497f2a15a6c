"""Call-ups (AK/IV): guards, notice, the letter and its check page, applying answers the call-up."""

import datetime
import io

import pytest
import zxingcpp
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from pypdf import PdfReader
from rest_framework.test import APIClient

from bontang_aker.core.masking import mask_name
from bontang_aker.notices.models import Notice
from employers.models import Vacancy
from employers.tests.factories import VacancyFactory
from jobseekers.models import AkiCard
from jobseekers.tests.factories import AkiCardFactory
from placements import callups, services
from placements.letters import letter_check_path, letter_check_url
from placements.models import CallUp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
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
def holder():
    return AkiCardFactory(active=True, jobseeker__educated=True, jobseeker__full_name="Budi Santoso").jobseeker


@pytest.fixture
def vacancy():
    return VacancyFactory(published=True, title="Teknisi Listrik")


@pytest.fixture
def callup(holder, vacancy, petugas, django_capture_on_commit_callbacks):
    return callups.callup_create(jobseeker_id=holder.pk, vacancy_id=vacancy.pk, by=petugas, message="Silakan melamar.")


def test_callup_is_numbered_recorded_and_notified(callup, holder, vacancy):
    assert callup.letter_number.startswith("AK.IV/") and callup.letter_number.endswith(
        f"/DISNAKER-BTG/{timezone.localdate():%m/%Y}"
    )
    assert callup.status == CallUp.Status.SENT
    assert list(callup.events.values_list("to_status", flat=True)) == ["sent"]
    notice = Notice.objects.get(recipient=holder.user, key=f"callup:{callup.pk}:sent")
    assert notice.url == reverse("placements:apply", args=[vacancy.pk])
    assert callup.letter_number in notice.body
    assert reverse("placements:callup_letter", args=[callup.pk]) in notice.body


def test_second_callup_to_same_vacancy_is_refused(callup, holder, vacancy, petugas):
    with override("en"), pytest.raises(ValidationError) as error:
        callups.callup_create(jobseeker_id=holder.pk, vacancy_id=vacancy.pk, by=petugas)
    assert error.value.message_dict == {"jobseeker": ["This jobseeker has already been called up to this vacancy."]}
    assert CallUp.objects.count() == 1


def test_callup_guards(holder, vacancy, petugas):
    with override("en"):
        # an applicant
        services.application_submit(jobseeker=holder, vacancy_id=vacancy.pk)
        with pytest.raises(ValidationError) as error:
            callups.callup_create(jobseeker_id=holder.pk, vacancy_id=vacancy.pk, by=petugas)
        assert error.value.message_dict == {"jobseeker": ["This jobseeker has already applied to this vacancy."]}
        # a vacancy that is not published
        draft = VacancyFactory()
        with pytest.raises(ValidationError) as error:
            callups.callup_create(jobseeker_id=holder.pk, vacancy_id=draft.pk, by=petugas)
        assert error.value.message_dict == {"vacancy": ["The vacancy is not open for applications."]}
        # a card that is not active
        other = VacancyFactory(published=True)
        AkiCard.objects.filter(jobseeker=holder).update(status=AkiCard.Status.LAPSED)
        with pytest.raises(ValidationError) as error:
            callups.callup_create(jobseeker_id=holder.pk, vacancy_id=other.pk, by=petugas)
        assert "AK/I card is not active" in error.value.message_dict["jobseeker"][0]
    assert not CallUp.objects.exists()


def test_applying_marks_the_callup_applied(callup, holder, vacancy, client):
    # when the person applies through the page the notice links to
    client.force_login(holder.user)
    page = client.get(reverse("placements:apply", args=[vacancy.pk]))
    assert reverse("placements:callup_letter", args=[callup.pk]) in page.content.decode()
    response = client.post(reverse("placements:apply", args=[vacancy.pk]), {"note": ""})
    assert response.status_code == 302
    # then
    callup.refresh_from_db()
    assert callup.status == CallUp.Status.APPLIED
    assert callup.application == holder.applications.get(vacancy=vacancy)
    assert list(callup.events.values_list("to_status", flat=True)) == ["sent", "applied"]


def test_letter_pdf_and_qr_and_check_page(callup, holder, client):
    client.force_login(holder.user)
    response = client.get(reverse("placements:callup_letter", args=[callup.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert callup.letter_number in text and "Budi Santoso" in text and "Teknisi Listrik" in text
    assert "SURAT PANGGILAN PENCARI KERJA (AK/IV)" in text
    assert holder.nik not in text.replace(" ", "")
    codes = qr_codes_in(response.content)
    assert codes == [letter_check_url(callup.letter_number)]
    client.logout()
    with override("en"):
        check = client.get(letter_check_path(callup.letter_number), HTTP_ACCEPT_LANGUAGE="en")
    body = check.content.decode()
    assert check.status_code == 200
    assert mask_name("Budi Santoso") in body and "Budi Santoso" not in body
    assert holder.nik not in body and holder.phone not in body
    assert check.context["check"].valid is True and check.context["check"].form == "AK/IV"


def test_another_jobseeker_cannot_download_the_callup(callup, client):
    other = AkiCardFactory(active=True).jobseeker
    client.force_login(other.user)
    assert client.get(reverse("placements:callup_letter", args=[callup.pk])).status_code == 404
    assert client.post(reverse("placements:callup_decline", args=[callup.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(other.user)
    assert api.get(f"/api/v1/me/callups/{callup.pk}/letter/").status_code == 404


def test_decline_then_check_says_withdrawn(callup, holder, client):
    client.force_login(holder.user)
    client.post(reverse("placements:callup_decline", args=[callup.pk]))
    callup.refresh_from_db()
    assert callup.status == CallUp.Status.DECLINED
    with override("en"):
        check = client.get(letter_check_path(callup.letter_number), HTTP_ACCEPT_LANGUAGE="en")
    assert check.context["check"].valid is False
    assert "Withdrawn" in check.content.decode()


def test_expire_when_the_vacancy_closes(callup, vacancy):
    # when the closing date has passed (seen from the day after it)
    assert callups.callups_expire() == 0
    later = Vacancy.objects.get(pk=vacancy.pk).close_date + datetime.timedelta(days=1)
    assert callups.callups_expire(today=later) == 1
    callup.refresh_from_db()
    assert callup.status == CallUp.Status.EXPIRED
    assert callups.callups_expire(today=later) == 0


def test_the_beat_expires_callups_every_night(callup, vacancy):
    from django.conf import settings

    from placements.tasks import expire_callups_task

    entry = settings.CELERY_BEAT_SCHEDULE["expire-callups"]
    assert entry["task"] == expire_callups_task.name == "placements.tasks.expire_callups_task"
    assert entry["schedule"].hour == {0}
    assert expire_callups_task.apply().get() == 0  # the vacancy still takes applications
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.CLOSED)
    assert expire_callups_task.apply().get() == 1
    callup.refresh_from_db()
    assert callup.status == CallUp.Status.EXPIRED


def test_staff_api_creates_callups_and_refuses_duplicates(holder, vacancy, petugas):
    api = APIClient()
    api.force_authenticate(petugas)
    response = api.post("/api/v1/staff/callups/", {"jobseeker": holder.pk, "vacancy": vacancy.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["letter_number"].startswith("AK.IV/")
    assert response.json()["status"] == "sent"
    again = api.post(
        "/api/v1/staff/callups/",
        {"jobseeker": holder.pk, "vacancy": vacancy.pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert again.status_code == 400 and "jobseeker" in again.json()
    listed = api.get("/api/v1/staff/callups/")
    assert listed.status_code == 200


def test_staff_api_needs_the_referral_permission(holder, vacancy):
    api = APIClient()
    api.force_authenticate(holder.user)
    response = api.post("/api/v1/staff/callups/", {"jobseeker": holder.pk, "vacancy": vacancy.pk}, format="json")
    assert response.status_code == 403
    assert not CallUp.objects.exists()


def test_admin_add_form_creates_through_the_service_and_shows_guards(holder, vacancy, petugas, client):
    client.force_login(petugas)
    url = reverse("admin:placements_callup_add")
    assert client.get(url).status_code == 200
    response = client.post(url, {"jobseeker": holder.pk, "vacancy": vacancy.pk, "message": "Ayo"})
    assert response.status_code == 302, response.content.decode()[:2000]
    callup = CallUp.objects.get()
    assert callup.letter_number.startswith("AK.IV/") and callup.created_by == petugas
    change = client.get(reverse("admin:placements_callup_change", args=[callup.pk]))
    assert reverse("admin:placements_callup_letter", args=[callup.pk]) in change.content.decode()
    with override("en"):
        again = client.post(
            url, {"jobseeker": holder.pk, "vacancy": vacancy.pk, "message": ""}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert again.status_code == 200
    assert "already been called up" in again.content.decode()
    assert CallUp.objects.count() == 1
