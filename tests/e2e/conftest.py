"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium the tests are skipped with a message saying how to install it, unless
REQUIRE_BROWSER is set (CI sets it), in which case they fail.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The machines have no internet: keep Chromium from trying to reach it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls in the test
# (fixtures, assertions) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "to run the browser tests."
        )
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=["desktop", "phone"])
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, live_server, viewport):
    context = browser.new_context(
        viewport=PHONE if viewport == "phone" else DESKTOP,
        base_url=live_server.url,
        locale="en-US",
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
