"""Background work. Tasks take ids and load fresh objects; ``queueing`` enqueues them after commit."""

from django_tasks import task

from . import reminders, services


@task()
def issue_certificate_task(enrollment_id: int) -> str | None:
    """Issue the certificate for a completed enrolment; returns its code (None: not yet)."""
    certificate = services.issue_certificate(enrollment_id)
    return certificate.display_code if certificate else None


@task()
def send_expiry_reminders_task() -> dict:
    """The daily job: record expiries and email the 60- and 14-day reminders."""
    return reminders.send_expiry_reminders()
