"""The whole single channel in the browser, at phone width, in Indonesian, with three people.

A new jobseeker signs up → verifies her email → completes the profile → requests the AK/I card →
petugas issues it in the admin → the employer reports "Juru Las" → petugas publishes it in the admin → the jobseeker
finds it by searching `pengelasan` → applies → petugas refers the application in the admin → the
employer records "accepted" and files the hire report → petugas approves the placement in the
admin → the jobseeker sees "hired", the card "placed", and the vacancy shows filled.

A screenshot of every step goes to var/screenshots/chain-NN-<step>.png.
"""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from bontang_aker.accounts.models import User
from bontang_aker.accounts.services import email_verification_token
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kelurahan
from employers.models import Vacancy
from employers.tests.factories import CompanyMemberFactory
from jobseekers.models import AkiCard
from placements.models import Application, Placement
from tests.e2e.conftest import PHONE, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A real 4×4 PNG: uploads are decoded and re-encoded (jobseekers.document_files).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x04\x00\x00\x00\x04\x08\x02\x00\x00\x00&\x93\t)"
    b"\x00\x00\x00\x14IDATx\x9cc<q\xe2\x04\x03\x0c01 \x01\xdc\x1c\x00v4\x02`\xa6\x85\xd7h"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def indonesian(text: str) -> str:
    with override("id"):
        return gettext(text)


