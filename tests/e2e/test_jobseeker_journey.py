"""One jobseeker's whole journey in the browser, at phone width, once in Indonesian and once in English.

Sign up → verify the email (the link read from the mail the worker sends) → complete the profile and
upload the documents (a PNG renamed .pdf and a 3 MB PDF are refused on the field, the other values
stay) → request the AK/I card → petugas issues it in the admin → download the card PDF, read its QR
code and open the public check page it points to (masked name only) → save a search on /lowongan/
and receive the morning digest once a matching vacancy is published → download the job-search log
as PDF and CSV.

No Celery worker runs in these tests: where the portal queues a task, the test runs the service the
task runs (`account_mail_send`, `saved_search_digest_send`), in this process, so the mail lands in
Django's test outbox. Texts are compared through gettext in the run's language (`tr`), so the test
holds whatever the Indonesian catalogue says.

Screenshots: var/screenshots/journey-<lang>-NN-<step>.png (390 px wide; a few also at 360 px).
"""

import csv
import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.conf import settings
from django.core import mail
from django.utils.translation import gettext, override
from playwright.sync_api import expect
from pypdf import PdfReader

from bontang_aker.accounts.models import AccountMail, User
from bontang_aker.accounts.services import account_mail_send
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.core.masking import mask_name
from bontang_aker.reference.models import EducationLevel, Kelurahan
from employers.services import vacancy_publish, vacancy_submit
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.models import AkiCard, Document
from portal.models import SavedSearch
from portal.saved_searches import saved_search_digest_send
from tests.e2e.conftest import PHONE, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 780}

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A real 4×4 PNG: uploads are decoded and re-encoded (jobseekers.document_files).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04\x00\x00\x00\x04\x08\x02\x00\x00\x00&\x93\t)"
    b"\x00\x00\x00\x14IDATx\x9cc<q\xe2\x04\x03\x0c01 \x01\xdc\x1c\x00v4\x02`\xa6\x85\xd7h"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
# A well-formed PDF of 3 MB: refused for its size alone.
BIG_PDF = PDF[:-6] + b"%" + b"x" * (3 * 1024 * 1024 - len(PDF) - 1) + b"\n%%EOF\n"

# Who walks through, per language: two runs never share an address or a NIK
# (its digits 7-12 are the birth date, the day +40 for women).
PEOPLE = {
    "id": {"email": "ayu.lestari@example.id", "nik": "6474015708010003", "name": "Ayu Lestari"},
    "en": {"email": "rina.wulandari@example.id", "nik": "6474015708010007", "name": "Rina Wulandari"},
}


