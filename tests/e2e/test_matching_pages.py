"""Match pages in the browser: the jobseeker's "Lowongan yang cocok" and the vacancy's "why it matches
you" at phone width (390 px), in Indonesian; staff's best-candidates page at 1366 px without sideways scroll.

Screenshots: var/screenshots/matching-NN-<step>.png.
"""

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from bontang_aker.accounts.tests.factories import TEST_PASSWORD, UserFactory
from bontang_aker.reference.models import Skill
from employers.tests.factories import VacancyFactory
from jobseekers.tests.factories import JobseekerProfileFactory
from matching import services
from matching.models import Match, MatchFeedback
from placements.models import CallUp
from placements.tests.factories import ApplicationFactory
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}


def tr(text: str) -> str:
    with override("id"):
        return gettext(text)


def login(page, base: str, user, url: str) -> None:
    page.goto(base + url)
    page.locator("#id_username").fill(user.email)
    page.locator("#id_password").fill(TEST_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_load_state()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_matching_pages(live_server, page, screenshot):
    # given: two vacancies that fit Ani, one of them with applicants already
    process = Skill.objects.get(code="operator-proses")
    others = list(Skill.objects.exclude(pk=process.pk).order_by("pk")[:2])
    vacancy = VacancyFactory(published=True, title="Operator Proses Kimia", skills=[process, *others])
    second = VacancyFactory(published=True, title="Operator Pabrik Amonia", skills=[process])
    ani = JobseekerProfileFactory(card_holder=True, educated=True, full_name="Ani Lestari")
    ani.skills.add(process)
    ApplicationFactory(vacancy=vacancy)
    for _ in range(2):
        services.jobseeker_match(jobseeker_id=ani.pk)
        for each in (vacancy, second):
            services.vacancy_match(vacancy_id=each.pk)
    base = live_server.url
    ani.user.language = "id"
    ani.user.save(update_fields=["language"])

    # when: Ani opens her matches on the phone
    login(page, base, ani.user, reverse("accounts:login") + "?next=" + reverse("matching:list"))
    page.goto(base + reverse("matching:list"))
    expect(page.get_by_role("heading", level=1)).to_have_text(tr("Matching vacancies"))
    expect(page.get_by_role("link", name="Operator Proses Kimia", exact=True)).to_be_visible()
    assert no_sideways_scroll(page)
    screenshot("matching-01-list-phone")

    # the "this is wrong" form, sent without a reason: the error is shown on its page, the comment kept
    page.locator("details.match-feedback summary").first.click()
    form = page.locator("details.match-feedback form").first
    form.locator("textarea").fill("Terlalu jauh")
    form.get_by_role("button", name=tr("Send")).click()
    expect(page.locator(".error-summary")).to_contain_text(tr("Choose why this match is wrong."))
    expect(page.locator("textarea")).to_have_value("Terlalu jauh")
    screenshot("matching-02-feedback-error-phone")
    page.get_by_label(tr("A different kind of work")).check()
    page.get_by_role("button", name=tr("Send")).click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text(
        tr("Thank you. Disnaker staff will look at this match.")
    )
    assert MatchFeedback.objects.filter(given_by=ani.user).count() == 1

    # the vacancy page, with why it matches her
    page.goto(base + reverse("vacancies:detail", args=[vacancy.pk]))
    section = page.locator("#why-match")
    expect(section).to_contain_text(tr("Why this vacancy matches you"))
    expect(section).to_contain_text(others[0].name)
    assert no_sideways_scroll(page)
    screenshot("matching-03-vacancy-page-phone")
    section.screenshot(path=str(SCREENSHOTS / "matching-04-why-section-phone.png"))

    # staff: the vacancy's best candidates at 1366 px, and a call-up
    staff_page = page.context.browser.new_page(viewport=LAPTOP, locale="id-ID")
    petugas = UserFactory(petugas=True)
    url = reverse("admin:matching_match_vacancy_candidates", args=[vacancy.pk])
    login(staff_page, base, petugas, reverse("admin:login") + "?next=" + url)
    staff_page.goto(base + url)
    expect(staff_page.locator("table.match-candidates")).to_contain_text("Ani Lestari")
    assert no_sideways_scroll(staff_page)
    staff_page.screenshot(path=str(SCREENSHOTS / "matching-05-staff-candidates.png"), full_page=True)
    staff_page.get_by_role("button", name=tr("Call up %(name)s (AK/IV)") % {"name": "Ani Lestari"}).click()
    expect(staff_page.locator(".messagelist")).to_contain_text(CallUp.objects.get().letter_number)
    assert Match.objects.filter(vacancy=vacancy, among_vacancy_best=True).exists()
    staff_page.close()
