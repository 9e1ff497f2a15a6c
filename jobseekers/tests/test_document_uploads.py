"""Uploads (issue 8): the type read from the content, images re-encoded clean, PDF checks, certificates,
and who may open a document (owner, staff, a company the person was referred to), each opening logged."""

import datetime
import io
import re
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from PIL import Image

from bontang_aker.accounts.tests.factories import UserFactory
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers import services
from jobseekers.models import Document, DocumentAccess, ProfileAccess
from jobseekers.tests.factories import DocumentFactory, JobseekerProfileFactory
from placements.models import Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def jpeg_with_exif(size=(640, 480)) -> bytes:
    image = Image.new("RGB", size, (180, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "KameraMerek"  # Make
    exif[0x0131] = "RahasiaSoftware"  # Software
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), quality=95)
    return buffer.getvalue()


def png(size=(64, 48), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 200) if mode == "RGB" else (10, 120, 200, 128)).save(buffer, "PNG")
    return buffer.getvalue()


def stored_bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def upload(client, name, data, kind="photo", **extra):
    fields = {"kind": kind, "file": SimpleUploadedFile(name, data), "description": "", **extra}
    return client.post(reverse("jobseekers:profile_documents"), fields)


def field_error(response, name: str) -> str:
    match = re.search(rf'<div class="field__errors" id="id_{name}_error">(.*?)</div>', response.content.decode(), re.S)
    return match.group(1) if match else ""


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def jobseeker(english):
    profile = JobseekerProfileFactory()
    english.force_login(profile.user)
    return profile


# Images are stored re-encoded ------------------------------------------------------------------------------


def test_a_jpeg_with_exif_is_stored_without_it(jobseeker):
    # given a real JPEG carrying EXIF (camera make, software)
    data = jpeg_with_exif()
    assert Image.open(io.BytesIO(data)).getexif()
    # when it is uploaded
    document = services.document_upload(jobseeker=jobseeker, kind="photo", file=SimpleUploadedFile("foto.jpg", data))
    # then the stored copy is still a JPEG of the same picture, with no EXIF left
    stored = stored_bytes(document)
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and image.size == (640, 480)
    assert not image.getexif()
    assert b"Exif" not in stored and b"KameraMerek" not in stored and b"RahasiaSoftware" not in stored
    assert document.original_name == "foto.jpg"


def test_a_png_with_junk_appended_is_stored_without_it(jobseeker):
    # given a PNG with bytes hidden after its end
    data = png() + b"<script>alert(1)</script>HIDDEN-PAYLOAD"
    # when it is uploaded
    document = services.document_upload(jobseeker=jobseeker, kind="ktp", file=SimpleUploadedFile("ktp.png", data))
    # then the stored copy ends with the image's IEND chunk and holds nothing else
    stored = stored_bytes(document)
    assert stored.endswith(b"IEND\xaeB`\x82")
    assert b"HIDDEN-PAYLOAD" not in stored and b"<script>" not in stored
    assert Image.open(io.BytesIO(stored)).format == "PNG"


def test_a_transparent_png_stays_a_png_with_its_transparency(jobseeker):
    document = services.document_upload(
        jobseeker=jobseeker, kind="photo", file=SimpleUploadedFile("foto.png", png(mode="RGBA"))
    )
    image = Image.open(io.BytesIO(stored_bytes(document)))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert document.file.name.endswith(".png")


def test_a_huge_image_is_scaled_down_to_2000_pixels(jobseeker):
    # given a 4000×3000 photo
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (90, 90, 90)).save(buffer, "JPEG", quality=70)
    # when it is uploaded
    document = services.document_upload(
        jobseeker=jobseeker, kind="photo", file=SimpleUploadedFile("besar.jpeg", buffer.getvalue())
    )
    # then it is stored at most 2000 px on its longest side, in proportion
    assert Image.open(io.BytesIO(stored_bytes(document))).size == (2000, 1500)


