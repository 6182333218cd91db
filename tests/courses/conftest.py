"""A small fixture course, built in code (the real curriculum has its own issue)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.text import slugify

from courses.models import (
    CatalogPage,
    CourseObjective,
    CoursePage,
    CourseSource,
    Enrollment,
    LessonPage,
)

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


@pytest.fixture
def course(catalog) -> CoursePage:
    return make_course(catalog)


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
