"""A required skills checklist is a course step ("Skills sign-off"): the course is not complete,
and no certificate is issued, until an observer signs it off; the certificate then prints who
observed it and when, and the verification page says so."""

import io

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from certificates.models import Certificate
from practice.requirements import skills_requirements
from tests.courses.conftest import make_course

from .conftest import finish_online_part, make_checklist, marks_form, signed_in, with_mfa

pytestmark = pytest.mark.django_db


def observe(observer_client, learner_client, checklist, results=None):
    from practice.models import ObservationRequest

    learner_client.post(reverse("practice:new_code", args=[checklist.code]))
    code = ObservationRequest.objects.get(checklist=checklist).show_code
    opened = observer_client.post(reverse("practice:enter_code"), {"code": code})
    return observer_client.post(opened["Location"], marks_form(checklist, results))


def pdf_text(certificate) -> str:
    with certificate.pdf.open("rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_no_certificate_without_the_sign_off_and_one_after_it(
    enrollment, checklist, facilitator, client, django_capture_on_commit_callbacks
):
    finish_online_part(enrollment)
    assert enrollment.completed_at is None
    assert not Certificate.objects.exists()

    learner = signed_in(enrollment.user)
    course_page = learner.get(enrollment.course.url).content.decode()
    assert "Continue: Skills sign-off: Naloxone demonstration" in course_page
    assert reverse("practice:checklist", args=[checklist.code]) in course_page

    observer = with_mfa(facilitator)
    observe(observer, learner, checklist, {0: "needs_practice"})
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    assert not Certificate.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        observe(observer, learner, checklist)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    certificate = Certificate.objects.get(enrollment=enrollment)
    day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    line = f"Skills observed: Naloxone demonstration by Lee Okafor, {day}"
    assert line in " ".join(pdf_text(certificate).split())

    verify = client.get(reverse("certificates:verify", args=[certificate.display_code]))
    assert line in verify.content.decode()


def test_a_sign_off_before_the_lessons_waits_for_them(
    enrollment, checklist, trainer, django_capture_on_commit_callbacks
):
    learner = signed_in(enrollment.user)
    observe(with_mfa(trainer), learner, checklist)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None  # the lessons are not done yet

    with django_capture_on_commit_callbacks(execute=True):
        finish_online_part(enrollment)
    assert enrollment.completed_at is not None
    certificate = Certificate.objects.get(enrollment=enrollment)
    # The trainer has no name for certificates or full name: their display name is printed.
    assert certificate.observed_skills == [
        {
            "checklist": "Naloxone demonstration",
            "translation_key": str(checklist.translation_key),
            "observer": "Casey",
            "date": timezone.localdate().isoformat(),
        }
    ]


def test_an_optional_checklist_is_listed_and_does_not_hold_the_certificate(
    enrollment, course, django_capture_on_commit_callbacks
):
    make_checklist(course, required=False)
    learner = signed_in(enrollment.user)
    outline = learner.get(course.url).content.decode()
    assert "Skills sign-off: Naloxone demonstration (optional)" in outline
    with django_capture_on_commit_callbacks(execute=True):
        finish_online_part(enrollment)
    assert enrollment.completed_at is not None
    assert Certificate.objects.get(enrollment=enrollment).observed_skills == []


def test_courses_without_a_checklist_get_no_step(enrollment):
    learner = signed_in(enrollment.user)
    assert "Skills sign-off" not in learner.get(enrollment.course.url).content.decode()
    finish_online_part(enrollment)
    assert enrollment.completed_at is not None


def test_the_step_costs_a_fixed_number_of_queries(
    course, checklist, enrollment, catalog_with_more_courses
):
    from courses.models import Enrollment

    pairs_one = [(course, enrollment)]
    pairs_many = pairs_one + [
        (other, Enrollment.objects.create(user=enrollment.user, course=other))
        for other in catalog_with_more_courses
    ]
    skills_requirements(pairs_one)  # fills the cache of which courses have checklists
    with CaptureQueriesContext(connection) as one:
        skills_requirements(pairs_one)
    with CaptureQueriesContext(connection) as many:
        statuses = skills_requirements(pairs_many)
    assert len(one) == len(many) == 1
    assert [len(found) for found in statuses] == [1, 1, 0]
    without_checklist = pairs_many[2]
    with CaptureQueriesContext(connection) as none:
        assert skills_requirements([without_checklist]) == [[]]
    assert len(none) == 0  # a course without a checklist costs nothing


@pytest.fixture
def catalog_with_more_courses(course):
    from courses.models import CatalogPage

    catalog = CatalogPage.objects.get()
    with_checklist = make_course(catalog, "Rescue breathing", lessons=1)
    make_checklist(with_checklist, title="Rescue breaths")
    without = make_course(catalog, "Test strips", lessons=1)
    return [with_checklist, without]
