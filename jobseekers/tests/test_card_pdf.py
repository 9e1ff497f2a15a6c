"""The printable AK/I card: its content, its QR code, and who may download it."""

import datetime
import io

import pytest
import zxingcpp
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from PIL import Image
from pypdf import PdfReader

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.core import pdf as core_pdf
from employers.tests.factories import CompanyMemberFactory
from jobseekers import card_pdf, services
from jobseekers.models import AkiCard, Document
from jobseekers.tests.factories import AkiCardFactory, DocumentFactory, JobseekerProfileFactory

pytestmark = pytest.mark.django_db

PRINT_URL = reverse("jobseekers:card_print")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def photo_bytes(kind: str = "JPEG", color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (600, 800), color).save(out, format=kind)
    return out.getvalue()


def issued_card(**profile_fields) -> AkiCard:
    profile = JobseekerProfileFactory(full_name="Siti Rahmawati", educated=True, **profile_fields)
    return AkiCardFactory(jobseeker=profile, active=True, number="6474-2026-0000042")


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def decoded_qr_codes(content: bytes) -> list[str]:
    """Every QR code among the images embedded in the PDF's page, decoded."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    texts = []
    for embedded in page.images:
        image = embedded.image.convert("L")
        texts += [
            result.text for result in zxingcpp.read_barcodes(image) if result.format == zxingcpp.BarcodeFormat.QRCode
        ]
    return texts


# The PDF itself ---------------------------------------------------------------------------------------------


def test_pdf_holds_the_number_name_identity_and_a_qr_code_to_the_check_page(settings):
    # given an issued card of a jobseeker with a photo
    settings.SITE_URL = "https://aker.bontangkota.go.id"
    card = issued_card()
    DocumentFactory(
        jobseeker=card.jobseeker, kind=Document.Kind.PHOTO, file=ContentFile(photo_bytes(), name="foto.jpg")
    )
    # when it is rendered
    content = card_pdf.aki_card_pdf(card)
    # then the text carries the card's data
    text = pdf_text(content)
    assert content.startswith(b"%PDF-")
    assert "6474-2026-0000042" in text
    assert "Siti Rahmawati" in text
    assert card.jobseeker.nik in text  # the owner's own card: the full NIK, as on the paper card
    assert "KARTU TANDA BUKTI PENDAFTARAN PENCARI KERJA (AK/I)" in text
    assert "DINAS KETENAGAKERJAAN" in text
    assert "SMK" in text
    # and the QR code embedded as an image decodes to the absolute address of the public check page
    assert decoded_qr_codes(content) == ["https://aker.bontangkota.go.id/kartu/6474-2026-0000042/"]
    # and the photo is embedded too (two images: the photo and the QR code)
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 2


def test_pdf_is_a6_portrait():
    content = card_pdf.aki_card_pdf(issued_card())
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    # 105 × 148 mm in points
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (105, 148)


def test_without_a_usable_photo_the_card_has_a_placeholder_box():
    # given a "photo" that is a PDF and one whose file is damaged
    card = issued_card()
    DocumentFactory(jobseeker=card.jobseeker, kind=Document.Kind.PHOTO)  # a PDF
    DocumentFactory(
        jobseeker=card.jobseeker, kind=Document.Kind.PHOTO, file=ContentFile(b"\xff\xd8\xffnot a jpeg", name="x.jpg")
    )
    # when rendered
    content = card_pdf.aki_card_pdf(card)
    # then only the QR code is an image, and the box says where the photo goes
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 1
    assert "3×4" in pdf_text(content)


def test_a_png_photo_is_used_and_the_newest_photo_wins():
    card = issued_card()
    DocumentFactory(
        jobseeker=card.jobseeker, kind=Document.Kind.PHOTO, file=ContentFile(b"\x89PNGbroken", name="a.png")
    )
    DocumentFactory(
        jobseeker=card.jobseeker, kind=Document.Kind.PHOTO, file=ContentFile(photo_bytes("PNG"), name="b.png")
    )
    content = card_pdf.aki_card_pdf(card)
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 2


def in_indonesian(text: str) -> str:
    with override("id"):
        return gettext(text)


def test_report_rows_come_from_the_card_events(petugas):
    # given a card issued through the service and reported twice, once after it lapsed
    profile = JobseekerProfileFactory(complete=True, full_name="Rudi Hartono")
    card = services.aki_card_request(jobseeker=profile, by=profile.user)
    services.aki_card_issue(card_id=card.pk, by=petugas)
    services.aki_card_report(card_id=card.pk, by=profile.user)
    AkiCard.objects.filter(pk=card.pk).update(status=AkiCard.Status.LAPSED)
    services.aki_card_report(card_id=card.pk, by=profile.user)
    card.refresh_from_db()
    # when rendered
    text = pdf_text(card_pdf.aki_card_pdf(card))
    # then two numbered report rows, the second marked as the reactivation
    today = timezone.localdate()
    assert text.count(f"{today.day} ") >= 3  # issued + two reports on today's date
    assert "1" in text and "2" in text
    assert in_indonesian("active again") in text  # the card is an official form: always Indonesian


def test_placed_card_prints_the_hire_date():
    card = AkiCardFactory(
        jobseeker=JobseekerProfileFactory(),
        status=AkiCard.Status.PLACED,
        number="6474-2026-0000077",
        issued_at=timezone.now(),
        expires_on=timezone.localdate() + datetime.timedelta(days=700),
        placed_on=datetime.date(2026, 3, 2),
    )
    text = pdf_text(card_pdf.aki_card_pdf(card))
    assert in_indonesian("Hired from").upper() in text.upper()
    assert "2026" in text


def test_long_and_non_latin_names_print_without_error():
    # given a very long name with letters outside Latin-1 and a long address
    card = issued_card(ktp_address="Jl. " + "Panjang Sekali " * 30)
    card.jobseeker.full_name = "Nguyễn Ṣāliḥ " + "Wicaksono " * 12
    card.jobseeker.save(update_fields=["full_name"])
    # when rendered with the Unicode font (DejaVu or Liberation is installed here and in CI)
    text = pdf_text(card_pdf.aki_card_pdf(card))
    # then the name starts as written and is cut to fit
    assert "Nguyễn Ṣāliḥ" in text
    assert "…" in text


def test_without_a_unicode_font_the_core_font_prints_transliterated_text(monkeypatch):
    # given no TrueType font on the machine
    monkeypatch.setattr(core_pdf, "unicode_font_files", lambda: None)
    card = issued_card()
    card.jobseeker.full_name = "Nguyễn Łukasz"
    card.jobseeker.save(update_fields=["full_name"])
    # when rendered
    content = card_pdf.aki_card_pdf(card)
    # then the PDF is still made, with the name transliterated to Latin-1
    text = pdf_text(content)
    assert "Nguyen" in text
    assert "6474-2026-0000042" in text
    assert decoded_qr_codes(content)


def test_a_card_never_issued_is_not_rendered():
    with pytest.raises(ValueError):
        card_pdf.aki_card_pdf(AkiCardFactory())


# Who may download it -------------------------------------------------------------------------------------------


def test_the_owner_downloads_the_pdf_as_an_attachment(client):
    card = issued_card()
    client.force_login(card.jobseeker.user)
    response = client.get(PRINT_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="kartu-ak1-6474-2026-0000042.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert "Siti Rahmawati" in pdf_text(response.content)


@pytest.mark.parametrize("status", [AkiCard.Status.PLACED, AkiCard.Status.LAPSED])
def test_placed_and_lapsed_cards_can_be_printed(client, status):
    card = issued_card()
    AkiCard.objects.filter(pk=card.pk).update(status=status)
    client.force_login(card.jobseeker.user)
    assert client.get(PRINT_URL).status_code == 200


def test_a_requested_card_or_none_gives_a_clear_message(english):
    # given a jobseeker whose card is only requested
    card = AkiCardFactory()
    english.force_login(card.jobseeker.user)
    # when they ask for the PDF
    response = english.get(PRINT_URL, follow=True)
    # then they are back on the card page with the reason
    assert response.redirect_chain[-1][0] == reverse("jobseekers:card")
    assert "You can print your AK/I card once Disnaker has issued it." in response.content.decode()
    # and a jobseeker without any card too
    english.force_login(JobseekerProfileFactory().user)
    assert english.get(PRINT_URL).status_code == 302


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(PRINT_URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_another_jobseeker_never_gets_someone_elses_card(client):
    # given a card of someone, and another jobseeker with a card of their own
    issued_card()
    other = AkiCardFactory(active=True, number="6474-2026-0000099")
    client.force_login(other.jobseeker.user)
    # when the other downloads "the" card, they get only their own
    response = client.get(PRINT_URL)
    text = pdf_text(response.content)
    assert "6474-2026-0000099" in text
    assert "6474-2026-0000042" not in text
    assert "Siti Rahmawati" not in text


def test_employers_and_staff_get_403_on_the_jobseeker_page(client, petugas):
    issued_card()
    for user in (CompanyMemberFactory().user, petugas):
        client.force_login(user)
        assert client.get(PRINT_URL).status_code == 403


def test_staff_download_any_card_from_the_admin(client, petugas):
    # given an issued card
    card = issued_card()
    client.force_login(petugas)
    # when staff open its admin page
    page = client.get(reverse("admin:jobseekers_akicard_change", args=[card.pk]))
    url = reverse("admin:jobseekers_akicard_pdf", args=[card.pk])
    # then there is a download button, and it gives the holder's card
    assert url in page.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kartu-ak1-6474-2026-0000042.pdf"'
    assert "Siti Rahmawati" in pdf_text(response.content)


def test_admin_pdf_of_a_requested_card_or_a_missing_one(client, petugas):
    requested = AkiCardFactory()
    client.force_login(petugas)
    assert client.get(reverse("admin:jobseekers_akicard_pdf", args=[requested.pk])).status_code == 302
    assert client.get(reverse("admin:jobseekers_akicard_pdf", args=[999999])).status_code == 404
    assert client.get(reverse("admin:jobseekers_akicard_pdf", args=["x y"])).status_code == 404


def test_admin_pdf_is_not_for_non_staff(client):
    card = issued_card()
    client.force_login(card.jobseeker.user)
    response = client.get(reverse("admin:jobseekers_akicard_pdf", args=[card.pk]))
    assert response.status_code == 302  # the admin's login page
    assert "/admin/login/" in response.url
    client.force_login(UserFactory(employer=True))
    assert client.get(reverse("admin:jobseekers_akicard_pdf", args=[card.pk])).status_code == 302


def test_card_page_links_the_pdf_once_issued(english):
    card = AkiCardFactory()
    english.force_login(card.jobseeker.user)
    assert PRINT_URL not in english.get(reverse("jobseekers:card")).content.decode()
    AkiCard.objects.filter(pk=card.pk).update(
        status=AkiCard.Status.ACTIVE,
        number="6474-2026-0000005",
        issued_at=timezone.now(),
        last_reported_at=timezone.now(),
        expires_on=timezone.localdate() + datetime.timedelta(days=700),
    )
    assert PRINT_URL in english.get(reverse("jobseekers:card")).content.decode()
