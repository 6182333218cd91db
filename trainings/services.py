"""Registering for a session and cancelling, with the waitlist; the only code that writes
registrations.

Places are counted under a row lock on the session (``select_for_update``): two people asking
for the last place at once are served one after the other, so the session never holds more
registered people than its capacity. PostgreSQL takes the lock; SQLite has one writer at a
time anyway. Emails go after the transaction has committed, so nobody is told of a place that
was rolled back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from smtplib import SMTPException

from django.db import transaction
from django.utils import timezone

from . import notifications
from .models import Registration, TrainingSession
from .permissions import why_registration_is_refused

logger = logging.getLogger(__name__)


def _tell(send, registration: Registration) -> None:
    # The place is kept when the mail server is down: the session page shows it either way.
    try:
        send(registration)
    except (SMTPException, OSError):
        logger.exception("Email about registration %s failed", registration.pk)


class RegistrationRefused(Exception):
    """Registering is not possible now; the message says why in plain words."""


@dataclass(frozen=True)
class CancelOutcome:
    cancelled: Registration | None
    promoted: Registration | None


def seats_left(session: TrainingSession) -> int:
    return max(0, session.capacity - session.registrations.registered().count())


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def register(person, session: TrainingSession, now=None) -> tuple[Registration, bool]:
    """Give `person` a place, or a spot on the waitlist when the session is full.

    Returns the registration and whether it is new; asking twice returns the first one.
    Raises RegistrationRefused when nobody may register now.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(session)
        existing = Registration.objects.active().filter(session=session, person=person).first()
        if existing is not None:
            return existing, False
        refusal = why_registration_is_refused(session, now)
        if refusal:
            raise RegistrationRefused(refusal)
        full = session.registrations.registered().count() >= session.capacity
        registration = Registration.objects.create(
            session=session,
            person=person,
            status=Registration.Status.WAITLISTED if full else Registration.Status.REGISTERED,
            created_at=now,
        )
    if registration.status == Registration.Status.REGISTERED:
        _tell(notifications.send_place_confirmed, registration)
    else:
        _tell(notifications.send_waitlisted, registration)
    return registration, True


def _promote_next(session: TrainingSession, now) -> Registration | None:
    """Give a free place to the person who has waited longest; called under the lock."""
    if session.registrations.registered().count() >= session.capacity:
        return None
    waiting = session.registrations.waitlisted().order_by("created_at", "pk").first()
    if waiting is None:
        return None
    waiting.status = Registration.Status.REGISTERED
    waiting.promoted_at = now
    waiting.save(update_fields=["status", "promoted_at"])
    return waiting


def fill_free_places(session: TrainingSession, now=None) -> list[Registration]:
    """After the capacity grew, give the new places to the waitlist in order (each promoted
    person is emailed). Without this, a newcomer would take a place ahead of them."""
    now = now or timezone.now()
    promoted = []
    with transaction.atomic():
        session = _locked(session)
        if session.status == TrainingSession.Status.SCHEDULED and session.end > now:
            while (next_in_line := _promote_next(session, now)) is not None:
                promoted.append(next_in_line)
    for registration in promoted:
        _tell(notifications.send_promoted, registration)
    return promoted


def cancel(person, session: TrainingSession, now=None) -> CancelOutcome:
    """Cancel `person`'s registration (a no-op when they have none); a freed place goes to the
    first person on the waitlist, who is told by email."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(session)
        registration = Registration.objects.active().filter(session=session, person=person).first()
        if registration is None:
            return CancelOutcome(cancelled=None, promoted=None)
        had_place = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        promoted = None
        if had_place and session.status == TrainingSession.Status.SCHEDULED and session.end > now:
            promoted = _promote_next(session, now)
    if promoted is not None:
        _tell(notifications.send_promoted, promoted)
    return CancelOutcome(cancelled=registration, promoted=promoted)
