"""Fixtures for the certificates tests: a course, a completed enrolment, issued certificates."""

import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.utils import timezone

from accounts.models import Membership
from certificates import services
from certificates.models import Approval, Certificate
from courses.models import CatalogPage, CourseObjective, CoursePage, Enrollment
from tests.built_once import built_once
from tests.conftest import make_member, make_user

LEARNER_NAME = "Samantha Q. Rivera"


@pytest.fixture(autouse=True)
def _site_url_and_fresh_storage(settings):
    settings.SITE_URL = "https://opendoor.test"
    # A new in-memory storage per test (changing STORAGES resets django's storage handler).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def saved_files(monkeypatch):
    """Names of the files the test writes to the default storage."""
    from django.core.files.storage import InMemoryStorage

    names = []
    real_save = InMemoryStorage.save

    def save(self, name, content, *args, **kwargs):
        names.append(real_save(self, name, content, *args, **kwargs))
        return names[-1]

    monkeypatch.setattr(InMemoryStorage, "save", save)
    return names


def catalog_page() -> CatalogPage:
    """The site's catalog (made by the courses migrations on a real site; made here if not)."""
    catalog = CatalogPage.objects.first()
    if catalog is not None:
        return catalog
    from lms.models import HomePage

    home = HomePage.objects.first()
    catalog = CatalogPage(title="Courses", slug="courses")
    home.add_child(instance=catalog)
    return catalog


def make_course(title: str = "Naloxone basics", **fields) -> CoursePage:
    values = {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": "How to recognise an overdose and give naloxone.",
        "audiences": ["peer"],
        "topics": ["naloxone"],
        "estimated_minutes": 90,
        "contact_hours": Decimal("1.50"),
        "delivery_format": "self_paced",
    }
    values.update(fields)
    course = CoursePage(**values)
    course.objectives = [
        CourseObjective(text="List three signs of an opioid overdose."),
        CourseObjective(text="Demonstrate how to give naloxone nasal spray."),
        CourseObjective(text="Describe what to do while waiting for help."),
    ]
    catalog_page().add_child(instance=course)
    return CoursePage.objects.get(pk=course.pk)


def complete(user, course, *, when: datetime.datetime | None = None) -> Enrollment:
    """An enrolment completed at `when`, without sending the completion signal."""
    enrollment, _ = Enrollment.objects.get_or_create(user=user, course=course)
    enrollment.completed_at = when or timezone.now()
    enrollment.save(update_fields=["completed_at"])
    return enrollment


def issue(user, course, **kwargs) -> Certificate:
    certificate = services.issue_certificate(complete(user, course, **kwargs))
    assert certificate is not None
    return certificate


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def certificate_pdf(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as file:
        return file.read()


@pytest.fixture(scope="module")
def _course_tree(request, django_db_setup, django_db_blocker):
    """The `course` page, built once per module (tests/built_once.py)."""
    yield from built_once(
        request, django_db_blocker, lambda: make_course(certificate_validity_months=24).pk
    )


@pytest.fixture
def course(db, _course_tree) -> CoursePage:
    if _course_tree.value is None:  # a test that cannot share the module's page
        return make_course(certificate_validity_months=24)
    return CoursePage.objects.get(pk=_course_tree.value)


@pytest.fixture
def named_learner(learner):
    learner.certificate_name = LEARNER_NAME
    learner.save(update_fields=["certificate_name"])
    return learner


@pytest.fixture
def enrollment(named_learner, course) -> Enrollment:
    return complete(named_learner, course)


@pytest.fixture
def certificate(enrollment) -> Certificate:
    return services.issue_certificate(enrollment)


@pytest.fixture
def approval(course) -> Approval:
    approval = Approval.objects.create(
        approving_body="NAADAC",
        provider_number="123456",
        statement="This course has been approved by NAADAC as an Approved Education Provider.",
        valid_from=datetime.date(2020, 1, 1),
    )
    approval.courses.add(course)
    return approval


@pytest.fixture
def sharing_manager(named_learner, organization, manager):
    """The manager of an organization the learner shares records with."""
    make_member(named_learner, organization, Membership.Role.MEMBER, shares=True)
    return manager


@pytest.fixture
def site_admin(db):
    from accounts import roles

    return make_user("admin@example.org", group=roles.SITE_ADMINS, display_name="Taylor")
