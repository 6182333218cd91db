"""Load the coached practice set of the motivational-interviewing course (``coaching.seed``).

Idempotent: run it after ``load_curriculum`` as often as you like (``make demo`` does); it makes
the set once and leaves it alone afterwards, so changes made in the CMS stay.
"""

from django.core.management.base import BaseCommand

from coaching.seed import MI_COURSE_SLUG, TITLE, load_mi_practice


class Command(BaseCommand):
    help = "Create the motivational-interviewing course's practice set (once)."

    def handle(self, *args, **options):
        result = load_mi_practice()
        if not result.course_found:
            self.stdout.write(f"No course “{MI_COURSE_SLUG}” yet: run load_curriculum first.")
            return
        if result.set_created:
            self.stdout.write(f"Created the practice set “{TITLE}”.")
        else:
            self.stdout.write("The course already has practice sets; left as they are.")
        for language in result.translations_created:
            self.stdout.write(f"Added its version in “{language}”.")
        if result.terms_created:
            self.stdout.write("Added coaching terms for the course (practice optional).")
