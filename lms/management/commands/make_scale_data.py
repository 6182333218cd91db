"""Generate a large data set for the partner pages' benchmark (bench/partners.py).

    manage.py make_scale_data --learners 10000 --orgs 40 [--seed 1] [--reset]

Refuses to run twice: with --reset it first deletes what an earlier run made (organizations
``scale-*``, people ``@scale.example``, the four ``scale-*`` courses and their certificates and
files). Refuses to run unless DEBUG is on, or --force is given (benchmarks on a throw-away
database), so it never fills a production database by mistake.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.scale_data import delete_scale_data, existing_count, make_scale_data


class Command(BaseCommand):
    help = "Create organizations, learners, courses, attempts and certificates for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, default=10_000)
        parser.add_argument("--orgs", type=int, default=40)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset", action="store_true", help="Delete an earlier run's data first."
        )
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, learners, orgs, seed, reset, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Scale data is for development and benchmarks (DEBUG is off). "
                "Use --force on a throw-away database."
            )
        if learners < 1 or orgs < 1:
            raise CommandError("--learners and --orgs must be at least 1.")
        if existing_count():
            if not reset:
                raise CommandError(
                    "Scale data is already there. Run again with --reset to delete it and "
                    "make it again."
                )
            delete_scale_data(log=self.stdout.write)
        started = time.perf_counter()
        made = make_scale_data(learners=learners, orgs=orgs, seed=seed, log=self.stdout.write)
        self.stdout.write(
            f"Done in {time.perf_counter() - started:.1f} s. The largest organization is "
            f"{made['big_organization']} (manager {made['big_organization_manager']}); "
            f"the coalition is {made['coalition']} (manager {made['coalition_manager']})."
        )
