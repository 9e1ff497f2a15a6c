"""The staff workspace in the browser (issue 10, point 1), in Indonesian.

A petugas at a laptop (1366 × 768) opens the administration: the work queues come first, each with
its count and longest wait; every queue's list fits the screen without sideways scrolling; an AK/I
card request is rejected with a reason picked from the list ("other reason" unwritten: the page says so and keeps
what was typed); two vacancies are published in one bulk action after its confirmation page. At phone
width the staff dashboard shows the same queues.

Screenshots: var/screenshots/staff-NN-<step>.png.
"""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from employers.models import Vacancy
from employers.tests.factories import CompanyFactory, VacancyFactory
from jobseekers.decision_reasons import AKI_CARD_REJECT_REASONS
from jobseekers.models import AkiCard, AkiCardEvent
from jobseekers.tests.factories import AkiCardFactory
from placements.tests.factories import ApplicationFactory
from tests.e2e.conftest import PHONE, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


def indonesian(text) -> str:
    with override("id"):
        return str(gettext(text) if isinstance(text, str) else text)


def test_work_queues_reasons_and_bulk_actions_on_a_laptop(live_server, browser):
    petugas = UserFactory(petugas=True, email="petugas.e2e@disnaker.bontangkota.go.id")
    card = AkiCardFactory()
    CompanyFactory(name="PT Bontang Petrokimia Nusantara Sejahtera Abadi 10234")
    # long names, as real ones are (and as a full test run's factory numbers make them)
    long_company = CompanyFactory(name="PT Kaltim Industri Pupuk dan Amonia Persada 20345", verified=True)
    vacancies = [
        VacancyFactory(in_review=True, title="Operator Forklift", company=long_company),
        VacancyFactory(in_review=True, title="Operator Produksi Pabrik Amonia Shift Malam 30456"),
    ]
    ApplicationFactory()
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Makassar", viewport=LAPTOP)
    page = context.new_page()
    shots, overflows = [0], []

    def shot(step: str) -> None:
        shots[0] += 1
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"staff-{shots[0]:02d}-{step}.png"), full_page=True)

    def sideways(where: str) -> None:
        extra = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        # the admin's result table scrolls inside its own box: columns cut off there count too
        inner = page.evaluate(
            "(() => { const box = document.querySelector('#changelist .results');"
            " return box ? box.scrollWidth - box.clientWidth : 0; })()"
        )
        if extra > 0 or inner > 0:
            overflows.append((where, extra, inner))

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(petugas.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()

    # the queues come first on the admin's home page, in Indonesian
    queues = page.locator("#work-queues")
    expect(queues).to_be_visible()
    expect(queues.locator("caption")).to_have_text(indonesian("Work queues"))
    expect(queues.locator('tr[data-queue="aki_cards"] td.num')).to_have_text("1")
    expect(queues.locator('tr[data-queue="vacancies"] td.num')).to_have_text("2")
    expect(queues.locator('tr[data-queue="nik_conflicts"] td').last).to_have_text(indonesian("nothing waits"))
    shot("admin-home")
    sideways("admin home")

    # every queue's list fits a laptop screen
    links = [
        (row.get_attribute("data-queue"), row.locator("a").get_attribute("href"))
        for row in queues.locator("tbody tr").all()
    ]
    assert len(links) >= 8
    for key, href in links:
        response = page.goto(live_server.url + href)
        assert response.status == 200, (key, href)
        expect(page.locator("#changelist")).to_be_visible()
        sideways(key)
        if key in ("aki_cards", "companies", "vacancies", "applications"):
            shot(f"queue-{key}")
    # and so does the compliance monitoring list, with all its columns
    page.goto(live_server.url + reverse("admin:portal_compliancemonitoring_changelist"))
    expect(page.locator("#changelist")).to_be_visible()
    sideways("compliance monitoring")
    shot("compliance-monitoring")

    # the AK/I card request: reject with a reason from the list
    page.goto(live_server.url + reverse("admin:jobseekers_akicard_change", args=[card.pk]))
    page.locator('a[data-decision="reject"]').click()
    page.wait_for_load_state()
    radios = page.locator('input[name="reason_choice"]')
    assert radios.count() == len(AKI_CARD_REJECT_REASONS) + 1
    page.locator('input[name="reason_choice"][value="other"]').check()
    page.locator(".submit-row [type=submit]").click()  # "other reason" without writing it
    page.wait_for_load_state()
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator('input[name="reason_choice"][value="other"]')).to_be_checked()  # the choice is kept
    shot("reason-missing")
    sideways("reason page")
    page.locator('input[name="reason_choice"][value="ktp_unreadable"]').check()
    page.locator("#id_reason").fill("Foto buram.")
    page.locator(".submit-row [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messagelist .success")).to_be_visible()
    card.refresh_from_db()
    assert card.status == AkiCard.Status.REJECTED
    note = AkiCardEvent.objects.get(card=card, to_status=AkiCard.Status.REJECTED).note
    assert note == f"{indonesian(dict(AKI_CARD_REJECT_REASONS)['ktp_unreadable'])}. Foto buram."

    # two vacancies published in one bulk action, after its confirmation page
    page.goto(live_server.url + reverse("admin:employers_vacancy_changelist") + "?status__exact=in_review")
    for vacancy in vacancies:
        page.locator(f'input[name="_selected_action"][value="{vacancy.pk}"]').check()
    page.locator('select[name="action"]').select_option("publish")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    expect(page.locator("#content").get_by_text("Operator Forklift")).to_be_visible()
    assert not Vacancy.objects.filter(pk__in=[v.pk for v in vacancies], status=Vacancy.Status.PUBLISHED).exists()
    shot("bulk-confirm")
    page.locator("#content form [type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert Vacancy.objects.filter(pk__in=[v.pk for v in vacancies], status=Vacancy.Status.PUBLISHED).count() == 2
    page.goto(live_server.url + reverse("admin:index"))
    expect(page.locator('#work-queues tr[data-queue="vacancies"] td.num')).to_have_text("0")
    expect(page.locator('#work-queues tr[data-queue="aki_cards"] td.num')).to_have_text("0")
    shot("admin-home-after")

    # the staff dashboard at phone width shows the same queues
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("portal:dashboard"))
    expect(page.locator('#work-queues tr[data-queue="applications"] td.num')).to_have_text("1")
    shot("dashboard-phone")
    sideways("dashboard at phone width")
    context.close()
    assert overflows == [], f"pages wider than the screen: {overflows}"
