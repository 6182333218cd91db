"""The end of a session: final marks, closing it, and corrections afterwards; the only code that
writes marks.

Until the session is closed, the person running it sets every attendee's final mark (attended,
attended part, absent), minutes and reason in one go (:func:`save_marks`, all or nothing).
Closing (:func:`close_session`) fixes them: after that a mark is never edited in place, a
correction (:func:`correct_mark`) is a new record that ``corrects`` the old one, which is kept
with ``superseded_at`` set, as certificates are. Closing and correcting then let the courses app
decide whether each attendee's blended course is now complete (``credit.recheck_completion``).

Every change writes an entry in Wagtail's audit log (the session is the object).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import Attendance, TrainingSession
from .signals import attendance_corrected

# Who checked themselves in left a time we can trust; a facilitator may type a name long after
# the person arrived, and a sheet has no times at all.
SELF_CHECK_IN = (Attendance.Method.DOOR_QR, Attendance.Method.SESSION_CODE)


class ClosingRefused(Exception):
    """The session cannot be marked, closed or corrected now; the message says why."""


@dataclass(frozen=True)
class MarkEntry:
    """One attendee's final mark as the form gives it (minutes already checked)."""

    attendance_id: int
    mark: str
    minutes: int
    reason: str


@dataclass(frozen=True)
class Summary:
    registered: int
    attended: int
    partial: int
    absent: int
    unmarked: int
    no_shows: list[str]

    @property
    def ready_to_close(self) -> bool:
        return self.unmarked == 0


