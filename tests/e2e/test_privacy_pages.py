"""The privacy page (English and Spanish) and the account deletion journey, in a browser."""

import pytest

from .accessibility import check_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_privacy_page_is_accessible_in_english_and_spanish(page, viewport):
    page.goto("/")
    page.get_by_role("link", name="Privacy: what we keep and why").click()
    page.wait_for_url("**/privacy/")

    assert page.locator("h1").inner_text() == "Privacy: what we keep and why"
    check_page(page, "privacy-en", viewport)

    page.get_by_role("link", name="Español").click()  # the header's switcher: a plain link
    page.wait_for_url("**/es/privacy/")
    assert page.locator("h1").inner_text() == "Privacidad: qué guardamos y por qué"
    check_page(page, "privacy-es", viewport)


def test_a_learner_deletes_their_account_from_the_account_page(page, viewport, sign_in):
    from accounts.models import User
    from tests.conftest import PASSWORD, make_user

    learner = make_user("leaving@example.org", display_name="Lee")
    sign_in(page, learner)

    page.goto("/account/profile/")
    page.get_by_role("link", name="Delete your account").click()
    page.wait_for_url("**/account/delete/")
    check_page(page, "delete-account", viewport)

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("To confirm, type DELETE").fill("delete")
    page.get_by_role("button", name="Delete my account for good").click()
    page.wait_for_url("**/account/deleted/")

    assert page.locator("h1").inner_text() == "Your account was deleted"
    check_page(page, "account-deleted", viewport)
    assert not User.objects.filter(email="leaving@example.org").exists()
