"""Certificates a stopped worker left unmade: found, and queued again.

A task worker killed half-way through a certificate (or exiting when the database goes away,
as ``db_worker`` does) leaves its task marked running, and no worker picks it up again. Issuing
is idempotent (``services.issue_certificate``), so the fix is to ask again:

- :func:`fail_stale_running_tasks` marks tasks that have been running far longer than any task
  takes as failed (django-tasks-db's own ``DBTaskResult.set_failed``), so the queue tells the
  truth and nothing waits on them;
- :func:`queue_missing_certificates` queues the certificate of every completion that has none
  a few minutes after it was completed, unless one is already queued or running.

``manage.py queue_missing_certificates`` runs both (every few minutes, from cron or a systemd
timer; docs/operations.md). A learner can also ask again from their page a while after
completing (``selectors.completions_without_certificate`` says when; ``views.ask_again``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends

from .queueing import queue_certificate
from .selectors import completions_without_certificate
from .tasks import issue_certificate_task

STALE_TASK_AFTER = datetime.timedelta(minutes=30)
QUEUE_AGAIN_AFTER = datetime.timedelta(minutes=5)


class WorkerStopped(Exception):
    """Recorded on a task whose worker stopped before finishing it."""


def uses_database_queue() -> bool:
    from django_tasks_db import DatabaseBackend

    return isinstance(task_backends["default"], DatabaseBackend)


def fail_stale_running_tasks(*, older_than: datetime.timedelta = STALE_TASK_AFTER) -> int:
    """Mark tasks running for longer than `older_than` as failed; returns how many."""
    if not uses_database_queue():
        return 0  # tasks run at once: none can be left running
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - older_than
    failed = 0
    for pk in (
        DBTaskResult.objects.running().filter(started_at__lt=cutoff).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            # Locked, and still running: two sweeps at once fail each task once.
            task = (
                DBTaskResult.objects.running()
                .select_for_update(skip_locked=True)
                .filter(pk=pk)
                .first()
            )
            if task is not None:
                task.set_failed(
                    WorkerStopped(
                        f"Still running after {older_than}: its worker stopped. "
                        "Certificates are queued again by queue_missing_certificates."
                    )
                )
                failed += 1
    return failed


def enrollments_with_certificate_queued() -> set[int]:
    """Enrolments whose certificate task is waiting or running in the database queue."""
    if not uses_database_queue():
        return set()
    from django_tasks_db.models import DBTaskResult

    pending = DBTaskResult.objects.filter(
        task_path=issue_certificate_task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).values_list("args_kwargs", flat=True)
    return {value["args"][0] for value in pending if value.get("args")}


def queue_missing_certificates(
    *, completed_before: datetime.timedelta = QUEUE_AGAIN_AFTER
) -> list[int]:
    """Queue the certificate of each completion older than `completed_before` that has none.

    Skips learners who have not given their name for certificates (their page asks for it;
    saving it queues them) and completions already queued. Returns the enrolment ids queued.
    """
    cutoff = timezone.now() - completed_before
    waiting = (
        completions_without_certificate()
        .filter(completed_at__lt=cutoff)
        .exclude(user__certificate_name="")
        .values_list("pk", flat=True)
    )
    already = enrollments_with_certificate_queued()
    queued = [pk for pk in waiting if pk not in already]
    for enrollment_id in queued:
        queue_certificate(enrollment_id)
    return queued
