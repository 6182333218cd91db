"""Delete the files of certificates ZIPs past their 7 days. Safe to run as often as you like."""

from django.core.management.base import BaseCommand

from lms.partners.background import delete_expired_exports


class Command(BaseCommand):
    help = "Delete certificates ZIPs prepared for managers once they have expired (7 days)."

    def handle(self, *args, **options):
        deleted = delete_expired_exports()
        self.stdout.write(
            f"Deleted {deleted} expired certificates ZIP file{'s' if deleted != 1 else ''}."
        )
