"""Fixtures for the training-plan tests: courses, fast certificates, plans and tags."""

import datetime

import pytest
from django.utils import timezone

from plans.models import MemberTag, PlanItem, TrainingPlan
from tests.built_once import built_once
from tests.certificates.conftest import make_course
from tests.lms.conftest import (  # noqa: F401 (re-exported helpers and fixtures)
    certify,
    coalition,
    coalition_manager,
    enrol,
    person,
)


@pytest.fixture(autouse=True)
def _site_url_and_fresh_storage(settings):
    settings.SITE_URL = "https://opendoor.test"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture(scope="module")
def _course_tree(request, django_db_setup, django_db_blocker):
    yield from built_once(
        request,
        django_db_blocker,
        lambda: (
            make_course("Naloxone basics", certificate_validity_months=24).pk,
            make_course("Anti-stigma practice").pk,
        ),
    )


@pytest.fixture
def courses(db, _course_tree):
    from courses.models import CoursePage

    if _course_tree.value is None:
        return make_course("Naloxone basics", certificate_validity_months=24), make_course(
            "Anti-stigma practice"
        )
    return tuple(CoursePage.objects.get(pk=pk) for pk in _course_tree.value)


@pytest.fixture
def naloxone(courses):
    return courses[0]


@pytest.fixture
def anti_stigma(courses):
    return courses[1]


def make_plan(
    organization,
    courses,
    *,
    name="New staff",
    assign_to="all",
    tags=(),
    members=(),
    due_on=None,
    due_within_days=None,
    recur_months=0,
    active=True,
) -> TrainingPlan:
    if due_on is None and due_within_days is None:
        due_within_days = 30
    plan = TrainingPlan.objects.create(
        organization=organization, name=name, assign_to=assign_to, active=active
    )
    plan.tags.set(tags)
    plan.members.set(members)
    for position, course in enumerate(courses):
        PlanItem.objects.create(
            plan=plan,
            course=course,
            position=position,
            due_on=due_on,
            due_within_days=due_within_days,
            recur_months=recur_months,
        )
    return plan


def make_tag(organization, name, *memberships) -> MemberTag:
    tag = MemberTag.objects.create(organization=organization, name=name)
    tag.memberships.set(memberships)
    return tag


def joined(membership, days_ago: int):
    membership.joined_at = timezone.now() - datetime.timedelta(days=days_ago)
    membership.save(update_fields=["joined_at"])
    return membership
