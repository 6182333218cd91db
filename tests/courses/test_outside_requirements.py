"""Requirements met outside the online course (a live session, an observed skill) come from the
apps above ``courses`` through ``OUTSIDE_REQUIREMENTS_HOOK``: they are listed on the course page,
never locked by the lessons, and a required one holds completion back until it is met."""

import pytest
from wagtail import hooks

from courses import services
from courses.services.progress import RequirementStatus
from courses.signals import OUTSIDE_REQUIREMENTS_HOOK

pytestmark = pytest.mark.django_db

ATTENDED = set()  # enrolment ids whose (pretend) session attendance is recorded


def attendance_requirement(pairs):
    return [
        [
            RequirementStatus(
                "live-session",
                "Attend the live practice session",
                met=enrollment is not None and enrollment.pk in ATTENDED,
                url="/trainings/",
                place="alongside",
            )
        ]
        for _course, enrollment in pairs
    ]


@pytest.fixture
def outside_requirement():
    ATTENDED.clear()
    with hooks.register_temporarily(OUTSIDE_REQUIREMENTS_HOOK, attendance_requirement):
        yield
    ATTENDED.clear()


def test_a_required_outside_step_holds_completion_until_it_is_met(
    outside_requirement, enrollment, lessons, learner_client
):
    for lesson in lessons:
        services.complete_lesson(enrollment, lesson)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None

    html = learner_client.get(enrollment.course.url).content.decode()
    assert "Continue: Attend the live practice session" in html  # what to do next
    outline = html.split('<ol class="lesson-list">')[1].split("</ol>")[0]
    step = outline.split("Attend the live practice session")[1].split("</li>")[0]
    assert "Not done yet" in step
    assert "Opens when" not in step  # never locked by the online part

    ATTENDED.add(enrollment.pk)
    assert services.evaluate_completion(enrollment) is True
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None


def test_without_the_hook_the_same_course_completes_with_its_lessons(enrollment, lessons):
    for lesson in lessons:
        services.complete_lesson(enrollment, lesson)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
