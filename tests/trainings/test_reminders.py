"""The day-before reminder: sent once per place, whatever how often the command runs."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import make_user
from trainings import services
from trainings.models import Registration

from .conftest import make_session
from .ics_reader import read_event

pytestmark = pytest.mark.django_db


def run_command() -> str:
    from io import StringIO

    out = StringIO()
    call_command("send_session_reminders", stdout=out)
    return out.getvalue()


def test_people_with_a_place_get_one_reminder_the_day_before(organization):
    tomorrow = make_session(
        organization,
        title="Tomorrow's training",
        start=timezone.now() + datetime.timedelta(hours=20),
        capacity=1,
    )
    next_week = make_session(organization, title="Next week's training")
    ana = make_user("ana@example.org", display_name="Ana")
    bea = make_user("bea@example.org", display_name="Bea", language="es")
    services.register(ana, tomorrow)
    services.register(bea, tomorrow)  # waitlisted: no reminder
    services.register(bea, next_week)
    mail.outbox.clear()

    assert run_command().startswith("Session reminders sent: 1;")

    (reminder,) = mail.outbox
    assert reminder.to == ["ana@example.org"]
    assert reminder.subject == "Tomorrow: Tomorrow's training"
    assert 'A reminder: "Tomorrow\'s training" is tomorrow.' in reminder.body
    assert read_event(reminder.attachments[0][1])["SUMMARY"] == "Tomorrow's training"

    assert run_command().startswith("Session reminders sent: 0;")
    assert len(mail.outbox) == 1


def test_a_person_promoted_after_the_reminders_went_out_gets_theirs_next_run(organization):
    session = make_session(
        organization, start=timezone.now() + datetime.timedelta(hours=10), capacity=1
    )
    ana, bea = make_user("ana@example.org"), make_user("bea@example.org", language="es")
    services.register(ana, session)
    services.register(bea, session)
    run_command()
    services.cancel(ana, session)
    mail.outbox.clear()

    run_command()

    (reminder,) = mail.outbox
    assert reminder.to == ["bea@example.org"]
    assert reminder.subject.startswith("Mañana: ")
    assert Registration.objects.get(person=ana).status == "cancelled"


def test_cancelled_sessions_get_no_reminder(organization, learner):
    session = make_session(organization, start=timezone.now() + datetime.timedelta(hours=10))
    services.register(learner, session)
    session.status = "cancelled"
    session.save()
    mail.outbox.clear()
    assert run_command().startswith("Session reminders sent: 0;")
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_on_the_next_run(organization, learner, settings):
    session = make_session(organization, start=timezone.now() + datetime.timedelta(hours=10))
    services.register(learner, session)
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    assert "failed (tried again next run): 1." in run_command()
    assert Registration.objects.get().reminder_sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_command().startswith("Session reminders sent: 1;")
    assert len(mail.outbox) == 1
