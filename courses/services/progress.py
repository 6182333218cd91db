"""When a course is complete, what comes next, and what is locked: the course's rules, here only.

:class:`CourseProgress` is plain data about one learner in one course: the published lessons and
which are done, started or locked, and the course's other steps (:class:`RequirementStatus`: the
pre-test, knowledge checks, post-test, evaluation) and whether each is met. Everything that
decides from it lives in this module:

- **order** (:func:`step_statuses`, :attr:`CourseProgress.outline`): the pre-test before the
  lessons, each knowledge check right after its lesson, then the post-test and the evaluation
  after the lessons. A knowledge check belongs to the published lesson just before it in page
  order (:attr:`CourseProgress.check_lessons`): the curriculum loader creates each lesson
  followed by its check, and a trainer who adds a check in the CMS puts it after its lesson in
  the course's page order. No field says so: the tree order already does. A check placed before
  every lesson belongs to none and is open at any time;
- **locked**: :attr:`CourseProgress.lesson_states` (lessons taken in order),
  :meth:`CourseProgress.is_step_locked` (a check exactly when its lesson is; steps after the
  lessons until the lessons and earlier required steps are done);
- **next**: :meth:`CourseProgress.next_item` (a lesson's own check right after it, unless the
  learner has already moved on past it);
- **complete**: :attr:`CourseProgress.is_complete` (every published lesson and every required
  step). ``courses.services.records.evaluate_completion`` records it once.

Loading costs one query for the lessons (cached) and the two of ``courses.services.steps`` (the
course's assessment pages, cached, and one for what the learner read and handed in), however
many lessons and steps the course has.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.utils.translation import gettext as _
from wagtail import hooks

from .. import page_cache
from ..models import CoursePage, Enrollment, LessonPage
from ..signals import OUTSIDE_REQUIREMENTS_HOOK
from .steps import CourseSteps, load_course_steps, load_learner_rows

PRE_TEST, POST_TEST, EVALUATION = "pre_test", "post_test", "evaluation"

# Where a step sits in the course: "before" the lessons (always open; where a new learner is
# pointed first), "anytime" (a knowledge check: right after its lesson, open when that lesson
# is), "after" them (opens once every lesson and every earlier required step is done), or
# "alongside" (met outside the online course, e.g. a live session: listed last, never locked).
PLACES = ("before", "anytime", "after", "alongside")


@dataclass(frozen=True)
class RequirementStatus:
    """One step of a course besides its lessons, and whether this learner has met it.

    ``required=False`` steps (the pre-test, knowledge checks) are listed with the course's steps
    but never count toward completion. ``page_id`` is the page the step is taken on and
    ``path`` its place in the page tree (a knowledge check's lesson is found from it).
    """

    key: str
    label: str
    met: bool
    url: str | None = None
    required: bool = True
    place: str = "after"
    page_id: int | None = None
    path: str = ""


@dataclass(frozen=True)
class NextItem:
    """Where a learner should go next: a lesson, or a requirement's page (e.g. the post-test)."""

    title: str
    lesson: LessonPage | None = None
    url: str | None = None
    page_id: int | None = None

    @classmethod
    def for_step(cls, step: RequirementStatus) -> NextItem:
        return cls(title=step.label, url=step.url, page_id=step.page_id)

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


@dataclass(frozen=True)
class OutlineEntry:
    """One line of the course outline: a lesson (with its state) or a step."""

    lesson_state: LessonState | None = None
    step: RequirementStatus | None = None


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

    @cached_property
    def check_lessons(self) -> dict[str, LessonPage]:
        """Each knowledge check's lesson (by step key): the published lesson just before it in
        page order. A check placed before every lesson has none."""
        lesson_paths = [lesson.path for lesson in self.lessons]
        tied = {}
        for step in self.requirements:
            if step.place == "anytime" and step.path:
                index = bisect_left(lesson_paths, step.path)
                if index > 0:
                    tied[step.key] = self.lessons[index - 1]
        return tied

    def checks_after(self, lesson: LessonPage) -> list[RequirementStatus]:
        """The knowledge checks that belong to `lesson`, in page order."""
        return [
            step
            for step in self.requirements
            if step.key in self.check_lessons and self.check_lessons[step.key].pk == lesson.pk
        ]

    @cached_property
    def outline(self) -> list[OutlineEntry]:
        """The course's path after the steps placed before the lessons: checks that belong to
        no lesson, then each lesson followed by its checks, then the steps after the lessons."""
        entries = [
            OutlineEntry(step=step)
            for step in self.requirements
            if step.place == "anytime" and step.key not in self.check_lessons
        ]
        for state in self.lesson_states:
            entries.append(OutlineEntry(lesson_state=state))
            entries.extend(OutlineEntry(step=step) for step in self.checks_after(state.lesson))
        entries.extend(OutlineEntry(step=step) for step in self.steps_after_lessons_only)
        entries.extend(
            OutlineEntry(step=step) for step in self.requirements if step.place == "alongside"
        )
        return entries

    @property
    def steps_after_lessons_only(self) -> list[RequirementStatus]:
        return [step for step in self.requirements if step.place == "after"]

    def _moved_past(self, lesson: LessonPage) -> bool:
        """Whether the learner went on beyond `lesson` (a later lesson opened, a later check
        or a step after the lessons done): its check is then skipped, not pointed back at."""
        ids = [item.pk for item in self.lessons]
        later = ids[ids.index(lesson.pk) + 1 :]
        if any(pk in self.rows for pk in later):
            return True
        later_checks = [
            step
            for step in self.requirements
            if step.key in self.check_lessons and self.check_lessons[step.key].pk in later
        ]
        return any(step.met for step in later_checks + self.steps_after_lessons_only)

    def _open_check_after(self, lesson: LessonPage) -> RequirementStatus | None:
        for step in self.checks_after(lesson):
            if not step.met and step.url and not self.is_step_locked(step):
                return step
        return None

    def is_step_locked(self, step: RequirementStatus) -> bool:
        """A knowledge check is locked exactly when its lesson is; steps placed after the
        lessons open once every lesson and earlier required step is done."""
        if step.place == "anytime":
            lesson = self.check_lessons.get(step.key)
            return lesson is not None and self.is_locked(lesson)
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

    def waits_on_a_step_after(self, step: RequirementStatus) -> bool:
        """Whether another required step placed after the lessons is unmet besides `step`.

        Such a step comes after `step` in the course (a step before it unmet would have kept
        `step` locked) and stays locked until `step` is met, so meeting `step` cannot be
        what completes the course: nobody needs to read the learner's progress again to know.
        """
        return any(
            other.required and other.place == "after" and not other.met and other.key != step.key
            for other in self.requirements
        )

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
        """The first unfinished item on the path, preferring what comes after `after`.

        Someone who has not opened any lesson yet is first pointed at an untaken step placed
        before the lessons (the pre-test). Right after a lesson comes its own knowledge check,
        when it has one not taken yet; otherwise a check is pointed at only while the learner
        has not moved on past its lesson. After the lessons come the required steps.
        """
        if not self.rows and after is None:
            for step in self.steps_before_lessons:
                if not step.met and step.url:
                    return NextItem.for_step(step)
        ids = [lesson.pk for lesson in self.lessons]
        if after is not None and after.pk in ids:
            check = self._open_check_after(after)
            if check is not None:
                return NextItem.for_step(check)
            position = ids.index(after.pk)
            pending = [state.lesson for state in self.lesson_states if not state.done]
            later = [lesson for lesson in pending if ids.index(lesson.pk) > position]
            pending = later + [lesson for lesson in pending if lesson not in later]
            if pending:
                return NextItem(title=pending[0].title, lesson=pending[0])
        else:
            for state in self.lesson_states:
                if not state.done:
                    return NextItem(title=state.lesson.title, lesson=state.lesson)
                check = self._open_check_after(state.lesson)
                if check is not None and not self._moved_past(state.lesson):
                    return NextItem.for_step(check)
        for requirement in self.required_steps:
            if not requirement.met and requirement.url:
                return NextItem.for_step(requirement)
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

    The pre-test (optional, met once taken), each knowledge check in page order (optional
    practice, met once tried; placed in the outline after its lesson), the post-test (required, met once passed), the evaluation (required when
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
                path=page.path,
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
                path=page.path,
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
                path=page.path,
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
                path=page.path,
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
    for outside_requirements in hooks.get_hooks(OUTSIDE_REQUIREMENTS_HOOK):
        for pair_statuses, more in zip(statuses, outside_requirements(pairs), strict=True):
            pair_statuses.extend(more)
    return rows, statuses
