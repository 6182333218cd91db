"""When a course is complete, what comes next, and what is locked: the course's rules, here only.

:class:`CourseProgress` is plain data about one learner in one course: the published lessons and
which are done, started or locked, and the course's other steps (:class:`RequirementStatus`: the
pre-test, knowledge checks, post-test, evaluation) and whether each is met. Everything that
decides from it lives in this module:

- **order** (:func:`step_statuses`): the pre-test before the lessons, knowledge checks open at
  any time, then the post-test and the evaluation after the lessons. A change to where steps sit
  in the path (a knowledge check right after its lesson, say) is an edit to that one function
  and, if it needs a new ``place``, to :meth:`CourseProgress.is_step_locked`;
- **locked**: :attr:`CourseProgress.lesson_states` (lessons taken in order) and
  :meth:`CourseProgress.is_step_locked` (steps after the lessons);
- **next**: :meth:`CourseProgress.next_item`;
- **complete**: :attr:`CourseProgress.is_complete` (every published lesson and every required
  step). ``courses.services.records.evaluate_completion`` records it once.

Loading costs one query for the lessons (cached) and the two of ``courses.services.steps`` (the
course's assessment pages, cached, and one for what the learner read and handed in), however
many lessons and steps the course has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.utils.translation import gettext as _

from .. import page_cache
from ..models import CoursePage, Enrollment, LessonPage
from .steps import CourseSteps, load_course_steps, load_learner_rows

PRE_TEST, POST_TEST, EVALUATION = "pre_test", "post_test", "evaluation"

# Where a step sits in the course: "before" the lessons (always open; where a new learner is
# pointed first), "anytime" (always open), or "after" them (opens once every lesson and every
# earlier required step is done).
PLACES = ("before", "anytime", "after")


@dataclass(frozen=True)
class RequirementStatus:
    """One step of a course besides its lessons, and whether this learner has met it.

    ``required=False`` steps (the pre-test, knowledge checks) are listed with the course's steps
    but never count toward completion. ``page_id`` is the page the step is taken on.
    """

    key: str
    label: str
    met: bool
    url: str | None = None
    required: bool = True
    place: str = "after"
    page_id: int | None = None


@dataclass(frozen=True)
class NextItem:
    """Where a learner should go next: a lesson, or a requirement's page (e.g. the post-test)."""

    title: str
    lesson: LessonPage | None = None
    url: str | None = None

    def get_url(self, request=None) -> str:
        if self.lesson is not None:
            return self.lesson.get_url(request)
        return self.url or ""


@dataclass(frozen=True)
class LessonState:
    lesson: LessonPage
    number: int
    done: bool
    started: bool
    locked: bool

    @property
    def status(self) -> str:
        if self.done:
            return "done"
        if self.locked:
            return "locked"
        return "started" if self.started else "not_started"


@dataclass
class CourseProgress:
    course: CoursePage
    enrollment: Enrollment | None
    lessons: list[LessonPage]
    # lesson id -> completed_at (None when viewed but not completed)
    rows: dict[int, datetime | None] = field(default_factory=dict)
    requirements: list[RequirementStatus] = field(default_factory=list)

    @cached_property
    def completed_lesson_ids(self) -> frozenset[int]:
        return frozenset(pk for pk, completed_at in self.rows.items() if completed_at)

    @cached_property
    def lesson_states(self) -> list[LessonState]:
        states = []
        blocked = False
        for number, lesson in enumerate(self.lessons, start=1):
            done = lesson.pk in self.completed_lesson_ids
            states.append(
                LessonState(
                    lesson=lesson,
                    number=number,
                    done=done,
                    started=lesson.pk in self.rows,
                    locked=blocked and not done,
                )
            )
            if not done and self.course.lessons_in_order:
                blocked = True
        return states

    def state_of(self, lesson: LessonPage) -> LessonState | None:
        for state in self.lesson_states:
            if state.lesson.pk == lesson.pk:
                return state
        return None

    def is_locked(self, lesson: LessonPage) -> bool:
        state = self.state_of(lesson)
        return state is not None and state.locked

    def neighbours(self, lesson: LessonPage) -> tuple[LessonPage | None, LessonPage | None]:
        """The lessons before and after `lesson` in course order."""
        ids = [item.pk for item in self.lessons]
        try:
            index = ids.index(lesson.pk)
        except ValueError:
            return None, None
        previous = self.lessons[index - 1] if index > 0 else None
        following = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return previous, following

    @property
    def lessons_done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.pk in self.completed_lesson_ids)

    @property
    def all_lessons_done(self) -> bool:
        return self.lessons_done == len(self.lessons)

    @property
    def required_steps(self) -> list[RequirementStatus]:
        return [step for step in self.requirements if step.required]

    @property
    def steps_before_lessons(self) -> list[RequirementStatus]:
        return [step for step in self.requirements if step.place == "before"]

    @property
    def steps_after_lessons(self) -> list[RequirementStatus]:
        return [step for step in self.requirements if step.place != "before"]

    def step(self, key: str) -> RequirementStatus | None:
        return next((step for step in self.requirements if step.key == key), None)

    def step_for_page(self, page_id: int) -> RequirementStatus | None:
        return next((step for step in self.requirements if step.page_id == page_id), None)

    def is_step_locked(self, step: RequirementStatus) -> bool:
        """Steps placed after the lessons open once every lesson and earlier required step is."""
        if step.place != "after":
            return False
        if not self.all_lessons_done:
            return True
        for earlier in self.requirements:
            if earlier is step:
                return False
            if earlier.place == "after" and earlier.required and not earlier.met:
                return True
        return False

    @property
    def total(self) -> int:
        """Required items: every published lesson plus every applicable required step."""
        return len(self.lessons) + len(self.required_steps)

    @property
    def done(self) -> int:
        return self.lessons_done + sum(1 for item in self.required_steps if item.met)

    @property
    def percent(self) -> int:
        return (self.done * 100) // self.total if self.total else 0

    @property
    def is_complete(self) -> bool:
        """The course's completion rules, all met. An empty course is never complete."""
        return self.total > 0 and self.done == self.total

    def next_item(self, after: LessonPage | None = None) -> NextItem | None:
        """The first unfinished item, preferring lessons that come after `after`.

        Someone who has not opened any lesson yet is first pointed at an untaken step placed
        before the lessons (the pre-test); after the lessons come the required steps.
        """
        if not self.rows and after is None:
            for step in self.steps_before_lessons:
                if not step.met and step.url:
                    return NextItem(title=step.label, url=step.url)
        pending = [state.lesson for state in self.lesson_states if not state.done]
        if after is not None:
            ids = [lesson.pk for lesson in self.lessons]
            if after.pk in ids:
                position = ids.index(after.pk)
                later = [lesson for lesson in pending if ids.index(lesson.pk) > position]
                pending = later + [lesson for lesson in pending if lesson not in later]
        if pending:
            return NextItem(title=pending[0].title, lesson=pending[0])
        for requirement in self.required_steps:
            if not requirement.met and requirement.url:
                return NextItem(title=requirement.label, url=requirement.url)
        return None


