"""Upload fuzzing (issue 13, part 5): every hostile file against every way a document is uploaded.

The ways in: the jobseeker's documents page (HTML form), the API (`POST /api/v1/me/documents/`),
the admin's document page, and the document rows on the admin's jobseeker page (that inline's
formset, bound directly: the whole profile page would be posted otherwise). The kind of
document (KTP, diploma, photo, certificate, …) and the language (Indonesian, English) turn
with each file, so each way sees every kind and both languages.

Each file is either refused, at the file field, with a message of the upload checks in the
active language, or stored safely: a random name under the upload directory, an original name
without path or control characters, and served back only as a PDF download or a re-encoded
picture, with nosniff. Never a 500, and the document saved before is still there.
"""

from __future__ import annotations

import html
import io
import mimetypes
import re
import unicodedata
import uuid
from importlib import import_module
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from PIL import Image
from rest_framework.test import APIClient

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import UserFactory
from jobseekers.admin import DocumentInline
from jobseekers.models import Document, JobseekerProfile
from jobseekers.tests.factories import JobseekerProfileFactory
from tests.hostile_files import PAYLOAD_MARKERS, PLAIN_PDF, HostileFile, hostile_files

pytestmark = pytest.mark.django_db

CHANNELS = ("form", "api", "admin", "admin_inline")
KINDS = ("ktp", "diploma", "photo", "certificate", "cv", "experience", "other")
LANGUAGES = ("id", "en")
CERTIFICATE = {"certificate_name": "Juru las SMAW 3G", "certificate_issuer": "BNSP", "certificate_number": "LAS-001"}

# What may be said about a refused file: the upload checks' messages, Django's and DRF's own.
FILE_MESSAGES = (
    "Upload a PDF, JPG or PNG file.",
    "The file is too large: at most %(size)d MB.",
    "This file is not really a PDF, JPG or PNG; it may be damaged.",
    "This file is really a %(real)s, but its name ends in .%(extension)s. Upload it with its "
    "real extension (%(real_extension)s), or choose the right file.",
    "This image has too many pixels (at most %(megapixels)d megapixels). Take it at a lower resolution.",
    "This image could not be read; it may be damaged or incomplete. Take the photo or scan again.",
    "This PDF is incomplete or damaged (its end is missing). Save or download it again and upload the new copy.",
    "This PDF is protected with a password or encryption, so Disnaker cannot open it. "
    "Save it again without protection and upload that copy.",
    "This PDF contains scripts or actions that run when it is opened. Save it again as a plain "
    "PDF (for example with Print, then Save as PDF) and upload that copy.",
    "This PDF could not be checked for scripts: some of its parts cannot be read. Save it again "
    "as a plain PDF (for example with Print, then Save as PDF) and upload that copy.",
    "This field is required.",
    "The submitted file is empty.",
    "No file was submitted. Check the encoding type on the form.",
    "No file was submitted.",
    "The submitted data was not a file. Check the encoding type on the form.",
    (
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
    ),
)
SAFE_CONTENT_TYPES = {"application/pdf", "image/jpeg", "image/png", "application/octet-stream"}
STORED_NAME = re.compile(
    r"^jobseekers/[0-9a-f]{2}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(pdf|jpg|jpeg|png)$"
)
UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def _patterns(language: str) -> list[tuple[re.Pattern, bool]]:
    """Each message as a pattern in `language` (placeholders match anything), and whether it is translated."""
    patterns = []
    with translation.override(language):
        for message in FILE_MESSAGES:
            english = message[1] if isinstance(message, tuple) else message
            text = translation.ngettext(*message, 2) if isinstance(message, tuple) else translation.gettext(message)
            pattern = "^" + ".+?".join(re.escape(part) for part in PLACEHOLDER.split(text)) + "$"
            patterns.append((re.compile(pattern, re.S), text != english))
    return patterns


PATTERNS = {language: _patterns(language) for language in LANGUAGES}