def session_minutes(session: TrainingSession) -> int:
    return int((session.end - session.start).total_seconds() // 60)


def default_minutes(attendance: Attendance, session: TrainingSession) -> int:
    """What the form suggests: minutes already recorded (a webinar's), else the time between
    arriving (a self check-in's time, or the start) and leaving (check-out, or the end), within
    the session's times, less the time away of someone who left and came back."""
    if attendance.minutes_attended is not None:
        return min(attendance.minutes_attended, session_minutes(session))
    arrived = session.start
    if attendance.method in SELF_CHECK_IN and attendance.checked_in_at:
        arrived = max(arrived, attendance.checked_in_at)
    left = min(attendance.checked_out_at or session.end, session.end)
    stretch = int((left - arrived).total_seconds() // 60)
    return max(0, stretch - attendance.minutes_away)


def roster(session: TrainingSession):
    """The current records of `session`, people first by name, with who they are loaded."""
    return (
        session.attendances.current()
        .select_related("person", "corrects")
        .order_by("checked_in_at", "pk")
    )


def display_name(attendance: Attendance) -> str:
    """The name the room knows: a walk-in's typed name, else the account's certificate name,
    display name or email."""
    person = attendance.person
    if person is None:
        return attendance.name
    return person.certificate_name or str(person)


def summarize(session: TrainingSession) -> Summary:
    """Registered, attended, partial, absent and not yet marked, and who never came: people
    with a place but no record, or whose record says absent."""
    current = list(roster(session))
    counts = {mark: 0 for mark in Attendance.Mark.values}
    unmarked = 0
    for attendance in current:
        if attendance.mark:
            counts[attendance.mark] += 1
        else:
            unmarked += 1
    came = {a.person_id for a in current if a.person_id and a.mark != Attendance.Mark.ABSENT}
    registered = list(session.registrations.registered().select_related("person"))
    no_shows = [
        reg.person.certificate_name or str(reg.person)
        for reg in registered
        if reg.person_id not in came
    ]
    return Summary(
        registered=len(registered),
        attended=counts[Attendance.Mark.ATTENDED],
        partial=counts[Attendance.Mark.PARTIAL],
        absent=counts[Attendance.Mark.ABSENT],
        unmarked=unmarked,
        no_shows=no_shows,
    )


def _locked(session: TrainingSession) -> TrainingSession:
    return TrainingSession.objects.select_for_update().get(pk=session.pk)


def why_marking_is_refused(session: TrainingSession, now=None) -> str | None:
    now = now or timezone.now()
    if session.status == TrainingSession.Status.CANCELLED:
        return _("This session was cancelled, so nobody gets a mark.")
    if session.status == TrainingSession.Status.CLOSED:
        return _("This session is closed. Change a mark with a correction instead.")
    if now < session.start:
        return _("Final marks can be given once the session has started.")
    return None


def save_marks(session: TrainingSession, entries: list[MarkEntry], *, by, now=None) -> int:
    """Store every entry's mark at once, or none (a closed session, or a record that is not
    one of the session's current ones, refuses them all). Returns how many changed."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(session)
        refusal = why_marking_is_refused(session, now)
        if refusal:
            raise ClosingRefused(refusal)
        records = {a.pk: a for a in session.attendances.current().select_for_update()}
        if any(entry.attendance_id not in records for entry in entries):
            raise ClosingRefused(_("The list of people changed. Check the marks and save again."))
        changed = 0
        for entry in entries:
            record = records[entry.attendance_id]
            new = (entry.mark, entry.minutes, entry.reason)
            if (record.mark, record.minutes_attended, record.mark_reason) == new:
                continue
            record.mark, record.minutes_attended, record.mark_reason = new
            record.marked_at, record.marked_by = now, by
            record.save(
                update_fields=["mark", "minutes_attended", "mark_reason", "marked_at", "marked_by"]
            )
            changed += 1
        if changed:
            log(session, "trainings.marks", user=by, data={"changed": changed})
    return changed


def why_closing_is_refused(session: TrainingSession, summary: Summary, now=None) -> str | None:
    refusal = why_marking_is_refused(session, now)
    if refusal:
        return refusal
    if not summary.ready_to_close:
        return _("Give everyone on the list a final mark and save the marks, then close.")
    return None


def close_session(session: TrainingSession, *, by, now=None) -> Summary:
    """Close `session`: its marks are final from now on. Then every attendee's course is
    checked again, so those who met the rule get their certificate."""
    from .credit import recheck_completion  # credit reads closed sessions; it imports us not

    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(session)
        summary = summarize(session)
        refusal = why_closing_is_refused(session, summary, now)
        if refusal:
            raise ClosingRefused(refusal)
        TrainingSession.objects.filter(pk=session.pk).update(status=TrainingSession.Status.CLOSED)
        session.status = TrainingSession.Status.CLOSED
        log(
            session,
            "trainings.close",
            user=by,
            data={"attended": summary.attended, "partial": summary.partial},
        )
    people = list(
        session.attendances.current().exclude(person=None).values_list("person", flat=True)
    )
    recheck_completion(session, people)
    return summary


def correct_mark(
    attendance: Attendance, *, mark: str, minutes: int, reason: str, by, now=None
) -> Attendance:
    """A corrected copy of `attendance` at a closed session; the original is kept, superseded.

    The claim code (a walk-in's card) moves to the new record, so a later claim finds the
    current one.
    """
    from .credit import recheck_completion

    now = now or timezone.now()
    with transaction.atomic():
        session = _locked(attendance.session)
        if session.status != TrainingSession.Status.CLOSED:
            raise ClosingRefused(_("Until the session is closed, change the marks on the list."))
        old = Attendance.objects.select_for_update().filter(pk=attendance.pk).first()
        if old is None or old.session_id != session.pk or old.superseded_at is not None:
            raise ClosingRefused(_("That record was corrected already. Look at it again."))
        if (old.mark, old.minutes_attended, old.mark_reason) == (mark, minutes, reason):
            raise ClosingRefused(
                _("The correction changes nothing. Change the mark, minutes or reason.")
            )
        claim_code = old.claim_code
        Attendance.objects.filter(pk=old.pk).update(superseded_at=now, claim_code=None)
        new = Attendance.objects.create(
            session=session,
            person=old.person,
            name=old.name,
            email=old.email,
            phone=old.phone,
            claim_code=claim_code,
            claimed_at=old.claimed_at,
            method=old.method,
            checked_in_at=old.checked_in_at,
            recorded_by=old.recorded_by,
            checked_out_at=old.checked_out_at,
            minutes_away=old.minutes_away,
            returned_at=old.returned_at,
            minutes_attended=minutes,
            mark=mark,
            mark_reason=reason,
            marked_at=now,
            marked_by=by,
            corrects=old,
        )
        log(
            session,
            "trainings.correct_mark",
            user=by,
            data={"name": display_name(old), "old": old.mark, "new": mark},
        )
    if new.person_id:
        recheck_completion(session, [new.person_id])
    attendance_corrected.send(sender=Attendance, attendance=new, previous=old)
    return new


def history(session: TrainingSession) -> list[Attendance]:
    """Every record of `session`, corrected ones included, oldest first."""
    return list(
        session.attendances.select_related("person", "marked_by").order_by("checked_in_at", "pk")
    )
