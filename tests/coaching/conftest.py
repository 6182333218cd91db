"""A course with a small practice set, its coaching terms and a trainer who coaches it."""

import pytest
from django.test import Client

from coaching.models import (
    CoachAssignment,
    CourseCoaching,
    PracticeSet,
    PracticeStatement,
    ResponseKind,
)
from courses.models import CatalogPage, CoursePage
from tests.built_once import built_once
from tests.courses.conftest import enrol, make_course

STATEMENTS = [
    (
        "At the window",
        "I keep meaning to get tested, but I get scared.",
        ResponseKind.SIMPLE_REFLECTION,
    ),
    (
        "At the drop-in",
        "My sister says I should stop. I am careful.",
        ResponseKind.COMPLEX_REFLECTION,
    ),
]


def make_practice_set(course, title="Reflections practice", statements=STATEMENTS) -> PracticeSet:
    practice_set = PracticeSet.objects.create(course=course, title=title)
    for order, (setting, text, kind) in enumerate(statements):
        PracticeStatement.objects.create(
            practice_set=practice_set, sort_order=order, setting=setting, text=text, kind=kind
        )
    return practice_set


def assign(course, coach, organization=None, **terms) -> CourseCoaching:
    coaching, _new = CourseCoaching.objects.get_or_create(course=course, defaults=terms)
    if terms:
        for name, value in terms.items():
            setattr(coaching, name, value)
        coaching.save()  # through save(), as the CMS does: the cached course map is dropped
    CoachAssignment.objects.create(course_coaching=coaching, coach=coach, organization=organization)
    return coaching


def client_for(user, *, mfa=False) -> Client:
    from tests.conftest import sign_in_with_mfa

    client = Client()
    if mfa:
        sign_in_with_mfa(client, user)
    else:
        client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://opendoor.test"


@pytest.fixture
def catalog(db) -> CatalogPage:
    return CatalogPage.objects.get()


@pytest.fixture(scope="module")
def _course_tree(request, django_db_setup, django_db_blocker):
    yield from built_once(
        request,
        django_db_blocker,
        lambda: make_course(CatalogPage.objects.get(), "Talking with people", lessons=1).pk,
    )


@pytest.fixture
def course(catalog, _course_tree) -> CoursePage:
    if _course_tree.value is None:
        return make_course(catalog, "Talking with people", lessons=1)
    return CoursePage.objects.get(pk=_course_tree.value)


@pytest.fixture
def practice_set(course):
    return make_practice_set(course)


@pytest.fixture
def enrollment(learner, course):
    return enrol(learner, course)


@pytest.fixture
def coached(course, trainer, practice_set):
    """The trainer coaches every learner of the course."""
    return assign(course, trainer)


def answers(practice_set_or_texts, *texts) -> dict:
    """The practice form's fields: response_1, response_2, ..."""
    return {f"response_{n}": text for n, text in enumerate(texts, start=1)}


def good_scores(submission, score=2, comment="") -> dict:
    data = {"feedback": "Good listening. Next time, try naming the mixed feelings."}
    for response in submission.responses.all():
        for field in ("kind_asked", "meaning", "righting"):
            data[f"r{response.position}_{field}"] = str(score)
        data[f"r{response.position}_comment"] = comment
    return data
