"""Signals other apps listen to. Courses never imports the apps above it; it tells them here."""

from django.dispatch import Signal

# Sent once per enrolment, after the transaction that recorded the completion commits.
# sender: the Enrollment class; keyword arguments: enrollment (with its course and user loaded).
course_completed = Signal()

# The Wagtail hook a higher app registers to say, on the page a learner lands on after their
# last required step (the course page, a post-test's result), what they earned:
# ``fn(request, enrollment) -> HTML`` ("" for nothing), called only for a completed enrolment.
COMPLETION_MOMENT_HOOK = "courses_completion_moment"

# The Wagtail hook a higher app registers to add requirements met outside the online course
# (attendance at a live session, an observed skills sign-off): ``fn(pairs) -> list[list[
# RequirementStatus]]``, one list per (course, enrollment or None) pair, in the same order,
# in a fixed number of queries however many pairs. Required ones count toward completion like
# the post-test; give them ``place="alongside"`` (never locked by the lessons). When one becomes
# met, the app calls ``courses.services.records.evaluate_completion`` for the enrolment.
OUTSIDE_REQUIREMENTS_HOOK = "courses_outside_requirements"

# Sent by ``courses.curriculum.loader.load_curriculum`` after it loaded the course files, so an
# app above ``courses`` can load what it keeps about those courses (skills checklists).
# Keyword arguments: catalog, slugs (of the courses in the files read, loaded or not) and report
# (a LoadReport; add lines for people to ``report.notes``).
curriculum_loaded = Signal()

# The Wagtail hook a higher app registers to add a section to a course's assessment report,
# after knowledge gain (coached practice ratings, observed skills): ``fn(request, course) ->
# HTML`` ("" for nothing). No section may name a learner.
COURSE_REPORT_SECTIONS_HOOK = "courses_course_report_sections"
