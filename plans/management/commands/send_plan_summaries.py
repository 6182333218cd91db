"""Daily: email this month's training-plan summary to the managers who asked for it.

Idempotent: each manager gets one summary per month, however often this runs.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from plans.summary import send_monthly_summaries


class Command(BaseCommand):
    help = "Email the monthly training-plan summaries not yet sent this month (safe to repeat)."

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
        result = send_monthly_summaries(today)
        self.stdout.write(f"Monthly plan summaries sent: {result['sent']}.")
        if result["failed"]:
            self.stdout.write(
                self.style.WARNING(f"Summaries that failed (retried next run): {result['failed']}.")
            )