def live_path(url: str) -> str:
    """A link from a mail or a QR code (made with SITE_URL), as a path to open on live_server."""
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == settings.SITE_URL, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Person:
    """One browser context (its own cookies) with a numbered screenshot per step, in one language."""

    def __init__(self, browser, base_url: str, lang: str, counter: list, overflows: list, *, run: str = ""):
        self.context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", viewport=PHONE)
        self.page = self.context.new_page()
        self.base_url, self.lang, self.run = base_url, lang, run or lang
        self.counter, self.overflows = counter, overflows

    def tr(self, text: str) -> str:
        with override(self.lang):
            return gettext(text)

    def go(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response.status < 500, (path, response.status)
        return response

    def shot(self, step: str, *, width: dict | None = None) -> None:
        """Save journey-<lang>-NN-<step>.png and note any sideways overflow of the page."""
        if width:
            self.page.set_viewport_size(width)
        self.counter[0] += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        suffix = f"-{width['width']}" if width else ""
        name = f"journey-{self.run}-{self.counter[0]:02d}-{step}{suffix}.png"
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        extra = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if extra > 0:
            self.overflows.append((name, extra))
        if width:
            self.page.set_viewport_size(PHONE)

    def submit(self, label: str) -> None:
        self.page.locator("main").get_by_role("button", name=label).first.click()
        self.page.wait_for_load_state()

    def expect_message(self, text: str) -> None:
        expect(self.page.locator("main .messages .message").filter(has_text=text).first).to_be_visible()

    def expect_language(self) -> None:
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)

    def choose_language(self) -> None:
        """Through the site's own switcher in the header (Indonesian is the default)."""
        if self.lang == "id":
            return
        self.page.locator(".language-switcher").get_by_role("button", name="English").click()
        self.page.wait_for_load_state()
        self.expect_language()

    def log_in(self, email: str, password: str = TEST_PASSWORD, *, admin: bool = False) -> None:
        self.go("/admin/login/" if admin else "/akun/masuk/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.locator("#id_password").press("Enter")
        self.page.wait_for_load_state()

    def decide(self, admin_path: str, decision: str) -> None:
        """Open an admin change page and press one of its decision buttons."""
        self.go(admin_path)
        self.page.locator(f'form[data-decision="{decision}"] [type=submit]').click()
        self.page.wait_for_load_state()
        expect(self.page.locator(".messagelist .success")).to_be_visible()
        self.shot(f"admin-{decision}")

    def download(self, link_name: str):
        """Click a download link in <main>; returns (suggested file name, bytes)."""
        with self.page.expect_download() as info:
            self.page.locator("main").get_by_role("link", name=link_name).first.click()
        download = info.value
        with open(download.path(), "rb") as handle:
            return download.suggested_filename, handle.read()

    def upload(self, kind: str, name: str, content: bytes, mime: str, description: str = "") -> None:
        self.page.select_option("#id_kind", kind)
        self.page.fill("#id_description", description)
        self.page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
        self.submit(self.tr("Upload"))


def qr_codes_in(pdf: bytes) -> list[str]:
    """The text of every QR code in the PDF's images."""
    found = []
    for pdf_page in PdfReader(io.BytesIO(pdf)).pages:
        for image in pdf_page.images:
            found += [barcode.text for barcode in zxingcpp.read_barcodes(image.image.convert("L"))]
    return found


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_jobseeker_journey_at_phone_width(live_server, browser, lang):
    person = PEOPLE[lang]
    counter, overflows = [0], []
    jobseeker = Person(browser, live_server.url, lang, counter, overflows)
    # Petugas works in the admin, in Indonesian; the admin is not held to the phone-width rule.
    petugas = Person(browser, live_server.url, "id", counter, [], run=lang)
    tr, page = jobseeker.tr, jobseeker.page
    petugas_user = UserFactory(petugas=True, email=f"petugas.{lang}@example.id")

    # 1. the sign-up page, in the run's language (chosen with the switcher in the header)
    jobseeker.go("/pencaker/daftar/")
    jobseeker.choose_language()
    page.fill("#id_account_email", person["email"])
    page.fill("#id_password1", "kartu-kuning-2026")
    page.fill("#id_password2", "kartu-kuning-2026")
    page.fill("#id_nik", person["nik"])
    page.fill("#id_full_name", person["name"])
    page.fill("#id_birth_place", "Bontang")
    page.fill("#id_birth_date", "2001-08-17")
    page.check("input[name=sex][value=F]")
    page.fill("#id_phone", "0812 5555 0101")
    page.fill("#id_ktp_address", "Jl. Brigjend Katamso No. 5, Bontang")
    page.select_option("#id_kelurahan", label=str(Kelurahan.objects.get(name="Api-Api")))
    page.check("#id_consent")
    jobseeker.shot("sign-up")
    jobseeker.submit(tr("Create my account"))
    expect(page).to_have_url(re.compile("/akun/dasbor/$"))
    jobseeker.expect_language()
    jobseeker.shot("dashboard")

    # 2. the verification mail, as the worker sends it, and its link
    user = User.objects.get(email=person["email"])
    assert user.email_verified_at is None
    verify_mail = AccountMail.objects.get(user=user, kind=AccountMail.Kind.VERIFY)
    assert account_mail_send(mail_id=verify_mail.pk) is True
    sent = [message for message in mail.outbox if message.to == [person["email"]]]
    assert len(sent) == 1
    link = re.search(r"https?://\S+/akun/verifikasi-email/[^/\s]+/", sent[0].body)
    assert link, sent[0].body
    jobseeker.go(live_path(link.group(0)))
    jobseeker.shot("verify-email")
    jobseeker.submit(tr("Yes, verify my email address"))
    expect(page).to_have_url(re.compile("/akun/$"))
    jobseeker.shot("email-verified")
    user.refresh_from_db()
    assert user.email_verified_at is not None

    # 3. the rest of the profile: personal data, education, a skill
    jobseeker.go("/pencaker/profil/data-diri/")
    page.fill("#id_religion", "Islam")
    jobseeker.submit(tr("Save and continue"))
    jobseeker.go("/pencaker/profil/pendidikan/tambah/")
    page.select_option("#id_level", label=str(EducationLevel.objects.get(code="SMK")))
    page.fill("#id_institution", "SMK Negeri 1 Bontang")
    page.fill("#id_major", "Teknik Pengelasan")
    jobseeker.submit(tr("Save"))
    jobseeker.go("/pencaker/profil/keahlian/?cari=las")
    page.locator("main").get_by_label(re.compile("Pengelasan SMAW")).check()
    jobseeker.submit(tr("Save and continue"))

    # 4. documents: two refusals, on the field, keeping what was chosen; then the KTP, diploma and photo
    jobseeker.go("/pencaker/profil/dokumen/")
    jobseeker.shot("documents-empty")
    jobseeker.upload("ktp", "ktp.pdf", PNG, "application/pdf", description="KTP depan")
    with override(lang):
        renamed = gettext(
            "This file is really a %(real)s, but its name ends in .%(extension)s. Upload it with its "
            "real extension (%(real_extension)s), or choose the right file."
        ) % {"real": "PNG", "extension": "pdf", "real_extension": ".png"}
        too_large = gettext("The file is too large: at most %(size)d MB.") % {"size": settings.DOCUMENT_UPLOAD_MAX_MB}
    expect(page.locator("#id_file_error")).to_have_text(renamed)
    expect(page.locator("#id_file")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_kind")).to_have_value("ktp")
    expect(page.locator("#id_description")).to_have_value("KTP depan")
    jobseeker.shot("upload-png-renamed-pdf-refused")
    jobseeker.upload("diploma", "ijazah.pdf", BIG_PDF, "application/pdf", description="Ijazah SMK")
    expect(page.locator("#id_file_error")).to_have_text(too_large)
    expect(page.locator("#id_kind")).to_have_value("diploma")
    expect(page.locator("#id_description")).to_have_value("Ijazah SMK")
    jobseeker.shot("upload-3mb-pdf-refused")
    jobseeker.shot("upload-3mb-pdf-refused", width=SMALL_PHONE)
    assert not Document.objects.filter(jobseeker__user=user).exists()
    for kind, name, content, mime in [
        ("ktp", "ktp.png", PNG, "image/png"),
        ("diploma", "ijazah.pdf", PDF, "application/pdf"),
        ("photo", "foto.png", PNG, "image/png"),
    ]:
        jobseeker.upload(kind, name, content, mime)
        jobseeker.expect_message(tr("The document is uploaded."))
    expect(page.locator("main .message--warning")).to_have_count(0)  # "Still to upload: …" is gone
    jobseeker.shot("documents-uploaded")
    assert set(Document.objects.filter(jobseeker__user=user).values_list("kind", flat=True)) == {
        "ktp",
        "diploma",
        "photo",
    }

    # 5. requests the AK/I card
    jobseeker.go("/pencaker/kartu/")
    jobseeker.submit(tr("Request my AK/I card"))
    jobseeker.expect_message(tr("Your AK/I card request is sent. Disnaker checks your documents."))
    card = AkiCard.objects.get(jobseeker__user=user)
    assert card.status == AkiCard.Status.REQUESTED
    jobseeker.shot("card-requested")

    # 6. petugas issues it in the admin
    petugas.log_in(petugas_user.email, admin=True)
    petugas.decide(f"/admin/jobseekers/akicard/{card.pk}/change/", "issue")
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE and card.number

    # 7. downloads the card, reads its QR code, and the public check page shows the masked name only
    jobseeker.go("/pencaker/kartu/")
    with override(lang):
        expect(page.locator("main .status")).to_have_text(str(AkiCard.Status.ACTIVE.label))
    expect(page.locator("main")).to_contain_text(card.number)
    jobseeker.shot("card-issued")
    filename, card_pdf = jobseeker.download(tr("Download my card to print (PDF)"))
    assert filename == f"kartu-ak1-{card.number}.pdf"
    assert card_pdf.startswith(b"%PDF-")
    codes = qr_codes_in(card_pdf)
    check_url = f"{settings.SITE_URL}/kartu/{card.number}/"
    assert codes == [check_url], codes
    visitor = Person(browser, live_server.url, lang, counter, overflows)
    visitor.go("/")
    visitor.choose_language()
    response = visitor.go(live_path(codes[0]))
    assert response.status == 200
    visitor.expect_language()
    main = visitor.page.locator("main")
    expect(main).to_contain_text(mask_name(person["name"]))
    expect(main).to_contain_text(card.number)
    with override(lang):
        expect(main.locator(".status")).to_have_text(str(AkiCard.Status.ACTIVE.label))
    html = visitor.page.content()
    assert person["name"] not in html
    assert person["name"].split()[1] not in html
    assert person["nik"] not in html
    assert not any(date in html for date in ("2001-08-17", "17 Agustus 2001", "17 August 2001"))  # nor the birth date
    visitor.shot("card-public-check")
    visitor.shot("card-public-check", width=SMALL_PHONE)
    visitor.context.close()

    # 8. saves a search on /lowongan/ …
    jobseeker.go("/lowongan/")
    page.fill("#id_q", "pengelasan")
    page.locator("#id_q").press("Enter")
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"q=pengelasan"))
    jobseeker.shot("search-pengelasan-nothing-yet")
    jobseeker.submit(tr("Save this search"))
    search = SavedSearch.objects.get(user=user)
    assert search.query == "q=pengelasan" and search.email_alerts
    with override(lang):
        saved = gettext("Search saved as “%(name)s”. New vacancies that match are e-mailed to you each morning.") % {
            "name": search.name
        }
    jobseeker.expect_message(saved)
    jobseeker.shot("search-saved")
    jobseeker.go("/pencaker/pencarian/")
    expect(page.locator("main")).to_contain_text(search.name)
    jobseeker.shot("saved-searches")

    # … a matching vacancy is published through the services, and the morning digest mails it
    member = CompanyMemberFactory(company__name="PT Las Bontang Sejahtera")
    vacancy = VacancyFactory(
        company=member.company,
        title="Juru Las",
        description="Pengelasan pipa di area pabrik sesuai prosedur K3.",
    )
    vacancy_submit(vacancy_id=vacancy.pk, by=member.user)
    vacancy_publish(vacancy_id=vacancy.pk, by=petugas_user)
    outbox_before = len(mail.outbox)
    assert saved_search_digest_send(user_id=user.pk) is True
    digests = [message for message in mail.outbox[outbox_before:] if message.to == [person["email"]]]
    assert len(digests) == 1
    digest = digests[0]
    assert "Juru Las" in digest.body and "PT Las Bontang Sejahtera" in digest.body
    assert "List-Unsubscribe" in digest.extra_headers
    assert saved_search_digest_send(user_id=user.pk) is False  # once a day
    vacancy_link = re.search(rf"https?://\S+/lowongan/{vacancy.pk}/", digest.body)
    assert vacancy_link, digest.body
    jobseeker.go(live_path(vacancy_link.group(0)))
    expect(page.get_by_role("heading", name="Juru Las")).to_be_visible()
    jobseeker.shot("digest-vacancy")

    # 9. the job-search log: the page, then the PDF and the CSV
    jobseeker.go("/pencaker/riwayat/")
    expect(page.locator("main .timeline__item")).to_have_count(2)
    jobseeker.shot("job-search-log")
    filename, log_pdf = jobseeker.download(tr("Download PDF"))
    assert re.fullmatch(r"riwayat-pencarian-kerja-\d{8}\.pdf", filename)
    assert log_pdf.startswith(b"%PDF-")
    pdf_text = " ".join(pdf_page.extract_text() for pdf_page in PdfReader(io.BytesIO(log_pdf)).pages)
    assert card.number in pdf_text
    assert person["name"] in pdf_text
    filename, log_csv = jobseeker.download(tr("Download CSV (Excel)"))
    assert re.fullmatch(r"riwayat-pencarian-kerja-\d{8}\.csv", filename)
    assert log_csv.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(log_csv.decode("utf-8-sig"))))
    assert rows[0] == [tr("Date (WITA)"), tr("Kind"), tr("What"), tr("Company"), tr("Result")]
    assert [(row[1], row[2], row[4]) for row in rows[1:]] == [
        (tr("AK/I card"), card.number, tr("AK/I card requested")),
        (tr("AK/I card"), card.number, tr("AK/I card issued")),
    ]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", row[0]) for row in rows[1:]), rows

    for someone in (jobseeker, petugas):
        someone.context.close()
    assert not overflows, f"pages wider than the phone: {overflows}"
