"""Settings for the real task worker that tests/certificates/test_worker_killed.py starts.

The suite's own settings, but with the database queue (as in production) and certificate
PDFs on disk in MEDIA_ROOT, so the test process and the worker process see the same files.
"""

from lms.settings.test import *  # noqa: F403
from lms.settings.test import STORAGES

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