def assert_clear_message(messages: list[str], language: str) -> None:
    assert messages, "refused without a message at the file field"
    for message in messages:
        matched = [translated for pattern, translated in PATTERNS[language] if pattern.match(message)]
        assert matched, f"not a known upload message in {language!r}: {message!r}"
        if language == "id":  # really Indonesian, not the English msgid shown for want of a translation
            assert any(matched), f"not translated into Indonesian: {message!r}"


# Requests: a multipart body written by hand, so the file name reaches the server as sent ------------------


def multipart(fields: dict[str, str], file_field: str, hostile: HostileFile) -> tuple[bytes, str]:
    boundary = f"----hostile{uuid.uuid4().hex}"
    body = b""
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    # As a browser writes it: quotes and line breaks percent-encoded, everything else as UTF-8.
    filename = hostile.name.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    content_type = mimetypes.guess_type(hostile.name)[0] or "application/octet-stream"
    body += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode("utf-8", "surrogatepass")
    body += hostile.data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def document_fields(kind: str) -> dict[str, str]:
    return {"kind": kind, "description": "", **(CERTIFICATE if kind == "certificate" else {})}


def upload_form(client, hostile, kind, profile):
    body, content_type = multipart(document_fields(kind), "file", hostile)
    response = client.post(reverse("jobseekers:profile_documents"), body, content_type=content_type)
    if response.status_code == 302:
        return True, []
    if response.status_code == 400 and hostile.bad_request_ok:
        return False, None
    assert response.status_code == 200, response.status_code
    errors = list(response.context["form"].errors.get("file", []))
    rendered = re.search(r'<div class="field__errors" id="id_file_error">(.*?)</div>', response.content.decode(), re.S)
    assert rendered, "the file field shows no error"
    for message in errors:
        assert html.escape(message) in rendered.group(1)
    return False, errors


def upload_api(client, hostile, kind, profile, language):
    api = APIClient()
    api.force_authenticate(profile.user)
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body, content_type = multipart(document_fields(kind), "file", hostile)
    response = api.post("/api/v1/me/documents/", body, content_type=content_type)
    if response.status_code == 201:
        return True, []
    if response.status_code == 400 and hostile.bad_request_ok:
        return False, None
    assert response.status_code == 400, response.status_code
    return False, list(response.json().get("file", []))


def upload_admin(client, hostile, kind, profile):
    fields = {**document_fields(kind), "jobseeker": str(profile.pk), "_save": "1"}
    body, content_type = multipart(fields, "file", hostile)
    response = client.post(reverse("admin:jobseekers_document_add"), body, content_type=content_type)
    if response.status_code == 302:
        return True, []
    if response.status_code == 400 and hostile.bad_request_ok:
        return False, None
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    assert set(form.errors) <= {"file"}, form.errors
    return False, list(form.errors.get("file", []))


def upload_admin_inline(staff, hostile, kind, profile, language):
    request = RequestFactory().post("/")
    request.user = staff
    inline = DocumentInline(JobseekerProfile, admin.site)
    formset_class = inline.get_formset(request, profile)
    prefix = formset_class.get_default_prefix()
    data = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-0-kind": kind,
        f"{prefix}-0-description": "",
    }
    # The name as it comes, not as the request parser would clean it (no file at all for "", "." and "..").
    files = (
        {} if hostile.name in ("", ".", "..") else {f"{prefix}-0-file": SimpleUploadedFile(hostile.name, hostile.data)}
    )
    with translation.override(language):
        formset = formset_class(data, files, instance=profile, prefix=prefix)
        if formset.is_valid():
            formset.save()
            return True, []
        assert set(formset.errors[0]) <= {"file"}, formset.errors
        return False, list(formset.errors[0].get("file", []))


# The checks on what was stored -------------------------------------------------------------------------


