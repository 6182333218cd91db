"""Expiry: the daily job records expiries and emails 60- and 14-day reminders, once each."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from certificates.models import Certificate, ExpiryReminder
from certificates.reminders import send_expiry_reminders
from tests.certificates.conftest import issue, make_course

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 6, 1)


def expiring_in(certificate, days) -> Certificate:
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=TODAY + datetime.timedelta(days=days)
    )
    certificate.refresh_from_db()
    return certificate


def test_it_sends_the_60_day_reminder_once(certificate):
    expiring_in(certificate, 60)
    assert send_expiry_reminders(TODAY)["sent"] == {"60": 1, "14": 0}
    assert send_expiry_reminders(TODAY)["sent"] == {"60": 0, "14": 0}  # twice a day is fine
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [certificate.learner.email]
    assert "Naloxone basics" in message.subject
    assert (
        "https://opendoor.test"
        + reverse("certificates:mine")
        + f"#certificate-{certificate.display_code}"
        in message.body
    )


def test_it_sends_the_14_day_reminder_later_once(certificate):
    expiring_in(certificate, 59)
    send_expiry_reminders(TODAY)
    expiring_in(certificate, 14)
    assert send_expiry_reminders(TODAY)["sent"] == {"60": 0, "14": 1}
    send_expiry_reminders(TODAY)
    assert len(mail.outbox) == 2
    assert set(ExpiryReminder.objects.values_list("days_before", flat=True)) == {60, 14}


def test_a_certificate_first_seen_close_to_expiry_gets_only_the_14_day_reminder(certificate):
    expiring_in(certificate, 10)
    assert send_expiry_reminders(TODAY)["sent"] == {"60": 0, "14": 1}
    assert len(mail.outbox) == 1


def test_nothing_is_sent_too_early_or_for_certificates_that_never_expire(
    certificate, named_learner
):
    expiring_in(certificate, 61)
    issue(named_learner, make_course("Forever", certificate_validity_months=None))
    assert send_expiry_reminders(TODAY)["sent"] == {"60": 0, "14": 0}


def test_revoked_and_renewed_certificates_get_no_reminder(certificate, named_learner):
    from certificates import services

    expiring_in(certificate, 30)
    other_course = make_course("Stigma", certificate_validity_months=12)
    revoked = expiring_in(issue(named_learner, other_course), 30)
    services.revoke_certificate(revoked, reason="Duplicate", by=None)
    # The learner renewed the first course already: a newer certificate exists.
    from courses.models import Enrollment

    Enrollment.objects.filter(pk=certificate.enrollment_id).update(
        completed_at=certificate.completed_at + datetime.timedelta(days=300)
    )
    services.issue_certificate(certificate.enrollment_id)
    assert send_expiry_reminders(TODAY)["sent"] == {"60": 0, "14": 0}


def test_it_records_expiries_once_with_an_audit_entry(certificate):
    expiring_in(certificate, -1)
    assert send_expiry_reminders(TODAY)["expired"] == 1
    assert send_expiry_reminders(TODAY)["expired"] == 0
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED
    assert ModelLogEntry.objects.filter(action="certificates.expire").count() == 1


def test_a_failed_email_is_retried_on_the_next_run(certificate, monkeypatch):
    from smtplib import SMTPException

    from certificates import reminders

    expiring_in(certificate, 60)
    monkeypatch.setattr(
        reminders, "send_mail", lambda *a, **k: (_ for _ in ()).throw(SMTPException)
    )
    assert send_expiry_reminders(TODAY)["failed"] == 1
    assert not ExpiryReminder.objects.exists()
    monkeypatch.undo()
    assert send_expiry_reminders(TODAY)["sent"]["60"] == 1


def test_the_command_says_what_it_did(certificate, monkeypatch):
    from certificates import reminders

    expiring_in(certificate, 60)
    monkeypatch.setattr(reminders.timezone, "localdate", lambda: TODAY)
    out = StringIO()
    call_command("send_expiry_reminders", stdout=out)
    assert "Reminders sent (60 days before): 1." in out.getvalue()
    out = StringIO()
    call_command("send_expiry_reminders", stdout=out)
    assert "Reminders sent (60 days before): 0." in out.getvalue()


def test_the_command_can_queue_the_task(db):
    out = StringIO()
    call_command("send_expiry_reminders", "--queue", stdout=out)
    assert "Queued" in out.getvalue()
