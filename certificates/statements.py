"""Statements of attendance for standalone live sessions: issuing, revoking, the PDF, the email.

A person whose current record at a closed session without a course earns credit there
(``trainings.credit.standalone_credit``: marked attended for the minimum share, or part of it
where the rule credits minutes) gets a statement on request, from the session's page. It reuses
the certificate's renderer, stylesheet, code generator, QR code and verification page.
Issuing is idempotent (one valid statement per person and session, a unique constraint).
A correction of the attendance afterwards (``trainings.signals.attendance_corrected``) revokes
the statement with the reason when the credit it printed no longer holds.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
import zoneinfo
from dataclasses import dataclass
from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.language import in_language_of
from basics.links import absolute_url
from trainings.credit import standalone_credit
from trainings.models import Attendance, TrainingSession

from .branding import branding_for
from .models import AttendanceStatement, PageSize
from .models.records import new_certificate_code
from .qr import qr_svg_data_uri
from .rendering import (
    DEFAULT_LOGO,
    LOGO_RENDITION,
    LONG_NAME,
    _image_url,
    render_pdf,
    static_file_url,
    verification_url,
)
from .services import _pdf_files

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "certificates/pdf/statement.html"
TEMPLATE_VERSION = "statement-1"
# Not under certificates/: services.delete_stray_pdf_files would take these for strays.
PDF_FOLDER = "statements"
ISSUE_ATTEMPTS = 3
EN_DASH = "\u2013"


class StatementError(Exception):
    """A request about a statement that cannot be carried out; the message is for people."""


def place_of(session: TrainingSession) -> str:
    if not session.happens_in_a_room:
        return ""
    return ", ".join(part for part in (session.address, session.room) if part)


def facilitator_names(session: TrainingSession) -> list[str]:
    return [
        person.certificate_name or person.display_name or str(person)
        for person in session.facilitators.order_by("pk")
    ]


def valid_statement(session: TrainingSession, person) -> AttendanceStatement | None:
    if not person.is_authenticated:
        return None
    return AttendanceStatement.objects.filter(
        session=session, learner=person, status=AttendanceStatement.Status.VALID
    ).first()


def build_statement(session, record: Attendance, hours, *, name: str) -> AttendanceStatement:
    """An unsaved statement for `record` with every printed value taken now."""
    return AttendanceStatement(
        code=new_certificate_code(),
        learner=record.person,
        session=session,
        attendance=record,
        learner_name=name,
        session_title=session.title,
        session_start=session.start,
        session_end=session.end,
        time_zone=session.time_zone,
        place=place_of(session),
        online=session.happens_online,
        contact_hours=hours,
        organization_name=session.organization.name,
        facilitator_names=facilitator_names(session),
        issuer_name=branding_for(None).issuer_name,
        language=session.language,
    )


@dataclass
class StatementDocument:
    """Every variable the statement's PDF template uses."""

    learner_name: str
    session_title: str
    when: str
    place: str
    online: bool
    contact_hours: str
    hours_count: int
    organization_name: str
    facilitators: str
    issuer_name: str
    code: str
    verify_url: str
    qr_data_uri: str
    logo_url: str = ""
    name_is_long: bool = False
    page_size: str = PageSize.LETTER
    language: str = "en"


def when_text(start: datetime.datetime, end: datetime.datetime, zone_name: str) -> str:
    """'Tuesday, March 3, 2026, 10 a.m. to noon (America/Los_Angeles)', in the active
    language (the times joined by an en dash)."""
    try:
        zone = zoneinfo.ZoneInfo(zone_name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):  # a zone no longer known: say UTC
        zone, zone_name = datetime.UTC, "UTC"
    local_start, local_end = timezone.localtime(start, zone), timezone.localtime(end, zone)
    day = formats.date_format(local_start, "l") + ", " + formats.date_format(local_start)
    times = formats.time_format(local_start) + EN_DASH + formats.time_format(local_end)
    if local_end.date() != local_start.date():
        times += f" ({formats.date_format(local_end)})"
    return f"{day}, {times} ({zone_name})"


def statement_document(statement: AttendanceStatement) -> StatementDocument:
    branding = branding_for(None)
    with translation.override(statement.language):
        return StatementDocument(
            learner_name=statement.learner_name,
            session_title=statement.session_title,
            when=when_text(statement.session_start, statement.session_end, statement.time_zone),
            place=statement.place,
            online=statement.online,
            contact_hours=statement.hours_display,
            hours_count=1 if statement.contact_hours == 1 else 2,
            organization_name=statement.organization_name,
            facilitators=str(get_text_list(statement.facilitator_names, _("and"))),
            issuer_name=statement.issuer_name,
            code=statement.display_code,
            verify_url=verification_url(statement.code),
            qr_data_uri=qr_svg_data_uri(verification_url(statement.code)),
            logo_url=_image_url(branding.logo, LOGO_RENDITION) or static_file_url(DEFAULT_LOGO),
            name_is_long=len(statement.learner_name) > LONG_NAME,
            page_size=branding.page_size,
            language=statement.language,
        )


