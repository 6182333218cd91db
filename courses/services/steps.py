"""The queries behind a learner's progress (``courses.services.progress`` decides from them).

Two queries however many lessons and steps there are: one for the course's live quizzes and
evaluation (cached), one for what the learners have read and handed in.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, DateTimeField, F, Q, Value
from wagtail.models import Page

from .. import page_cache
from ..choices import QuizKind
from ..models import (
    Attempt,
    CoursePage,
    Enrollment,
    EvaluationPage,
    EvaluationResponse,
    LessonProgress,
    QuizPage,
)

# What a row of load_learner_rows is: a lesson's progress, or an attempt or response at a step.
LESSON, STEP = 0, 1


@dataclass
class CourseSteps:
    """The live assessment pages of one course (generic Page objects, in tree order)."""

    pre_test: Page | None = None
    practice: list[Page] = field(default_factory=list)
    post_test: Page | None = None
    evaluation: Page | None = None

    @property
    def pages(self) -> list[Page]:
        found = [self.pre_test, *self.practice, self.post_test, self.evaluation]
        return [page for page in found if page is not None]


def load_course_steps(courses: Sequence[CoursePage]) -> dict[int, CourseSteps]:
    """Live quizzes and evaluations of each course: from the cache, else in one query."""
    saved = [course for course in courses if course.pk]
    tokens = page_cache.course_generations({course.path for course in saved})
    keys = {
        course.pk: page_cache.course_key(course.path, "steps", course.pk, token=tokens[course.path])
        for course in saved
    }
    cached = page_cache.read_many(keys.values()) if keys else {}
    steps = {pk: cached[cache_key] for pk, cache_key in keys.items() if cache_key in cached}
    missing = [course for course in courses if course.pk not in steps]
    if missing:
        found = _query_course_steps(missing)
        for course_steps in found.values():
            page_cache.warm_urls(course_steps.pages)
        page_cache.keep_many(
            {keys[pk]: course_steps for pk, course_steps in found.items() if pk in keys}
        )
        steps.update(found)
    return steps


def _query_course_steps(courses: Sequence[CoursePage]) -> dict[int, CourseSteps]:
    steps = {course.pk: CourseSteps() for course in courses}
    if not courses:
        return steps
    by_path = {course.path: course.pk for course in courses}
    types = ContentType.objects.get_for_models(QuizPage, EvaluationPage)
    in_any = Q()
    for course in courses:
        in_any |= Page.objects.child_of_q(course)
    pages = (
        Page.objects.live()
        .filter(in_any, content_type__in=types.values())
        .annotate(quiz_kind=F("quizpage__kind"))
        .order_by("path")
    )
    evaluation_type = types[EvaluationPage].pk
    for page in pages:
        course_steps = steps[by_path[page.path[: -page.steplen]]]
        if page.content_type_id == evaluation_type:
            course_steps.evaluation = course_steps.evaluation or page
        elif page.quiz_kind == QuizKind.PRE_TEST:
            course_steps.pre_test = course_steps.pre_test or page
        elif page.quiz_kind == QuizKind.POST_TEST:
            course_steps.post_test = course_steps.post_test or page
        else:
            course_steps.practice.append(page)
    return steps


def load_learner_rows(
    enrollments: Sequence[Enrollment], quiz_ids: set[int], evaluation_ids: set[int]
) -> tuple[dict[int, dict[int, datetime | None]], dict[int, set]]:
    """Each enrolment's lesson progress and what it has done on those pages, in one query.

    Returns ``(rows, marks)``: ``rows[enrolment id]`` maps a lesson id to its ``completed_at``
    (None when viewed but not completed); ``marks[enrolment id]`` holds ``(page id, "taken")``
    and ``(page id, "passed")``. One statement (a UNION ALL of the tables that can have rows),
    because here a query costs more to build than to run.
    """
    rows: dict[int, dict] = defaultdict(dict)
    marks: dict[int, set] = defaultdict(set)
    if not enrollments:
        return rows, marks
    no_time = Value(None, output_field=DateTimeField())
    no_verdict = Value(None, output_field=BooleanField())
    # The lesson rows come first: the UNION's column types (and, on SQLite, the converters
    # of its values) are read from the first statement, then the attempts' "passed".
    lessons = (
        LessonProgress.objects.filter(enrollment__in=enrollments)
        .order_by()
        .annotate(row_kind=Value(LESSON), row_verdict=no_verdict)
        .values_list("row_kind", "enrollment_id", "lesson_id", "completed_at", "row_verdict")
    )
    more = []
    if quiz_ids:
        attempts = (
            Attempt.objects.filter(
                enrollment__in=enrollments, quiz_id__in=quiz_ids, submitted_at__isnull=False
            )
            .order_by()
            .annotate(row_kind=Value(STEP), row_time=no_time)
            .values_list("row_kind", "enrollment_id", "quiz_id", "row_time", "passed")
        )
        more.append(attempts)
    if evaluation_ids:
        responses = (
            EvaluationResponse.objects.filter(
                enrollment__in=enrollments, evaluation_id__in=evaluation_ids
            )
            .order_by()
            .annotate(row_kind=Value(STEP), row_time=no_time, row_verdict=no_verdict)
            .values_list("row_kind", "enrollment_id", "evaluation_id", "row_time", "row_verdict")
        )
        more.append(responses)
    if more:
        lessons = lessons.union(*more, all=True)
    for kind, enrollment_id, page_id, completed_at, passed in lessons:
        if kind == LESSON:
            rows[enrollment_id][page_id] = completed_at
            continue
        marks[enrollment_id].add((page_id, "taken"))
        if passed:
            marks[enrollment_id].add((page_id, "passed"))
    return rows, marks
