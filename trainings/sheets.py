"""Reading a community training's sign-in sheet: typed one person a line, or a CSV file.

Each row is a name, then an optional email and an optional phone, separated by commas. Rows
are checked one by one and every problem is told with its row number, so the person fixing
the sheet finds the line; nothing is recorded while any row has a problem (trainings.
community). A sheet holds at most ``MAX_ROWS`` people: larger ones are split by the person,
who can check each half.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

MAX_ROWS = 500
MAX_FILE_BYTES = 1024 * 1024  # 500 rows of names and addresses take a small part of this
NAME_LENGTH = 200
PHONE_ALLOWED = re.compile(r"^[0-9 +()./-]+$")
HEADER_NAMES = {"name", "names", "nombre", "full name", "participant"}


class SheetUnreadable(Exception):
    """The file is not a CSV text file we can read; the message says what to do."""


@dataclass
class SheetRow:
    number: int  # as the person sees it: the line of the box, or the row of the file
    name: str
    email: str = ""
    phone: str = ""
    errors: list[str] = field(default_factory=list)


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def rows_from_text(text: str) -> list[tuple[int, list[str]]]:
    """The people typed in the box, one a line; empty lines are skipped (and still counted)."""
    return [
        (number, _cells(line))
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _decoded(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetUnreadable(
        _("This file is not a CSV text file. Save the sheet as CSV and try again.")
    )


def rows_from_file(upload) -> list[tuple[int, list[str]]]:
    """The rows of an uploaded CSV file (a first row of column names is skipped)."""
    if upload.size > MAX_FILE_BYTES:
        raise SheetUnreadable(_("This file is larger than 1 MB. A sheet of 500 people is smaller."))
    data = upload.read()
    if b"\x00" in data:
        raise SheetUnreadable(
            _("This file is not a CSV text file. Save the sheet as CSV and try again.")
        )
    text = _decoded(data)
    try:
        rows = [
            (number, cells)
            for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1)
            if any(cell.strip() for cell in cells)
        ]
    except csv.Error as error:
        raise SheetUnreadable(
            _("This file could not be read as CSV (%(problem)s). Save it as CSV and try again.")
            % {"problem": error}
        ) from error
    if rows and rows[0][1] and rows[0][1][0].strip().lower() in HEADER_NAMES:
        rows = rows[1:]
    return rows


def _phone_problem(phone: str) -> str | None:
    digits = sum(character.isdigit() for character in phone)
    if len(phone) > 40 or not PHONE_ALLOWED.match(phone) or not 7 <= digits <= 15:
        return _("“%(phone)s” is not a phone number. Use digits, like 555 123 4567.") % {
            "phone": phone
        }
    return None


def checked_rows(raw_rows: list[tuple[int, list[str]]]) -> list[SheetRow]:
    """Each row read and checked; a row's problems are in its ``errors``."""
    rows = []
    first_row_of = {}
    for number, cells in raw_rows:
        cells = [cell.strip() for cell in cells]
        row = SheetRow(number, *(cells + ["", "", ""])[:3])
        if len(cells) > 3 and any(cells[3:]):
            row.errors.append(
                _("This row has more than three parts. Give a name, an email and a phone only.")
            )
        if not row.name:
            row.errors.append(_("A name is needed."))
        elif len(row.name) > NAME_LENGTH:
            row.errors.append(_("This name is longer than 200 characters."))
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row.errors.append(_("“%(email)s” is not an email address.") % {"email": row.email})
            else:
                key = row.email.lower()
                if key in first_row_of:
                    row.errors.append(
                        _("This email is also on row %(row)s. Each person is listed once.")
                        % {"row": first_row_of[key]}
                    )
                else:
                    first_row_of[key] = number
        if row.phone and (problem := _phone_problem(row.phone)):
            row.errors.append(problem)
        rows.append(row)
    return rows
