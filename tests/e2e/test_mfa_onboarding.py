"""A manager's first visit to the partner pages, on a phone and at desktop width.

Signed in with the password alone, the manager opens the staff page and is taken to set up
an authenticator app (not asked for the password again), reads the secret, types the app's
code, sees the recovery codes and "Continue to <organization>", and lands on the staff page.
Every page is scanned with axe and photographed (var/screenshots/mfa-onboarding-*).
"""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import current_totp_code

from .journeys import Pages, sign_in, steady_settings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _steady(settings):
    steady_settings(settings)


def test_a_manager_sets_up_an_authenticator_at_the_first_partner_page(
    page, viewport, organization, manager
):
    pages = Pages("mfa-onboarding", viewport)
    staff_page = f"/org/{organization.slug}/staff/"

    sign_in(page, pages, manager.email, next_url=staff_page)

    page.wait_for_url("**/accounts/2fa/totp/activate/")
    expect(page.locator(".messages")).to_contain_text("needs two-factor authentication")
    expect(page.locator("#id_password")).to_have_count(0)
    why = page.get_by_role("region", name="Why we ask for this")
    expect(why).to_contain_text(f"As a manager at {organization.name}")
    # On the phone that holds the app, the key opens in it (a phone cannot scan itself).
    app_link = page.get_by_role(
        "link", name="On this phone? Open the key in your authenticator app"
    )
    expect(app_link).to_have_attribute("href", re.compile(r"^otpauth://totp/"))
    pages.check(page, "set-up")
    secret = re.search(r"\b([A-Z2-7]{32})\b", page.content()).group(1)
    page.locator("#id_code").fill(current_totp_code(secret))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()

    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    expect(page.locator("textarea")).not_to_be_empty()
    pages.check(page, "recovery-codes")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Continue to {organization.name}").click()

    page.wait_for_url(f"**{staff_page}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    pages.check(page, "staff")
