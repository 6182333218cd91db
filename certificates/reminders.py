"""Expiry reminders: an email 60 days and 14 days before a certificate expires, once each.

Safe to run as often as you like: a reminder row is inserted before the email is sent, inside
one transaction, and a unique constraint lets only one run insert it. If sending fails the row
is rolled back and the next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from smtplib import SMTPException

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.language import in_language_of, saved_language
from basics.links import absolute_url

from .languages import course_title_in
from .models import Certificate, ExpiryReminder
from .services import expire_certificates

logger = logging.getLogger(__name__)

# (days before expiry, and the reminder sent only when no closer one applies)
REMINDER_DAYS = (60, 14)


def due_for_reminder(days: int, today: datetime.date):
    """Valid certificates that should get the `days` reminder today and have not had it.

    The window runs from the next closer reminder (exclusive) to `days` (inclusive), so a
    certificate first seen 10 days before expiry gets the 14-day reminder only.
    """
    closer = [d for d in REMINDER_DAYS if d < days]
    starts_after = today + datetime.timedelta(days=max(closer)) if closer else today
    newer = Certificate.objects.current().filter(
        learner_id=OuterRef("learner_id"),
        course_id=OuterRef("course_id"),
        completed_at__gt=OuterRef("completed_at"),
    )
    window = {"valid_until__lte": today + datetime.timedelta(days=days)}
    window["valid_until__gt" if closer else "valid_until__gte"] = starts_after
    return (
        Certificate.objects.filter(status=Certificate.Status.VALID, **window)
        .filter(learner__is_active=True)
        .exclude(Exists(newer))
        .exclude(expiry_reminders__days_before=days)
        .select_related("learner", "course")
    )


def _send(certificate: Certificate, days: int) -> None:
    learner = certificate.learner
    context = {
        "certificate": certificate,
        "learner": learner,
        "days": days,
        # Renewing is a POST (it starts the course again): the link leads to the certificate's
        # card on the learner's certificates page, which has the "Renew" button.
        "renew_url": absolute_url(
            reverse("certificates:mine") + f"#certificate-{certificate.display_code}"
        ),
        "certificates_url": absolute_url(reverse("certificates:mine")),
    }
    # The learner's saved language; else the certificate's (the language of the course). The
    # course is named as its version in that language has it, when there is one.
    language = saved_language(learner) or certificate.language
    context["course_title"] = certificate.course_title
    if language != certificate.language and certificate.course_id:
        context["course_title"] = course_title_in(certificate.course, language)
    with in_language_of(learner, fallback=certificate.language):
        subject = render_to_string("certificates/email/expiry_reminder_subject.txt", context)
        body = render_to_string("certificates/email/expiry_reminder_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [learner.email])


def send_expiry_reminders(today: datetime.date | None = None) -> dict:
    """Record expiries, then send every reminder that is due. Returns what it did."""
    today = today or timezone.localdate()
    result = {"expired": expire_certificates(today), "sent": {}, "failed": 0}
    for days in REMINDER_DAYS:
        sent = 0
        for certificate in list(due_for_reminder(days, today)):
            try:
                with transaction.atomic():
                    ExpiryReminder.objects.create(certificate=certificate, days_before=days)
                    _send(certificate, days)
            except IntegrityError:
                continue  # another run sent this one
            except (SMTPException, OSError):
                logger.exception("Expiry reminder for %s failed", certificate.display_code)
                result["failed"] += 1
                continue
            sent += 1
        result["sent"][str(days)] = sent
    return result
