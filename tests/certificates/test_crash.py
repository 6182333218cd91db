"""A certificate task that crashes half-way leaves no stray file and no certificate without a PDF.

Each test makes one real step fail once (the storage write, the row insert, the audit entry, the
commit itself, or work after the commit), then checks what is left: every stored file belongs to
a certificate, every certificate's PDF is there and is a PDF, and running the task again issues
exactly one certificate.
"""

import hashlib

import pytest
from django.core.files.storage import InMemoryStorage, default_storage
from django.db import OperationalError, connection
from django_tasks import TaskResultStatus

from certificates import services
from certificates.models import Certificate, NameCorrectionRequest
from certificates.tasks import issue_certificate_task
from tests.certificates.conftest import complete
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


class Crash(Exception):
    """The injected failure (a worker killed by an error half-way)."""


def fail_once(monkeypatch, owner, name, error=None):
    """Make `owner.name` raise `error` on its first call, then behave as before."""
    real = getattr(owner, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise error or Crash(f"{name} failed")
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, failing)
    return calls


def stored_files(folder: str = "") -> set[str]:
    """Every file in the default storage, walked from `folder`."""
    folders, files = default_storage.listdir(folder)
    found = {f"{folder}/{name}".lstrip("/") for name in files}
    for sub in folders:
        found |= stored_files(f"{folder}/{sub}".lstrip("/"))
    return found


def assert_storage_consistent():
    """No file without a certificate; no certificate without its PDF (and it is the right one)."""
    certificates = list(Certificate.objects.all())
    referenced = {certificate.pdf.name for certificate in certificates}
    assert stored_files() == referenced
    for certificate in certificates:
        with default_storage.open(certificate.pdf.name, "rb") as file:
            pdf = file.read()
        assert pdf.startswith(b"%PDF-")
        assert hashlib.sha256(pdf).hexdigest() == certificate.pdf_sha256


def run_task(enrollment):
    return issue_certificate_task.enqueue(enrollment.pk)


def assert_rerun_issues_one(enrollment):
    for _ in range(2):  # a second run (a retried task) must not issue another
        result = run_task(enrollment)
        assert result.status == TaskResultStatus.SUCCESSFUL
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert result.return_value == certificate.display_code
    assert_storage_consistent()
    return certificate


def test_the_storage_failing_before_the_file_is_written_leaves_nothing(enrollment, monkeypatch):
    calls = fail_once(monkeypatch, InMemoryStorage, "save", OSError("disk full"))

    result = run_task(enrollment)

    assert len(calls) == 1
    assert result.status == TaskResultStatus.FAILED
    assert not Certificate.objects.exists()
    assert stored_files() == set()
    assert_rerun_issues_one(enrollment)


def test_a_crash_after_the_pdf_is_written_and_before_the_row_is_saved_removes_the_file(
    enrollment, saved_files, monkeypatch
):
    fail_once(monkeypatch, Certificate, "save")

    result = run_task(enrollment)

    assert result.status == TaskResultStatus.FAILED
    assert len(saved_files) == 1  # the PDF had been stored when the insert failed
    assert not Certificate.objects.exists()
    assert stored_files() == set()
    assert_rerun_issues_one(enrollment)


def test_a_crash_after_the_row_is_inserted_and_before_the_commit_removes_the_file(
    enrollment, monkeypatch
):
    # The audit entry is written after the insert, in the same transaction.
    fail_once(monkeypatch, services, "log")

    result = run_task(enrollment)

    assert result.status == TaskResultStatus.FAILED
    assert not Certificate.objects.exists()
    assert stored_files() == set()
    assert_rerun_issues_one(enrollment)


def test_a_crash_after_the_commit_keeps_the_one_certificate_and_its_pdf(enrollment, monkeypatch):
    # The row and file are stored; the task dies before it can report the code.
    real_issue = services.issue_certificate

    def issue_then_crash(*args, **kwargs):
        real_issue(*args, **kwargs)
        raise Crash("after commit")

    monkeypatch.setattr(services, "issue_certificate", issue_then_crash)

    result = run_task(enrollment)

    assert result.status == TaskResultStatus.FAILED
    first = Certificate.objects.get()
    assert_storage_consistent()
    monkeypatch.setattr(services, "issue_certificate", real_issue)
    again = assert_rerun_issues_one(enrollment)
    assert again.pk == first.pk


def test_a_reissue_whose_outer_transaction_fails_removes_the_new_file(
    certificate, named_learner, site_admin, monkeypatch
):
    correction = services.request_name_correction(certificate, named_learner, "Sam Rivera")
    # The corrected certificate and its PDF are made, then saving the decision fails.
    fail_once(monkeypatch, NameCorrectionRequest, "save")

    with pytest.raises(Crash):
        services.approve_name_correction(correction, by=site_admin)

    assert list(Certificate.objects.all()) == [certificate]
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
    assert_storage_consistent()

    new = services.approve_name_correction(correction, by=site_admin)
    assert new.learner_name == "Sam Rivera"
    assert Certificate.objects.count() == 2
    assert_storage_consistent()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a real COMMIT only happens outside the test's transaction; run on PostgreSQL in CI",
)
@pytest.mark.django_db(transaction=True)
def test_the_database_going_away_at_commit_removes_the_file(enrollment, monkeypatch):
    real_commit = connection._commit
    commits = []

    def commit():
        commits.append(1)
        if len(commits) == 1:
            connection.connection.rollback()  # what the server does with a lost transaction
            raise OperationalError("server closed the connection unexpectedly")
        return real_commit()

    monkeypatch.setattr(connection, "_commit", commit)

    result = run_task(enrollment)

    assert result.status == TaskResultStatus.FAILED
    assert not Certificate.objects.exists()
    assert stored_files() == set()
    assert_rerun_issues_one(enrollment)


def test_a_pdf_left_by_a_killed_worker_is_deleted_by_the_daily_sweep(enrollment, monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    kept = services.issue_certificate(enrollment)
    other = complete(make_user("other@example.org", certificate_name="Pat Doe"), enrollment.course)
    # Killed after storing the PDF, before the row: no clean-up ran.
    monkeypatch.setattr(services, "_delete_files", lambda names: None)
    fail_once(monkeypatch, Certificate, "save", SystemExit("killed"))
    with pytest.raises(SystemExit):
        services.issue_certificate(other)
    monkeypatch.undo()
    (stray,) = stored_files() - {kept.pdf.name}

    assert services.delete_stray_pdf_files() == []  # too recent: it could be mid-issue
    output = StringIO()
    call_command("delete_stray_certificate_files", "--older-than-minutes", "0", stdout=output)

    assert f"Deleted {stray}" in output.getvalue()
    assert stored_files() == {kept.pdf.name}
    assert_storage_consistent()
    assert_rerun_issues_one(other)
