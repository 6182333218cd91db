"""Listen to the courses app: a completed course gets its certificate, in the background."""

from courses.models import Enrollment
from courses.signals import course_completed


def issue_on_completion(sender, enrollment: Enrollment, **kwargs) -> None:
    # courses sends this after its transaction commits; queue_certificate waits for any
    # transaction still open here, so the task never runs before the completion is visible.
    # (Imported here: the services load the PDF renderer, which start-up does not need.)
    from .queueing import queue_certificate

    queue_certificate(enrollment.pk)


def connect() -> None:
    course_completed.connect(
        issue_on_completion, sender=Enrollment, dispatch_uid="certificates.issue_on_completion"
    )
