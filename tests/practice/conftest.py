"""A small course with a required skills checklist, a learner in an organization, and the
people who may or may not observe them."""

import pytest
from django.test import Client

from accounts.models import Membership
from courses import services as course_services
from courses.models import CatalogPage, CoursePage
from practice.models import ChecklistItem, ObservationRequest, SkillsChecklist
from tests.built_once import built_once
from tests.conftest import make_member, make_user, sign_in_with_mfa
from tests.courses.conftest import make_course

LEARNER_NAME = "Samantha Q. Rivera"
STEPS = [
    ("Checks if the person responds", True),
    ("Gives the nasal spray correctly", True),
    ("Places the person in the recovery position", False),
]


@pytest.fixture(autouse=True)
def _site_url_and_fresh_storage(settings):
    settings.SITE_URL = "https://opendoor.test"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def make_checklist(course, *, required=True, title="Naloxone demonstration") -> SkillsChecklist:
    checklist = SkillsChecklist(course=course, title=title, required=required)
    checklist.items = [
        ChecklistItem(step=step, done_looks_like=f"Done well: {step.lower()}.", critical=critical)
        for step, critical in STEPS
    ]
    checklist.save()
    return checklist


@pytest.fixture(scope="module")
def _practice_tree(request, django_db_setup, django_db_blocker):
    yield from built_once(
        request,
        django_db_blocker,
        lambda: make_course(CatalogPage.objects.get(), "Naloxone practice", lessons=2).pk,
    )


@pytest.fixture
def course(db, _practice_tree) -> CoursePage:
    if _practice_tree.value is None:
        return make_course(CatalogPage.objects.get(), "Naloxone practice", lessons=2)
    return CoursePage.objects.get(pk=_practice_tree.value)


@pytest.fixture
def checklist(course) -> SkillsChecklist:
    return make_checklist(course)


@pytest.fixture
def learner_in_org(learner, organization):
    learner.certificate_name = LEARNER_NAME
    learner.save(update_fields=["certificate_name"])
    make_member(learner, organization)
    return learner


@pytest.fixture
def enrollment(learner_in_org, course):
    enrollment, _created = course_services.enrol(learner_in_org, course)
    return enrollment


def finish_online_part(enrollment) -> None:
    for lesson in enrollment.course.live_lessons():
        course_services.complete_lesson(enrollment, lesson)
    enrollment.refresh_from_db()


@pytest.fixture
def facilitator(organization):
    user = make_user(
        "facilitator@example.org", display_name="Lee", first_name="Lee", last_name="Okafor"
    )
    make_member(user, organization, Membership.Role.FACILITATOR)
    return user


@pytest.fixture
def other_facilitator(other_organization):
    user = make_user("other-facilitator@example.org", display_name="Robin")
    make_member(user, other_organization, Membership.Role.FACILITATOR)
    return user


@pytest.fixture
def show_request(enrollment, checklist) -> ObservationRequest:
    from practice.services import request_observation

    return request_observation(enrollment, checklist)


def with_mfa(user) -> Client:
    return sign_in_with_mfa(Client(), user)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def marks_form(checklist, results: dict[int, str] | None = None, place="Riverside, group room"):
    """POST data for the observer's form: every step done unless `results` says otherwise."""
    data = {"place": place}
    for position, item in enumerate(checklist.items.all()):
        data[f"result_{item.pk}"] = (results or {}).get(position, "done")
        data[f"comment_{item.pk}"] = ""
    return data
