"""What trainings tells the apps above it; it never imports them, it asks here.

``attendance_corrected`` is sent after the transaction of a correction at a closed session
(``trainings.closing.correct_mark``) commits. sender: the Attendance class; keyword arguments:
``attendance`` (the new, current record) and ``previous`` (the one it replaced). A document
issued on the old record (a statement of attendance) checks whether it still holds.

``SESSION_PAGE_SECTIONS_HOOK``: the Wagtail hook a higher app registers to add a section to a
session's public page for the person looking at it (their statement of attendance):
``fn(request, session) -> HTML`` ("" for nothing).

``ROSTER_ACTIONS_HOOK``: the Wagtail hook a higher app registers to add buttons beside people
on a session's roster (observing a skill): ``fn(request, session, attendances) -> {attendance
code: HTML}``, for the current attendances of people with an account (``person`` loaded), in a
fixed number of queries however many there are. The roster shows it only to people who may
run the session.
"""

from django.dispatch import Signal

attendance_corrected = Signal()

SESSION_PAGE_SECTIONS_HOOK = "trainings_session_page_sections"
ROSTER_ACTIONS_HOOK = "trainings_roster_actions"
