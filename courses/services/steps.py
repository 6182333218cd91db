"""The queries behind a course's assessment steps (``courses.services.progress`` decides from them).

Two queries however many steps there are: one for the course's live quizzes and evaluation
(cached), one for what the learners have handed in.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, F, Q, Value
from wagtail.models import Page

from .. import page_cache
from ..choices import QuizKind
from ..models import Attempt, CoursePage, Enrollment, EvaluationPage, EvaluationResponse, QuizPage


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
    token = page_cache.generation()
    keys = {
        course.pk: page_cache.key("steps", course.pk, course.path, token=token)
        for course in courses
        if course.pk
    }
    cached = page_cache.cache.get_many(list(keys.values())) if keys else {}
    steps = {pk: cached[cache_key] for pk, cache_key in keys.items() if cache_key in cached}
    missing = [course for course in courses if course.pk not in steps]
    if missing:
        found = _query_course_steps(missing)
        for course_steps in found.values():
            page_cache.warm_urls(course_steps.pages)
        page_cache.cache.set_many(
            {keys[pk]: course_steps for pk, course_steps in found.items() if pk in keys},
            page_cache.TIMEOUT,
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


def load_marks(enrollments: Sequence[Enrollment], page_ids: set[int]) -> dict[int, set]:
    """What each enrolment has done on those pages, in one query.

    Marks are ``(page id, "taken")``, ``(page id, "passed")`` and ``(page id, "answered")``.
    """
    marks: dict[int, set] = defaultdict(set)
    if not enrollments or not page_ids:
        return marks
    attempts = (
        Attempt.objects.filter(
            enrollment__in=enrollments, quiz_id__in=page_ids, submitted_at__isnull=False
        )
        .order_by()
        .values_list("enrollment_id", "quiz_id", "passed")
    )
    responses = (
        EvaluationResponse.objects.filter(enrollment__in=enrollments, evaluation_id__in=page_ids)
        .order_by()
        .values_list("enrollment_id", "evaluation_id", Value(None, output_field=BooleanField()))
    )
    for enrollment_id, page_id, passed in attempts.union(responses):
        marks[enrollment_id].add((page_id, "taken"))
        if passed:
            marks[enrollment_id].add((page_id, "passed"))
    return marks
