"""A manager sets up a training plan and sees who has done it; a tagged member sees it.

In a real browser: the manager (signed in with their authenticator app) adds the tag
"outreach", tags Ana, and creates a plan for that tag: "Naloxone basics" within 30 days of
joining. Ana signs in and finds "Assigned by Riverside Syringe Services — due <date>" on My
learning; Ben, who has no tag, does not. The manager's compliance view lists Ana (not
started, with her due date) and not Ben, and its XLSX download opens with openpyxl. Then Ana
takes the course on her phone; the plan shows her done; from My hours she downloads her
transcript PDF, which reads back (pypdf) with the course's hours by category, and whose QR code
decodes (zxing-cpp) to the verification address, where the browser finds the transcript's
minimal data (her name for certificates and the course, never her email). Every page is scanned
with axe and photographed (var/screenshots/).
"""

import datetime
import io

import openpyxl
import pypdf
import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from courses.models import CatalogPage, CourseHours, Enrollment, HoursCategory
from plans.models import TrainingPlan
from tests.certificates.test_pdf import decode_qr_codes
from tests.conftest import make_member, make_user
from tests.courses.conftest import make_course
from transcripts.models import Transcript

from .journeys import Pages, open_browser_for, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)

COURSE = "Naloxone basics"


@pytest.fixture(autouse=True)
def _steady(settings, live_server):
    steady_settings(settings)
    settings.SITE_URL = live_server.url


def test_a_manager_assigns_a_course_to_a_tag_and_the_tagged_member_sees_it(
    page, browser, live_server, viewport, organization, manager
):
    course = make_course(
        CatalogPage.objects.get(locale__language_code="en"),
        COURSE,
        lessons=1,
        certificate_validity_months=24,
    )
    for position, (category, hours) in enumerate([("Harm reduction", "1"), ("Ethics", "0.5")]):
        CourseHours.objects.create(
            course=course,
            category=HoursCategory.objects.get(name=category),
            format="online",
            hours=hours,
            sort_order=position,
        )
    ana = make_user(
        "ana@example.org",
        first_name="Ana",
        last_name="López",
        display_name="Ana",
        certificate_name="Ana López",
    )
    ben = make_user("ben@example.org", first_name="Ben", last_name="Okafor", display_name="Ben")
    ana_membership = make_member(ana, organization)
    make_member(ben, organization)
    ana_membership.joined_at = timezone.now() - datetime.timedelta(days=5)
    ana_membership.save()
    due = timezone.localdate(ana_membership.joined_at) + datetime.timedelta(days=30)
    pages = Pages("training-plan", viewport)

    secret = totp_secret(manager)
    sign_in(page, pages, manager.email, secret, next_url=f"/org/{organization.slug}/plans/")
    page.wait_for_url(f"**/org/{organization.slug}/plans/")
    pages.check(page, "plans-empty")

    # A tag, and Ana in it.
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Member tags").click()
    pages.check(page, "tags")
    page.get_by_label("New tag").fill("outreach")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the tag").click()
    expect(page.locator(".messages")).to_contain_text("Tag “outreach” added.")
    pages.check(page, "tag")
    page.get_by_label("Ana (ana@example.org)").check()  # User.__str__: the display name
    with page.expect_navigation():
        page.get_by_role("button", name="Save members").click()
    expect(page.locator(".messages")).to_contain_text("Members of tag “outreach” saved.")

    # The plan: first with a mistake (both due rules), then right.
    page.goto(f"/org/{organization.slug}/plans/new/")
    pages.check(page, "plan-new")
    page.get_by_label("Plan name").fill("New outreach staff")
    page.get_by_label(COURSE).check()
    page.get_by_label("Or due within this many days of joining").fill("30")
    page.get_by_label("Due on a date").fill("2027-01-15")
    page.get_by_label("Members with any of these tags").check()
    page.get_by_label("outreach").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("main")).to_contain_text(
        "Please give either a due date or a number of days, not both."
    )
    pages.check(page, "plan-new-error")
    assert not TrainingPlan.objects.exists()
    page.get_by_label("Due on a date").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".messages")).to_contain_text("is saved")
    pages.check(page, "compliance")
    table = page.locator("main table")
    ana_row = table.get_by_role("row").filter(has_text="ana@example.org")
    expect(ana_row).to_contain_text("Not started")
    expect(ana_row).to_contain_text(f"due {date_format(due, 'DATE_FORMAT')}")
    expect(table).not_to_contain_text("ben@example.org")

    # Ana sees the assignment on My learning; Ben sees none.
    learner = open_browser_for(browser, live_server, viewport)
    try:
        sign_in(learner, pages, ana.email)
        learner.goto("/my-learning/")
        pages.check(learner, "my-learning-assigned")
        expect(learner.locator("main")).to_contain_text(
            f"Assigned by Riverside Syringe Services — due {date_format(due, 'j M')}"
        )
        learner.context.clear_cookies()
        sign_in(learner, pages, ben.email)
        learner.goto("/my-learning/")
        expect(learner.locator("main")).not_to_contain_text("Assigned by")
    finally:
        learner.context.close()

    # The compliance download holds Ana's row.
    with page.expect_download() as info:
        page.get_by_role("link", name="Download (Excel)").click()
    with open(info.value.path(), "rb") as file:
        workbook = openpyxl.load_workbook(io.BytesIO(file.read()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Name", "Email", COURSE)
    assert [row[1:3] for row in rows[1:]] == [("ana@example.org", "Not started")]
    assert rows[1][3].date() == due

    # Ana takes the course on her phone; the plan shows her done.
    learner = open_browser_for(browser, live_server, viewport)
    try:
        sign_in(learner, pages, ana.email, next_url=course.url)
        with learner.expect_navigation():
            learner.locator(f"form[action='{course.url}enrol/'] button[type=submit]").click()
        [lesson] = course.live_lessons()
        learner.goto(lesson.url)
        with learner.expect_navigation():
            learner.locator(f"form[action='{lesson.url}complete/'] button[type=submit]").click()
        assert Enrollment.objects.get(user=ana, course=course).completed_at is not None
        page.reload()
        expect(table.get_by_role("row").filter(has_text="ana@example.org")).to_contain_text("Done")

        # Her transcript, from My hours: hours by category, and a QR code to verify it.
        learner.goto("/my-hours/")
        pages.check(learner, "my-hours")
        with learner.expect_download() as download:
            learner.get_by_role("button", name="Download my transcript (PDF)").click()
        pdf = download.value.path().read_bytes()
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        text = " ".join(" ".join(each.extract_text() for each in reader.pages).split())
        transcript = Transcript.objects.get(user=ana)
        for expected in [
            "Ana López",
            COURSE,
            "Harm reduction (Online): 1",
            "Ethics (Online): 0.5",
            "Total contact hours: 1.5",
            transcript.display_code,
        ]:
            assert expected in text, expected
        verify_url = f"{live_server.url}/verify/transcript/{transcript.display_code}/"
        assert decode_qr_codes(pdf) == [verify_url]
        learner.goto(verify_url)
        pages.check(learner, "transcript-verified")
        expect(learner.locator("main")).to_contain_text("Ana López")
        expect(learner.locator("main")).to_contain_text(COURSE)
        expect(learner.locator("main")).not_to_contain_text(ana.email)
    finally:
        learner.context.close()
