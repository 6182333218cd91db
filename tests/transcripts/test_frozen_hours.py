"""Hours are kept as they were at completion: a certificate records the course's hours by
category and format when it is issued, and the hours page and the transcript read them from
there, so a trainer editing the course later changes no past learner's hours. Existing
certificates were filled by the migration from their course's rows of that day."""

import importlib
import io
from decimal import Decimal

import pypdf
import pytest
from django.apps import apps as django_apps

from certificates.models import Certificate
from courses.models import CourseHours, HoursCategory
from tests.lms.conftest import certify
from transcripts import issuing

from .conftest import (
    CALMHSA,
    category_rows,
    choose,
    course_with_hours,
    days_ago,
    hours_page,
    track_section,
)
from .conftest import track as track_named

pytestmark = pytest.mark.django_db

fill_migration = importlib.import_module(
    "certificates.migrations.0008_certificate_hours_by_category"
)


def text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def trainer_rewrites_the_hours(course):
    """What a trainer's later edit does to the course: other hours, another category, other
    total."""
    course.hours_by_category.all().delete()
    CourseHours.objects.create(
        course=course,
        category=HoursCategory.objects.get(name="Harm reduction"),
        format="in_person",
        hours=Decimal("4"),
    )
    course.contact_hours = Decimal("4")
    course.save_revision().publish()


def test_editing_the_course_after_completion_leaves_the_learners_hours_alone(client, learner):
    learner.certificate_name = "Sam Rivera"
    learner.save(update_fields=["certificate_name"])
    course = course_with_hours("Peer law and ethics", "2", [("Law and ethics", "online", "1.5")])
    certify(learner, course, completed_at=days_ago(20))
    client.force_login(learner)
    choose(client, track_named(CALMHSA))
    before = category_rows(track_section(hours_page(client), CALMHSA))

    trainer_rewrites_the_hours(course)

    page = hours_page(client)
    assert category_rows(track_section(page, CALMHSA)) == before
    rows = category_rows(track_section(page, CALMHSA))
    assert rows["Law and ethics"][1].startswith("1.5")  # "You have"
    assert "Law and ethics (Online): 1.5" in page.get_text(" ")
    assert "Harm reduction (In person)" not in page.get_text(" ")
    text = text_of(issuing.issue_transcript(learner, "en").pdf.open("rb").read())
    assert "Law and ethics (Online): 1.5" in text
    assert "Total contact hours: 2" in text
    assert "Harm reduction (In person)" not in text


def test_a_new_completion_after_the_edit_gets_the_new_hours(learner):
    other = course_with_hours("Naloxone", "2", [("Law and ethics", "online", "2")])
    trainer_rewrites_the_hours(other)

    certificate = certify(learner, other)

    assert certificate.hours_by_category == [
        {
            "category": HoursCategory.objects.get(name="Harm reduction").pk,
            "name": "Harm reduction",
            "format": "in_person",
            "hours": "4",
        }
    ]


def test_the_migration_fills_existing_certificates_from_the_courses_rows(learner):
    course = course_with_hours(
        "Peer law and ethics",
        "3",
        [("Law and ethics", "online", "1.5"), ("HIV/hepatitis", "in_person", "0.75")],
    )
    plain = course_with_hours("No categories", "1")
    issued_before = certify(learner, course)
    without_rows = certify(learner, plain)
    Certificate.objects.update(hours_by_category=[])  # as every certificate was before

    fill_migration.fill_from_current_rows(django_apps, None)

    issued_before.refresh_from_db()
    assert [
        (row["name"], row["format"], row["hours"]) for row in issued_before.hours_by_category
    ] == [
        ("Law and ethics", "online", "1.5"),
        ("HIV/hepatitis", "in_person", "0.75"),
    ]
    without_rows.refresh_from_db()
    assert without_rows.hours_by_category == []