class Person:
    """One browser context (its own cookies) with a numbered screenshot per step."""

    counter = [0]

    def __init__(self, browser, base_url: str, name: str):
        self.context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", viewport=PHONE)
        self.page = self.context.new_page()
        self.base_url, self.name = base_url, name

    def go(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response.status < 500, (path, response.status)
        return response

    def shot(self, step: str) -> None:
        self.counter[0] += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"chain-{self.counter[0]:02d}-{self.name}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def submit(self, label: str) -> None:
        self.page.locator("main").get_by_role("button", name=label).first.click()
        self.page.wait_for_load_state()

    def log_in(self, email: str, password: str = TEST_PASSWORD, *, admin: bool = False) -> None:
        self.go("/admin/login/" if admin else "/akun/masuk/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.locator("#id_password").press("Enter")
        self.page.wait_for_load_state()

    def decide(self, admin_path: str, decision: str) -> None:
        """Open an admin change page and press one of its decision buttons."""
        self.go(admin_path)
        self.shot(f"before-{decision}")
        self.page.locator(f'form[data-decision="{decision}"] [type=submit]').click()
        self.page.wait_for_load_state()
        expect(self.page.locator(".messagelist .success")).to_be_visible()


def test_the_single_channel_in_the_browser(live_server, browser):
    today = timezone.localdate()
    member = CompanyMemberFactory(company__name="PT Las Bontang Sejahtera")
    petugas_user = UserFactory(petugas=True, email="petugas.e2e@example.id")
    jobseeker, employer, petugas = (
        Person(browser, live_server.url, "pencaker"),
        Person(browser, live_server.url, "perusahaan"),
        Person(browser, live_server.url, "petugas"),
    )
    page = jobseeker.page

    # 1. a new jobseeker signs up
    jobseeker.go("/pencaker/daftar/")
    page.fill("#id_account_email", "ayu.lestari@example.id")
    page.fill("#id_password1", "kartu-kuning-2026")
    page.fill("#id_password2", "kartu-kuning-2026")
    page.fill("#id_nik", "6474015708010003")
    page.fill("#id_full_name", "Ayu Lestari")
    page.fill("#id_birth_place", "Bontang")
    page.fill("#id_birth_date", "2001-08-17")
    page.check("input[name=sex][value=F]")
    page.fill("#id_phone", "0812 5555 0101")
    page.fill("#id_ktp_address", "Jl. Brigjend Katamso No. 5, Bontang")
    page.select_option("#id_kelurahan", label=str(Kelurahan.objects.get(name="Api-Api")))
    page.check("#id_consent")
    jobseeker.shot("sign-up")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile("/akun/dasbor/"))
    jobseeker.shot("dashboard-next-step")

    # 1b. opens the verification link mailed to her (made here as the mail makes it: no worker runs)
    ayu = User.objects.get(email="ayu.lestari@example.id")
    jobseeker.go(f"/akun/verifikasi-email/{email_verification_token(ayu)}/")
    jobseeker.submit(indonesian("Yes, verify my email address"))
    expect(page).to_have_url(re.compile("/akun/$"))
    jobseeker.shot("email-verified")

    # 2. completes the profile: personal data, education, skills, documents
    jobseeker.go("/pencaker/profil/data-diri/")
    page.fill("#id_religion", "Islam")
    jobseeker.submit(indonesian("Save and continue"))
    jobseeker.go("/pencaker/profil/pendidikan/tambah/")
    page.select_option("#id_level", label=str(EducationLevel.objects.get(code="SMK")))
    page.fill("#id_institution", "SMK Negeri 1 Bontang")
    page.fill("#id_major", "Teknik Pengelasan")
    jobseeker.submit(indonesian("Save"))
    jobseeker.go("/pencaker/profil/keahlian/?cari=las")
    page.locator("main").get_by_label(re.compile("Pengelasan SMAW")).check()
    jobseeker.submit(indonesian("Save and continue"))
    for kind, name, content, mime in [
        ("ktp", "ktp.png", PNG, "image/png"),
        ("diploma", "ijazah.pdf", PDF, "application/pdf"),
        ("photo", "foto.png", PNG, "image/png"),
    ]:
        jobseeker.go("/pencaker/profil/dokumen/")
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
        jobseeker.submit(indonesian("Upload"))
    jobseeker.go("/pencaker/profil/")
    jobseeker.shot("profile-complete")

    # 3. requests the AK/I card
    jobseeker.go("/pencaker/kartu/")
    jobseeker.submit(indonesian("Request my AK/I card"))
    card = AkiCard.objects.get(jobseeker__nik="6474015708010003")
    assert card.status == "requested"
    jobseeker.shot("card-requested")

    # 4. petugas issues it in the admin
    petugas.log_in(petugas_user.email, admin=True)
    petugas.decide(f"/admin/jobseekers/akicard/{card.pk}/change/", "issue")
    petugas.shot("card-issued")
    card.refresh_from_db()
    assert card.status == "active"

    # 5. the employer reports "Juru Las" and sends it for review
    employer.log_in(member.user.email)
    employer.go("/perusahaan/lowongan/baru/")
    epage = employer.page
    epage.fill("#id_title", "Juru Las")
    epage.select_option("#id_occupation", label=str(KbjiGroup.objects.get(code="7")))
    epage.fill("#id_description", "Pengelasan pipa di area pabrik sesuai prosedur K3.")
    epage.select_option("#id_min_education", label=str(EducationLevel.objects.get(code="SMK")))
    epage.fill("#id_openings", "1")
    epage.fill("#id_wage_min", "5500000")
    epage.fill("#id_work_location", "Kawasan Industri Lok Tuan")
    epage.fill("#id_open_date", today.isoformat())
    epage.fill("#id_close_date", (today + datetime.timedelta(days=30)).isoformat())
    employer.shot("vacancy-form")
    employer.submit(indonesian("Save as draft"))
    vacancy = Vacancy.objects.get(title="Juru Las")
    employer.go(f"/perusahaan/lowongan/{vacancy.pk}/")
    employer.submit(indonesian("Send to Disnaker for review"))
    vacancy.refresh_from_db()
    assert vacancy.status == "in_review"
    employer.shot("vacancy-sent")

    # 6. petugas publishes it in the admin
    petugas.decide(f"/admin/employers/vacancy/{vacancy.pk}/change/", "publish")
    petugas.shot("vacancy-published")

    # 7. the jobseeker finds it by searching "pengelasan" and applies
    jobseeker.go("/lowongan/")
    page.fill("#id_q", "pengelasan")
    page.locator("#id_q").press("Enter")
    page.wait_for_load_state()
    jobseeker.shot("search-pengelasan")
    page.get_by_role("link", name="Juru Las").click()
    page.wait_for_load_state()
    jobseeker.shot("vacancy-page")
    page.get_by_role("link", name=indonesian("Apply through Disnaker")).click()
    page.wait_for_load_state()
    page.fill("#id_note", "Saya bersertifikat las 3G dan siap mulai bulan depan.")
    jobseeker.submit(indonesian("Send my application"))
    application = Application.objects.get(vacancy=vacancy)
    jobseeker.shot("applied")

    # 8. petugas refers the application in the admin
    petugas.decide(f"/admin/placements/application/{application.pk}/change/", "refer")
    petugas.shot("referred")
    application.refresh_from_db()
    assert application.status == "referred"

    # 9. the employer records "accepted" and files the hire report
    employer.go(f"/perusahaan/lowongan/{vacancy.pk}/kandidat/")
    employer.shot("candidates")
    expect(epage.locator("main")).to_contain_text("Ayu Lestari")
    expect(epage.locator("main")).to_contain_text(application.referral.letter_number)
    epage.locator("main").get_by_role("link", name=re.compile(indonesian("Record the result"))).first.click()
    epage.wait_for_load_state()
    epage.check("input[name=result][value=accepted]")
    epage.fill("#id_start_date", (today + datetime.timedelta(days=7)).isoformat())
    employer.submit(indonesian("Record"))
    employer.shot("result-accepted")
    employer.go(f"/perusahaan/penempatan/baru/?rujukan={application.referral.pk}")
    if not epage.locator("#id_start_date").input_value():
        epage.fill("#id_start_date", (today + datetime.timedelta(days=7)).isoformat())
    employer.submit(indonesian("Send the hire report"))
    placement = Placement.objects.get(referral=application.referral)
    assert placement.status == "reported"
    employer.shot("hire-reported")

    # 10. petugas approves the placement in the admin
    petugas.decide(f"/admin/placements/placement/{placement.pk}/change/", "verify")
    petugas.shot("placement-approved")

    # then: the jobseeker sees "hired", the card "placed", and the vacancy shows filled
    jobseeker.go(f"/pencaker/lamaran/{application.pk}/")
    expect(page.locator("main")).to_contain_text(indonesian("Hired"))
    jobseeker.shot("application-hired")
    jobseeker.go("/pencaker/kartu/")
    expect(page.locator("main")).to_contain_text(indonesian("Placed"))
    jobseeker.shot("card-placed")
    response = jobseeker.go(f"/lowongan/{vacancy.pk}/")
    assert response.status == 410
    expect(page.locator("main")).to_contain_text(indonesian("All openings have been filled."))
    jobseeker.shot("vacancy-filled")

    application.refresh_from_db()
    card.refresh_from_db()
    vacancy.refresh_from_db()
    assert (application.status, card.status, vacancy.status) == ("hired", "placed", "filled")
    for person in (jobseeker, employer, petugas):
        person.context.close()