def stored(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def assert_stored_safely(owner_client, document: Document, hostile: HostileFile) -> None:
    # the stored name is ours: random, under the upload directory, with a known extension
    assert STORED_NAME.match(document.file.name), document.file.name
    media = Path(settings.MEDIA_ROOT).resolve()
    assert Path(document.file.path).resolve().is_relative_to(media / "jobseekers")
    # the name kept for display has no path, no control or bidi characters
    original = document.original_name
    assert original not in ("", ".", "..") and len(original) <= 255
    assert "/" not in original and "\\" not in original
    assert not {unicodedata.category(char) for char in original} & UNSAFE_CATEGORIES, ascii(original)
    # served back only as a download or a re-encoded picture, never as something a browser would run
    response = owner_client.get(reverse("jobseekers:document_download", args=[document.pk]))
    assert response.status_code == 200
    content_type = response["Content-Type"].split(";")[0].strip()
    assert content_type in SAFE_CONTENT_TYPES, content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    served_name = unquote(disposition.split("filename*=utf-8''")[-1]) if "filename*=" in disposition else disposition
    assert "/" not in served_name and "\\" not in served_name and "\r" not in served_name and "\n" not in served_name
    body = b"".join(response.streaming_content)
    if content_type.startswith("image/"):
        # Pictures show inline (the design of the download view): only re-encoded pixels, in a sandbox.
        assert "sandbox" in response["Content-Security-Policy"]
        assert body == stored(document)
        with Image.open(io.BytesIO(body)) as image:
            assert image.format == {"image/jpeg": "JPEG", "image/png": "PNG"}[content_type]
        assert not [marker for marker in PAYLOAD_MARKERS if marker in body], hostile.key
    else:
        assert disposition.startswith("attachment"), disposition
        assert body.startswith(b"%PDF-")


# The matrix -------------------------------------------------------------------------------------------


def _cases():
    for offset, channel in enumerate(CHANNELS):
        for index, hostile in enumerate(hostile_files()):
            kind = KINDS[(index + offset) % len(KINDS)]
            if channel == "admin_inline" and kind == "certificate":
                kind = "other"  # the rows there have no certificate fields (jobseekers/tests/test_upload_hardening.py)
            language = LANGUAGES[(index + offset) % len(LANGUAGES)]
            yield pytest.param(channel, hostile, kind, language, id=f"{channel}-{kind}-{language}-{hostile.key}")


@pytest.fixture
def staff():
    return UserFactory(role=User.Role.STAFF, is_staff=True, is_superuser=True)


def signed_in(client, user):
    """`client.force_login` without the login signal's work (lockout bookkeeping): a few ms, not 25."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return client


@pytest.mark.parametrize(("channel", "hostile", "kind", "language"), list(_cases()))
def test_a_hostile_upload_is_refused_clearly_or_stored_safely(client, staff, channel, hostile, kind, language):
    # given a jobseeker with a valid document already saved, signed in (or staff, for the admin)
    profile = JobseekerProfileFactory()
    kept = Document.objects.create(jobseeker=profile, kind="ktp", file=ContentFile(PLAIN_PDF, name="ktp.pdf"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    signed_in(client, staff if channel == "admin" else profile.user)

    # when the hostile file is uploaded this way (a crash would raise here: the test client re-raises)
    if channel == "form":
        accepted, errors = upload_form(client, hostile, kind, profile)
    elif channel == "api":
        accepted, errors = upload_api(client, hostile, kind, profile, language)
    elif channel == "admin":
        accepted, errors = upload_admin(client, hostile, kind, profile)
    else:
        accepted, errors = upload_admin_inline(staff, hostile, kind, profile, language)

    # then it is refused with a clear message in the user's language, or stored safely
    new = list(Document.objects.filter(jobseeker=profile).exclude(pk=kept.pk))
    if accepted:
        assert not hostile.must_refuse, f"{hostile.key} was accepted"
        assert len(new) == 1
        owner = client if channel == "form" else signed_in(client.__class__(), profile.user)
        assert_stored_safely(owner, new[0], hostile)
    else:
        if errors is not None:  # None: a 400 of the request parser, for what no browser sends
            assert_clear_message(errors, language)
        assert new == []
    # and the document saved before is still there, whole
    kept.refresh_from_db()
    assert stored(kept) == PLAIN_PDF


def test_the_corpus_is_large_and_varied():
    files = hostile_files()
    assert len(files) >= 100
    assert sum(file.must_refuse for file in files) >= 60
    assert max(len(file.data) for file in files) < 4 * 1024 * 1024  # bombs stay small on disk
