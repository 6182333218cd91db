"""An organization's manager invites two staff, follows their training and downloads records.

In a real browser: the manager invites two people at once; each opens the link from their email
in their own browser, creates an account and joins, agreeing to share their records. Ana finishes
the course (lessons, name for certificates, a real PDF certificate); Ben starts it. The manager
sees both on the staff page, downloads the certificates ZIP and the training-records CSV and
reads them. Then Ana stops sharing, and after a reload she is gone from the staff page, the CSV
and the ZIP. Every page on the way is scanned with axe.
"""

import csv
import io
import re
import zipfile

import pypdf
import pytest
from django.core import mail
from playwright.sync_api import expect

from courses.models import CatalogPage
from tests.conftest import PASSWORD
from tests.courses.conftest import make_course

from .journeys import Pages, open_browser_for, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)

ANA = {"email": "ana@example.org", "name": "Ana", "certificate_name": "Ana María López"}
BEN = {"email": "ben@example.org", "name": "Ben", "certificate_name": ""}
COURSE = "Naloxone basics"
INVITATION_PATH = re.compile(r"https?://[^/\s]+(/invitations/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _steady(settings, live_server):
    steady_settings(settings)
    # Links in emails point at the live server, so the browser can follow them.
    settings.SITE_URL = live_server.url


def download(page, link):
    """Click `link`, wait for the file, and return its bytes."""
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as file:
        return info.value.suggested_filename, file.read()


def records(page, organization) -> list[dict]:
    page.goto(f"/org/{organization.slug}/staff/")
    name, data = download(
        page, page.get_by_role("link", name="Download these training records (CSV)")
    )
    assert name.endswith(".csv")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def certificates_zip(page, organization) -> zipfile.ZipFile:
    page.goto(f"/org/{organization.slug}/certificates/")
    name, data = download(page, page.locator("main a[href*='/certificates.zip']"))
    assert name.endswith(".zip")
    return zipfile.ZipFile(io.BytesIO(data))


def manifest(archive) -> list[dict]:
    text = archive.read("manifest.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def accept_invitation(page, pages: Pages, person: dict) -> None:
    """Open the link from the email, create an account, join and agree to share records."""
    message = next(m for m in mail.outbox if m.to == [person["email"]])
    page.goto(INVITATION_PATH.search(message.body).group(1))
    pages.check(page, "invitation")
    with page.expect_navigation():
        page.locator("main").get_by_role("link", name="Create an account").click()
    pages.check(page, "sign-up")
    page.locator("#id_email").fill(person["email"])
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_display_name").fill(person["name"])
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    # The address came from the invitation email, so no second confirmation is needed.
    page.wait_for_url("**/invitations/*/")
    pages.check(page, "invitation-signed-in")
    page.locator("#id_share_records").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Accept the invitation").click()
    expect(page.locator(".messages")).to_contain_text("You are now a member of")
    pages.check(page, "my-organizations")


def enrol_and_read(page, pages: Pages, course, lessons: int) -> None:
    page.goto(course.url)
    pages.check(page, "course")
    with page.expect_navigation():
        page.get_by_role("button", name="Enrol").click()
    pages.check(page, "course-enrolled")
    with page.expect_navigation():
        page.locator("main a.button").first.click()
    for number in range(lessons):
        pages.check(page, f"lesson-{number + 1}")
        with page.expect_navigation():
            page.get_by_role("button", name="Mark complete and continue").click()


def test_a_manager_invites_staff_follows_their_training_and_loses_sight_of_who_stops_sharing(
    page, browser, live_server, viewport, organization, manager
):
    course = make_course(
        CatalogPage.objects.get(locale__language_code="en"),
        COURSE,
        lessons=2,
        certificate_validity_months=24,
    )
    pages = Pages("partner", viewport)

    # The manager invites two people at once (signed in with their authenticator app: their
    # role shows them other people's records).
    secret = totp_secret(manager)
    mail.outbox.clear()  # allauth's "authenticator app activated" notice to the manager
    sign_in(page, pages, manager.email, secret, next_url=f"/org/{organization.slug}/")
    page.wait_for_url(f"**/org/{organization.slug}/")
    pages.check(page, "members")
    with page.expect_navigation():
        page.get_by_role("link", name="Invite people").click()
    pages.check(page, "invite")
    page.get_by_label("Email addresses").fill(f"{ANA['email']}\n{BEN['email']}")
    with page.expect_navigation():
        page.get_by_role("button", name="Send invitations").click()
    expect(page.locator(".messages")).to_contain_text("Invitations sent to 2 people.")
    pages.check(page, "members-with-invitations")
    assert sorted(m.to[0] for m in mail.outbox) == [ANA["email"], BEN["email"]]

    ana = open_browser_for(browser, live_server, viewport)
    ben = open_browser_for(browser, live_server, viewport)
    try:
        accept_invitation(ana, pages, ANA)
        accept_invitation(ben, pages, BEN)

        # Ana finishes the course and gives the name for her certificate; Ben starts it.
        enrol_and_read(ana, pages, course, lessons=2)
        ana.goto("/my-learning/")
        pages.check(ana, "my-learning-certificate-waiting")
        with ana.expect_navigation():
            ana.get_by_role("link", name="Add your name").click()
        pages.check(ana, "my-certificates-name")
        ana.locator("#id_certificate_name").fill(ANA["certificate_name"])
        with ana.expect_navigation():
            ana.get_by_role("button", name="Save my name").click()
        expect(ana.locator(".messages")).to_contain_text("Your certificates are being prepared")
        pages.check(ana, "my-certificates")
        expect(ana.locator("main")).to_contain_text(ANA["certificate_name"])
        enrol_and_read(ben, pages, course, lessons=1)

        # The manager sees their progress.
        page.goto(f"/org/{organization.slug}/staff/")
        pages.check(page, "staff")
        table = page.locator("main table")
        ana_row = table.get_by_role("row").filter(has_text=ANA["email"])
        ben_row = table.get_by_role("row").filter(has_text=BEN["email"])
        expect(ana_row).to_contain_text("Certificate valid until")
        expect(ben_row).to_contain_text("In progress: 50%")

        page.goto(f"/org/{organization.slug}/certificates/")
        pages.check(page, "certificates")
        archive = certificates_zip(page, organization)
        rows = manifest(archive)
        assert [row["Name on certificate"] for row in rows] == [ANA["certificate_name"]]
        pdf = pypdf.PdfReader(io.BytesIO(archive.read(rows[0]["File"])))
        text = " ".join(p.extract_text() for p in pdf.pages)
        assert ANA["certificate_name"] in text and COURSE in text
        assert rows[0]["Course"] == COURSE and rows[0]["Email"] == ANA["email"]

        before = records(page, organization)
        # One row per person and course; the manager shares their own records too.
        assert sorted((row["Email"], row["Course"]) for row in before) == [
            (ANA["email"], COURSE),
            (BEN["email"], COURSE),
            (manager.email, COURSE),
        ]
        ana_record = next(row for row in before if row["Email"] == ANA["email"])
        assert ana_record["Certificate code"] == rows[0]["Certificate code"]
        assert ana_record["Completed at"]
        ben_record = next(row for row in before if row["Email"] == BEN["email"])
        assert not ben_record["Completed at"] and not ben_record["Certificate code"]

        # Ana stops sharing her records.
        ana.goto("/account/organizations/")
        pages.check(ana, "my-organizations")
        with ana.expect_navigation():
            ana.get_by_role("button", name="Stop sharing my records").click()
        expect(ana.locator(".messages")).to_contain_text("can no longer see your training records")
        pages.check(ana, "my-organizations-not-sharing")
    finally:
        ana.context.close()
        ben.context.close()

    page.goto(f"/org/{organization.slug}/staff/")
    page.reload()
    pages.check(page, "staff-after-withdrawal")
    expect(page.locator("main table")).not_to_contain_text(ANA["email"])
    expect(page.locator("main table")).to_contain_text(BEN["email"])
    assert sorted(row["Email"] for row in records(page, organization)) == [
        BEN["email"],
        manager.email,
    ]
    page.goto(f"/org/{organization.slug}/certificates/")
    pages.check(page, "certificates-after-withdrawal")
    expect(page.locator("main .result-count")).to_contain_text("0 certificates")
    expect(page.locator("main a[href*='/certificates.zip']")).to_have_count(0)
    # The ZIP's address (bookmarked, or from the browser's history) no longer holds her either.
    response = page.request.get(f"/org/{organization.slug}/certificates.zip")
    assert response.ok
    archive = zipfile.ZipFile(io.BytesIO(response.body()))
    assert archive.namelist() == ["manifest.csv"]
    assert manifest(archive) == []
