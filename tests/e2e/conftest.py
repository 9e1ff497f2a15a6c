"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live_server.

See ../shared/e2e.md. Never run `playwright install`: the browser comes from apt
(`apt-get install -y --no-install-recommends chromium fonts-liberation`).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the test thread; the ORM refuses to run there
# without this. The root conftest sets it too; repeated here so this folder runs on its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Kept between runs on purpose: pytest-playwright wipes test-results/ at every session start.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"E2E skipped: {CHROMIUM} not found. Install it with "
        "`apt-get install -y --no-install-recommends chromium fonts-liberation` (CI does)."
    )
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Indonesian browser, as most users have: the portal must still decide the language itself.
    return {**browser_context_args, "locale": "id-ID", "timezone_id": "Asia/Makassar", "viewport": PHONE}


@pytest.fixture
def screenshot(page):
    """`screenshot("home-phone")` saves var/screenshots/home-phone.png (whole page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
