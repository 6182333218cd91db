"""Listen to the courses app: a completed course gets its certificate, in the background.
And keep verification pages served from the response cache current."""

from django.db.models.signals import post_delete, post_save

from accounts.generations import content_changed, person_changed
from courses import response_cache
from courses.models import Enrollment
from courses.signals import course_completed

# The generation of what verification pages show (``courses.response_cache``).
VERIFICATION = "certificates"


def issue_on_completion(sender, enrollment: Enrollment, **kwargs) -> None:
    # courses sends this after its transaction commits; queue_certificate waits for any
    # transaction still open here, so the task never runs before the completion is visible.
    # (Imported here: the services load the PDF renderer, which start-up does not need.)
    from .services import queue_certificate

    queue_certificate(enrollment.pk)


def connect() -> None:
    course_completed.connect(
        issue_on_completion, sender=Enrollment, dispatch_uid="certificates.issue_on_completion"
    )


def verification_changed(sender=None, **kwargs) -> None:
    content_changed(VERIFICATION)


def updated_without_signal(learner_id) -> None:
    """What a certificate's post_save renews, after an update() that sends none."""
    verification_changed()
    person_changed(learner_id)


def connect_verification_cache() -> None:
    from .models import Certificate

    response_cache.register_generation(VERIFICATION)
    for signal in (post_save, post_delete):
        signal.connect(
            verification_changed, sender=Certificate, dispatch_uid=f"certificates.verify.{signal}"
        )
