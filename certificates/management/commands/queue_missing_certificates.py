"""Every few minutes: fail tasks a stopped worker left running; queue missing certificates again.

Safe to run any time and twice at once: a certificate already queued is not queued again, and
issuing is idempotent (certificates.recovery).
"""

import datetime

from django.core.management.base import BaseCommand

from certificates.recovery import (
    QUEUE_AGAIN_AFTER,
    STALE_TASK_AFTER,
    fail_stale_running_tasks,
    queue_missing_certificates,
)


def minutes(delta: datetime.timedelta) -> int:
    return int(delta.total_seconds() // 60)


class Command(BaseCommand):
    help = (
        "Mark background tasks left running by a stopped worker as failed, then queue the "
        "certificate of every completion that still has none."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after-minutes",
            type=int,
            default=minutes(STALE_TASK_AFTER),
            help="A task running longer than this lost its worker (no task takes so long).",
        )
        parser.add_argument(
            "--completed-before-minutes",
            type=int,
            default=minutes(QUEUE_AGAIN_AFTER),
            help="Only completions older than this (a newer one is usually being issued).",
        )

    def handle(self, *args, **options):
        failed = fail_stale_running_tasks(
            older_than=datetime.timedelta(minutes=max(0, options["stale_after_minutes"]))
        )
        queued = queue_missing_certificates(
            completed_before=datetime.timedelta(minutes=max(0, options["completed_before_minutes"]))
        )
        self.stdout.write(f"Stale running tasks marked failed: {failed}.")
        self.stdout.write(f"Certificates queued again: {len(queued)}.")
