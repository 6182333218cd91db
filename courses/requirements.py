"""The assessment steps of a course, as completion requirements (see ``courses.completion``).

One registered function describes them all, so they share two queries however many there are:
one for the course's live quizzes and evaluation, one for what the learner has handed in.

- the pre-test: optional, placed before the lessons (met once taken);
- each knowledge check: optional practice, open any time (met once tried);
- the post-test: required when the course has a live one (met once passed);
- the evaluation: required when ``evaluation_required`` and the course has a live one, optional
  otherwise; it opens after the post-test is passed.

Registered in ``CoursesConfig.ready``.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import BooleanField, F, Q, Value
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import page_cache
from .choices import QuizKind
from .completion import RequirementStatus
from .models import Attempt, CoursePage, Enrollment, EvaluationPage, EvaluationResponse, QuizPage

PRE_TEST, POST_TEST, EVALUATION = "pre_test", "post_test", "evaluation"


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


def _statuses(course: CoursePage, steps: CourseSteps, marks: set) -> list[RequirementStatus]:
    statuses = []
    if steps.pre_test is not None:
        page = steps.pre_test
        statuses.append(
            RequirementStatus(
                PRE_TEST,
                _("%(title)s (optional, not graded)") % {"title": page.title},
                met=(page.pk, "taken") in marks,
                url=page.get_url(),
                required=False,
                place="before",
                page_id=page.pk,
            )
        )
    for page in steps.practice:
        statuses.append(
            RequirementStatus(
                f"practice-{page.pk}",
                _("%(title)s (practice)") % {"title": page.title},
                met=(page.pk, "taken") in marks,
                url=page.get_url(),
                required=False,
                place="anytime",
                page_id=page.pk,
            )
        )
    if steps.post_test is not None:
        page = steps.post_test
        statuses.append(
            RequirementStatus(
                POST_TEST,
                page.title,
                met=(page.pk, "passed") in marks,
                url=page.get_url(),
                page_id=page.pk,
            )
        )
    if steps.evaluation is not None:
        page = steps.evaluation
        required = course.evaluation_required
        statuses.append(
            RequirementStatus(
                EVALUATION,
                page.title if required else _("%(title)s (optional)") % {"title": page.title},
                met=(page.pk, "taken") in marks,
                url=page.get_url(),
                required=required,
                page_id=page.pk,
            )
        )
    return statuses


def assessment_steps(course: CoursePage, enrollment: Enrollment | None):
    return assessment_steps_many([(course, enrollment)])[0]


def assessment_steps_many(pairs) -> list[list[RequirementStatus]]:
    courses = list({course.pk: course for course, _ in pairs}.values())
    steps = load_course_steps(courses)
    page_ids = {page.pk for course_steps in steps.values() for page in course_steps.pages}
    enrollments = [enrollment for _, enrollment in pairs if enrollment is not None]
    marks = load_marks(enrollments, page_ids)
    return [
        _statuses(
            course, steps[course.pk], marks.get(enrollment.pk, set()) if enrollment else set()
        )
        for course, enrollment in pairs
    ]


assessment_steps.many = assessment_steps_many