def test_the_photo_is_turned_upright_from_its_exif_orientation(jobseeker):
    # given a photo taken sideways: 300×200 pixels, EXIF orientation 6 (turn 90° clockwise to view)
    image = Image.new("RGB", (300, 200), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    # when it is uploaded
    document = services.document_upload(
        jobseeker=jobseeker, kind="photo", file=SimpleUploadedFile("foto.jpg", buffer.getvalue())
    )
    # then the stored copy is upright without needing the tag it no longer has
    assert Image.open(io.BytesIO(stored_bytes(document))).size == (200, 300)


def test_an_image_with_too_many_pixels_is_refused(english, jobseeker):
    # given a small file that decodes to 40 megapixels (a decompression bomb)
    buffer = io.BytesIO()
    Image.new("L", (8000, 5000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    # when it is uploaded, then it is refused next to the field
    response = upload(english, "bom.png", buffer.getvalue())
    assert response.status_code == 200
    assert "too many pixels" in field_error(response, "file")
    assert not jobseeker.documents.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rusak.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # the signature and nothing readable
        ("rusak.jpg", jpeg_with_exif()[:300]),  # cut short
    ],
)
def test_an_image_pillow_cannot_read_is_refused_with_a_clear_message(english, jobseeker, name, data):
    response = upload(english, name, data)
    assert response.status_code == 200
    assert "This image could not be read" in field_error(response, "file")
    assert not jobseeker.documents.exists()


# The type comes from the content -------------------------------------------------------------------------


def test_a_png_renamed_pdf_is_refused_saying_what_it_really_is(english, jobseeker):
    # when a PNG is uploaded under a .pdf name
    response = upload(english, "ijazah.pdf", png(), kind="diploma", description="Ijazah SMK")
    # then the field says it is really a PNG, and nothing is stored
    assert response.status_code == 200
    message = field_error(response, "file")
    assert "really a PNG" in message and ".pdf" in message
    assert not jobseeker.documents.exists()
    # and the other values typed stay in the form
    content = response.content.decode()
    assert 'value="Ijazah SMK"' in content
    assert re.search(r'<option value="diploma"[^>]*selected', content)


def test_a_jpeg_named_png_is_refused_too(english, jobseeker):
    response = upload(english, "foto.png", jpeg_with_exif())
    assert "really a JPG" in field_error(response, "file")


# PDFs ----------------------------------------------------------------------------------------------------


def test_a_plain_pdf_is_stored_as_it_is(jobseeker):
    document = services.document_upload(jobseeker=jobseeker, kind="cv", file=SimpleUploadedFile("CV Budi.pdf", PDF))
    assert stored_bytes(document) == PDF
    assert document.kind == "cv" and document.get_kind_display() == "CV"


def test_a_pdf_over_the_size_limit_is_refused(english, jobseeker, settings):
    # given the default limit of 2 MB and a 3 MB PDF
    assert settings.DOCUMENT_UPLOAD_MAX_MB == 2
    big = PDF[:-6] + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n"
    # when it is uploaded, then it is refused with the limit named
    response = upload(english, "besar.pdf", big, kind="diploma")
    assert response.status_code == 200
    assert "at most 2 MB" in field_error(response, "file")
    assert not jobseeker.documents.exists()


def test_the_size_limit_is_a_setting(jobseeker, settings):
    settings.DOCUMENT_UPLOAD_MAX_MB = 4
    big = PDF[:-6] + b"0" * (3 * 1024 * 1024) + b"\n%%EOF\n"
    document = services.document_upload(jobseeker=jobseeker, kind="cv", file=SimpleUploadedFile("cv.pdf", big))
    assert document.file.size == len(big)


def _object_stream_pdf(content: bytes) -> bytes:
    body = zlib.compress(content)
    return (
        b"%PDF-1.5\n2 0 obj<</Type/ObjStm/N 1/First 4/Filter/FlateDecode/Length "
        + str(len(body)).encode()
        + b">>stream\n"
        + body
        + b"\nendstream endobj\n%%EOF\n"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "its end is missing"),
        (b"%PDF-1.4\n" + b"x" * 2000 + b"%%EOF" + b"y" * 2000, "its end is missing"),
        (b"%PDF-1.4\ntrailer<</Root 1 0 R/Encrypt 5 0 R>>\n%%EOF\n", "protected with a password"),
        (b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n", "scripts"),
        (b"%PDF-1.4\n1 0 obj<</S/J#61vaScript>>endobj\n%%EOF\n", "scripts"),  # a #-escaped name
        (b"%PDF-1.4\n1 0 obj<</S/Launch/F(cmd.exe)>>endobj\n%%EOF\n", "scripts"),
        (_object_stream_pdf(b"1 0 << /S /JavaScript /JS (x) >>"), "scripts"),  # hidden in a compressed object stream
    ],
)
def test_a_damaged_encrypted_or_scripted_pdf_is_refused(english, jobseeker, data, message):
    response = upload(english, "dokumen.pdf", data, kind="diploma")
    assert response.status_code == 200
    assert message in field_error(response, "file")
    assert not jobseeker.documents.exists()


def test_an_encrypted_pdf_made_by_a_pdf_library_is_refused(jobseeker):
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("rahasia")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(services.ValidationError) as error:
        services.document_upload(
            jobseeker=jobseeker, kind="diploma", file=SimpleUploadedFile("ijazah.pdf", buffer.getvalue())
        )
    assert "password" in error.value.message_dict["file"][0]


