"""Signals other apps listen to. Courses never imports the apps above it; it tells them here."""

from django.dispatch import Signal

# Sent once per enrolment, after the transaction that recorded the completion commits.
# sender: the Enrollment class; keyword arguments: enrollment (with its course and user loaded).
course_completed = Signal()

# The Wagtail hook a higher app registers to say, on the page a learner lands on after their
# last required step (the course page, a post-test's result), what they earned:
# ``fn(request, enrollment) -> HTML`` ("" for nothing), called only for a completed enrolment.
COMPLETION_MOMENT_HOOK = "courses_completion_moment"
