"""A coalition's live and community trainings: sessions its member organizations held in the
quarter, people registered and people who attended, and naloxone kits handed out.

Sessions and kits are about trainings, not people, and are shown as they are; registered and
attended are counts of people, so they go through the same small-cell suppression as the
other coalition figures (suppression.py), along the column of organizations. Nobody is named.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from trainings.reports import held_sessions

from .suppression import Figure, count, protect


@dataclass
class SessionRow:
    label: str
    sessions: int
    registered: Figure
    attended: Figure
    kits: int


def session_figures(coalition, period) -> tuple[list[SessionRow], SessionRow]:
    """One row per member organization, and the total, for `period` (a coalition.Period)."""
    start, end = period.bounds()
    organizations = list(coalition.member_organizations.order_by("name"))
    sums = {organization.pk: [0, 0, 0, 0] for organization in organizations}
    for session in held_sessions(organizations, since=start, until=end).order_by():
        row = sums[session.organization_id]
        row[0] += 1
        row[1] += session.registered_count
        row[2] += session.attended_count
        row[3] += session.kits
    rows = [
        SessionRow(organization.name, sums[organization.pk][0], *_people(sums[organization.pk]))
        for organization in organizations
    ]
    for measure in ("registered", "attended"):
        protect([getattr(row, measure) for row in rows])
    totals = [sum(values[index] for values in sums.values()) for index in range(4)]
    total = SessionRow("total", totals[0], *_people(totals))
    return rows, total


def _people(values) -> tuple[Figure, Figure, int]:
    return count(values[1]), count(values[2]), values[3]


def csv_header(base: list[str]) -> list[str]:
    """The coalition CSV's columns, with the sessions' own after the certificate figures'."""
    return [
        *base,
        _("Sessions held"),
        _("Registered"),
        _("Attended"),
        _("Naloxone kits handed out"),
    ]


def csv_rows(figure_rows, rows: list[SessionRow], total: SessionRow):
    """The certificate figures' rows (their session columns empty), then one row per member
    organization and the total for the sessions, hidden cells as on the page."""
    width = None
    for row in figure_rows:
        width = len(row)
        yield [*row, "", "", "", ""]
    blank = [""] * ((width or 6) - 2)
    table = _("Live and community trainings")
    for row in [*rows, total]:
        label = _("Total") if row is total else row.label
        yield [table, label, *blank, row.sessions, row.registered.text, row.attended.text, row.kits]
