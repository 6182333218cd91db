"""Issuing and reminding under real concurrency (PostgreSQL, real threads and connections).

SQLite runs one writer at a time, so these races cannot happen there; CI runs the suite on
PostgreSQL too, where they are checked.
"""

import datetime

import pytest
from django.core import mail

from certificates import services
from certificates.models import Certificate, ExpiryReminder
from certificates.reminders import send_expiry_reminders
from tests.certificates.conftest import LEARNER_NAME, complete, make_course
from tests.concurrency import on_postgresql_only, run_at_once
from tests.conftest import make_user

pytestmark = on_postgresql_only("Concurrency needs PostgreSQL (SQLite serializes writers)")

WORKERS = 6


@pytest.fixture
def completed(db):
    learner = make_user("racer@example.org", certificate_name=LEARNER_NAME)
    return complete(learner, make_course("Race course", certificate_validity_months=12))


def test_workers_issuing_one_completion_at_once_make_one_certificate(completed, saved_files):
    results, errors = run_at_once(lambda: services.issue_certificate(completed.pk).pk, WORKERS)
    assert errors == []
    assert len(set(results)) == 1
    assert Certificate.objects.count() == 1
    assert len(saved_files) == 1  # the others waited, found it, and rendered nothing


def test_two_reminder_runs_at_once_send_each_reminder_once(completed):
    certificate = services.issue_certificate(completed.pk)
    mail.outbox.clear()  # the "your certificate is ready" email of the issue
    today = datetime.date(2030, 1, 1)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_until=today + datetime.timedelta(days=30)
    )
    results, errors = run_at_once(lambda: send_expiry_reminders(today), count=4)
    assert errors == []
    assert sum(result["sent"]["60"] for result in results) == 1
    assert ExpiryReminder.objects.count() == 1
    assert len(mail.outbox) == 1
