"""Everything that changes a learner's course records happens here (the rules they follow are in
``courses.services.progress``).

Views call these after asking ``courses.permissions`` whether the learner may act; these
functions do not repeat access checks. Each is idempotent where a double click could repeat it.
"""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from basics.sanitize import clean_user_text

from ..localization import source_page
from ..models import CoursePage, Enrollment, LessonPage, LessonProgress, Reflection
from ..models.learning import REFLECTION_MAX_LENGTH
from ..signals import course_completed
from .progress import CourseProgress, NextItem, load_progress

logger = logging.getLogger(__name__)

# Time on a lesson is measured from first view to completion; beyond this it is an idle tab.
MAX_SECONDS_ON_PAGE = getattr(settings, "COURSES_MAX_SECONDS_ON_PAGE", 30 * 60)


def current_enrollment(user, course: CoursePage) -> Enrollment | None:
    """The learner's current enrolment (highest cycle) in `course`, or None."""
    return Enrollment.objects.current_for(user, source_page(course))


def _create_cycle(user, course: CoursePage, cycle: int) -> tuple[Enrollment, bool]:
    """Insert cycle `cycle`, or return the one a concurrent request inserted first.

    The unique constraint on (user, course, cycle) settles a race: the losing insert fails
    inside a savepoint (so PostgreSQL's transaction stays usable) and the winner's row is read.
    """
    try:
        with transaction.atomic():
            return Enrollment.objects.create(user=user, course=course, cycle=cycle), True
    except IntegrityError:
        return Enrollment.objects.get(user=user, course=course, cycle=cycle), False


def enrol(user, course: CoursePage) -> tuple[Enrollment, bool]:
    """Enrol `user` in `course`; returns (current enrolment, created).

    Idempotent: a second call, or a double-clicked button, returns the same enrolment; a
    learner who is enrolled already (in any cycle) gets their current one back.
    """
    course = source_page(course)  # one record per course, whatever language it is taken in
    current = current_enrollment(user, course)
    if current is not None:
        return current, False
    return _create_cycle(user, course, 1)


def start_renewal(user, course: CoursePage) -> Enrollment:
    """Start the next enrolment cycle in `course` once the current one is completed.

    The learner begins again in the new cycle (no progress, no attempts); the completed cycle
    and everything recorded against it stay as they were. Whether the learner *may* renew (a
    certificate close to expiry, say) is for the caller to decide. Idempotent: when the current
    cycle is not completed (a renewal already started, by a double click or a concurrent
    request), it is returned unchanged. Raises ``Enrollment.DoesNotExist`` when the learner was
    never enrolled.
    """
    course = source_page(course)
    current = current_enrollment(user, course)
    if current is None:
        raise Enrollment.DoesNotExist("No enrolment to renew.")
    if current.completed_at is None:
        return current
    enrollment, _created = _create_cycle(user, course, current.cycle + 1)
    return enrollment


def record_lesson_view(
    enrollment: Enrollment, lesson: LessonPage, *, now: datetime.datetime | None = None
) -> LessonProgress:
    """Note the first time a learner opens a lesson (later views change nothing)."""
    progress, _ = LessonProgress.objects.get_or_create(
        enrollment=enrollment,
        lesson=source_page(lesson),
        defaults={"first_viewed_at": now or timezone.now()},
    )
    return progress


def note_first_view(
    enrollment: Enrollment, lesson: LessonPage, *, now: datetime.datetime | None = None
) -> None:
    """`record_lesson_view` in one query, for page views that do not need the row back.

    An insert that skips a row already there (``ON CONFLICT DO NOTHING``) keeps the first view's
    time and needs no savepoint.
    """
    LessonProgress.objects.bulk_create(
        [
            LessonProgress(
                enrollment=enrollment,
                lesson=source_page(lesson),
                first_viewed_at=now or timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )


def complete_lesson(
    enrollment: Enrollment, lesson: LessonPage, *, now: datetime.datetime | None = None
) -> LessonProgress:
    """Mark `lesson` complete for `enrollment`, then check whether the course is complete.

    Idempotent: the completion time and time on page are set once. Time on page runs from the
    first view to now, capped at ``MAX_SECONDS_ON_PAGE``.
    """
    now = now or timezone.now()
    progress = record_lesson_view(enrollment, lesson, now=now)
    if progress.completed_at is None:
        elapsed = max(0, int((now - progress.first_viewed_at).total_seconds()))
        seconds = min(elapsed, MAX_SECONDS_ON_PAGE)
        updated = LessonProgress.objects.filter(pk=progress.pk, completed_at__isnull=True).update(
            completed_at=now, seconds_on_page=seconds
        )
        if updated:
            progress.completed_at, progress.seconds_on_page = now, seconds
        else:  # another request completed it in the meantime
            progress.refresh_from_db()
    evaluate_completion(enrollment, now=now)
    return progress


def progress_for(enrollment: Enrollment) -> CourseProgress:
    """The learner's progress in their course: percent of required items done, and more."""
    return load_progress(enrollment.course, enrollment)


def next_item_for(enrollment: Enrollment, *, after: LessonPage | None = None) -> NextItem | None:
    """Where to resume: the first unfinished item (after `after`, when given), or None."""
    return progress_for(enrollment).next_item(after=after)


def evaluate_completion(
    enrollment: Enrollment,
    *,
    progress: CourseProgress | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """Decide, from the course's rules, whether `enrollment` is complete; record it once.

    The rules (``CourseProgress.is_complete``): every published lesson is done, and every
    required step of the course (post-test, evaluation) is met. The first
    call that finds them met stores the completion time with a conditional update, so two
    requests racing here record it once, and sends ``course_completed`` after the commit.
    Completion is never undone by later changes to the course.
    """
    if enrollment.completed_at is not None:
        return True
    progress = progress or progress_for(enrollment)
    if not progress.is_complete:
        return False
    now = now or timezone.now()
    with transaction.atomic():
        updated = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        if updated:
            enrollment.completed_at = now
            transaction.on_commit(partial(_send_course_completed, enrollment))
        else:
            enrollment.refresh_from_db(fields=["completed_at"])
    return True


def _send_course_completed(enrollment: Enrollment) -> None:
    # A failing receiver must not turn the learner's finished course into an error page.
    for receiver, result in course_completed.send_robust(sender=Enrollment, enrollment=enrollment):
        if isinstance(result, Exception):
            logger.error(
                "course_completed receiver %r failed for enrolment %s",
                receiver,
                enrollment.code,
                exc_info=result,
            )


def save_reflection(
    enrollment: Enrollment, lesson: LessonPage, block_id: str, text: str
) -> Reflection | None:
    """Store a learner's private reflection as plain text; empty text deletes it.

    The text is cleaned (no markup, length-limited) here whatever the caller validated.
    """
    text = clean_user_text(text, max_length=REFLECTION_MAX_LENGTH)
    lesson = source_page(lesson)  # scenario blocks keep their ids in every language
    if not text:
        Reflection.objects.filter(enrollment=enrollment, lesson=lesson, block_id=block_id).delete()
        return None
    reflection, _ = Reflection.objects.update_or_create(
        enrollment=enrollment, lesson=lesson, block_id=block_id, defaults={"text": text}
    )
    return reflection