def test_a_real_pdf_with_compressed_content_is_accepted(jobseeker):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text="Sertifikat Juru Las SMAW 3G")
    data = bytes(pdf.output())
    document = services.document_upload(
        jobseeker=jobseeker,
        kind="certificate",
        file=SimpleUploadedFile("las.pdf", data),
        certificate_name="Juru las SMAW 3G",
        certificate_issuer="BNSP",
        certificate_number="LAS-001",
    )
    assert stored_bytes(document) == data


# Certificates --------------------------------------------------------------------------------------------


def test_a_certificate_needs_name_issuer_and_number_and_keeps_the_other_values(english, jobseeker):
    # given a document already saved
    kept = DocumentFactory(jobseeker=jobseeker, kind="ktp")
    # when a certificate is uploaded without its details
    response = upload(english, "k3.pdf", PDF, kind="certificate", certificate_valid_until="2027-05-31")
    # then each missing detail is named at its field, and nothing is stored
    assert response.status_code == 200
    assert "name of the certificate" in field_error(response, "certificate_name")
    assert "who issued" in field_error(response, "certificate_issuer")
    assert "certificate number" in field_error(response, "certificate_number")
    assert list(jobseeker.documents.all()) == [kept]
    # and what was typed stays, and the saved document is still listed
    content = response.content.decode()
    assert 'value="2027-05-31"' in content
    assert reverse("jobseekers:document_download", args=[kept.pk]) in content


def test_a_certificate_is_listed_with_its_details_and_expired_when_past(english, jobseeker):
    # when two certificates are uploaded: one valid, one expired yesterday
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for name, valid_until in [("SIO Operator Forklift", "2030-01-31"), ("Ahli K3 Umum", yesterday.isoformat())]:
        response = upload(
            english,
            "sertifikat.jpg",
            jpeg_with_exif(),
            kind="certificate",
            certificate_name=name,
            certificate_issuer="Kemnaker RI",
            certificate_number=f"No. {name[:3]}-2024",
            certificate_valid_until=valid_until,
        )
        assert response.status_code == 302, field_error(response, "file")
    # then the page shows each with its issuer and number, and the expired one says so
    content = english.get(reverse("jobseekers:profile_documents")).content.decode()
    assert "SIO Operator Forklift" in content and "Ahli K3 Umum" in content
    assert "Kemnaker RI" in content and "No. SIO-2024" in content
    assert content.count("expired</span>") == 1
    forklift = jobseeker.documents.get(certificate_name="SIO Operator Forklift")
    k3 = jobseeker.documents.get(certificate_name="Ahli K3 Umum")
    assert not forklift.is_expired and k3.is_expired


def test_certificate_details_are_dropped_for_other_kinds(jobseeker):
    document = services.document_upload(
        jobseeker=jobseeker,
        kind="diploma",
        file=SimpleUploadedFile("ijazah.pdf", PDF),
        certificate_name="ignored",
        certificate_valid_until=datetime.date(2030, 1, 1),
    )
    assert document.certificate_name == "" and document.certificate_valid_until is None


def test_the_database_refuses_a_certificate_without_details(jobseeker):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(jobseeker=jobseeker, kind="certificate", file="x.pdf")


# The API -------------------------------------------------------------------------------------------------


@pytest.fixture
def api(jobseeker):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(jobseeker.user)
    return client


