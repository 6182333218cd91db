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
# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there (fixtures, assertions, database set-up and flush) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def migration_data(django_db_setup, django_db_blocker) -> str:
    """The rows migrations create (site, home page, catalog, roles), as serialized at set-up.

    Read before Playwright starts: once its event loop runs in this thread, Django hands out a
    fresh connection object that no longer carries them, so the usual serialized rollback of
    transactional tests cannot restore them.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        return connection._test_serialized_contents


def _carry_migration_data(migration_data: str) -> None:
    """Give the connection Django hands out now the serialized rows, so the flush after each
    test keeps content types and permissions, and the next test's set-up restores the rest."""
    from django.db import connection

    connection._test_serialized_contents = migration_data


@pytest.fixture(autouse=True)
def _restore_migration_data(transactional_db, migration_data):
    from django.db import connection
    from wagtail.models import Site

    _carry_migration_data(migration_data)
    if not Site.objects.exists():
        connection.creation.deserialize_db_from_string(migration_data)


@pytest.fixture(scope="session")
def browser(migration_data):
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
        _carry_migration_data(migration_data)
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
