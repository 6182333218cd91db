"""A facilitator records a community training from a sign-in sheet of 30 people on a phone:
signs in with the authenticator, follows "Sessions I run", uploads the CSV, is shown the one
row to fix (nothing saved), uploads it fixed, and prints the claim codes. Every page is
scanned with axe and photographed in var/screenshots/."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Membership
from tests.conftest import make_member, make_user
from trainings.models import Attendance, TrainingSession

from .accessibility import check_page
from .journeys import Pages, open_browser_for, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)


def sheet(tmp_path, *, broken_row: int | None = None):
    lines = ["name,email,phone"]
    for number in range(1, 31):
        email = f"person{number}@example.org" if number % 3 else ""
        if number == broken_row:
            email = "person-at-example.org"
        lines.append(f"Person {number},{email},")
    path = tmp_path / ("broken.csv" if broken_row else "sheet.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_facilitator_records_a_sheet_of_thirty(
    browser, live_server, viewport, settings, site_url, organization, tmp_path
):
    steady_settings(settings)
    facilitator = make_user("dana@example.org", display_name="Dana")
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    secret = totp_secret(facilitator)
    page = open_browser_for(browser, live_server, viewport)
    pages = Pages("sign-in-sheet", viewport)
    sign_in(page, pages, facilitator.email, secret)
    mail.outbox.clear()  # allauth's notices about setting up the authenticator

    page.get_by_role("link", name="Sessions I run").click()
    page.wait_for_url("**/trainings/mine/")
    check_page(page, "sessions-i-run", viewport)
    page.get_by_role("link", name="Record a training from a sign-in sheet").click()
    page.wait_for_url("**/trainings/mine/sheet/")
    check_page(page, "sign-in-sheet-form", viewport)

    day = timezone.localdate() - datetime.timedelta(days=3)
    page.get_by_label("Topic").fill("Naloxone in the park")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Started at").fill("10:00")
    page.get_by_label("Ended at").fill("11:30")
    page.get_by_label("Place (address)").fill("Riverside Park, by the fountain")
    page.get_by_label("Naloxone kits handed out").fill("30")
    page.get_by_label("Or a CSV file of the sheet").set_input_files(sheet(tmp_path, broken_row=7))
    page.get_by_role("button", name="Check and record the training").click()

    page.get_by_role("heading", name="Rows to fix").wait_for()
    main = page.inner_text("main")
    # Numbered as a spreadsheet shows the file: its first row holds the column names.
    assert "Row 8: Person 7: “person-at-example.org” is not an email address." in main
    page.get_by_text("See all 30 rows as they were read").click()
    assert "Nothing has been recorded yet." in main
    check_page(page, "sign-in-sheet-rows-to-fix", viewport)
    assert not TrainingSession.objects.exists() and mail.outbox == []

    # A browser does not keep a chosen file across pages: the fixed one is chosen again.
    page.get_by_label("Or a CSV file of the sheet").set_input_files(sheet(tmp_path))
    page.get_by_role("button", name="Check and record the training").click()

    page.get_by_role("heading", name="Claim codes for “Naloxone in the park”").wait_for()
    main = page.inner_text("main")
    assert "The training and its 30 participants are recorded." in main
    assert "We emailed 20 people a link to claim their record." in main
    check_page(page, "sign-in-sheet-claim-codes", viewport)
    session = TrainingSession.objects.get()
    records = Attendance.objects.filter(session=session)
    assert records.count() == 30
    assert page.locator(".claim-card").count() == 30
    for record in records.filter(email=""):
        assert record.claim_code in main
    assert len(mail.outbox) == 20
    assert session.sign_in_sheet.naloxone_kits == 30
