"""The compliance table as CSV and as XLSX, with the same rows and the same guard.

Every text cell goes through ``basics.spreadsheets`` (``escape_formula``): a member named
``=HYPERLINK(…)`` stays text in Excel, LibreOffice and Google Sheets. The XLSX is written by
openpyxl's write-only mode, which keeps one row in memory at a time and spools the sheet to a
temporary file, so 10,000 rows cost no more memory than ten.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from basics.spreadsheets import csv_lines, escape_formula, safe_cell

from .compliance import ComplianceRow
from .models import PlanItem, TrainingPlan
from .services import Status

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header(items: list[PlanItem]) -> list[str]:
    columns = [_("Name"), _("Email")]
    for item in items:
        columns += [item.title, _("Due on (%(course)s)") % {"course": item.title}]
    return columns


def cells(row: ComplianceRow, items: list[PlanItem]) -> list:
    values = [row.name, row.email]
    if not row.shares:
        for _item in items:
            values += [str(Status.LABELS[Status.NOT_SHARED]), None]
        return values
    for status in row.statuses:
        values += [str(status.label), status.due_on]
    return values


def filename(plan: TrainingPlan, extension: str) -> str:
    parts = [plan.organization.slug, "plan", slugify(plan.name) or plan.code]
    return "-".join([*parts, timezone.localdate().isoformat()]) + f".{extension}"


def _private(response):
    # People's records: never cached by a browser or a proxy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(plan, items, rows: list[ComplianceRow]) -> StreamingHttpResponse:
    lines = csv_lines(header(items), (cells(row, items) for row in rows))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(plan, "csv")}"'
    return _private(response)


def xlsx_cell(value):
    """Dates stay dates (Excel sorts them); text is guarded as in the CSV."""
    if isinstance(value, str):
        return escape_formula(value)
    if value is None or hasattr(value, "isoformat"):
        return value
    return safe_cell(value)


def xlsx_rows(items, rows) -> Iterator[list]:
    yield [xlsx_cell(value) for value in header(items)]
    for row in rows:
        yield [xlsx_cell(value) for value in cells(row, items)]


def xlsx_response(plan, items, rows: list[ComplianceRow]) -> FileResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Compliance")[:31])
    for values in xlsx_rows(items, rows):
        sheet.append(values)
    # Spooled: small files stay in memory, large ones go to disk as they are written.
    # FileResponse closes it once sent.
    output = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename=filename(plan, "xlsx"), content_type=XLSX_TYPE
    )
    return _private(response)