def test_the_api_uploads_and_lists_a_certificate(api, jobseeker):
    # when a certificate is posted with its details
    response = api.post(
        "/api/v1/me/documents/",
        {
            "kind": "certificate",
            "file": SimpleUploadedFile("las.png", png()),
            "certificate_name": "Juru las SMAW 3G",
            "certificate_issuer": "LSP Migas",
            "certificate_number": "LSP-123",
            "certificate_valid_until": "2020-01-01",
        },
        format="multipart",
    )
    # then it is created and listed with the details and its expiry
    assert response.status_code == 201, response.json()
    listed = api.get("/api/v1/me/documents/").json()
    assert listed[0]["certificate_name"] == "Juru las SMAW 3G"
    assert listed[0]["certificate_issuer"] == "LSP Migas"
    assert listed[0]["certificate_number"] == "LSP-123"
    assert listed[0]["certificate_valid_until"] == "2020-01-01"
    assert listed[0]["certificate_expired"] is True


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "certificate", "certificate_name": "K3"}, "certificate_issuer"),
        ({"kind": "photo", "file_name": "foto.pdf"}, "file"),
        ({"kind": "certificate", "certificate_valid_until": "31-31-2020"}, "certificate_valid_until"),
    ],
)
def test_the_api_names_the_field_of_a_bad_upload(api, jobseeker, fields, field):
    name = fields.pop("file_name", "foto.png")
    response = api.post(
        "/api/v1/me/documents/", {"file": SimpleUploadedFile(name, png()), **fields}, format="multipart"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not jobseeker.documents.exists()


# Who may open a document, and the log of every opening by someone else -----------------------------------


def download(client, document):
    return client.get(reverse("jobseekers:document_download", args=[document.pk]))


@pytest.fixture
def referred():
    """A jobseeker referred to a company's vacancy, with a CV and a KTP; a member of that company."""
    member = CompanyMemberFactory()
    vacancy = VacancyFactory(company=member.company, published=True)
    referral = ReferralFactory(application=ApplicationFactory(vacancy=vacancy, status="referred"))
    profile = referral.application.jobseeker
    cv = DocumentFactory(jobseeker=profile, kind="cv", file__filename="cv.pdf", file__data=PDF)
    ktp = DocumentFactory(jobseeker=profile, kind="ktp", file__filename="ktp.pdf", file__data=PDF)
    return {"member": member.user, "company": member.company, "referral": referral, "cv": cv, "ktp": ktp}


def test_a_company_the_person_was_referred_to_opens_the_cv_and_it_is_logged(client, referred):
    # given a member of the company the person was referred to
    client.force_login(referred["member"])
    # when they open the CV
    response = download(client, referred["cv"])
    # then they get it, and the person's access log names the company
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert DocumentAccess.objects.get().viewer == referred["member"]
    access = ProfileAccess.objects.get(what="document")
    assert access.viewer_role == "employer" and access.viewer_label == referred["company"].name
    assert access.document_kind == "cv"


def test_the_referred_company_never_opens_the_ktp(client, referred):
    client.force_login(referred["member"])
    assert download(client, referred["ktp"]).status_code == 404
    assert not DocumentAccess.objects.exists()


def test_another_company_is_refused(client, referred):
    client.force_login(CompanyMemberFactory().user)
    assert download(client, referred["cv"]).status_code == 404
    assert not DocumentAccess.objects.exists()


def test_a_company_loses_access_once_the_person_was_not_accepted(client, referred):
    Referral.objects.filter(pk=referred["referral"].pk).update(status="not_accepted")
    client.force_login(referred["member"])
    assert download(client, referred["cv"]).status_code == 404


def test_an_application_not_referred_gives_the_company_nothing(client):
    member = CompanyMemberFactory()
    application = ApplicationFactory(vacancy=VacancyFactory(company=member.company, published=True))
    cv = DocumentFactory(jobseeker=application.jobseeker, kind="cv")
    client.force_login(member.user)
    assert download(client, cv).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "status", "logged"),
    [
        ("owner", 200, False),
        ("petugas", 200, True),
        ("kabid", 200, True),
        ("referred_company", 200, True),
        ("other_company", 404, False),
        ("other_jobseeker", 404, False),
        ("staff_without_permission", 404, False),
    ],
)
def test_every_download_by_someone_else_is_logged_across_roles(client, request, referred, viewer, status, logged):
    users = {
        "owner": lambda: referred["cv"].jobseeker.user,
        "petugas": lambda: request.getfixturevalue("petugas"),
        "kabid": lambda: request.getfixturevalue("kabid"),
        "referred_company": lambda: referred["member"],
        "other_company": lambda: CompanyMemberFactory().user,
        "other_jobseeker": lambda: JobseekerProfileFactory().user,
        "staff_without_permission": lambda: UserFactory(role="staff", is_staff=True),
    }
    user = users[viewer]()
    client.force_login(user)
    assert download(client, referred["cv"]).status_code == status
    assert DocumentAccess.objects.filter(viewer=user).exists() is logged
    assert ProfileAccess.objects.filter(viewer=user, what="document").exists() is logged


def test_an_anonymous_visitor_is_sent_to_log_in(client, referred):
    response = download(client, referred["cv"])
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_the_candidates_page_links_the_documents_the_company_may_open(client, referred):
    client.force_login(referred["member"])
    vacancy = referred["referral"].application.vacancy
    content = client.get(reverse("employers:vacancy_candidates", args=[vacancy.pk])).content.decode()
    assert reverse("jobseekers:document_download", args=[referred["cv"].pk]) in content
    assert reverse("jobseekers:document_download", args=[referred["ktp"].pk]) not in content


def test_media_url_is_not_served(referred):
    # MEDIA_URL ("media/") has no route in bontang_aker/urls.py, so stored files are reachable
    # only through the checked download view.
    with pytest.raises(Resolver404):
        resolve(f"/media/{referred['cv'].file.name}")
