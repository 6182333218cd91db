"""Checking people in and out of a session, walk-ins and their claim codes; the only code that
writes check-ins.

A person is checked in once per session: the database holds one current record per person
and session (``one_current_attendance_per_person``). Each check-in runs under the session's
row lock, the one registering takes, so closing a session (which takes it too) sees every
check-in that got in before it, and none slips in after. Should two requests for one person
still meet at the insert, the loser reads the winner's record instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basics.codes import normalize_code

from . import credit
from .models import CODE_LENGTH, Attendance, TrainingSession, new_claim_code
from .permissions import why_check_in_is_refused


class CheckInRefused(Exception):
    """Checking in (or out) is not possible now; the message says why in plain words."""


class ClaimRefused(Exception):
    """A claim code cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class CheckIn:
    attendance: Attendance
    created: bool  # False: the person was already checked in, and nothing changed


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def current_attendance(session: TrainingSession, person) -> Attendance | None:
    return Attendance.objects.current().filter(session=session, person=person).first()


def check_in(session: TrainingSession, person, method: str, *, by=None, now=None) -> CheckIn:
    """Record that `person` is at `session` (`by` is the facilitator who did it, if one did).

    Raises CheckInRefused when nobody may check in now.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            session = _locked(session)
            refusal = why_check_in_is_refused(session, now)
            if refusal:
                raise CheckInRefused(refusal)
            existing = current_attendance(session, person)
            if existing is not None:
                return CheckIn(existing, created=False)
            attendance = Attendance.objects.create(
                session=session, person=person, method=method, checked_in_at=now, recorded_by=by
            )
    except IntegrityError:
        return CheckIn(current_attendance(session, person), created=False)
    return CheckIn(attendance, created=True)


def check_out(attendance: Attendance, *, now=None) -> bool:
    """Record that the person left; False (and no change) when they already had."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(attendance.session)
        if session.status != TrainingSession.Status.SCHEDULED:
            raise CheckInRefused(why_check_in_is_refused(session, now))
        attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if attendance.checked_out_at is not None:
            return False
        attendance.checked_out_at = max(now, attendance.checked_in_at)
        attendance.save(update_fields=["checked_out_at"])
    return True


def _minutes_within(session: TrainingSession, start, end) -> int:
    start, end = max(start, session.start), min(end, session.end)
    return max(0, int((end - start).total_seconds() // 60))


def check_back_in(attendance: Attendance, *, now=None) -> bool:
    """Record that a person who checked out came back: the time they were away (within the
    session's times) adds to ``minutes_away``, and they count as present again. False (and
    no change) when they had not checked out. One record per person and session stays."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(attendance.session)
        refusal = why_check_in_is_refused(session, now)
        if refusal:
            raise CheckInRefused(refusal)
        attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if attendance.checked_out_at is None:
            return False
        attendance.minutes_away += _minutes_within(session, attendance.checked_out_at, now)
        attendance.checked_out_at = None
        attendance.returned_at = now
        attendance.save(update_fields=["minutes_away", "checked_out_at", "returned_at"])
    return True


def unused_claim_code() -> str:
    # A new card must not repeat a code already printed; with 50 bits a second try is almost
    # never needed, and the unique index has the last word anyway.
    code = new_claim_code()
    while Attendance.objects.filter(claim_code=code).exists():
        code = new_claim_code()
    return code


def add_walk_in(
    session: TrainingSession, *, name: str, email: str = "", phone: str = "", by=None, now=None
) -> Attendance:
    """Check in someone without an account (or without a phone), by name; their record gets
    a claim code, printed on a card, to attach it to an account later."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(session)
        refusal = why_check_in_is_refused(session, now)
        if refusal:
            raise CheckInRefused(refusal)
        return Attendance.objects.create(
            session=session,
            name=name,
            email=email,
            phone=phone,
            claim_code=unused_claim_code(),
            method=Attendance.Method.FACILITATOR,
            checked_in_at=now,
            recorded_by=by,
        )


def claim(person, typed_code: str, *, now=None) -> Attendance:
    """Attach the walk-in record whose card shows `typed_code` to `person`'s account.

    A code works once. Someone who already has a record at that session keeps it, and the
    card's record is left as it was (one person, one record per session).
    """
    now = now or timezone.now()
    code = normalize_code(typed_code or "")
    if len(code) != CODE_LENGTH:
        raise ClaimRefused(_("A claim code has 10 letters and numbers. Check the card."))
    try:
        with transaction.atomic():
            record = (
                Attendance.objects.current()
                .select_for_update()
                .select_related("session")
                .filter(claim_code=code)
                .first()
            )
            if record is None:
                raise ClaimRefused(
                    _("No record has this code. Check the code on your card and try again.")
                )
            if record.person_id is not None:
                raise ClaimRefused(_("This code was already used. Each card can be used once."))
            if current_attendance(record.session, person) is not None:
                raise ClaimRefused(_already_there(record.session))
            record.person = person
            record.claimed_at = now
            record.save(update_fields=["person", "claimed_at"])
    except IntegrityError as error:  # checked in to that session meanwhile
        raise ClaimRefused(_already_there(record.session)) from error
    if record.session.status == TrainingSession.Status.CLOSED:
        # A record from a closed session (a sign-in sheet, a walk-in) is final: it may be what
        # the person's blended course was waiting for.
        credit.recheck_completion(record.session, [person.pk])
    return record


def _already_there(session: TrainingSession) -> str:
    return _(
        "You already have an attendance record for “%(title)s”, so nothing was changed. "
        "If this card is yours too, ask the facilitator."
    ) % {"title": session.title}