def _save_with_pdf(statement: AttendanceStatement, written: list[str]) -> AttendanceStatement:
    """The file first, the row last (as certificates do): a crash leaves at most a file."""
    pdf = render_pdf(statement_document(statement), TEMPLATE_NAME)
    name = f"{PDF_FOLDER}/{secrets.token_hex(16)}/{statement.code}.pdf"
    name = default_storage.save(name, ContentFile(pdf))
    written.append(name)
    statement.pdf.name = name
    statement.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    statement.pdf_size = len(pdf)
    statement.template_version = TEMPLATE_VERSION
    with transaction.atomic():
        statement.save(force_insert=True)
    return statement


def _issue_once(session: TrainingSession, person) -> AttendanceStatement | None:
    with _pdf_files() as written, transaction.atomic():
        earned = standalone_credit(session, person)
        if earned is None:
            raise StatementError(
                _("Your attendance at this session does not give a statement of attendance.")
            )
        record, credit = earned
        # Two presses at once queue up here (PostgreSQL); the unique constraint settles it
        # everywhere else.
        Attendance.objects.select_for_update().filter(pk=record.pk).first()
        existing = valid_statement(session, person)
        if existing is not None:
            return existing
        name = person.certificate_name.strip()
        if not name:
            return None
        statement = _save_with_pdf(
            build_statement(session, record, credit.hours, name=name), written
        )
        log(
            statement,
            "certificates.statement_issue",
            user=person,
            data={"code": statement.display_code, "session": statement.session_title},
        )
        transaction.on_commit(partial(announce_statement, statement.pk), robust=True)
        return statement


def issue_statement(session: TrainingSession, person) -> AttendanceStatement | None:
    """`person`'s statement of attendance at `session`, issued now if it is not yet.

    None: they have not given their name for certificates. StatementError: their attendance
    earns none (not closed, part of a course, absent, or not enough of it).
    """
    for _attempt in range(ISSUE_ATTEMPTS):
        try:
            return _issue_once(session, person)
        except IntegrityError:
            existing = valid_statement(session, person)
            if existing is not None:
                return existing
    raise StatementError(_("The statement could not be issued. Please try again."))


def revoke_statement(statement: AttendanceStatement, *, reason: str, by=None) -> None:
    with transaction.atomic():
        updated = AttendanceStatement.objects.filter(
            pk=statement.pk, status=AttendanceStatement.Status.VALID
        ).update(
            status=AttendanceStatement.Status.REVOKED,
            status_changed_at=timezone.now(),
            revocation_reason=reason,
        )
        if updated:
            log(statement, "certificates.statement_revoke", user=by, data={"reason": reason})


def check_after_correction(sender, attendance: Attendance, previous: Attendance, **kwargs):
    """A correction of a record a statement rests on: revoke the statement when the credit it
    printed no longer holds; otherwise it now rests on the corrected record."""
    if attendance.person_id is None:
        return
    statement = (
        AttendanceStatement.objects.filter(
            session_id=attendance.session_id,
            learner_id=attendance.person_id,
            status=AttendanceStatement.Status.VALID,
        )
        .select_related("learner")
        .first()
    )
    if statement is None:
        return
    earned = standalone_credit(attendance.session, statement.learner)
    if earned is None:
        with translation.override(statement.language):
            reason = _("The attendance record was corrected: this session no longer gives credit.")
        revoke_statement(statement, reason=reason, by=attendance.marked_by)
    elif earned[1].hours != statement.contact_hours:
        with translation.override(statement.language):
            reason = _(
                "The attendance record was corrected: the contact hours changed. A new "
                "statement can be issued from the session's page."
            )
        revoke_statement(statement, reason=reason, by=attendance.marked_by)
    else:
        AttendanceStatement.objects.filter(pk=statement.pk).update(attendance=attendance)


def session_page_path(statement: AttendanceStatement) -> str:
    if statement.session_id is None:
        return reverse("certificates:mine")
    return reverse("trainings:detail", args=[statement.session.code])


def announce_statement(statement_id: int) -> None:
    """Email the person that their statement is ready, in their language."""
    statement = (
        AttendanceStatement.objects.select_related("learner", "session")
        .filter(pk=statement_id)
        .first()
    )
    if statement is None or statement.learner is None:
        return
    learner = statement.learner
    if not learner.is_active or not learner.email:
        return
    with translation.override(statement.language):
        verify_url = verification_url(statement.code)
    with in_language_of(learner, fallback=statement.language):
        context = {
            "statement": statement,
            "learner": learner,
            "page_url": absolute_url(session_page_path(statement)),
            "verify_url": verify_url,
        }
        subject = render_to_string("certificates/email/statement_ready_subject.txt", context)
        body = render_to_string("certificates/email/statement_ready_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [learner.email])
