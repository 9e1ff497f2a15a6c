"""The employer in depth, in the browser at phone width, in Indonesian (issue 9's done-when test).

The company admin invites a colleague → the colleague accepts from the mail's link, creates an
account and posts "Juru Las" → petugas publishes it in the admin → a wage change on the published
vacancy goes back to review (the public page keeps the old wage, marked "being updated") → petugas
sees the difference in the admin and approves it → the admin closes the vacancy and a re-post of it
as new is refused with a link to reopen the old one → the compliance view shows the local share move
from 100% to 50% after an approved non-local hire.

No Celery worker runs here: where the portal queues a mail, the test runs the service the task runs
(`invitation_mail_send`) in this process, so the mail lands in Django's test outbox.

Screenshots: var/screenshots/employer-NN-<step>.png (390 px wide).
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from bontang_aker.accounts.models import User
from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.reference.models import EducationLevel, KbjiGroup
from employers.members import invitation_mail_send
from employers.models import CompanyInvitation, Vacancy, VacancyRevision
from employers.tests.factories import CompanyMemberFactory, VacancyFactory
from jobseekers.tests.factories import AkiCardFactory
from placements import services as placements
from placements.models import Placement, Referral
from tests.e2e.conftest import PHONE, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def indonesian(text: str) -> str:
    with override("id"):
        return gettext(text)


class Person:
    """One browser context (its own cookies) with a numbered screenshot per step."""

    def __init__(self, browser, base_url: str, counter: list, overflows: list):
        self.context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", viewport=PHONE)
        self.page = self.context.new_page()
        self.base_url, self.counter, self.overflows = base_url, counter, overflows

    def go(self, path: str):
        response = self.page.goto(self.base_url + path)
        assert response.status < 500, (path, response.status)
        return response

    def shot(self, step: str, *, check_width: bool = True) -> None:
        self.counter[0] += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = f"employer-{self.counter[0]:02d}-{step}.png"
        self.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        extra = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if check_width and extra > 0:
            wide = self.page.evaluate(  # the first elements past the right edge, to find the cause
                """() => [...document.querySelectorAll('main *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
            )
            self.overflows.append((name, extra, wide))

    def submit(self, label: str) -> None:
        self.page.locator("main").get_by_role("button", name=label).first.click()
        self.page.wait_for_load_state()

    def expect_message(self, text: str) -> None:
        expect(self.page.locator("main .messages .message").filter(has_text=text).first).to_be_visible()

    def log_in(self, email: str, password: str = TEST_PASSWORD, *, admin: bool = False) -> None:
        self.go("/admin/login/" if admin else "/akun/masuk/")
        self.page.locator("#id_username").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.locator("#id_password").press("Enter")
        self.page.wait_for_load_state()

    def decide(self, admin_path: str, decision: str) -> None:
        self.go(admin_path)
        self.page.locator(f'form[data-decision="{decision}"] [type=submit]').click()
        self.page.wait_for_load_state()
        expect(self.page.locator(".messagelist .success")).to_be_visible()


def live_path(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == settings.SITE_URL, url
    return parts.path


def hire(vacancy, *, outside: bool, petugas, employer, verify: bool) -> Referral:
    """A card holder applied, referred by Disnaker, accepted by the employer; hired and verified if asked."""
    card = AkiCardFactory(active=True, jobseeker__educated=True, jobseeker__outside=outside)
    application = placements.application_submit(jobseeker=card.jobseeker, vacancy_id=vacancy.pk)
    referral = placements.referral_create(application_id=application.pk, by=petugas, reasons={"local": not outside})
    placements.referral_record_result(referral_id=referral.pk, by=employer, result=Referral.Status.ACCEPTED)
    if verify:
        placement = placements.placement_report(
            jobseeker=card.jobseeker,
            company=vacancy.company,
            vacancy=vacancy,
            referral=referral,
            by=employer,
            start_date=timezone.localdate(),
            position=vacancy.title,
            occupation=vacancy.occupation,
        )
        placements.placement_verify(placement_id=placement.pk, by=petugas)
    return referral


def compliance_local_share(page) -> str:
    """The year's local share of verified hires, as the compliance table's total row shows it."""
    return page.locator("main table tfoot td.num").nth(3).inner_text().strip()


def test_members_material_changes_repost_and_compliance_at_phone_width(live_server, browser):
    today = timezone.localdate()
    counter, overflows = [0], []
    admin_member = CompanyMemberFactory(is_company_admin=True, user__email="hrd@pupukbontang.example.id")
    company = admin_member.company
    petugas_user = UserFactory(petugas=True, email="petugas.perusahaan@example.id")
    # This year so far: one verified local hire through the portal (100% local).
    earlier_vacancy = VacancyFactory(company=company, published=True, title="Operator Boiler")
    hire(earlier_vacancy, outside=False, petugas=petugas_user, employer=admin_member.user, verify=True)
    pending_referral = hire(
        earlier_vacancy, outside=True, petugas=petugas_user, employer=admin_member.user, verify=False
    )

    hrd = Person(browser, live_server.url, counter, overflows)
    colleague = Person(browser, live_server.url, counter, overflows)
    petugas = Person(browser, live_server.url, counter, [])  # the admin is not held to the phone width

    # 1. the company admin invites a colleague
    hrd.log_in(admin_member.user.email)
    hrd.go("/perusahaan/anggota/")
    hrd.page.fill("#id_email", "rekrutmen@pupukbontang.example.id")
    hrd.shot("invite")
    hrd.submit(indonesian("Send the invitation"))
    invitation = CompanyInvitation.objects.get(company=company, email="rekrutmen@pupukbontang.example.id")
    expect(hrd.page.locator("main")).to_contain_text("rekrutmen@pupukbontang.example.id")
    hrd.shot("invited")

    # 2. the mail as the worker sends it; the colleague opens its link, creates an account and joins
    assert invitation_mail_send(invitation_id=invitation.pk) is True
    sent = [message for message in mail.outbox if message.to == ["rekrutmen@pupukbontang.example.id"]]
    assert len(sent) == 1
    link = re.search(r"https?://\S+/perusahaan/undangan/[^/\s]+/", sent[0].body).group(0)
    colleague.go(live_path(link))
    expect(colleague.page.locator("main")).to_contain_text(company.name)
    colleague.page.fill("#id_full_name", "Rahmat Hidayat")
    colleague.page.fill("#id_password1", "rekrut-lokal-2026")
    colleague.page.fill("#id_password2", "rekrut-lokal-2026")
    colleague.shot("invitation-sign-up")
    colleague.submit(indonesian("Create my account and join"))
    joined = User.objects.get(email="rekrutmen@pupukbontang.example.id")
    assert joined.company_membership.company == company and not joined.company_membership.is_company_admin
    colleague.shot("joined")

    # 3. the colleague reports "Juru Las" and sends it; petugas publishes it
    colleague.go("/perusahaan/lowongan/baru/")
    cpage = colleague.page
    cpage.fill("#id_title", "Juru Las")
    cpage.select_option("#id_occupation", label=str(KbjiGroup.objects.get(code="7")))
    cpage.fill("#id_description", "Pengelasan pipa di area pabrik sesuai prosedur K3.")
    cpage.select_option("#id_min_education", label=str(EducationLevel.objects.get(code="SMK")))
    cpage.fill("#id_openings", "2")
    cpage.fill("#id_wage_min", "5500000")
    cpage.fill("#id_work_location", "Kawasan Industri Lok Tuan")
    cpage.fill("#id_open_date", today.isoformat())
    cpage.fill("#id_close_date", (today + datetime.timedelta(days=30)).isoformat())
    colleague.submit(indonesian("Save as draft"))
    vacancy = Vacancy.objects.get(company=company, title="Juru Las")
    colleague.go(f"/perusahaan/lowongan/{vacancy.pk}/")
    colleague.submit(indonesian("Send to Disnaker for review"))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.IN_REVIEW
    assert vacancy.events.filter(to_status="in_review").get().actor == joined
    petugas.log_in(petugas_user.email, admin=True)
    petugas.decide(f"/admin/employers/vacancy/{vacancy.pk}/change/", "publish")
    colleague.go(f"/lowongan/{vacancy.pk}/")
    expect(cpage.locator("main")).to_contain_text("5.500.000")
    colleague.shot("published")

    # 4. a wage change goes back to review: the public page keeps the old wage, marked "being updated"
    colleague.go(f"/perusahaan/lowongan/{vacancy.pk}/")
    cpage.locator("main").get_by_role("link", name=indonesian("Change the vacancy")).click()
    cpage.wait_for_load_state()
    colleague.go(f"/perusahaan/lowongan/{vacancy.pk}/ubah/?langkah=3")
    cpage.fill("#id_wage_min", "6250000")
    colleague.shot("wage-change")
    colleague.submit(indonesian("Save draft"))
    colleague.expect_message(
        indonesian("Saved. The changes to wage, openings, requirements or dates are shown once Disnaker approves them.")
    )
    revision = VacancyRevision.objects.get(vacancy=vacancy)
    assert revision.status == VacancyRevision.Status.PENDING
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.PUBLISHED and vacancy.wage_min == 5_500_000
    colleague.go(f"/lowongan/{vacancy.pk}/")
    main = cpage.locator("main")
    expect(main).to_contain_text(indonesian("Being updated"))
    expect(main).to_contain_text("5.500.000")
    expect(main).not_to_contain_text("6.250.000")
    colleague.shot("being-updated")

    # 5. petugas sees the difference (before → after) and approves it
    petugas.go(f"/admin/employers/vacancyrevision/{revision.pk}/change/")
    diff_row = petugas.page.locator("tr.diff-wage_min")
    expect(diff_row).to_contain_text("5.500.000")
    expect(diff_row).to_contain_text("6.250.000")
    petugas.shot("revision-diff", check_width=False)
    petugas.decide(f"/admin/employers/vacancyrevision/{revision.pk}/change/", "approve")
    vacancy.refresh_from_db()
    assert vacancy.wage_min == 6_250_000
    colleague.go(f"/lowongan/{vacancy.pk}/")
    expect(main).to_contain_text("6.250.000")
    expect(main).not_to_contain_text(indonesian("Being updated"))
    colleague.shot("change-approved")

    # 6. the admin closes the vacancy; posting it again as new is refused with the way to reopen it
    hrd.go(f"/perusahaan/lowongan/{vacancy.pk}/")
    hrd.submit(indonesian("Close the vacancy now"))
    vacancy.refresh_from_db()
    assert vacancy.status == Vacancy.Status.CLOSED
    hrd.go("/perusahaan/lowongan/baru/")
    hpage = hrd.page
    hpage.fill("#id_title", "Juru  las")  # the same title, typed a little differently
    hpage.select_option("#id_occupation", label=str(KbjiGroup.objects.get(code="7")))
    hpage.fill("#id_description", "Pengelasan pipa dan tangki.")
    hpage.select_option("#id_min_education", label=str(EducationLevel.objects.get(code="SMK")))
    hpage.fill("#id_openings", "2")
    hpage.fill("#id_wage_min", "6250000")
    hpage.fill("#id_work_location", "Kawasan Industri Lok Tuan")
    hpage.fill("#id_open_date", today.isoformat())
    hpage.fill("#id_close_date", (today + datetime.timedelta(days=30)).isoformat())
    hrd.submit(indonesian("Save as draft"))
    repost = Vacancy.objects.exclude(pk=vacancy.pk).get(company=company, title="Juru  las")
    hrd.go(f"/perusahaan/lowongan/{repost.pk}/")
    hrd.submit(indonesian("Send to Disnaker for review"))
    expect(hpage.locator("main")).to_contain_text(indonesian("This vacancy closed recently"))
    reopen = hpage.locator("main").get_by_role("link", name=indonesian("Reopen the closed vacancy"))
    expect(reopen).to_have_attribute("href", f"/perusahaan/lowongan/{vacancy.pk}/buka-lagi/")
    hrd.shot("repost-refused")
    repost.refresh_from_db()
    assert repost.status == Vacancy.Status.DRAFT  # refused, and the draft is kept as typed

    # 7. the compliance view: 100% local, then 50% after an approved non-local hire
    hrd.go("/perusahaan/kepatuhan/")
    assert compliance_local_share(hpage) == "100%"
    hrd.shot("compliance-before")
    hrd.go(f"/perusahaan/penempatan/baru/?rujukan={pending_referral.pk}")
    if not hpage.locator("#id_start_date").input_value():
        hpage.fill("#id_start_date", today.isoformat())
    hrd.submit(indonesian("Send the hire report"))
    placement = Placement.objects.get(referral=pending_referral)
    assert placement.status == Placement.Status.REPORTED and not placement.is_local
    hrd.go("/perusahaan/kepatuhan/")
    assert compliance_local_share(hpage) == "100%"  # not counted until Disnaker verifies it
    petugas.decide(f"/admin/placements/placement/{placement.pk}/change/", "verify")
    hrd.go("/perusahaan/kepatuhan/")
    assert compliance_local_share(hpage) == "50%"
    assert hpage.locator("main table tfoot td.num").nth(2).inner_text().strip() == "1"  # one hire not local
    hrd.shot("compliance-after")

    assert overflows == [], f"pages wider than the phone: {overflows}"
    for person in (hrd, colleague, petugas):
        person.context.close()


def test_company_details_manpower_plan_and_exports_at_phone_width(live_server, browser):
    """The admin's other pages: company details with a bad NIB, then the workforce; the manpower plan for
    next year (a non-local need without its reason refused, then with it); the exports downloaded."""
    counter, overflows = [100], []
    admin_member = CompanyMemberFactory(is_company_admin=True, user__email="hrd@badak.example.id")
    company = admin_member.company
    VacancyFactory(company=company, published=True, title="Operator Kilang LNG")
    hrd = Person(browser, live_server.url, counter, overflows)
    page = hrd.page
    hrd.log_in(admin_member.user.email)

    # company details: a NIB of 12 digits is refused on its field and nothing typed is lost
    hrd.go("/perusahaan/profil/")
    hrd.shot("company-details")
    page.fill("#id_nib", "123456789012")
    page.fill("#id_workforce_local", "180")
    page.fill("#id_workforce_non_local", "20")
    hrd.submit(indonesian("Save the company details"))
    expect(page.locator("#id_nib")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_workforce_local")).to_have_value("180")
    hrd.shot("company-details-bad-nib")
    company.refresh_from_db()
    assert company.workforce_local != 180 and len(company.nib) == 13
    page.fill("#id_nib", company.nib)
    hrd.submit(indonesian("Save the company details"))
    company.refresh_from_db()
    assert (company.workforce_local, company.workforce_non_local, company.status) == (180, 20, "verified")
    hrd.shot("company-details-saved")

    # the manpower plan for next year
    year = timezone.localdate().year + 1
    hrd.go("/perusahaan/rencana/")
    hrd.shot("plans")
    hrd.submit(re.compile(str(year)))  # "File the plan for <next year>"
    expect(page).to_have_url(re.compile(f"/perusahaan/rencana/{year}/$"))
    page.select_option("#id_occupation", label=str(KbjiGroup.objects.get(code="7")))
    page.fill("#id_count", "6")
    page.select_option("#id_quarter", "2")
    page.check("input[name=expectation][value=non_local]")
    hrd.submit(indonesian("Add to the plan"))
    expect(page.locator("#id_non_local_reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_count")).to_have_value("6")
    hrd.shot("plan-line-needs-reason")
    page.fill("#id_non_local_reason", "Juru las bersertifikat 6G belum tersedia di Bontang.")
    hrd.submit(indonesian("Add to the plan"))
    hrd.submit(indonesian("Submit the plan"))
    plan = company.manpower_plans.get(year=year)
    assert plan.status == "submitted" and plan.lines.get().count == 6
    hrd.shot("plan-submitted")

    # the exports
    hrd.go("/perusahaan/ekspor/")
    hrd.shot("exports")
    with page.expect_download() as info:
        page.locator("main").get_by_role("link", name=re.compile("CSV")).first.click()
    with open(info.value.path(), encoding="utf-8-sig") as handle:
        assert "Operator Kilang LNG" in handle.read()

    assert overflows == [], f"pages wider than the phone: {overflows}"
    hrd.context.close()
