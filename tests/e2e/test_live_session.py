"""A live session on phones: two learners register, the second is waitlisted, the first
cancels, and the second gets the place (and the email saying so). Every page is scanned with
axe and photographed in var/screenshots/.

The session is scheduled by a trainer through the CMS's own form in the set-up (the browser
journey of the CMS itself is covered by the trainer journey).
"""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import make_user, sign_in_with_mfa
from trainings.models import TrainingSession

from .accessibility import check_page
from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Naloxone at the drop-in center"


@pytest.fixture
def scheduled_session(organization, trainer, site_url):
    cms = Client()
    sign_in_with_mfa(cms, trainer)
    response = cms.post(
        reverse("trainings_session:add"),
        {
            "title": TITLE,
            "course": "",
            "organization": organization.pk,
            "start": "2031-05-06 10:00",
            "end": "2031-05-06 12:30",
            "time_zone": "America/Los_Angeles",
            "format": "in_person",
            "address": "55 Hope Street",
            "room": "Back room",
            "accessibility_notes": "Step-free entrance on Elm Street.",
            "meeting_link": "",
            "capacity": "1",
            "contact_hours": "2.5",
            "language": "en",
            "registration_opens": "2026-01-01 09:00",
            "registration_closes": "",
            "status": "scheduled",
            "hours_by_category-TOTAL_FORMS": "0",
            "hours_by_category-INITIAL_FORMS": "0",
            "hours_by_category-MIN_NUM_FORMS": "0",
            "hours_by_category-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    return TrainingSession.objects.get(title=TITLE)


@pytest.mark.parametrize("viewport", ["phone"])
def test_two_learners_register_one_waits_and_is_promoted(
    browser, live_server, viewport, sign_in, scheduled_session
):
    first = make_user("first@example.org", display_name="Ana")
    second = make_user("second@example.org", display_name="Bea")
    phones = []
    for person in (first, second):
        context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="en-US")
        phone = context.new_page()
        phone.set_default_timeout(15_000)
        sign_in(phone, person)
        phones.append(phone)
    ana, bea = phones

    ana.goto(reverse("trainings:list"))
    check_page(ana, "live-sessions-list", viewport)
    ana.get_by_role("link", name=TITLE).click()
    ana.wait_for_url(f"**{reverse('trainings:detail', args=[scheduled_session.code])}")
    assert "1 place left" in ana.inner_text("main")
    assert "Tuesday, May 6, 2031, 10 a.m.\u201312:30 p.m. (America/Los_Angeles)" in ana.inner_text(
        "main"
    )
    check_page(ana, "live-session", viewport)
    ana.get_by_role("button", name="Register").click()
    ana.get_by_text("You are registered for this session.").wait_for()
    check_page(ana, "live-session-registered", viewport)

    bea.goto(reverse("trainings:detail", args=[scheduled_session.code]))
    assert "Full: you can join the waitlist" in bea.inner_text("main")
    bea.get_by_role("button", name="Join the waitlist").click()
    bea.get_by_text("You are on the waitlist. If a place opens").first.wait_for()
    check_page(bea, "live-session-waitlisted", viewport)

    ana.get_by_role("button", name="Cancel my registration").click()
    ana.get_by_text("Your registration is cancelled.").wait_for()
    check_page(ana, "live-session-cancelled", viewport)

    bea.reload()
    bea.get_by_text("You are registered for this session.").wait_for()
    check_page(bea, "live-session-promoted", viewport)
    promoted = [m for m in mail.outbox if m.to == ["second@example.org"]][-1]
    assert promoted.subject == f"A place opened for you: {TITLE}"
    assert promoted.attachments[0][0] == "training-session.ics"
    for phone in phones:
        phone.context.close()
