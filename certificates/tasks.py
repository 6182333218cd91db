"""Background work. Tasks take ids and load fresh objects; they are enqueued after commit."""

from django_tasks import task


@task()
def issue_certificate_task(enrollment_id: int) -> str | None:
    """Issue the certificate for a completed enrolment; returns its code (None: not yet)."""
    from .services import issue_certificate

    certificate = issue_certificate(enrollment_id)
    return certificate.display_code if certificate else None


@task()
def send_expiry_reminders_task() -> dict:
    """The daily job: record expiries and email the 60- and 14-day reminders."""
    from .reminders import send_expiry_reminders

    return send_expiry_reminders()
