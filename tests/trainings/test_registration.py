"""Registering, the waitlist, cancelling and promotion, through the session page and its
emails, as learners signed in for real see them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from trainings.models import Registration, TrainingSession
from trainings.notifications import ICS_FILENAME

from .conftest import make_session
from .ics_reader import read_event

pytestmark = pytest.mark.django_db


def page_of(session):
    return reverse("trainings:detail", args=[session.code])


def register(client, session):
    return client.post(reverse("trainings:register", args=[session.code]), follow=True)


def cancel(client, session):
    return client.post(reverse("trainings:cancel", args=[session.code]), follow=True)


def calendar_file(message) -> str:
    ((name, content, mimetype),) = message.attachments
    assert name == ICS_FILENAME
    assert mimetype == "text/calendar"
    return content


def test_a_learner_registers_and_gets_an_email_with_a_calendar_file(client, learner, session):
    client.force_login(learner)
    before = client.get(page_of(session)).content.decode()
    assert "20 places left" in before
    assert ">Register</button>" in before

    response = register(client, session)

    page = response.content.decode()
    assert "You are registered. We sent you an email with the details." in page
    assert "You are registered for this session." in page
    assert "19 places left" in page
    assert "Cancel my registration" in page
    (message,) = mail.outbox
    assert message.to == ["learner@example.org"]
    assert message.subject == "You are registered: Naloxone: responding to an overdose"
    assert "120 Main Street, Riverside, Community room B" in message.body
    assert (
        f"http://testserver{page_of(session)}" in message.body or page_of(session) in message.body
    )
    event = read_event(calendar_file(message))
    assert event["UID"].startswith(f"session-{session.code}@")
    assert event["DTSTART"] == session.start.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["DTEND"] == session.end.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert event["SUMMARY"] == "Naloxone: responding to an overdose"
    assert event["LOCATION"] == "120 Main Street, Riverside, Community room B"
    assert event["URL"].endswith(page_of(session))


def test_the_calendar_file_escapes_text_and_folds_long_lines(client, learner, organization):
    title = "MI basics; practice, feedback \\ and a very long title that needs folding ñ " * 2
    session = make_session(organization, title=title.strip()[:200])
    client.force_login(learner)
    register(client, session)
    text = calendar_file(mail.outbox[0])
    assert "SUMMARY:MI basics\\; practice\\, feedback \\\\ and" in text.replace("\r\n ", "")
    assert read_event(text)["SUMMARY"] == title.strip()[:200]


def test_the_time_is_shown_in_the_sessions_time_zone(client, learner, organization):
    start = datetime.datetime(2031, 3, 4, 17, 30, tzinfo=datetime.UTC)  # 09:30 in Los Angeles
    session = make_session(organization, start=start)
    page = client.get(page_of(session)).content.decode()
    assert "Tuesday, March 4, 2031, 9:30 a.m.\u201311:30 a.m. (America/Los_Angeles)" in page


def test_a_full_session_puts_the_next_person_on_the_waitlist(client, learner, organization):
    session = make_session(organization, capacity=1)
    first = make_user("first@example.org", display_name="Ana")
    client.force_login(first)
    register(client, session)
    client.force_login(learner)
    page = client.get(page_of(session)).content.decode()
    assert "Full: you can join the waitlist" in page
    assert ">Join the waitlist</button>" in page

    response = register(client, session)

    page = response.content.decode()
    assert "The session is full, so you are on the waitlist." in page
    assert "You are on the waitlist. If a place opens, you get it and we email you." in page
    assert "Leave the waitlist" in page
    waitlisted = mail.outbox[-1]
    assert waitlisted.subject == "You are on the waitlist: Naloxone: responding to an overdose"
    assert waitlisted.attachments == []


def test_when_a_registered_person_cancels_the_first_on_the_waitlist_gets_the_place(
    client, organization
):
    session = make_session(organization, capacity=1)
    ana = make_user("ana@example.org", display_name="Ana")
    bea = make_user("bea@example.org", display_name="Bea", language="es")
    cruz = make_user("cruz@example.org", display_name="Cruz")
    for person in (ana, bea, cruz):
        client.force_login(person)
        register(client, session)
    mail.outbox.clear()

    client.force_login(ana)
    response = cancel(client, session)

    assert "Your registration is cancelled." in response.content.decode()
    assert ">Register</button>" not in response.content.decode()  # the freed place is taken
    (promoted,) = mail.outbox
    assert promoted.to == ["bea@example.org"]  # waited longest; Cruz stays on the waitlist
    assert promoted.subject == "Se liberó un lugar para usted: Naloxone: responding to an overdose"
    assert "Hola, Bea:" in promoted.body
    assert read_event(calendar_file(promoted))["UID"].startswith(f"session-{session.code}@")
    client.force_login(bea)
    assert "You are registered for this session." in client.get(page_of(session)).content.decode()
    statuses = dict(session.registrations.values_list("person__email", "status"))
    assert statuses == {
        "ana@example.org": "cancelled",
        "bea@example.org": "registered",
        "cruz@example.org": "waitlisted",
    }
    assert session.registrations.get(person=bea).promoted_at is not None


def test_leaving_the_waitlist_promotes_nobody(client, organization):
    session = make_session(organization, capacity=1)
    ana, bea = make_user("ana@example.org"), make_user("bea@example.org")
    for person in (ana, bea):
        client.force_login(person)
        register(client, session)
    mail.outbox.clear()
    cancel(client, session)  # Bea leaves the waitlist
    assert mail.outbox == []
    assert session.registrations.registered().get().person == ana


def test_registering_twice_keeps_one_registration_and_one_email(client, learner, session):
    client.force_login(learner)
    register(client, session)
    register(client, session)
    assert Registration.objects.filter(session=session, person=learner).count() == 1
    assert len(mail.outbox) == 1


def test_someone_who_cancelled_can_register_again(client, learner, session):
    client.force_login(learner)
    register(client, session)
    cancel(client, session)
    response = register(client, session)
    assert "You are registered for this session." in response.content.decode()
    assert list(
        Registration.objects.filter(person=learner).order_by("pk").values_list("status", flat=True)
    ) == ["cancelled", "registered"]


def test_the_meeting_link_is_only_for_people_with_a_place(client, learner, organization):
    session = make_session(
        organization,
        format=TrainingSession.Format.ONLINE,
        address="",
        room="",
        capacity=1,
        meeting_link="https://meet.example.org/naloxone-4821",
    )
    anonymous = client.get(page_of(session)).content.decode()
    assert "meet.example.org" not in anonymous
    assert "We send the link when you register." in anonymous

    client.force_login(learner)
    page = register(client, session).content.decode()
    assert 'href="https://meet.example.org/naloxone-4821"' in page
    assert "https://meet.example.org/naloxone-4821" in mail.outbox[0].body
    assert "meet.example.org" in read_event(calendar_file(mail.outbox[0]))["LOCATION"]

    waiting = make_user("waiting@example.org")
    client.force_login(waiting)
    page = register(client, session).content.decode()
    assert "meet.example.org" not in page
    assert "meet.example.org" not in mail.outbox[-1].body


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "This session was cancelled. You cannot register for it."),
        ({"status": "closed"}, "This session is over. You cannot register for it any more."),
        (
            {"registration_opens": timezone.now() + datetime.timedelta(days=2)},
            "Registration has not opened yet.",
        ),
        (
            {"registration_closes": timezone.now() - datetime.timedelta(hours=1)},
            "Registration for this session has closed.",
        ),
    ],
)
def test_registration_is_refused_with_a_clear_message(client, learner, session, change, message):
    TrainingSession.objects.filter(pk=session.pk).update(**change)
    client.force_login(learner)
    assert message in client.get(page_of(session)).content.decode()

    response = register(client, session)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_register_and_cancel_are_post_only(client, learner, session):
    client.force_login(learner)
    assert client.get(reverse("trainings:register", args=[session.code])).status_code == 405
    assert client.get(reverse("trainings:cancel", args=[session.code])).status_code == 405
    assert not Registration.objects.exists()


def test_registering_is_rate_limited(client, learner, session, settings):
    client.force_login(learner)
    for _ in range(20):
        assert client.post(reverse("trainings:register", args=[session.code])).status_code == 302
    response = client.post(reverse("trainings:register", args=[session.code]))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()


def test_a_mail_server_that_is_down_does_not_lose_the_place(client, learner, session, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    client.force_login(learner)

    response = register(client, session)

    assert response.status_code == 200
    assert "You are registered for this session." in response.content.decode()
    assert Registration.objects.get().status == "registered"


def test_the_session_page_in_spanish(client, learner, organization):
    start = datetime.datetime(2031, 3, 4, 17, 30, tzinfo=datetime.UTC)
    session = make_session(organization, start=start, capacity=1)
    url = "/es" + page_of(session)
    client.force_login(learner)
    page = client.get(url).content.decode()
    assert "martes" in page.lower()
    assert "Queda 1 lugar" in page
    assert ">Inscribirme</button>" in page
