"""Recording a community training from its sign-in sheet (domain brief R12), all or nothing.

The training becomes a closed, invitation-only TrainingSession hosted by the organization,
with one Attendance of method "sheet" per person, marked attended for the whole time, and a
SignInSheet with the program's counts. Everyone on the sheet gets a claim code: people with
an email are sent it in an invitation to claim their record; the others get it on a printed
card (trainings:claim_codes). An email on a paper sheet proves nothing about who reads that
mailbox, so no record is attached to an existing account until its owner claims it.
"""

from __future__ import annotations

import datetime
import logging
from decimal import ROUND_DOWN, Decimal
from smtplib import SMTPException

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.http import urlencode

from basics.links import absolute_url

from .models import HOURS_STEP, Attendance, SignInSheet, TrainingSession, new_claim_code
from .sheets import SheetRow

logger = logging.getLogger(__name__)
CLAIM_PATH = "/trainings/claim/"  # until trainings:claim exists (the check-in pages add it)


def contact_hours_between(start: datetime.datetime, end: datetime.datetime) -> Decimal:
    """The training's length in hours, rounded down to a quarter hour (at least a quarter)."""
    hours = Decimal((end - start).total_seconds()) / Decimal(3600)
    quarters = (hours / HOURS_STEP).to_integral_value(rounding=ROUND_DOWN)
    return max(HOURS_STEP, quarters * HOURS_STEP)


def claim_url(code: str) -> str:
    try:
        path = reverse("trainings:claim")
    except NoReverseMatch:
        path = CLAIM_PATH
    return absolute_url(f"{path}?{urlencode({'code': code})}")


def record_sheet(*, details: dict, facilitators, rows: list[SheetRow], recorder) -> TrainingSession:
    """Save the training and everyone on its sheet in one transaction; invitations go once it
    has committed. `details` are a CommunityTrainingForm's cleaned data."""
    start, end = details["start"], details["end"]
    now = timezone.now()
    minutes = int((end - start).total_seconds() // 60)
    with transaction.atomic():
        session = TrainingSession(
            title=details["title"],
            course=details.get("course"),
            start=start,
            end=end,
            time_zone=details["time_zone"],
            format=TrainingSession.Format.IN_PERSON,
            address=details["address"],
            room=details.get("room", ""),
            capacity=max(1, len(rows)),
            contact_hours=contact_hours_between(start, end),
            language=details["language"],
            organization=details["organization"],
            registration_opens=start - datetime.timedelta(minutes=1),
            invitation_only=True,
            status=TrainingSession.Status.CLOSED,
        )
        session.full_clean()
        session.save()
        session.facilitators.set({*facilitators, recorder})
        SignInSheet.objects.create(
            session=session,
            recorded_by=recorder,
            recorded_at=now,
            naloxone_kits=details.get("naloxone_kits"),
            reversals_reported=details.get("reversals_reported"),
        )
        attendances = Attendance.objects.bulk_create(
            Attendance(
                session=session,
                name=row.name,
                email=row.email,
                phone=row.phone,
                claim_code=new_claim_code(),
                method=Attendance.Method.SHEET,
                checked_in_at=start,
                checked_out_at=end,
                minutes_attended=minutes,
                recorded_by=recorder,
                mark=Attendance.Mark.ATTENDED,
                mark_reason="",
                marked_at=now,
                marked_by=recorder,
            )
            for row in rows
        )
        invited = [each for each in attendances if each.email]
        transaction.on_commit(lambda: send_invitations(session, invited))
    return session


def _invitation(session: TrainingSession, attendance: Attendance) -> EmailMessage:
    with translation.override(session.language):
        context = {
            "session": session,
            "attendance": attendance,
            "claim_url": claim_url(attendance.claim_code),
        }
        subject = render_to_string("trainings/email/claim_invitation_subject.txt", context)
        body = render_to_string("trainings/email/claim_invitation_message.txt", context)
    return EmailMessage(" ".join(subject.split()), body, None, [attendance.email])


def send_invitations(session: TrainingSession, attendances: list[Attendance]) -> int:
    """One email each, over one connection; the records stay when the mail server is down (the
    printed claim codes page lists every code)."""
    if not attendances:
        return 0
    messages = [_invitation(session, each) for each in attendances]
    try:
        return get_connection().send_messages(messages) or 0
    except (SMTPException, OSError):
        logger.exception("Claim invitations of session %s failed", session.pk)
        return 0
