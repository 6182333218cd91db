"""Checking in to a live session on phones.

The facilitator signs in with a second factor and opens the roster; the door QR code is read
from the screenshot of that page (as a camera would); a registered learner opens it on her
phone and checks in; a second person, signed out, signs in on the way and is checked in; a
walk-in is added by name, gets a printed card, and later claims the record from her own
account. Every page is scanned with axe and photographed in var/screenshots/.
"""

import datetime
import io

import pytest
import zxingcpp
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import Membership
from tests.conftest import PASSWORD, make_member, make_user
from trainings import services
from trainings.models import Attendance, TrainingSession

from .journeys import Pages, open_browser_for, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Naloxone at the drop-in center"


@pytest.fixture
def session_starting_soon(organization, site_url):
    start = (timezone.now() + datetime.timedelta(minutes=10)).replace(microsecond=0)
    session = TrainingSession(
        title=TITLE,
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="America/Los_Angeles",
        format=TrainingSession.Format.IN_PERSON,
        address="55 Hope Street",
        room="Back room",
        capacity=20,
        contact_hours="2.00",
        organization=organization,
        registration_opens=start - datetime.timedelta(days=7),
    )
    session.full_clean()
    session.save()
    return session


def read_door_qr(page) -> str:
    """What a phone's camera reads from the QR code on the facilitator's screen."""
    shot = page.locator(".door-qr svg").screenshot()
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    return found.text


@pytest.mark.parametrize("viewport", ["phone"])
def test_people_check_in_by_the_door_qr_and_a_walk_in_claims_her_record(
    browser, live_server, viewport, settings, session_starting_soon, organization
):
    steady_settings(settings)
    session = session_starting_soon
    pages = Pages("check-in", viewport)
    dana = make_user("dana@example.org", display_name="Dana")
    make_member(dana, organization, Membership.Role.FACILITATOR)
    session.facilitators.add(dana)
    ana = make_user("ana@example.org", display_name="Ana")
    services.register(ana, session)
    bea = make_user("bea@example.org", display_name="Bea")
    services.register(bea, session)
    roster_url = reverse("trainings:roster", args=[session.code])

    facilitator = open_browser_for(browser, live_server, viewport)
    sign_in(facilitator, pages, dana.email, totp_secret(dana), next_url=roster_url)
    facilitator.wait_for_url(f"**{roster_url}")
    assert "2 registered" in facilitator.inner_text("main")
    pages.check(facilitator, "roster")
    door_link = read_door_qr(facilitator)
    assert door_link.startswith(f"{live_server.url}/trainings/{session.code}/here/")

    # Ana is signed in on her phone: she scans, confirms, and is in.
    ana_phone = open_browser_for(browser, live_server, viewport)
    sign_in(ana_phone, Pages("check-in-ana", viewport), ana.email)
    ana_phone.goto(door_link)
    ana_phone.get_by_text("You are signed in as Ana.").wait_for()
    pages.check(ana_phone, "door-link-signed-in")
    ana_phone.get_by_role("button", name="Check me in").click()
    ana_phone.get_by_text("You are checked in. Welcome!").wait_for()
    pages.check(ana_phone, "checked-in")
    ana_phone.goto(door_link)
    ana_phone.get_by_text("You are already checked in").wait_for()
    pages.check(ana_phone, "already-checked-in")

    # Bea is signed out: the link offers to sign in, and brings her back to check in.
    bea_phone = open_browser_for(browser, live_server, viewport)
    bea_phone.goto(read_door_qr(facilitator))
    pages.check(bea_phone, "door-link-signed-out")
    bea_phone.locator("main").get_by_role("link", name="Sign in").click()
    bea_phone.locator("#id_login").fill(bea.email)
    bea_phone.locator("#id_password").fill(PASSWORD)
    bea_phone.locator("main form button[type=submit]").click()
    bea_phone.get_by_role("button", name="Check me in").click()
    bea_phone.get_by_text("You are checked in. Welcome!").wait_for()

    facilitator.reload()
    assert "2 checked in" in facilitator.inner_text("main")
    facilitator.get_by_role("link", name="Open the door screen").click()
    facilitator.locator(".door-qr svg").wait_for()
    assert read_door_qr(facilitator).startswith(f"{live_server.url}/trainings/{session.code}/")
    pages.check(facilitator, "door-screen")
    facilitator.get_by_role("link", name="Back to the roster").click()

    # Jo has no phone with her: the facilitator adds her and prints her card.
    facilitator.get_by_label("Name").fill("Jo Rivera")
    facilitator.get_by_role("button", name="Add and check in").click()
    facilitator.get_by_text("Print this page with your browser's Print command").wait_for()
    pages.check(facilitator, "claim-card")
    claim_code = facilitator.locator(".claim-card .big-code").inner_text()
    facilitator.emulate_media(media="print")
    assert not facilitator.get_by_text("Back to the roster").is_visible()
    assert facilitator.locator(".claim-card").is_visible()
    facilitator.emulate_media(media="screen")

    # Later, at home, Jo claims the record in the account she made.
    jo = make_user("jo@example.org", display_name="Jo")
    jo_phone = open_browser_for(browser, live_server, viewport)
    sign_in(jo_phone, Pages("check-in-jo", viewport), jo.email)
    jo_phone.goto(reverse("trainings:claim"))
    pages.check(jo_phone, "claim")
    jo_phone.get_by_label("Code on your card").fill(claim_code.lower())
    jo_phone.get_by_role("button", name="Claim the record").click()
    jo_phone.get_by_text(f"Your attendance at “{TITLE}” is now in your account.").wait_for()
    pages.check(jo_phone, "claimed")

    records = {
        attendance.person.email: attendance.method
        for attendance in Attendance.objects.filter(session=session).select_related("person")
    }
    assert records == {
        "ana@example.org": Attendance.Method.DOOR_QR,
        "bea@example.org": Attendance.Method.DOOR_QR,
        "jo@example.org": Attendance.Method.FACILITATOR,
    }
    for phone in (facilitator, ana_phone, bea_phone, jo_phone):
        phone.context.close()
