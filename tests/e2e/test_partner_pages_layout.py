"""Every partner page on a phone and at desktop width, as a manager and as a coalition lead.

In Chromium, signed in through allauth with the authenticator app's code:
- at 320 CSS px nothing scrolls the page sideways (``document.documentElement.scrollWidth`` is
  at most ``innerWidth``, and nothing outside a table's own scroll box reaches past the edge);
- at 1366 px no table is cut off or needs scrolling (each scroll box holds its whole table);
- at 320 px axe finds no WCAG A/AA violation (``scrollable-region-focusable`` among them: a
  table that scrolls sideways is a focusable, labelled region), and the arrow keys scroll the
  coalition page's tables.
Screenshots: var/screenshots/partner-pages-<role>-<page>-<width>.png.
"""

import datetime

import pytest
from django.utils import timezone
from django.utils.text import slugify
from playwright.sync_api import expect

from accounts.models import Membership, Organization
from tests.certificates.conftest import make_course
from tests.conftest import make_member, make_user
from tests.lms.conftest import certify, person

from .accessibility import check_page
from .conftest import SCREENSHOTS
from .journeys import Pages, sign_in, steady_settings, totp_secret
from .test_layout import OVERFLOW

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [320, 1366]
COURSES = [
    "Naloxone: responding to an overdose",
    "Motivational interviewing basics",
    "Person-first language in outreach work",
]
# Scroll boxes whose table is wider than the box: at desktop width, a cut-off column.
CLIPPED_TABLES = """() => [...document.querySelectorAll(".table-scroll")]
  .filter((box) => box.scrollWidth > box.clientWidth + 1)
  .map((box) => `${box.getAttribute("aria-labelledby")}: ${box.scrollWidth} > ${box.clientWidth}`)
"""


@pytest.fixture(autouse=True)
def _steady(settings, live_server):
    steady_settings(settings)
    settings.SITE_URL = live_server.url
    settings.PARTNER_ZIP_BACKGROUND_THRESHOLD = 1  # the "prepare a ZIP" pages appear too
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def partner_data(organization, other_organization, manager):
    """Twelve staff who share their records (long names and addresses, three courses), in an
    organization that belongs to a coalition with one other organization."""
    coalition = Organization.objects.create(
        name="River Valley Harm Reduction Coalition",
        slug="river-valley",
        kind=Organization.Kind.COALITION,
    )
    organization.coalitions.add(coalition)
    other_organization.coalitions.add(coalition)
    lead = make_user("coalition-lead@example.org", display_name="Robin")
    make_member(lead, coalition, Membership.Role.MANAGER)
    courses = [
        make_course(title, slug=slugify(title), certificate_validity_months=24) for title in COURSES
    ]
    last_month = timezone.now() - datetime.timedelta(days=20)
    for number in range(12):
        someone = person(
            f"outreach.worker.{number:02d}@riverside-syringe-services.example.org",
            organization,
            first="Guadalupe",
            last=f"Hernández-Whitfield {number}",
        )
        for course in courses[: 1 + number % 3]:
            certify(someone, course, completed_at=last_month if number % 2 else None)
    for number in range(4):
        certify(person(f"valley{number}@example.org", other_organization), courses[0])
    return {"organization": organization, "coalition": coalition, "lead": lead}


def check_widths(page, role: str, pages: dict[str, str]) -> list[str]:
    """Open each page at each width; axe it at 320 px; return what does not fit."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, url in pages.items():
            page.goto(url)
            page.wait_for_load_state()
            fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
            found = page.evaluate(OVERFLOW)
            if not fits or found["wide"]:
                problems.append(f"{role} {name} at {width}px: {found}")
            if width == 1366 and (clipped := page.evaluate(CLIPPED_TABLES)):
                problems.append(f"{role} {name} at {width}px, tables cut off: {clipped}")
            label = f"partner-pages-{role}-{name}"
            if width == 320:
                check_page(page, label, f"{width}px")  # axe, and a screenshot
            else:
                page.screenshot(path=SCREENSHOTS / f"{label}-{width}px.png", full_page=True)
    return problems


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_managers_partner_pages_fit_a_phone_and_a_desktop_and_pass_axe(
    page, viewport, partner_data, manager
):
    organization = partner_data["organization"]
    base = f"/org/{organization.slug}"
    sign_in(page, Pages("partner-pages", viewport), manager.email, totp_secret(manager))
    # An export of the certificates, as a manager asks for one (the button on the page).
    page.goto(f"{base}/certificates/")
    with page.expect_navigation():
        page.locator("main form[action$='/exports/'] button[type=submit]").click()
    export_page = page.url.removeprefix(page.url.split("/org/")[0])

    problems = check_widths(
        page,
        "manager",
        {
            "members": f"{base}/",
            "invite": f"{base}/invite/",
            "join-code": f"{base}/join-code/",
            "staff": f"{base}/staff/",
            "staff-sorted": f"{base}/staff/?sort=-activity",
            "certificates": f"{base}/certificates/",
            "certificates-sorted": f"{base}/certificates/?sort=course",
            "prepare-zip": f"{base}/certificates.zip",
            "export": export_page,
        },
    )
    assert not problems, "\n".join(problems)

    # On a phone the staff table scrolls in its box; the names stay in view as it does.
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"{base}/staff/")
    expect(page.get_by_text("Scroll the table sideways to see every column.")).to_be_visible()
    region = page.get_by_role("region", name="Members and their courses")
    region.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    name = region.get_by_role("rowheader").first
    assert region.evaluate("(box) => box.scrollLeft") > 100
    box_left = region.bounding_box()["x"]
    assert abs(name.bounding_box()["x"] - box_left) <= 1
    expect(name).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_coalition_leads_pages_fit_and_its_tables_scroll_with_the_keyboard(
    page, viewport, partner_data
):
    lead, coalition = partner_data["lead"], partner_data["coalition"]
    base = f"/org/{coalition.slug}"
    sign_in(page, Pages("partner-pages", viewport), lead.email, totp_secret(lead))

    problems = check_widths(
        page,
        "coalition-lead",
        {
            "coalition": f"{base}/coalition/",
            "coalition-bad-period": f"{base}/coalition/?quarter=1999-Q1",
            "members": f"{base}/",
            "staff": f"{base}/staff/",
            "certificates": f"{base}/certificates/",
        },
    )
    assert not problems, "\n".join(problems)

    # At phone width the month-by-course table is wider than its box: Tab reaches the box
    # (it is named by its caption) and the arrow keys scroll it.
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(f"{base}/coalition/")
    region = page.get_by_role("region", name="Certificates issued per month, by course")
    assert region.evaluate("(box) => box.scrollWidth > box.clientWidth")
    for _ in range(40):
        page.keyboard.press("Tab")
        if region.evaluate("(box) => document.activeElement === box"):
            break
    else:
        pytest.fail("Tab never reached the table's scroll box")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("(box) => box.scrollLeft > 0", arg=region.element_handle(), timeout=3000)
