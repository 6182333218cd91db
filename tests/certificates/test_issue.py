"""Issuing: snapshots, idempotency, the completion signal, the name, audit entries, files."""

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from basics.dates import add_months
from certificates import services
from certificates.models import Approval, Certificate, DocumentKind
from courses.models import Enrollment
from courses.signals import course_completed
from tests.certificates.conftest import (
    LEARNER_NAME,
    certificate_pdf,
    complete,
    issue,
    make_course,
)

pytestmark = pytest.mark.django_db


def test_it_snapshots_everything_printed(certificate, course):
    assert certificate.learner_name == LEARNER_NAME
    assert certificate.course_title == "Naloxone basics"
    assert certificate.contact_hours == Decimal("1.50")
    assert certificate.delivery_format == "Self-paced online"
    assert certificate.completion_date == timezone.localdate(certificate.completed_at)
    assert certificate.issuer_name == "Open Door"
    assert certificate.status == Certificate.Status.VALID
    assert certificate.kind == DocumentKind.COMPLETION
    assert certificate.template_version


def test_snapshots_do_not_follow_later_changes_to_the_course_or_name(certificate, course):
    course.title = "Renamed course"
    course.contact_hours = Decimal("9")
    course.save()
    learner = certificate.learner
    learner.certificate_name = "Someone Else"
    learner.save()

    certificate.refresh_from_db()
    assert certificate.course_title == "Naloxone basics"
    assert certificate.contact_hours == Decimal("1.50")
    assert certificate.learner_name == LEARNER_NAME


def test_the_code_is_twelve_crockford_characters_and_not_the_id(certificate):
    assert len(certificate.code) == 12
    assert set(certificate.code) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert certificate.display_code.count("-") == 2
    assert str(certificate.pk) != certificate.code


def test_the_pdf_is_stored_under_a_random_path_with_its_sha256(certificate):
    pdf = certificate_pdf(certificate)
    assert certificate.pdf.name.startswith("certificates/")
    folder = certificate.pdf.name.split("/")[1]
    assert len(folder) == 32 and certificate.code not in folder
    assert certificate.pdf.name.endswith(f"/{certificate.code}.pdf")
    assert certificate.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert certificate.pdf_size == len(pdf)


def test_validity_counts_from_the_completion_date(named_learner):
    course = make_course("Stigma", certificate_validity_months=12)
    when = datetime.datetime(2026, 1, 31, 15, 0, tzinfo=datetime.UTC)
    certificate = issue(named_learner, course, when=when)
    assert certificate.valid_until == datetime.date(2027, 1, 31)


def test_a_course_without_validity_issues_a_certificate_that_never_expires(named_learner):
    certificate = issue(named_learner, make_course("Forever", certificate_validity_months=None))
    assert certificate.valid_until is None


def test_adding_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2024, 2, 29), 12) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 14) == datetime.date(2028, 1, 15)


def test_issuing_twice_returns_the_same_certificate(enrollment):
    first = services.issue_certificate(enrollment)
    second = services.issue_certificate(enrollment)
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_an_unfinished_enrolment_gets_no_certificate(named_learner, course):
    enrollment = Enrollment.objects.create(user=named_learner, course=course)
    assert services.issue_certificate(enrollment) is None
    assert not Certificate.objects.exists()


def test_a_learner_without_a_name_gets_no_certificate_yet(learner, course):
    enrollment = complete(learner, course)
    assert services.issue_certificate(enrollment) is None
    assert not Certificate.objects.exists()


