"""A learner with a bit of everything (organization, course, attempts, evaluation, reflection,
certificate), and a second learner with their own, to show one never sees the other's."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from wagtail.models import Page

from accounts.models import Invitation
from certificates.services import issue_certificate
from courses import assessments
from courses import services as course_services
from courses.models import CatalogPage, CoursePage
from tests.built_once import built_once
from tests.conftest import make_member, make_user
from tests.courses.conftest import (
    SCENARIO_ID,
    answers_by_question,
    make_course,
    make_evaluation,
    make_lesson,
    make_quiz,
    scenario_body,
)

CERTIFICATE_NAME = "Samantha Q. Rivera"


def take_quiz(enrollment, quiz, *, right=True):
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    attempt, _ = assessments.submit_attempt(attempt, answers_by_question(attempt, right=right))
    return attempt


def build_learning(user, course, *, reflection: str, comments: str, practice_tries: int = 1):
    """Enrol `user` in `course` and do everything once (the practice quiz `practice_tries`
    times); returns the enrolment, completed, with its certificate issued."""
    enrollment, _ = course_services.enrol(user, course)
    lessons = list(course.live_lessons())
    for lesson in lessons:
        course_services.complete_lesson(enrollment, lesson)
    course_services.save_reflection(enrollment, course.scenario_lesson, SCENARIO_ID, reflection)
    take_quiz(enrollment, course.pre_test, right=False)
    for _ in range(practice_tries):
        take_quiz(enrollment, course.practice)
    take_quiz(enrollment, course.post_test)
    statements = course.evaluation.statement_data()
    assessments.submit_evaluation(
        enrollment,
        course.evaluation,
        ratings={statement["id"]: 5 for statement in statements},
        confidence_before=2,
        confidence_after=4,
        comments=comments,
    )
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    issue_certificate(enrollment)
    return enrollment


COURSE_PARTS = ("scenario_lesson", "pre_test", "practice", "post_test", "evaluation")


def build_full_course() -> CoursePage:
    course = make_course(CatalogPage.objects.get(), "Naloxone basics", lessons=2)
    course.scenario_lesson = make_lesson(course, "At the drop-in", body=scenario_body())
    course.pre_test = make_quiz(course, "pre_test")
    course.practice = make_quiz(course, "knowledge_check")
    course.post_test = make_quiz(course, "post_test", show_answers="never")
    course.evaluation = make_evaluation(course)
    return course


@pytest.fixture(scope="module")
def _full_course_tree(request, django_db_setup, django_db_blocker):
    """The `full_course` tree, built once per module (tests/built_once.py): its pages' ids."""

    def build() -> dict[str, int]:
        course = build_full_course()
        return {"course": course.pk} | {part: getattr(course, part).pk for part in COURSE_PARTS}

    yield from built_once(request, django_db_blocker, build)


@pytest.fixture
def full_course(db, _full_course_tree) -> CoursePage:
    if _full_course_tree.value is None:  # a test that cannot share the module's tree
        return build_full_course()
    ids = _full_course_tree.value
    course = CoursePage.objects.get(pk=ids["course"])
    for part in COURSE_PARTS:
        setattr(course, part, Page.objects.get(pk=ids[part]).specific)
    return course


@pytest.fixture
def sam(organization, full_course):
    """A learner who did everything, shares records with one organization and was invited."""
    user = make_user("sam@example.org", display_name="Sam", certificate_name=CERTIFICATE_NAME)
    make_member(user, organization)
    Invitation.objects.create(organization=organization, email="sam@example.org", role="member")
    build_learning(
        user, full_course, reflection="I would ask Jo how they are doing.", comments="Clear."
    )
    return user


@pytest.fixture
def robin(organization, full_course):
    """Another learner in the same organization and course."""
    user = make_user("robin@example.org", display_name="Robin", certificate_name="Robin Oakes")
    make_member(user, organization)
    build_learning(
        user, full_course, reflection="Robin's private reflection.", comments="Robin's comment."
    )
    return user


def download(client) -> zipfile.ZipFile:
    response = client.post(reverse("privacy:download"))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def data_of(archive: zipfile.ZipFile) -> dict:
    return json.loads(archive.read("data.json"))
