"""Every "may this person do that in a course" question, answered once.

Views, templates and the admin ask here. Lesson bodies are for enrolled learners only; anyone may
read the catalog and a course page. Children of an unpublished course do not exist for the
public (404), whatever their own state.
"""

import enum
from dataclasses import dataclass

from django.http import Http404

from . import page_cache
from .course_review import APPROVE, reviewer_actions
from .localization import source_page
from .models import CoursePage, Enrollment, LessonPage
from .services.localized import load_progress_as_shown
from .services.progress import CourseProgress, RequirementStatus


class Access(enum.Enum):
    OPEN = "open"
    SIGN_IN = "sign_in"
    NOT_ENROLLED = "not_enrolled"
    LOCKED = "locked"


@dataclass
class LessonAccess:
    status: Access
    course: CoursePage
    enrollment: Enrollment | None = None
    progress: CourseProgress | None = None

    @property
    def allowed(self) -> bool:
        return self.status is Access.OPEN


@dataclass
class StepAccess(LessonAccess):
    """Access to a quiz or evaluation page; `step` is its entry in the learner's progress."""

    step: RequirementStatus | None = None


def enrollment_for(user, course: CoursePage) -> Enrollment | None:
    """The user's current enrolment (highest cycle) in `course`, with the course attached."""
    if not user.is_authenticated:
        return None
    # One record per course: a translated course's learners are enrolled in its source.
    course = source_page(course)
    enrollment = Enrollment.objects.current_for(user, course)
    if enrollment is not None:
        enrollment.course = course
    return enrollment


def prerequisites_of(course: CoursePage) -> list[CoursePage]:
    """Published prerequisites (works on unsaved previews too)."""
    return [page for page in course.prerequisites.all() if page.live]


def unmet_prerequisites(user, course: CoursePage, prerequisites=None) -> list[CoursePage]:
    """Published prerequisite courses `user` has not completed yet (in any cycle: a renewal
    in progress does not undo an earlier completion)."""
    if prerequisites is None:
        prerequisites = prerequisites_of(course)
    if not prerequisites:
        return []
    if not user.is_authenticated:
        return list(prerequisites)
    completed = set(
        Enrollment.objects.filter(
            user=user, course__in=prerequisites, completed_at__isnull=False
        ).values_list("course_id", flat=True)
    )
    return [page for page in prerequisites if page.pk not in completed]


def published_course_of(lesson) -> CoursePage:
    """The page's course (lesson, quiz, evaluation), or 404 when it has none or is unpublished."""
    course = page_cache.course_of(lesson)
    if course is None or not course.live:
        raise Http404
    return course


def lesson_access(user, lesson: LessonPage) -> LessonAccess:
    """May `user` read (and complete) `lesson`? Loads their progress when they are enrolled."""
    course = published_course_of(lesson)
    if not user.is_authenticated:
        return LessonAccess(Access.SIGN_IN, course)
    enrollment = enrollment_for(user, course)
    if enrollment is None:
        return LessonAccess(Access.NOT_ENROLLED, course)
    progress = load_progress_as_shown(course, enrollment)
    status = Access.LOCKED if progress.is_locked(lesson) else Access.OPEN
    return LessonAccess(status, course, enrollment, progress)


def step_access(user, page, *, current_enrollment: Enrollment | None = None) -> StepAccess:
    """May `user` take the quiz or evaluation `page`?

    Enrolled learners only. A post-test opens once every lesson is done, an evaluation once the
    post-test is passed too (``CourseProgress.is_step_locked``). A live page that is not one of
    the course's steps (a second post-test, say) does not exist for learners.
    `current_enrollment`: the user's current enrolment in the page's course when the caller
    has already read it (with an attempt), so it is not read again.
    """
    course = published_course_of(page)
    if not user.is_authenticated:
        return StepAccess(Access.SIGN_IN, course)
    if current_enrollment is not None and current_enrollment.course_id == course.pk:
        enrollment = current_enrollment
        enrollment.course = course
    else:
        enrollment = enrollment_for(user, course)
    if enrollment is None:
        return StepAccess(Access.NOT_ENROLLED, course)
    progress = load_progress_as_shown(course, enrollment)
    step = progress.step_for_page(page.pk)
    if step is None:
        raise Http404
    status = Access.LOCKED if progress.is_step_locked(step) else Access.OPEN
    return StepAccess(status, course, enrollment, progress, step)


# Clinical review of a whole course ----------------------------------------------------------


def may_submit_course_for_review(user, course: CoursePage) -> bool:
    """Trainers (and anyone else) who may edit the course may send it all to clinical review."""
    if not user.is_authenticated or course.get_workflow() is None:
        return False
    return course.permissions_for_user(user).can_edit()


def may_review_course(user, course: CoursePage) -> bool:
    """Only the people the review task names (the Reviewers group) approve a whole course or
    send it back; the workflow's own task answers."""
    return user.is_authenticated and APPROVE in reviewer_actions(course, user)
