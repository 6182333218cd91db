"""An iCalendar file (RFC 5545) for a session, attached to the emails that give a place.

Written by hand, it is short: one VEVENT with times in UTC (every calendar program converts
them to the reader's zone), text escaped as §3.3.11 says, lines folded at 75 octets (§3.1) and
ended with CRLF. The UID comes from the session's code, so a calendar that imports the file
twice (confirmation, then promotion) keeps one event.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import timezone

from basics.links import absolute_url, site_url

from .models import TrainingSession

MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 writes it: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def utc_stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a character."""
    pieces, current = [], b""
    for character in line:
        encoded = character.encode()
        limit = MAX_LINE_OCTETS if not pieces else MAX_LINE_OCTETS - 1  # a space starts a piece
        if len(current) + len(encoded) > limit:
            pieces.append(current.decode())
            current = b""
        current += encoded
    pieces.append(current.decode())
    return "\r\n ".join(pieces)


def session_location(session: TrainingSession, *, with_link: bool) -> str:
    parts = []
    if session.happens_in_a_room:
        parts += [session.address, session.room]
    if session.happens_online and with_link and session.meeting_link:
        parts.append(session.meeting_link)
    return ", ".join(part for part in parts if part)


def session_ics(session: TrainingSession, *, with_link: bool, now=None) -> str:
    """The calendar file for `session`; `with_link` for people who have a place."""
    page = absolute_url(reverse("trainings:detail", args=[session.code]))
    description = [session.title, page]
    if with_link and session.happens_online and session.meeting_link:
        description.append(session.meeting_link)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Open Door//Live trainings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:session-{session.code}@{urlsplit(site_url()).hostname}",
        f"DTSTAMP:{utc_stamp(now or timezone.now())}",
        f"DTSTART:{utc_stamp(session.start)}",
        f"DTEND:{utc_stamp(session.end)}",
        f"SUMMARY:{escape_text(session.title)}",
        f"DESCRIPTION:{escape_text(chr(10).join(description))}",
        f"URL:{page}",
    ]
    location = session_location(session, with_link=with_link)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    status = "CANCELLED" if session.status == TrainingSession.Status.CANCELLED else "CONFIRMED"
    lines += [f"STATUS:{status}", "END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)
