"""The public labour-market dashboard (/statistik/) in a real browser, on a small phone (360 px)."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from bontang_aker.accounts.tests.factories import UserFactory
from bontang_aker.reference.models import KbliCategory
from employers.tests.factories import CompanyFactory, VacancyFactory
from reports import dashboard
from reports.tests.test_dashboard import active_jobseeker, hire
from tests.e2e.conftest import DESKTOP

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 800}


@pytest.fixture
def figures(live_server):
    cache.clear()
    active_jobseeker("SMK", "S1")
    active_jobseeker("SMA")
    active_jobseeker("SMA")
    active_jobseeker()
    industry = CompanyFactory(verified=True, kbli_category=KbliCategory.objects.get(code="C"))
    builder = CompanyFactory(verified=True, kbli_category=KbliCategory.objects.get(code="F"), kbli_code="41011")
    trade = CompanyFactory(verified=True, kbli_category=KbliCategory.objects.get(code="G"), kbli_code="47111")
    VacancyFactory(company=industry, published=True, openings=6)
    VacancyFactory(company=builder, published=True, openings=3)
    VacancyFactory(company=trade, published=True, openings=1)
    reporter = UserFactory(employer=True)
    now = timezone.localtime()
    for months_back, local in ((0, True), (0, False), (1, True), (2, True), (2, True), (5, False)):
        month = dashboard._add_months(now.date(), -months_back)
        moment = datetime.datetime(month.year, month.month, 2, 10, tzinfo=timezone.get_default_timezone())
        hire(industry, local=local, verified_at=min(moment, now), reporter=reporter)
    yield
    cache.clear()


def test_dashboard_on_a_small_phone(live_server, page, screenshot, figures):
    # given: a visitor on a 360 px phone, not logged in
    page.set_viewport_size(SMALL_PHONE)
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )

    # when
    response = page.goto(live_server.url + "/statistik/")

    # then: the key figures, four drawn charts, each with its table
    assert response.status == 200
    expect(page.locator(".key-figure").first).to_contain_text("4")
    canvases = page.locator("canvas[data-chart]")
    expect(canvases).to_have_count(4)
    for index in range(4):
        canvas = canvases.nth(index)
        expect(canvas).to_have_attribute("data-drawn", "true")
        painted = canvas.evaluate(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            " let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i]) n++; } return n; }"
        )
        assert painted > 500, f"chart {index} looks empty"
        box = canvas.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= SMALL_PHONE["width"]
    expect(page.locator("table.dashboard-table")).to_have_count(4)
    expect(page.locator("table.dashboard-table caption")).to_have_count(4)
    expect(page.locator("table.dashboard-table").first).to_contain_text("Industri Pengolahan")
    assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"], "the page scrolls sideways"
    assert blocked == [], blocked
    screenshot("dashboard-phone-360")
    page.set_viewport_size(DESKTOP)
    expect(canvases.first).to_have_attribute("data-drawn", "true")
    screenshot("dashboard-desktop")
    page.set_viewport_size(SMALL_PHONE)

    # when: the CSV of the first chart is fetched through the page's link
    link = page.locator(".dashboard-download a[download]").first
    download = page.request.get(live_server.url + link.get_attribute("href"))

    # then
    assert download.status == 200
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in download.headers["link"]
    lines = download.text().splitlines()
    assert lines[0] == "code,label,vacancies,openings"
    assert lines[1] == "C,Industri Pengolahan,1,6"
