"""Work handed to the task worker: issuing a certificate after the transaction commits.

Above ``services`` and ``tasks`` (it imports both; neither imports it), so the worker's tasks
can use the services without an import circle.
"""

from django.db import transaction

from .selectors import completions_without_certificate
from .tasks import issue_certificate_task


def queue_certificate(enrollment_id: int) -> None:
    """Issue the certificate in the background once the current transaction commits."""
    transaction.on_commit(lambda: issue_certificate_task.enqueue(enrollment_id))


def set_certificate_name(user, name: str) -> int:
    """Save the learner's name for certificates, then issue any certificate waiting for it.

    Certificates already issued keep the name they were issued with: fixing one is a
    correction request. Returns how many certificates were queued.
    """
    user.certificate_name = name
    user.save(update_fields=["certificate_name"])
    waiting = list(completions_without_certificate(user).values_list("pk", flat=True))
    for enrollment_id in waiting:
        queue_certificate(enrollment_id)
    return len(waiting)
