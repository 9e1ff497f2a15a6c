"""The weaknesses the upload fuzzing found (issue 13, part 5), each pinned by a focused test.

- PDF scripts were missed after any `endstream`, behind a string holding the word "stream", in
  an uncompressed or #-escaped or padded object stream, or past the decompression budget.
- The admin's document pages stored any bytes named .pdf/.jpg/.png (an HTML page, a JPEG with
  its EXIF), without the checks of the jobseeker's own upload.
- A certificate added in the document rows of the admin's jobseeker page was a 500.
- Bidi and control characters stayed in the original file name shown to staff.
"""

import io
import zlib

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from jobseekers.admin import DocumentInline
from jobseekers.document_files import document_content_clean, upload_name_clean
from jobseekers.models import Document, JobseekerProfile
from jobseekers.tests.factories import JobseekerProfileFactory

pytestmark = pytest.mark.django_db

JS = b"5 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n"


def pdf(body: bytes) -> bytes:
    return b"%PDF-1.5\n" + body + b"trailer<</Root 1 0 R>>\n%%EOF\n"


def stream(number: int, dictionary: bytes, content: bytes) -> bytes:
    return b"%d 0 obj<<%b/Length %d>>stream\n%b\nendstream\nendobj\n" % (number, dictionary, len(content), content)


def refusal(data: bytes) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        document_content_clean(data=data, extension="pdf")
    return error.value.message_dict["file"][0]


@pytest.mark.parametrize(
    "data",
    [
        pdf(stream(3, b"", b"BT ET") + JS),  # right after an endstream
        pdf(b"3 0 obj<</Title(stream\n)>>endobj\n" + JS + stream(4, b"", b"q Q")),  # behind a string "stream"
        pdf(stream(7, b"/Type/ObjStm/N 1/First 4", JS)),  # an object stream without compression
        pdf(stream(7, b"/Type/Obj#53tm/N 1/First 4/Filter/Fl", zlib.compress(JS))),  # #-escaped, short filter name
        pdf(stream(7, b"/Type/ObjStm" + b" " * 600 + b"/Filter/FlateDecode", zlib.compress(JS))),  # a padded dictionary
        pdf(b"1 0 obj<</AcroForm<</XFA 9 0 R>>>>endobj\n"),  # an XFA form (scripts in its XML)
    ],
    ids=["after-endstream", "string-stream", "plain-objstm", "escaped-objstm", "padded-objstm", "xfa"],
)
def test_a_pdf_script_hidden_from_the_old_check_is_refused(data):
    assert "scripts or actions" in refusal(data)


@pytest.mark.parametrize(
    "dictionary, content",
    [
        (b"/Type/ObjStm/N 1/Filter[/AHx/Fl]", zlib.compress(JS).hex().encode() + b">"),  # a filter not decoded here
        (b"/Type/ObjStm/N 1/Filter/FlateDecode", b"\x78\x9c damaged"),
        (b"/Type/ObjStm/N 1/Filter/FlateDecode", zlib.compress(b" " * 2**25 + JS, 9)),  # over the 16 MB budget
    ],
    ids=["hex-filter", "damaged", "over-budget"],
)
def test_an_object_stream_that_cannot_be_read_is_refused(dictionary, content):
    assert "could not be checked" in refusal(pdf(stream(7, dictionary, content)))


def test_pdfs_made_by_pdf_libraries_are_still_accepted():
    # given a PDF with compressed content (fpdf) and one with object streams (pypdf, compressed)
    fpdf = pytest.importorskip("fpdf")
    document = fpdf.FPDF()
    document.add_page()
    document.set_font("helvetica", size=14)
    document.cell(text="Ijazah SMK Negeri 1 Bontang")
    made = [bytes(document.output())]
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": "Sertifikat"})
    buffer = io.BytesIO()
    writer.write(buffer)
    made.append(buffer.getvalue())
    # when checked, then each is kept as it is
    for data in made:
        assert document_content_clean(data=data, extension="pdf") == data


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("foto\u202eexe.png", "fotoexe.png"),  # a right-to-left override
        ("k\u200bt\u200dp\x07.pdf", "ktp.pdf"),  # zero-width and control characters
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Windows\\ktp.pdf", "ktp.pdf"),
        ("Kese\u0301lamatan.pdf", "Kes\u00e9lamatan.pdf"),  # NFD to NFC
        (".pdf", "dokumen.pdf"),  # a stem, so the stored file keeps its extension
        ("  ktp.pdf ", "ktp.pdf"),
    ],
)
def test_the_original_name_keeps_no_path_control_or_bidi_characters(name, kept):
    assert upload_name_clean(name) == kept


@pytest.fixture
def staff(client):
    user = UserFactory(role=User.Role.STAFF, is_staff=True, is_superuser=True)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def test_the_admin_refuses_a_web_page_named_pdf(client, staff):
    # given a jobseeker, when staff add a "PDF" that is really an HTML page on the admin's document page
    profile = JobseekerProfileFactory()
    page = b"<html><script>alert(document.cookie)</script></html>"
    response = client.post(
        reverse("admin:jobseekers_document_add"),
        {"jobseeker": profile.pk, "kind": "ktp", "file": SimpleUploadedFile("ktp.pdf", page), "description": ""},
    )
    # then it is refused at the file field, and nothing is stored
    assert response.status_code == 200
    assert "not really a PDF, JPG or PNG" in response.context["adminform"].form.errors["file"][0]
    assert not Document.objects.filter(jobseeker=profile).exists()


def test_the_admin_stores_a_photo_re_encoded_without_exif(client, staff):
    # given a JPEG with EXIF (camera, software) and bytes appended after the picture
    image = Image.new("RGB", (40, 30), (200, 40, 40))
    exif = Image.Exif()
    exif[0x0131] = "RahasiaSoftware"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    data = buffer.getvalue() + b"<script>alert(1)</script>"
    profile = JobseekerProfileFactory()
    # when staff upload it on the admin's document page
    response = client.post(
        reverse("admin:jobseekers_document_add"),
        {"jobseeker": profile.pk, "kind": "photo", "file": SimpleUploadedFile("foto\u202egpj.jpg", data)},
    )
    # then what is stored is only the picture, under a clean original name
    assert response.status_code == 302
    document = Document.objects.get(jobseeker=profile)
    with document.file.open("rb") as handle:
        stored = handle.read()
    assert b"RahasiaSoftware" not in stored and b"<script>" not in stored
    assert document.original_name == "fotogpj.jpg"


def test_a_certificate_in_the_admin_document_rows_is_a_message_not_a_500(staff):
    # given the document rows of the admin's jobseeker page, which have no certificate fields
    profile = JobseekerProfileFactory()
    request = RequestFactory().post("/")
    request.user = staff
    formset_class = DocumentInline(JobseekerProfile, admin.site).get_formset(request, profile)
    prefix = formset_class.get_default_prefix()
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-0-kind": "certificate"}
    png = io.BytesIO()
    Image.new("RGB", (8, 8)).save(png, "PNG")
    files = {f"{prefix}-0-file": SimpleUploadedFile("k3.png", png.getvalue())}
    # when a certificate is added there
    with translation.override("en"):
        formset = formset_class(data, files, instance=profile, prefix=prefix)
        valid = formset.is_valid()
    # then the kind says what to do, instead of the database refusing the row
    assert not valid
    assert "name, issuer and number" in formset.errors[0]["kind"][0]
    assert not Document.objects.filter(jobseeker=profile).exists()
