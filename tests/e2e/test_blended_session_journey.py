"""Issue 18's one unbroken journey, in real Chromium, the learners and facilitator on phones.

A trainer schedules a session of a blended course in the CMS (choosing the course with
Wagtail's page chooser); Bea registers for its one place and Ana, who has finished the online
part, joins the waitlist; Bea cancels and Ana gets the place (and the email). At the session
the facilitator opens the roster, the door QR code is read from her screen as a camera would,
and Ana opens it on her phone and checks in; a walk-in is added by name and gets a card. The
facilitator saves the marks and closes the session; Ana's course is now complete and her
certificate shows the online and the in-person hours (the PDF read back); the walk-in claims
her record from her own account; and the facilitator uploads a sheet of 30 community
participants.

The session is scheduled to have begun two minutes ago, with registration open until near its
end (the CMS allows that), so that registering, checking in and closing all happen now.
"""

import datetime
import io
import re

import pypdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from certificates.models import Certificate
from courses import services as course_services
from courses.models import CatalogPage, Enrollment
from tests.conftest import make_member, make_user
from tests.courses.conftest import make_course
from trainings.models import Attendance, Registration, TrainingSession

from .conftest import DESKTOP
from .journeys import Pages, open_browser_for, sign_in, steady_settings, totp_secret
from .test_check_in import read_door_qr
from .test_sign_in_sheet_journey import sheet

pytestmark = pytest.mark.django_db(transaction=True)

COURSE = "Naloxone in the room"
TITLE = "Naloxone practice at the drop-in center"
ZONE = "America/Los_Angeles"


