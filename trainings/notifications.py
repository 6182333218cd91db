"""The emails a registration sends: a place (with the calendar file), the waitlist, a
promotion from the waitlist (with the file), and the reminder the day before.

Each is written in the person's saved language, else the session's, with links on SITE_URL.
"""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.language import in_language_of
from basics.links import absolute_url

from .ics import session_ics
from .models import Registration
from .permissions import may_see_meeting_link

ICS_FILENAME = "training-session.ics"


def _message(registration: Registration, kind: str, *, attach_calendar: bool) -> EmailMessage:
    session, person = registration.session, registration.person
    with in_language_of(person, fallback=session.language):
        context = {
            "session": session,
            "person": person,
            "registration": registration,
            "show_link": may_see_meeting_link(registration),
            "session_url": absolute_url(reverse("trainings:detail", args=[session.code])),
            "language": translation.get_language(),
        }
        subject = render_to_string(f"trainings/email/{kind}_subject.txt", context)
        body = render_to_string(f"trainings/email/{kind}_message.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, None, [person.email])
    if attach_calendar:
        ics = session_ics(session, with_link=may_see_meeting_link(registration))
        message.attach(ICS_FILENAME, ics, "text/calendar")
    return message


def send_place_confirmed(registration: Registration) -> None:
    _message(registration, "registered", attach_calendar=True).send()


def send_waitlisted(registration: Registration) -> None:
    _message(registration, "waitlisted", attach_calendar=False).send()


def send_promoted(registration: Registration) -> None:
    _message(registration, "promoted", attach_calendar=True).send()


def send_reminder(registration: Registration) -> None:
    _message(registration, "reminder", attach_calendar=True).send()
