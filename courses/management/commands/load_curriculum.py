from django.core.management.base import BaseCommand, CommandError

from courses.curriculum.loader import load_curriculum


class Command(BaseCommand):
    help = "Load Open Door's four courses as published pages. Existing courses are left alone."

    def handle(self, *args, **options):
        try:
            report = load_curriculum()
        except LookupError as error:
            raise CommandError(str(error)) from error
        for title in report.created:
            self.stdout.write(f"Created: {title}")
        for title in report.skipped:
            self.stdout.write(f"Skipped (already in the catalog, not changed): {title}")
