"""Daily: record expired certificates and email the 60- and 14-day expiry reminders.

Idempotent: each reminder goes out once, however often this runs (twice a day is fine).
"""

from django.core.management.base import BaseCommand

from certificates.reminders import REMINDER_DAYS, send_expiry_reminders


class Command(BaseCommand):
    help = "Record expired certificates and email expiry reminders (safe to run repeatedly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Enqueue the background task instead of running here.",
        )

    def handle(self, *args, **options):
        if options["queue"]:
            from certificates.tasks import send_expiry_reminders_task

            send_expiry_reminders_task.enqueue()
            self.stdout.write("Queued the expiry reminders task.")
            return
        result = send_expiry_reminders()
        self.stdout.write(f"Certificates marked expired: {result['expired']}.")
        for days in REMINDER_DAYS:
            self.stdout.write(f"Reminders sent ({days} days before): {result['sent'][str(days)]}.")
        if result["failed"]:
            self.stdout.write(
                self.style.WARNING(f"Reminders that failed (retried next run): {result['failed']}.")
            )
