from django.core.management.base import BaseCommand, CommandError

from courses.curriculum.loader import load_curriculum


class Command(BaseCommand):
    help = (
        "Load Open Door's four courses as published pages: create the missing ones, update those "
        "whose file changed (when no trainer edited them since), and report the rest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--replace",
            action="append",
            default=[],
            metavar="SLUG",
            help="Publish the file's version of this course even over a trainer's edits "
            "(their versions stay in each page's history). Repeat for more courses.",
        )

    def handle(self, *args, **options):
        try:
            report = load_curriculum(replace=frozenset(options["replace"]))
        except LookupError as error:
            raise CommandError(str(error)) from error
        for title in report.created:
            self.stdout.write(f"Created: {title}")
        for title in report.updated:
            self.stdout.write(f"Updated to the new curriculum version: {title}")
        for title in report.unchanged:
            self.stdout.write(f"Unchanged: {title}")
        for note in report.notes:
            self.stdout.write(note)
        for title, note in report.needs_review:
            self.stderr.write(self.style.WARNING(f"NEEDS REVIEW: {title}: {note}"))
        for title, problem in report.failed:
            self.stderr.write(self.style.ERROR(f"Not loaded: {title}: {problem}"))
        if report.failed:
            raise CommandError("Some courses could not be loaded; nothing was changed in them.")
