"""A small fixture course, built in code (the real curriculum has its own issue)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import WorkflowState

from courses.models import (
    CatalogPage,
    CourseObjective,
    CoursePage,
    CourseSource,
    Enrollment,
    LessonPage,
)
from tests.built_once import built_once

SCENARIO_ID = "6f1c2f0e-0000-4000-8000-000000000001"

OBJECTIVES = [
    "List three signs of an opioid overdose.",
    "Demonstrate how to give naloxone nasal spray.",
    "Describe what to do while waiting for help to arrive.",
]


def lesson_body(title: str) -> list:
    return [
        ("heading", {"text": f"About {title}", "level": "h2"}),
        ("rich_text", f"<p>The body of {title}: rescue breathing matters.</p>"),
        (
            "callout",
            {"kind": "key_point", "text": "<p>Naloxone cannot hurt someone.</p>"},
        ),
    ]


def scenario_body(block_id: str = SCENARIO_ID) -> list:
    return [
        {
            "type": "scenario",
            "id": block_id,
            "value": {
                "title": "At the drop-in",
                "vignette": "<p>Jo mentions using alone last night.</p>",
                "prompt": "What would you say to Jo first?",
            },
        }
    ]


def make_course(
    catalog: CatalogPage,
    title: str = "Naloxone basics",
    *,
    lessons: int = 3,
    live: bool = True,
    objectives=OBJECTIVES,
    **fields,
) -> CoursePage:
    values = {
        "title": title,
        "slug": slugify(title),
        "summary": "How to recognise an overdose and give naloxone.",
        "audiences": ["peer", "outreach"],
        "topics": ["naloxone"],
        "estimated_minutes": 90,
        "contact_hours": Decimal("1.50"),
        "last_clinical_review": timezone.localdate(),
        "clinical_reviewer": "Dana Ruiz, RN",
        "lessons_in_order": True,
    }
    values.update(fields)
    course = CoursePage(**values)
    course.objectives = [CourseObjective(text=text) for text in objectives]
    course.sources = [
        CourseSource(
            title="SAMHSA Opioid Overdose Prevention Toolkit", url="https://example.org/toolkit"
        )
    ]
    course.live = False
    catalog.add_child(instance=course)
    if live:
        course.save_revision().publish()
    for number in range(1, lessons + 1):
        make_lesson(course, f"Lesson {number}")
    course.refresh_from_db()
    return course


def make_lesson(course: CoursePage, title: str, *, body=None, live: bool = True) -> LessonPage:
    lesson = LessonPage(title=title, slug=slugify(title), body=body or lesson_body(title))
    lesson.live = False
    course.add_child(instance=lesson)
    if live:
        lesson.save_revision().publish()
    lesson.refresh_from_db()
    return lesson


def enrol(user, course) -> Enrollment:
    return Enrollment.objects.create(user=user, course=course)


def at(minutes: int) -> datetime.datetime:
    """A fixed moment, `minutes` after a fixed start (for time-on-page arithmetic)."""
    return datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=minutes
    )


@pytest.fixture(autouse=True)
def _no_video_provider_calls(settings):
    settings.COURSES_VIDEO_EMBEDS = False


@pytest.fixture
def catalog(db) -> CatalogPage:
    # Created by the courses data migration, like on a real site.
    return CatalogPage.objects.get()


@pytest.fixture(scope="module")
def _course_tree(request, django_db_setup, django_db_blocker):
    """The `course` tree (course, three published lessons), built once per module."""
    yield from built_once(
        request, django_db_blocker, lambda: make_course(CatalogPage.objects.get()).pk
    )


@pytest.fixture
def course(catalog, _course_tree) -> CoursePage:
    if _course_tree.value is None:  # a test that cannot share the module's tree
        return make_course(catalog)
    return CoursePage.objects.get(pk=_course_tree.value)


@pytest.fixture
def lessons(course) -> list[LessonPage]:
    return list(course.live_lessons())


@pytest.fixture
def enrollment(learner, course) -> Enrollment:
    return enrol(learner, course)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


# Assessments ------------------------------------------------------------------------------


def choice(choice_id: str, text: str, correct: bool = False, feedback: str = "") -> dict:
    return {"id": choice_id, "text": text, "correct": correct, "feedback": feedback}


def sample_questions() -> list[dict]:
    """One question of each kind, with readable choice ids."""
    return [
        {
            "kind": "single",
            "objective": 1,
            "stem": "What is the first sign of an opioid overdose?",
            "explanation": "Not responding is the top sign.",
            "choices": [
                choice("s-right", "The person does not respond", True, "Yes: check first."),
                choice("s-wrong", "The person talks fast", False, "Opioids slow the body."),
                choice("s-other", "Large pupils", False, "Pupils are usually tiny."),
            ],
        },
        {
            "kind": "multiple",
            "objective": 1,
            "stem": "Which are signs of an overdose? Choose all that apply.",
            "explanation": "Slow breathing and tiny pupils are signs.",
            "partial_credit": True,
            "choices": [
                choice("m-breath", "Slow or no breathing", True),
                choice("m-pupils", "Tiny pupils", True),
                choice("m-racing", "A racing heart"),
                choice("m-sweat", "Heavy sweating"),
            ],
        },
        {
            "kind": "true_false",
            "objective": 2,
            "stem": "Naloxone can hurt someone who has not taken opioids.",
            "explanation": "Naloxone has no effect on someone without opioids in their body.",
            "choices": [choice("tf-true", "True"), choice("tf-false", "False", True)],
        },
        {
            "kind": "scenario",
            "objective": 3,
            "vignette": "You find Jo on the floor. Jo does not answer and breathes slowly.",
            "stem": "What do you do first?",
            "explanation": "Call for help, then give naloxone.",
            "choices": [
                choice("sc-call", "Call 911 and give naloxone", True),
                choice("sc-wait", "Wait and see"),
                choice("sc-water", "Splash water on Jo"),
            ],
        },
    ]


CORRECT = {"s-right", "m-breath", "m-pupils", "tf-false", "sc-call"}


def make_quiz(
    course, kind: str = "post_test", *, title: str | None = None, questions=None, **settings
):
    from courses.builders import create_quiz

    titles = {"pre_test": "Pre-test", "post_test": "Post-test", "knowledge_check": "Practice"}
    return create_quiz(
        course,
        title=title or titles[kind],
        kind=kind,
        questions=sample_questions() if questions is None else questions,
        **settings,
    )


def make_evaluation(course, **extra):
    from courses.builders import create_evaluation

    values = {
        "statements": ["The course was relevant to my work.", "I would recommend this course."],
        "confidence_question": "How confident are you that you could respond to an overdose?",
    }
    values.update(extra)
    return create_evaluation(course, **values)


def finish_lessons(enrollment) -> None:
    from courses import services

    for lesson in enrollment.course.live_lessons():
        services.complete_lesson(enrollment, lesson)


def form_answers(attempt, picks=None, *, right: bool = True) -> dict:
    """POST data for an attempt: `picks` by question id, else all right (or all wrong)."""
    data = {}
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        if picks is not None:
            chosen = picks.get(question["id"])
        elif right:
            chosen = [c["id"] for c in question["choices"] if c["correct"]]
        else:
            chosen = [next(c["id"] for c in question["choices"] if not c["correct"])]
        if chosen:
            data[f"q-{number}"] = chosen if question["kind"] == "multiple" else chosen[0]
    return data


def answers_by_question(attempt, *, right: bool = True) -> dict[str, list[str]]:
    """Service-level answers (question id -> picked ids), all right or all wrong."""
    return {
        question["id"]: (
            [c["id"] for c in question["choices"] if c["correct"]]
            if right
            else [next(c["id"] for c in question["choices"] if not c["correct"])]
        )
        for question in attempt.snapshot["questions"]
    }


@pytest.fixture
def post_test(course):
    return make_quiz(course, "post_test")


@pytest.fixture
def pre_test(course):
    return make_quiz(course, "pre_test")


@pytest.fixture
def practice(course):
    return make_quiz(course, "knowledge_check")


@pytest.fixture
def evaluation(course):
    return make_evaluation(course)


def in_review(page) -> bool:
    """Is `page` waiting in the "Clinical review" workflow?"""
    return WorkflowState.objects.filter(
        base_content_type=page.get_base_content_type(),
        object_id=str(page.pk),
        status=WorkflowState.STATUS_IN_PROGRESS,
        workflow__name="Clinical review",
    ).exists()