def test_the_completion_signal_issues_the_certificate_after_commit(
    enrollment, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course_completed.send(sender=Enrollment, enrollment=enrollment)
    assert not Certificate.objects.exists()  # nothing before the commit

    for callback in callbacks:
        callback()
    assert Certificate.objects.get().enrollment == enrollment


def test_completing_a_course_for_real_issues_one_certificate(
    named_learner, course, django_capture_on_commit_callbacks
):
    from courses import services as course_services
    from courses.models import LessonPage

    lesson = LessonPage(title="The only lesson", slug="only", body=[("rich_text", "<p>Hi</p>")])
    course.add_child(instance=lesson)
    enrollment, _ = course_services.enrol(named_learner, course)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.complete_lesson(enrollment, lesson)
        course_services.complete_lesson(enrollment, lesson)  # a double click changes nothing

    certificate = Certificate.objects.get()
    assert certificate.learner == named_learner
    assert certificate.completed_at == Enrollment.objects.get().completed_at


def test_the_task_is_idempotent(enrollment):
    from certificates.tasks import issue_certificate_task

    first = issue_certificate_task.enqueue(enrollment.pk)
    second = issue_certificate_task.enqueue(enrollment.pk)
    assert first.return_value == second.return_value
    assert Certificate.objects.count() == 1


def test_issuing_writes_an_audit_entry(certificate):
    entry = ModelLogEntry.objects.get(action="certificates.issue", object_id=str(certificate.pk))
    assert entry.user is None  # issued automatically
    assert entry.data["code"] == certificate.display_code
    assert entry.timestamp is not None


def test_only_approvals_current_on_the_completion_date_are_printed(named_learner, course, approval):
    old = Approval.objects.create(
        approving_body="CCAPP",
        provider_number="OLD-1",
        statement="Expired approval.",
        valid_from=datetime.date(2010, 1, 1),
        valid_until=datetime.date(2011, 1, 1),
    )
    old.courses.add(course)
    certificate = issue(named_learner, course)
    assert certificate.approvals == [
        {
            "body": "NAADAC",
            "provider_number": "123456",
            "statement": approval.statement,
            "language": "en",
        }
    ]


def test_an_approval_asking_for_attendance_wording_decides_the_title(
    named_learner, course, approval
):
    other = Approval.objects.create(
        approving_body="CCCEP",
        statement="Accredited for attendance.",
        kind=DocumentKind.ATTENDANCE,
        valid_from=datetime.date(2020, 1, 1),
    )
    other.courses.add(course)
    assert issue(named_learner, course).kind == DocumentKind.ATTENDANCE


def test_approval_statements_may_not_claim_certification_in_a_method():
    from django.core.exceptions import ValidationError

    from certificates.models import validate_no_certification_claim

    with pytest.raises(ValidationError):
        validate_no_certification_claim(
            "The learner is now certified in Motivational Interviewing."
        )
    validate_no_certification_claim("OASAS Certified Education and Training Provider #0987.")


def test_a_lost_race_returns_the_winners_certificate_and_deletes_its_own_file(
    enrollment, monkeypatch, saved_files
):
    winner = services.issue_certificate(enrollment)
    # Make this worker miss the winner when it checks, so its insert hits the constraint.
    real_existing = services._existing_for
    calls = {"n": 0}

    def miss_once(enrollment):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_existing(enrollment)

    monkeypatch.setattr(services, "_existing_for", miss_once)
    assert services.issue_certificate(enrollment).pk == winner.pk
    assert Certificate.objects.count() == 1
    winner_file, loser_file = saved_files
    assert default_storage.exists(winner_file)
    assert not default_storage.exists(loser_file)


def test_a_failure_after_the_file_is_written_leaves_no_row_and_no_file(
    enrollment, monkeypatch, saved_files
):
    def broken_log(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "log", broken_log)
    with pytest.raises(RuntimeError):
        services.issue_certificate(enrollment)
    assert not Certificate.objects.exists()
    assert len(saved_files) == 1
    assert not default_storage.exists(saved_files[0])


def test_the_database_refuses_a_second_live_certificate_for_one_completion(certificate):
    duplicate = Certificate.objects.get(pk=certificate.pk)
    duplicate.pk = None
    duplicate.code = "0000000000AB"
    with pytest.raises(IntegrityError):
        duplicate.save(force_insert=True)


def test_a_completion_after_a_new_cycle_issues_a_new_certificate(certificate, enrollment):
    # Renewal: when the courses side records a new completion for the enrolment, it is a new
    # completion and gets its own certificate; the first one is left as it was.
    Enrollment.objects.filter(pk=enrollment.pk).update(
        completed_at=enrollment.completed_at + datetime.timedelta(days=700)
    )
    renewed = services.issue_certificate(enrollment.pk)
    assert renewed.pk != certificate.pk
    assert Certificate.objects.filter(status=Certificate.Status.VALID).count() == 2
