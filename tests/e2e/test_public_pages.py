import pytest

from .accessibility import check_page

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_home_page_is_accessible_and_offers_sign_up(page, viewport):
    page.goto("/")

    assert page.locator("h1").inner_text() == "Open Door"
    check_page(page, "home", viewport)
    page.get_by_role("link", name="Create a free account").click()
    page.wait_for_url("**/accounts/signup/")
    check_page(page, "signup", viewport)


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page, viewport):
    page.goto("/")

    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to main content"
