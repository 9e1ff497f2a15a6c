"""Issue 10's "done when" journey in the browser, in Indonesian, at laptop width (1366 × 768).

A petugas antar kerja logs into the administration and clears each work queue once from the admin's
home page, through the decision buttons of the change pages: an AK/I card request is issued, a NIK
conflict resolved on its resolve page, a company verified, a vacancy published, a vacancy change
approved, an application referred (its AK/V letter downloaded, its QR check page opened without
personal data), an employer's hire report of a local jobseeker verified (the company's local share on
the compliance monitoring list moves from 0% to 50%), a jobseeker's own hire report confirmed; the
overdue queue is a list to follow up, not a decision, so it only opens. A kepala bidang gives the
first written warning of a sanction case and downloads its numbered letter. Anyone sees the
vacancy's counts on /transparansi/, on a laptop and on a phone, without any name or NIK.

The starting records come from the factories and the services; every step taken here goes
through real pages. Screenshots: var/screenshots/journey-<step>.png.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.reference.models import KbjiGroup
from employers import sanctions
from employers.models import Company, SanctionCase, SanctionStep, Vacancy, VacancyRevision
from employers.tests.factories import CompanyFactory, CompanyMemberFactory, VacancyFactory
from jobseekers import services as jobseeker_services
from jobseekers.models import AkiCard, NikConflict
from jobseekers.tests.factories import AkiCardFactory, JobseekerProfileFactory
from placements.letters import letter_check_path
from placements.models import Application, JobseekerHireReport, Placement, Referral
from placements.tests.factories import ApplicationFactory, ReferralFactory
from tests.e2e.conftest import PHONE, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
QUEUE_KEYS = (
    "aki_cards",
    "nik_conflicts",
    "companies",
    "vacancies",
    "vacancy_revisions",
    "applications",
    "placements",
    "jobseeker_hire_reports",
    "overdue_hire_reports",
)


def indonesian(text: str) -> str:
    with override("id"):
        return gettext(text)


def starting_records() -> dict:
    """One waiting record per queue, and the company whose local share the petugas watches."""
    today = timezone.localdate()
    petugas = UserFactory(petugas=True, email="petugas.journey@disnaker.bontangkota.go.id")
    kabid = UserFactory(kabid=True, email="kabid.journey@disnaker.bontangkota.go.id")
    company = CompanyFactory(verified=True, name="PT Pupuk Lok Tuan")
    member = CompanyMemberFactory(company=company)
    vacancy = VacancyFactory(company=company, published=True, title="Operator Produksi Amonia")
    # this year's only verified hire so far is not local: 0% local
    outsider = AkiCardFactory(active=True, jobseeker=JobseekerProfileFactory(outside=True)).jobseeker
    Placement.objects.create(
        jobseeker=outsider,
        company=company,
        position="Teknisi Instrumen",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=today,
        is_local=False,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
        status=Placement.Status.VERIFIED,
    )
    # applications to screen: Siti applies; Budi was referred earlier and the company reports his hire
    siti = JobseekerProfileFactory(card_holder=True, full_name="Siti Rahmawati Journey")
    application = ApplicationFactory(vacancy=vacancy, jobseeker=siti)
    budi = JobseekerProfileFactory(card_holder=True, full_name="Budi Santoso Journey")
    earlier = ReferralFactory(
        application=ApplicationFactory(vacancy=vacancy, jobseeker=budi, status=Application.Status.REFERRED),
        referred_by=petugas,
    )
    hire = Placement.objects.create(
        jobseeker=budi,
        company=company,
        vacancy=vacancy,
        referral=earlier,
        position="Operator Produksi",
        occupation=KbjiGroup.objects.get(code="8"),
        start_date=today,
        is_local=True,
        reported_by=member.user,
        reported_by_role=Placement.ReportedByRole.EMPLOYER,
    )
    # an AK/I card request with every document
    card = AkiCardFactory(jobseeker=JobseekerProfileFactory(complete=True, full_name="Rina Kartika Journey"))
    # two registrations claiming one NIK (the registration service's own claim records the conflict)
    owner = JobseekerProfileFactory(complete=True, full_name="Ahmad Fauzi Journey")
    squatter = JobseekerProfileFactory(nik=owner.nik, full_name="Ahmad Palsu Journey")
    conflict = jobseeker_services._nik_claim(squatter, by=None)
    # a company, a vacancy and a change of a published vacancy waiting for review
    pending_company = CompanyFactory(name="CV Baru Bontang")
    in_review = VacancyFactory(in_review=True, title="Juru Las Pipa")
    revision = VacancyRevision.objects.create(
        vacancy=VacancyFactory(published=True, title="Pengemudi Truk"), number=1, data={"openings": 9}
    )
    # a jobseeker's own hire report the employer has not made
    own_report = JobseekerHireReport.objects.create(
        jobseeker=AkiCardFactory(active=True).jobseeker,
        company=None,
        company_name="CV Sinar Jaya",
        position="Juru Masak",
        start_date=today - datetime.timedelta(days=5),
    )
    # an accepted candidate whose hire the company has not reported after three weeks
    overdue = ReferralFactory(status=Referral.Status.ACCEPTED, start_date=today - datetime.timedelta(days=21))
    # a sanction case at its verbal warning: the written one is the kepala bidang's
    case = sanctions.sanction_case_open(
        company_id=company.pk,
        finding=SanctionCase.Finding.LOCAL_SHARE,
        description="Pangsa tenaga kerja lokal di bawah 75%.",
        by=petugas,
    )
    sanctions.sanction_step_open(case_id=case.pk, by=petugas)
    return locals()


def test_staff_journey_queues_referral_nik_conflict_local_share_sanction_transparency(live_server, browser):
    records = starting_records()
    base = live_server.url
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("response", lambda response: errors.append(response.url) if response.status >= 500 else None)

    def shot(step: str, on=None) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (on or page).screenshot(path=str(SCREENSHOTS / f"journey-{step}.png"), full_page=True)

    def login(as_page, user) -> None:
        as_page.goto(base + "/admin/login/")
        as_page.locator("#id_username").fill(user.email)
        as_page.locator("#id_password").fill(TEST_PASSWORD)
        as_page.locator("#id_password").press("Enter")
        as_page.wait_for_load_state()

    def count(key: str):
        return page.locator(f'#work-queues tr[data-queue="{key}"] td.num')

    def open_queue(key: str) -> None:
        """From the admin's home page, the queue's list (oldest first), then its first waiting record."""
        page.goto(base + reverse("admin:index"))
        expect(count(key)).to_have_text("1")
        page.locator(f'#work-queues tr[data-queue="{key}"] a').click()
        page.wait_for_load_state()
        expect(page.locator("#result_list tbody tr")).to_have_count(1)
        page.locator("#result_list tbody tr").first.locator("th a, td a").first.click()
        page.wait_for_load_state()

    def decide(name: str) -> None:
        """The decision button without a note: one click."""
        page.locator(f'form[data-decision="{name}"] [type=submit]').click()
        page.wait_for_load_state()
        expect(page.locator(".messagelist .success")).to_be_visible()

    def cleared(key: str) -> None:
        page.goto(base + reverse("admin:index"))
        expect(count(key)).to_have_text("0")

    # 1. the petugas logs in: the work queues come first, one record waiting in each
    login(page, records["petugas"])
    queues = page.locator("#work-queues")
    expect(queues.locator("caption")).to_have_text(indonesian("Work queues"))
    assert [row.get_attribute("data-queue") for row in queues.locator("tbody tr").all()] == list(QUEUE_KEYS)
    for key in QUEUE_KEYS:
        expect(count(key)).to_have_text("1")
    shot("01-admin-home")

    # the AK/I card request: issued
    open_queue("aki_cards")
    decide("issue")
    card = records["card"]
    card.refresh_from_db()
    assert card.status == AkiCard.Status.ACTIVE and card.number
    cleared("aki_cards")

    # 3. the NIK conflict: released to the registration whose KTP was seen
    open_queue("nik_conflicts")
    conflict, owner, squatter = records["conflict"], records["owner"], records["squatter"]
    page.locator('a[href$="/resolve/"]').click()
    page.wait_for_load_state()
    page.locator('input[name="action"][value="release"]').check()
    page.locator(f'input[name="profile"][value="{owner.pk}"]').check()
    page.locator("#id_note").fill("KTP asli dilihat di loket.")
    shot("02-nik-conflict-resolve")
    page.locator(".submit-row [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messagelist .success")).to_be_visible()
    conflict.refresh_from_db()
    assert (conflict.status, conflict.resolution, conflict.owner_id) == (
        NikConflict.Status.RESOLVED,
        NikConflict.Resolution.RELEASED,
        owner.pk,
    )
    squatter.user.refresh_from_db()
    assert not squatter.user.is_active
    cleared("nik_conflicts")

    # the company: verified
    open_queue("companies")
    decide("verify")
    assert Company.objects.get(pk=records["pending_company"].pk).status == Company.Status.VERIFIED
    cleared("companies")

    # the vacancy: published
    open_queue("vacancies")
    decide("publish")
    assert Vacancy.objects.get(pk=records["in_review"].pk).status == Vacancy.Status.PUBLISHED
    cleared("vacancies")

    # the change of a published vacancy: approved
    open_queue("vacancy_revisions")
    decide("approve")
    assert VacancyRevision.objects.get(pk=records["revision"].pk).status == VacancyRevision.Status.APPROVED
    assert Vacancy.objects.get(pk=records["revision"].vacancy_id).openings == 9
    cleared("vacancy_revisions")

    # 2. the application: referred; the AK/V letter is a PDF and its QR check page names nobody
    open_queue("applications")
    decide("refer")
    shot("03-application-referred-letter")
    application = records["application"]
    application.refresh_from_db()
    assert application.status == Application.Status.REFERRED
    referral = Referral.objects.get(application=application)
    # the application's page, where the decision was taken, links the letter
    letter_cell = page.locator(".field-referral_letter")
    expect(letter_cell).to_contain_text(referral.letter_number)
    with page.expect_download() as download:
        letter_cell.get_by_role("link", name=indonesian("AK/V letter (PDF)")).click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    cleared("applications")
    public = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", viewport=PHONE)
    check = public.new_page()
    response = check.goto(base + letter_check_path(referral.letter_number))
    assert response.status == 200
    expect(check.locator("#check-title")).to_contain_text(indonesian("Valid"))
    expect(check.locator("main")).to_contain_text(referral.letter_number)
    expect(check.locator("main")).to_contain_text("Operator Produksi Amonia")
    siti = records["siti"]
    assert siti.full_name not in check.content() and siti.nik not in check.content()
    shot("05-letter-check", on=check)

    # 4. the employer's hire report of a local jobseeker: verified; the company's local share moves
    monitoring = base + reverse("admin:portal_compliancemonitoring_changelist") + "?q=Lok+Tuan"
    page.goto(monitoring)
    share = (
        page.locator("#result_list tbody tr")
        .filter(has_text="PT Pupuk Lok Tuan")
        .locator("td.field-local_hires_display")
    )
    expect(share).to_contain_text("(0/1)")
    before = share.inner_text()
    assert before.startswith("0")
    shot("06-compliance-before")
    open_queue("placements")
    expect(page.locator(".placement-review .review-domicile")).to_contain_text(
        indonesian("Local: KTP address in Bontang")
    )
    decide("verify")
    shot("07-placement-verified")
    assert Placement.objects.get(pk=records["hire"].pk).status == Placement.Status.VERIFIED
    cleared("placements")
    page.goto(monitoring)
    expect(share).to_contain_text("(1/2)")
    after = share.inner_text()
    assert after != before and after.startswith("50")
    shot("08-compliance-after")

    # the jobseeker's own hire report: confirmed after checking with the company
    open_queue("jobseeker_hire_reports")
    decide("confirm")
    assert JobseekerHireReport.objects.get(pk=records["own_report"].pk).status == JobseekerHireReport.Status.CONFIRMED
    cleared("jobseeker_hire_reports")

    # the overdue queue lists the accepted candidate to follow up with the company; the referral's page
    # is for reading (no decision is taken on it), so the queue stays until the company reports the hire
    open_queue("overdue_hire_reports")
    expect(page.locator("#content")).to_contain_text(records["overdue"].letter_number)
    assert page.locator("[data-decision]").count() == 0
    page.goto(base + reverse("admin:index"))
    expect(count("overdue_hire_reports")).to_have_text("1")
    shot("09-admin-home-cleared")
    context.close()

    # 5. the kepala bidang gives the first written warning, with its numbered letter
    supervisor = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", viewport=LAPTOP)
    page = supervisor.new_page()
    page.on("response", lambda response: errors.append(response.url) if response.status >= 500 else None)
    login(page, records["kabid"])
    case = records["case"]
    page.goto(base + reverse("admin:employers_sanctioncase_changelist"))
    page.locator("#result_list tbody tr").filter(has_text="PT Pupuk Lok Tuan").locator("th a").first.click()
    page.wait_for_load_state()
    page.locator('a[data-next-step="teguran_tertulis_1"]').click()
    page.wait_for_load_state()
    page.locator("#id_note").fill("Harap menyampaikan rencana penyerapan tenaga kerja lokal.")
    shot("10-written-warning-form")
    page.locator(".submit-row [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messagelist .success")).to_be_visible()
    step = SanctionStep.objects.get(case=case, position=2)
    assert step.kind == "teguran_tertulis_1" and step.opened_by_id == records["kabid"].pk
    assert re.fullmatch(r"SNK/\d{6}/DISNAKER-BTG/\d{2}/\d{4}", step.letter_number)
    letter = page.get_by_role("link", name=f"{step.letter_number} (PDF)")
    expect(letter).to_be_visible()
    shot("11-written-warning-given")
    pdf = page.request.get(base + letter.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF-")
    supervisor.close()

    # 6. anyone, on a laptop and on a phone: the vacancy's counts, without any name or NIK
    check.set_viewport_size(LAPTOP)
    response = check.goto(base + reverse("portal:transparency"))
    assert response.status == 200
    item = check.locator("li.vacancy").filter(has_text="Operator Produksi Amonia")
    figures = dict(
        zip(
            item.locator(".transparency-counts dt").all_inner_texts(),
            item.locator(".transparency-counts dd").all_inner_texts(),
            strict=True,
        )
    )
    assert figures[indonesian("Applicants")] == "2"
    assert figures[indonesian("Screened by Disnaker")] == "2"
    assert figures[indonesian("Referred")] == "2"
    assert figures[indonesian("Hired")] == "1"
    assert figures[indonesian("Local share of hires")].startswith("100")
    content = check.content()
    for person in (records["siti"], records["budi"]):
        assert person.full_name not in content and person.nik not in content
    shot("12-transparency-laptop", on=check)
    check.set_viewport_size(PHONE)
    check.reload()
    expect(item.locator(".transparency-counts")).to_be_visible()
    # the company table fits the phone: nothing cut off inside its scrolling box
    cut_off = check.evaluate(
        "(() => { const box = document.querySelector('.transparency-table').closest('.table-scroll');"
        " return box.scrollWidth - box.clientWidth; })()"
    )
    assert cut_off <= 0, f"the company table is {cut_off} px wider than a 390 px phone"
    shot("13-transparency-phone", on=check)
    public.close()
    assert errors == [], f"server errors: {errors}"
