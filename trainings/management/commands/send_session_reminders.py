"""Hourly or daily: remind each registered person the day before their session (once each)."""

from django.core.management.base import BaseCommand

from trainings.reminders import send_session_reminders


class Command(BaseCommand):
    help = (
        "Email a reminder to everyone with a place in a session that starts within 24 hours "
        "(once per registration; safe to run any time and twice at once)."
    )

    def handle(self, *args, **options):
        result = send_session_reminders()
        self.stdout.write(
            f"Session reminders sent: {result['sent']}; failed (tried again next run): "
            f"{result['failed']}."
        )