def in_zone(moment: datetime.datetime) -> str:
    import zoneinfo

    return timezone.localtime(moment, zoneinfo.ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M")


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def set_date(page, selector: str, value: str) -> None:
    """Put a date and time in one of Wagtail's date fields as typed text, without focusing it:
    focus opens the third-party date picker, which in CI stayed open over the Create button
    whatever was clicked next. The form reads the field's text either way."""
    page.locator(selector).evaluate("(field, value) => { field.value = value; }", value)


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_blended_session_from_scheduling_to_certificate(
    browser, live_server, viewport, settings, site_url, organization, trainer, tmp_path
):
    steady_settings(settings)
    pages = Pages("blended-session", viewport)
    course = make_course(
        CatalogPage.objects.get(locale__language_code="en"),
        COURSE,
        lessons=1,
        delivery_format="blended",
        live=True,
    )
    dana = make_user("dana@example.org", display_name="Dana")
    make_member(dana, organization, Membership.Role.FACILITATOR)
    ana = make_user("ana@example.org", display_name="Ana", certificate_name="Ana Torres")
    enrollment, _new = course_services.enrol(ana, course)
    for lesson in course.live_lessons():  # the online part, done before the session
        course_services.complete_lesson(enrollment, lesson)
    bea = make_user("bea@example.org", display_name="Bea")

    # The trainer schedules the session in the CMS, on a desktop.
    cms_context = browser.new_context(viewport=DESKTOP, base_url=live_server.url, locale="en-US")
    cms = cms_context.new_page()
    cms.set_default_timeout(15_000)
    add_url = reverse("trainings_session:add")
    sign_in(cms, Pages("blended-session-cms", "desktop"), trainer.email, totp_secret(trainer))
    cms.goto(add_url)
    start = (timezone.now() - datetime.timedelta(minutes=2)).replace(second=0, microsecond=0)
    end = start + datetime.timedelta(hours=2)
    cms.locator("#id_title").fill(TITLE)
    cms.get_by_role("button", name=re.compile("Choose a page")).click()
    cms.locator(".modal").get_by_role("link", name=COURSE).click()
    cms.locator(".modal").wait_for(state="hidden")
    cms.get_by_role("button", name="Choose organization").click()
    cms.locator(".modal").get_by_role("link", name=organization.name).click()
    cms.locator(".modal").wait_for(state="hidden")
    set_date(cms, "#id_start", in_zone(start))
    set_date(cms, "#id_end", in_zone(end))
    cms.locator("#id_time_zone").fill(ZONE)
    cms.locator("#id_format").select_option("in_person")
    cms.locator("#id_address").fill("55 Hope Street")
    cms.locator("#id_room").fill("Back room")
    cms.locator("#id_capacity").fill("1")
    cms.locator(f"input[name=facilitators][value='{dana.pk}']").check()
    set_date(cms, "#id_registration_opens", in_zone(start - datetime.timedelta(days=1)))
    set_date(cms, "#id_registration_closes", in_zone(end - datetime.timedelta(minutes=15)))
    cms.locator("#id_contact_hours").fill("2.5")
    cms.get_by_role("button", name="Create").click()
    cms.wait_for_url(re.compile(r"/cms/.*trainings_session/(\?.*)?$"))
    session = TrainingSession.objects.get(title=TITLE)
    assert session.course_id == course.pk
    assert list(session.facilitators.all()) == [dana]
    cms_context.close()
    detail = reverse("trainings:detail", args=[session.code])

    # Bea takes the one place; Ana joins the waitlist; Bea cancels and Ana gets it.
    bea_phone = open_browser_for(browser, live_server, viewport)
    sign_in(bea_phone, Pages("blended-session-bea", viewport), bea.email, next_url=detail)
    bea_phone.get_by_role("button", name="Register").click()
    bea_phone.get_by_text("You are registered for this session.").wait_for()
    ana_phone = open_browser_for(browser, live_server, viewport)
    sign_in(ana_phone, Pages("blended-session-ana", viewport), ana.email, next_url=detail)
    ana_phone.get_by_role("button", name="Join the waitlist").click()
    ana_phone.get_by_text("You are on the waitlist. If a place opens").first.wait_for()
    pages.check(ana_phone, "waitlisted")
    bea_phone.get_by_role("button", name="Cancel my registration").click()
    bea_phone.get_by_text("Your registration is cancelled.").wait_for()
    ana_phone.reload()
    ana_phone.get_by_text("You are registered for this session.").wait_for()
    promoted = [m for m in mail.outbox if m.to == [ana.email]][-1]
    assert promoted.subject == f"A place opened for you: {TITLE}"
    assert Registration.objects.registered().get(session=session).person == ana

    # At the door: the facilitator's roster shows the QR code; Ana scans it.
    roster_url = reverse("trainings:roster", args=[session.code])
    facilitator = open_browser_for(browser, live_server, viewport)
    sign_in(facilitator, pages, dana.email, totp_secret(dana), next_url=roster_url)
    facilitator.wait_for_url(f"**{roster_url}")
    pages.check(facilitator, "roster")
    ana_phone.goto(read_door_qr(facilitator))
    ana_phone.get_by_role("button", name="Check me in").click()
    ana_phone.get_by_text("You are checked in. Welcome!").wait_for()
    pages.check(ana_phone, "checked-in")

    # Jo has no phone with her: she is added by name and gets a card.
    facilitator.reload()
    facilitator.get_by_label("Name").fill("Jo Rivera")
    facilitator.get_by_role("button", name="Add and check in").click()
    facilitator.get_by_text("Print this page with your browser's Print command").wait_for()
    claim_code = facilitator.locator(".claim-card .big-code").inner_text()

    # The facilitator saves the marks (attended, minutes from the check-in) and closes.
    facilitator.goto(reverse("trainings:close", args=[session.code]))
    pages.check(facilitator, "marks")
    facilitator.get_by_role("button", name="Save the marks").click()
    facilitator.get_by_role("button", name="Close the session").click()
    facilitator.get_by_text("The session is closed.").first.wait_for()
    pages.check(facilitator, "closed")

    # Ana's course is complete: her certificate shows the online and in-person hours.
    enrollment = Enrollment.objects.get(pk=enrollment.pk)
    assert enrollment.completed_at is not None
    certificate = Certificate.objects.get(enrollment=enrollment)
    ana_phone.goto(reverse("certificates:completed", args=[enrollment.code]))
    pages.check(ana_phone, "certificate")
    with ana_phone.expect_download() as download:
        ana_phone.get_by_role("link", name="Download your certificate (PDF)").click()
    text = text_of(download.value.path().read_bytes())
    assert "Ana Torres" in text and COURSE in text
    assert "Online: 1.5 hours" in text and "In person: 2.5 hours" in text
    assert "4 contact hours" in text
    assert certificate.display_code in text

    # Later, at home, Jo claims her record in the account she made.
    jo = make_user("jo@example.org", display_name="Jo")
    jo_phone = open_browser_for(browser, live_server, viewport)
    sign_in(jo_phone, Pages("blended-session-jo", viewport), jo.email)
    jo_phone.goto(reverse("trainings:claim"))
    jo_phone.get_by_label("Code on your card").fill(claim_code)
    jo_phone.get_by_role("button", name="Claim the record").click()
    jo_phone.get_by_text(f"Your attendance at “{TITLE}” is now in your account.").wait_for()
    assert Attendance.objects.current().get(session=session, person=jo).mark == "attended"

    # And a community training from a sign-in sheet of 30 people.
    facilitator.goto(reverse("trainings:new_sheet"))
    day = timezone.localdate() - datetime.timedelta(days=3)
    facilitator.get_by_label("Topic").fill("Naloxone in the park")
    facilitator.get_by_label("Date").fill(day.isoformat())
    facilitator.get_by_label("Started at").fill("10:00")
    facilitator.get_by_label("Ended at").fill("11:30")
    facilitator.get_by_label("Place (address)").fill("Riverside Park, by the fountain")
    facilitator.get_by_label("Or a CSV file of the sheet").set_input_files(sheet(tmp_path))
    facilitator.get_by_role("button", name="Check and record the training").click()
    facilitator.get_by_text("The training and its 30 participants are recorded.").wait_for()
    pages.check(facilitator, "sheet-recorded")
    community = TrainingSession.objects.get(title="Naloxone in the park")
    assert Attendance.objects.filter(session=community).count() == 30

    for phone in (bea_phone, ana_phone, facilitator, jo_phone):
        phone.context.close()
