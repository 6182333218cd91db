"""Streamed downloads for managers: the training-records CSV and the certificates ZIP.

Both are generators handed to ``StreamingHttpResponse``: rows and files are read in batches
and sent as they are made, so memory does not grow with the number of people. The ZIP stores
the PDFs as they are (they are already compressed) and is written by the standard library's
``zipfile`` to a pipe that cannot seek, so each entry carries a data descriptor; a
``manifest.csv`` inside lists every certificate with its verification address.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from basics.codes import group_code
from basics.spreadsheets import BOM, csv_lines, safe_row
from certificates.models import Certificate
from certificates.models.records import CODE_GROUP
from certificates.rendering import verification_url

from .queries import RecordRow
from .status import CertificateState, TrainingStatus, state_of

READ_CHUNK = 64 * 1024
ZIP_BATCH = 200
MANIFEST_NAME = "manifest.csv"
MANIFEST_IN_MEMORY = 1024 * 1024


def download_name(*parts: str, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return "-".join([slugify(part) for part in parts if part] + [stamp]) + f".{extension}"


def streaming_response(chunks: Iterable, *, content_type: str, filename: str):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # People's records: never cached by a browser or a proxy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Training records ------------------------------------------------------------------------


def record_header() -> list[str]:
    return [
        _("Name"),
        _("Email"),
        _("Role"),
        _("Course"),
        _("Enrolled at"),
        _("Completed at"),
        _("Post-test best score (%)"),
        _("Pre-test score (%)"),
        _("Knowledge gain (points)"),
        _("Contact hours earned"),
        _("Certificate code"),
        _("Status"),
        _("Valid until"),
        _("Verification URL"),
    ]


def record_cells(row: RecordRow) -> list:
    enrollment, certificate = row.enrollment, row.certificate
    completed = enrollment is not None and enrollment.completed_at is not None
    if certificate is not None:
        hours = certificate.contact_hours
    elif completed:
        hours = row.course.contact_hours
    else:
        hours = None
    return [
        row.name,
        row.email,
        row.role,
        row.course.title,
        enrollment.enrolled_at if enrollment else None,
        enrollment.completed_at if enrollment else None,
        row.scores.post_best,
        row.scores.pre,
        row.scores.gain,
        hours,
        certificate.display_code if certificate else None,
        TrainingStatus(row.status).label,
        certificate.valid_until if certificate else None,
        verification_url(certificate.code) if certificate else None,
    ]


def records_csv(rows: Iterable[RecordRow]) -> Iterator[str]:
    return csv_lines(record_header(), (record_cells(row) for row in rows))


# Certificates ZIP --------------------------------------------------------------------------


class _Pipe:
    """Holds what ``zipfile`` writes until the generator passes it on. It cannot seek."""

    def __init__(self):
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


@dataclass(frozen=True)
class ZipItem:
    code: str
    learner_id: int | None
    learner_name: str
    first_name: str
    last_name: str
    email: str
    course_slug: str
    course_title: str
    completion_date: datetime.date
    contact_hours: object
    valid_until: datetime.date | None
    status: str
    pdf: str
    issued_at: datetime.datetime

    @property
    def display_code(self) -> str:
        return group_code(self.code, CODE_GROUP)

    @property
    def file_name(self) -> str:
        """``lastname-firstname-course-code.pdf``, in plain ASCII for every unzip tool."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if not (first or last):
            *given, family = self.learner_name.split() or [""]
            first, last = " ".join(given), family
        parts = [slugify(last), slugify(first), slugify(self.course_slug), self.display_code]
        return "-".join(part for part in parts if part) + ".pdf"

    def state_label(self, today: datetime.date) -> str:
        return CertificateState(state_of(self.status, self.valid_until, today)).label


ZIP_FIELDS = (
    "code",
    "learner_id",
    "learner_name",
    "learner__first_name",
    "learner__last_name",
    "learner__email",
    "course__slug",
    "course_title",
    "completion_date",
    "contact_hours",
    "valid_until",
    "status",
    "pdf",
    "issued_at",
)


def zip_items(certificates: QuerySet[Certificate]) -> Iterator[ZipItem]:
    rows = certificates.values_list(*ZIP_FIELDS).iterator(chunk_size=ZIP_BATCH)
    for row in rows:
        values = dict(zip(ZIP_FIELDS, row, strict=True))
        yield ZipItem(
            code=values["code"],
            learner_id=values["learner_id"],
            learner_name=values["learner_name"],
            first_name=values["learner__first_name"] or "",
            last_name=values["learner__last_name"] or "",
            email=values["learner__email"] or "",
            course_slug=values["course__slug"],
            course_title=values["course_title"],
            completion_date=values["completion_date"],
            contact_hours=values["contact_hours"],
            valid_until=values["valid_until"],
            status=values["status"],
            pdf=values["pdf"],
            issued_at=values["issued_at"],
        )


def manifest_header() -> list[str]:
    return [
        _("File"),
        _("Name on certificate"),
        _("Email"),
        _("Course"),
        _("Certificate code"),
        _("Completion date"),
        _("Contact hours"),
        _("Valid until"),
        _("Status"),
        _("Verification URL"),
        _("Note"),
    ]


def _zip_time(moment: datetime.datetime) -> tuple:
    local = timezone.localtime(moment)
    return max(local.timetuple()[:6], (1980, 1, 1, 0, 0, 0))


def _manifest_row(item: ZipItem, name: str, note: str, today: datetime.date) -> list:
    return [
        name,
        item.learner_name,
        item.email,
        item.course_title,
        item.display_code,
        item.completion_date,
        item.contact_hours,
        item.valid_until,
        item.state_label(today),
        verification_url(item.code),
        note,
    ]


def stream_zip(
    items: Iterable[ZipItem], *, on_item: Callable[[ZipItem], None] | None = None
) -> Iterator[bytes]:
    """The ZIP of every item's PDF (read from storage in 64 KB chunks) plus ``manifest.csv``.

    The manifest is written as the PDFs go by to a temporary file that moves from memory to
    disk past 1 MB, then copied in last: memory stays flat however many certificates there are.
    """
    storage = Certificate._meta.get_field("pdf").storage
    pipe = _Pipe()
    today = timezone.localdate()
    with (
        tempfile.SpooledTemporaryFile(
            max_size=MANIFEST_IN_MEMORY, mode="w+", encoding="utf-8", newline=""
        ) as manifest,
        zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive,
    ):
        writer = csv.writer(manifest)
        manifest.write(BOM)
        writer.writerow(safe_row(manifest_header()))
        for item in items:
            name, note = item.file_name, ""
            try:
                source = storage.open(item.pdf, "rb")
            except FileNotFoundError:
                name, note = "", _("The PDF file is missing; ask Open Door's staff to re-issue it.")
            else:
                info = zipfile.ZipInfo(name, date_time=_zip_time(item.issued_at))
                info.compress_type = zipfile.ZIP_STORED
                with source, archive.open(info, mode="w") as target:
                    while chunk := source.read(READ_CHUNK):
                        target.write(chunk)
                        if data := pipe.take():
                            yield data
            writer.writerow(safe_row(_manifest_row(item, name, note, today)))
            if on_item is not None:
                on_item(item)
            if data := pipe.take():
                yield data
        manifest.seek(0)
        info = zipfile.ZipInfo(MANIFEST_NAME, date_time=_zip_time(timezone.now()))
        with archive.open(info, mode="w") as target:
            while text := manifest.read(READ_CHUNK):
                target.write(text.encode("utf-8"))
                if data := pipe.take():
                    yield data
    if data := pipe.take():
        yield data