def load_progress(
    course: CoursePage,
    enrollment: Enrollment | None = None,
    *,
    lessons: list[LessonPage] | None = None,
) -> CourseProgress:
    """Progress for one learner (or for nobody, when `enrollment` is None) in `course`."""
    if lessons is None:
        lessons = page_cache.live_lessons(course) if course.pk else list(course.live_lessons())
    rows, statuses = learner_states([(course, enrollment)])
    return CourseProgress(
        course=course,
        enrollment=enrollment,
        lessons=lessons,
        rows=rows.get(enrollment.pk, {}) if enrollment is not None else {},
        requirements=statuses[0],
    )


def load_progress_many(enrollments: Iterable[Enrollment]) -> dict[int, CourseProgress]:
    """Progress for several enrolments (with ``course`` loaded) in a fixed number of queries:
    the courses' outlines from the page cache (one query for those not kept), then one for
    every learner's lessons and steps."""
    enrollments = list(enrollments)
    if not enrollments:
        return {}
    courses = list({enrollment.course_id: enrollment.course for enrollment in enrollments}.values())
    lessons = page_cache.live_lessons_many(courses)
    rows, statuses = learner_states([(enrollment.course, enrollment) for enrollment in enrollments])
    return {
        enrollment.pk: CourseProgress(
            course=enrollment.course,
            enrollment=enrollment,
            lessons=lessons[enrollment.course_id],
            rows=rows.get(enrollment.pk, {}),
            requirements=requirements,
        )
        for enrollment, requirements in zip(enrollments, statuses, strict=True)
    }


def step_statuses(course: CoursePage, steps: CourseSteps, marks: set) -> list[RequirementStatus]:
    """The course's steps in path order, each marked met or not from the learner's `marks`.

    The pre-test (optional, met once taken), each knowledge check (optional practice, met once
    tried), the post-test (required, met once passed), the evaluation (required when
    ``evaluation_required``, optional otherwise; it opens after the post-test is passed).
    """
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


def learner_states(
    pairs: list[tuple[CoursePage, Enrollment | None]],
) -> tuple[dict[int, dict[int, datetime | None]], list[list[RequirementStatus]]]:
    """Each enrolment's lesson rows (lesson id -> completed_at) and, for each (course,
    enrollment) pair, :func:`step_statuses`: two queries for them all (the steps cached)."""
    courses = list({course.pk: course for course, _enrollment in pairs}.values())
    steps = load_course_steps(courses)
    evaluation_ids = {s.evaluation.pk for s in steps.values() if s.evaluation is not None}
    quiz_ids = {page.pk for s in steps.values() for page in s.pages} - evaluation_ids
    enrollments = [enrollment for _course, enrollment in pairs if enrollment is not None]
    rows, marks = load_learner_rows(enrollments, quiz_ids, evaluation_ids)
    statuses = [
        step_statuses(
            course, steps[course.pk], marks.get(enrollment.pk, set()) if enrollment else set()
        )
        for course, enrollment in pairs
    ]
    return rows, statuses
