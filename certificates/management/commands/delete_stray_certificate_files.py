"""Daily: delete certificate PDFs that no certificate refers to (left by a killed worker).

Files younger than an hour are kept, so a certificate being issued meanwhile keeps its PDF.
"""

import datetime

from django.core.management.base import BaseCommand

from certificates.services import delete_stray_pdf_files


class Command(BaseCommand):
    help = "Delete stored certificate PDFs that belong to no certificate (safe to run any time)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=60,
            help="Keep files younger than this (a certificate may be being issued).",
        )

    def handle(self, *args, **options):
        age = datetime.timedelta(minutes=max(0, options["older_than_minutes"]))
        deleted = delete_stray_pdf_files(older_than=age)
        for name in deleted:
            self.stdout.write(f"Deleted {name}")
        self.stdout.write(f"Stray certificate files deleted: {len(deleted)}.")
