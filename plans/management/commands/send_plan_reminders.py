"""Daily: email training-plan reminders (14 and 2 days before due, and once when overdue).

Idempotent: each reminder goes out once per course and due date, however often this runs.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from plans.models import PlanReminder
from plans.reminders import send_plan_reminders

LABELS = {
    PlanReminder.Kind.FOURTEEN_DAYS: "14 days before",
    PlanReminder.Kind.TWO_DAYS: "2 days before",
    PlanReminder.Kind.OVERDUE: "overdue",
}


class Command(BaseCommand):
    help = "Email training-plan reminders that are due (safe to run repeatedly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD), e.g. to catch up a missed run.",
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date must be YYYY-MM-DD, not {options['date']!r}."
                ) from error
        result = send_plan_reminders(today)
        for kind, label in LABELS.items():
            self.stdout.write(f"Plan reminders sent ({label}): {result['sent'][kind]}.")
        if result["failed"]:
            self.stdout.write(
                self.style.WARNING(f"Reminders that failed (retried next run): {result['failed']}.")
            )
