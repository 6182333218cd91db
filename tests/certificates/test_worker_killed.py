"""A task worker killed while it makes a certificate does not lose the certificate.

Real processes on PostgreSQL: ``manage.py db_worker`` claims the certificate task and is killed
(SIGKILL) while it waits for the learner's enrolment row, which this test holds locked so the
moment is certain. The task is left "running" and the learner reads "being prepared". Then the
periodic ``manage.py queue_missing_certificates`` marks the task failed and queues the
certificate again, a new worker issues it, and running the job again changes nothing.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, connections, transaction
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from certificates.models import Certificate
from certificates.queueing import queue_certificate
from courses.models import Enrollment

from .conftest import complete

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process needs a database it can share with the test; CI runs this "
        "with DATABASE_URL=postgres://...",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 90


def test_database_url() -> str:
    config = connection.settings_dict
    user = quote(config["USER"] or "", safe="")
    password = f":{quote(str(config['PASSWORD']), safe='')}" if config["PASSWORD"] else ""
    host = config["HOST"] or "localhost"
    port = f":{config['PORT']}" if config["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{config['NAME']}"


test_database_url.__test__ = False  # a helper, not a test


def manage_env(media: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.certificates.worker_settings",
        "DATABASE_URL": test_database_url(),
        "MEDIA_ROOT": str(media),
    }


def manage(media: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=manage_env(media),
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS * 2,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"Timed out waiting for {what}")


def certificate_task():
    return DBTaskResult.objects.get(task_path="certificates.tasks.issue_certificate_task")


@pytest.fixture
def media(settings, tmp_path):
    """The database queue and PDFs on disk, in this process as in the worker's."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


class RowLock:
    """Holds the enrolment's row lock from another connection until released."""

    def __init__(self, enrollment_id: int):
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(enrollment_id,))

    def _hold(self, enrollment_id):
        try:
            with transaction.atomic():
                Enrollment.objects.select_for_update().get(pk=enrollment_id)
                self.taken.set()
                self.release.wait(WAIT_SECONDS)
        finally:
            connections.close_all()

    def __enter__(self):
        self.thread.start()
        assert self.taken.wait(WAIT_SECONDS)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.thread.join(WAIT_SECONDS)


def test_a_certificate_survives_its_worker_being_killed_mid_task(
    client, named_learner, course, media
):
    enrollment = complete(named_learner, course)
    queue_certificate(enrollment.pk)  # what the completion signal does
    assert certificate_task().status == TaskResultStatus.READY

    with RowLock(enrollment.pk):
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=manage_env(media),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(lambda: certificate_task().status == TaskResultStatus.RUNNING, "the claim")
            time.sleep(1)  # the worker is now inside the task, waiting for the row
        finally:
            worker.kill()
            worker.wait(WAIT_SECONDS)

    assert worker.returncode == -9
    assert certificate_task().status == TaskResultStatus.RUNNING  # and no worker will finish it
    assert not Certificate.objects.exists()
    client.force_login(named_learner)
    assert "They are being prepared" in client.get(reverse("my_learning")).content.decode()

    first = manage(
        media,
        "queue_missing_certificates",
        "--stale-after-minutes=0",
        "--completed-before-minutes=0",
    )
    again = manage(
        media,
        "queue_missing_certificates",
        "--stale-after-minutes=0",
        "--completed-before-minutes=0",
    )

    assert "Stale running tasks marked failed: 1." in first
    assert "Certificates queued again: 1." in first
    assert "Stale running tasks marked failed: 0." in again
    assert "Certificates queued again: 0." in again  # the first one is still waiting
    tasks = DBTaskResult.objects.order_by("enqueued_at")
    assert [task.status for task in tasks] == [TaskResultStatus.FAILED, TaskResultStatus.READY]
    assert tasks[0].exception_class_path == "certificates.recovery.WorkerStopped"

    manage(media, "db_worker", "--batch", "--no-startup-delay")

    certificate = Certificate.objects.get(enrollment=enrollment)
    assert (media / certificate.pdf.name).read_bytes().startswith(b"%PDF-")
    page = client.get(reverse("my_learning")).content.decode()
    assert certificate.display_code in page
    assert "They are being prepared" not in page
    download = client.get(reverse("certificates:download", args=[certificate.display_code]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    last = manage(
        media,
        "queue_missing_certificates",
        "--stale-after-minutes=0",
        "--completed-before-minutes=0",
    )
    assert "Stale running tasks marked failed: 0." in last
    assert "Certificates queued again: 0." in last
    assert Certificate.objects.count() == 1
