"""What trainings tells the apps above it; it never imports them.

``attendance_corrected`` is sent after the transaction of a correction at a closed session
(``trainings.closing.correct_mark``) commits. sender: the Attendance class; keyword arguments:
``attendance`` (the new, current record) and ``previous`` (the one it replaced). A document
issued on the old record (a statement of attendance) checks whether it still holds.

``SESSION_PAGE_SECTIONS_HOOK``: the Wagtail hook a higher app registers to add a section to a
session's public page for the person looking at it (their statement of attendance):
``fn(request, session) -> HTML`` ("" for nothing).
"""

from django.dispatch import Signal

attendance_corrected = Signal()

SESSION_PAGE_SECTIONS_HOOK = "trainings_session_page_sections"
