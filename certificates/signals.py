"""Listen to the apps below: a completed course gets its certificate, in the background; a
corrected attendance record checks the statement of attendance issued on it."""

from courses.models import Enrollment
from courses.signals import course_completed


def issue_on_completion(sender, enrollment: Enrollment, **kwargs) -> None:
    # courses sends this after its transaction commits; queue_certificate waits for any
    # transaction still open here, so the task never runs before the completion is visible.
    # (Imported here: the services load the PDF renderer, which start-up does not need.)
    from .queueing import queue_certificate

    queue_certificate(enrollment.pk)


def check_statement_after_correction(sender, **kwargs) -> None:
    from .statements import check_after_correction

    check_after_correction(sender, **kwargs)


def connect() -> None:
    from trainings.models import Attendance
    from trainings.signals import attendance_corrected

    attendance_corrected.connect(
        check_statement_after_correction,
        sender=Attendance,
        dispatch_uid="certificates.check_statement_after_correction",
    )
    course_completed.connect(
        issue_on_completion, sender=Enrollment, dispatch_uid="certificates.issue_on_completion"
    )


# The Wagtail hook a higher app registers so the public verification form finds its own codes
# too (transcripts): ``fn(code) -> URL or None``, called with a well-formed code (12 letters
# and numbers, no dashes) that is no certificate's; the form sends the visitor to the first URL
# given, else says it knows no such code.
VERIFY_LOOKUP_HOOK = "certificates_verify_lookup"
