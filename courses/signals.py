"""Signals other apps listen to. Courses never imports the apps above it; it tells them here."""

from django.dispatch import Signal

# Sent once per enrolment, after the transaction that recorded the completion commits.
# sender: the Enrollment class; keyword arguments: enrollment (with its course and user loaded).
course_completed = Signal()
