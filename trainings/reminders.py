"""The reminder the day before a session: one email per registered person, once.

Safe to run as often as you like: each registration is claimed inside a transaction by an
UPDATE that only matches while ``reminder_sent_at`` is empty, so of two runs at once only one
sends. If sending fails the claim is rolled back and the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from smtplib import SMTPException

from django.db import transaction
from django.utils import timezone

from .models import Registration, TrainingSession
from .notifications import send_reminder

logger = logging.getLogger(__name__)

REMIND_WITHIN = datetime.timedelta(hours=24)


def due_for_reminder(now: datetime.datetime):
    """Places in scheduled sessions starting within a day that have had no reminder."""
    return (
        Registration.objects.registered()
        .filter(
            session__status=TrainingSession.Status.SCHEDULED,
            session__start__gt=now,
            session__start__lte=now + REMIND_WITHIN,
            reminder_sent_at__isnull=True,
            person__is_active=True,
        )
        .select_related("session", "person")
    )


def send_session_reminders(now: datetime.datetime | None = None) -> dict:
    """Send every reminder that is due. Returns how many were sent and how many failed."""
    now = now or timezone.now()
    result = {"sent": 0, "failed": 0}
    for registration in list(due_for_reminder(now)):
        try:
            with transaction.atomic():
                claimed = Registration.objects.filter(
                    pk=registration.pk,
                    status=Registration.Status.REGISTERED,
                    reminder_sent_at__isnull=True,
                ).update(reminder_sent_at=now)
                if not claimed:
                    continue  # another run sent it, or the person cancelled meanwhile
                send_reminder(registration)
        except (SMTPException, OSError):
            logger.exception("Session reminder for registration %s failed", registration.pk)
            result["failed"] += 1
            continue
        result["sent"] += 1
    return result
