"""Fixtures for the partner pages: a coalition, its manager, site staff, fast certificates."""

import datetime
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts import roles
from accounts.models import Membership, Organization
from certificates.models import Certificate
from certificates.services import build_certificate, pdf_storage_name
from courses.models import CoursePage, Enrollment
from lms.pdf_placeholder import placeholder_pdf
from tests.built_once import built_once
from tests.certificates.conftest import make_course
from tests.conftest import make_member, make_user


@pytest.fixture(autouse=True)
def _site_url_and_fresh_storage(settings):
    settings.SITE_URL = "https://opendoor.test"
    # A new in-memory storage per test (changing STORAGES resets django's storage handler).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def coalition(organization, other_organization):
    coalition = Organization.objects.create(
        name="River Valley Coalition", slug="river-valley", kind=Organization.Kind.COALITION
    )
    organization.coalitions.add(coalition)
    other_organization.coalitions.add(coalition)
    return coalition


@pytest.fixture
def coalition_manager(coalition):
    user = make_user("coalition-lead@example.org", display_name="Robin")
    make_member(user, coalition, Membership.Role.MANAGER)
    return user


@pytest.fixture
def site_admin(db):
    return make_user("admin@example.org", group=roles.SITE_ADMINS, display_name="Taylor")


def person(email: str, organization=None, *, shares=True, first="", last="", **fields):
    """A learner with a name for certificates, optionally a member of `organization`."""
    fields.setdefault("certificate_name", f"{first} {last}".strip() or email.split("@")[0])
    user = make_user(email, first_name=first, last_name=last, **fields)
    if organization is not None:
        make_member(user, organization, shares=shares)
    return user


def enrol(user, course, *, completed_at=None, enrolled_at=None) -> Enrollment:
    enrollment, _ = Enrollment.objects.get_or_create(user=user, course=course)
    enrollment.enrolled_at = enrolled_at or (completed_at or timezone.now()) - datetime.timedelta(
        days=3
    )
    enrollment.completed_at = completed_at
    enrollment.save()
    return enrollment


def certify(
    user, course, *, completed_at=None, issued_at=None, valid_until="default", status=None
) -> Certificate:
    """A stored certificate for `user` in `course`, with a small PDF (no WeasyPrint: fast)."""
    completed_at = completed_at or timezone.now()
    enrollment = enrol(user, course, completed_at=completed_at)
    certificate = build_certificate(enrollment, name=user.certificate_name, now=issued_at)
    if valid_until != "default":
        certificate.valid_until = valid_until
    if status:
        certificate.status = status
        if status == Certificate.Status.REVOKED:
            certificate.revocation_reason = "Issued by mistake."
    pdf = placeholder_pdf(f"{certificate.learner_name} - {certificate.course_title}")
    certificate.pdf.name = default_storage.save(
        pdf_storage_name(certificate.code), ContentFile(pdf)
    )
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf_size = len(pdf)
    certificate.template_version = "test"
    certificate.save(force_insert=True)
    return certificate


@pytest.fixture(scope="module")
def _course_tree(request, django_db_setup, django_db_blocker):
    """The `course` page, built once per module (tests/built_once.py)."""
    yield from built_once(
        request,
        django_db_blocker,
        lambda: make_course("Naloxone basics", certificate_validity_months=24).pk,
    )


@pytest.fixture
def course(db, _course_tree) -> CoursePage:
    if _course_tree.value is None:  # a test that cannot share the module's page
        return make_course("Naloxone basics", certificate_validity_months=24)
    return CoursePage.objects.get(pk=_course_tree.value)


@pytest.fixture
def second_course(db):
    return make_course("Motivational interviewing", contact_hours="3.00")
