"""List, for each organization, how many of its records are older than its retention period
(R13; 6 years unless its managers chose otherwise).

A dry run, always: it changes nothing. Removing records is a decision for people (certificates
stay verifiable by their holders whatever an organization keeps), so this only says what is
there.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Organization
from plans.models import retention_years
from plans.retention import past_retention


class Command(BaseCommand):
    help = "List records past each organization's retention period (changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD).")
        parser.add_argument("--organization", help="Only this organization (its slug).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"--date must be YYYY-MM-DD, not {options['date']!r}."
                ) from error
        organizations = Organization.objects.order_by("slug")
        if options["organization"]:
            organizations = organizations.filter(slug=options["organization"])
            if not organizations.exists():
                raise CommandError(f"No organization with the slug {options['organization']!r}.")
        self.stdout.write("Dry run: nothing is changed or deleted.")
        for organization in organizations:
            found = past_retention(organization, retention_years(organization), today)
            figures = ", ".join(f"{name} {count}" for name, count in found.counts.items())
            self.stdout.write(
                f"{organization.slug}: kept {found.years} years; before "
                f"{found.cutoff.isoformat()}: {figures}."
            )
