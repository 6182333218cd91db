"""Clinical review of a whole course: submitted in one action, approved or sent back in one.

Wagtail's workflow is the engine. Each page of the course keeps its own workflow state in the
"Clinical review" workflow; a :class:`~courses.models.CourseReview` row ties the states sent
together to the course page's own state. The course page's task then carries the others:

- approving it approves the same task on every page sent with it (the workflow publishes them);
- requesting changes sends every one of them back to the trainer, with the reviewer's comment;
- resubmitting it puts every page that was sent back into review again.

This happens through Wagtail's own signals (``task_approved``, ``task_rejected``,
``task_submitted``), so it holds wherever the reviewer acts on the course's task: on the whole
course's review page, in the course editor or on the dashboard. Pages submitted one by one
have no row and move alone.

What a submission takes in:

- the course page always (it carries the review and the comment), even with no new changes;
- every page of the course with unpublished changes (drafts, edits, unpublished pages);
- every page already in review on its own: it keeps its place and joins the course's review;
  a page sent back to the trainer on its own is resubmitted;
- not pages that are published and unchanged: there is nothing new in them to approve. The
  review page lists them, so the reviewer sees the whole course.
"""

import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_approved, task_rejected, task_submitted

from .models import CoursePage, CourseReview, QuizPage
from .models.pages import MIN_OBJECTIVES


class CourseReviewError(Exception):
    """Why the course cannot be submitted or acted on; nothing was changed."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class Part(enum.Enum):
    """What a whole-course submission does with one page (or has done with it)."""

    GOES_INTO_REVIEW = "goes_into_review"
    JOINS_FROM_OWN_REVIEW = "joins_from_own_review"
    RESUBMITTED = "resubmitted"
    IN_COURSE_REVIEW = "in_course_review"
    SENT_BACK = "sent_back"
    UNCHANGED = "unchanged"
    IN_OTHER_WORKFLOW = "in_other_workflow"


@dataclass
class PagePart:
    page: Page
    state: WorkflowState | None
    part: Part

    @property
    def in_review(self) -> bool:
        return self.state is not None and self.state.status == WorkflowState.STATUS_IN_PROGRESS


def pages_of(course: CoursePage) -> list[Page]:
    """The course page and everything under it, in the order of the tree."""
    descendants = Page.objects.descendant_of(course).order_by("path").specific()
    return [course, *descendants]


def active_state(page: Page) -> WorkflowState | None:
    """The page's workflow state waiting for review or for changes, if any."""
    return (
        WorkflowState.objects.for_instance(page)
        .active()
        .select_related("current_task_state")
        .first()
    )


def latest_course_review(course: CoursePage) -> CourseReview | None:
    """The course's most recent whole-course submission, whatever became of it."""
    return (
        CourseReview.objects.filter(course_state__in=WorkflowState.objects.for_instance(course))
        .select_related("course_state__current_task_state__finished_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def latest_feedback(course: CoursePage) -> TaskState | None:
    """The reviewer's last decision on the whole course (approved or sent back), if any."""
    review = latest_course_review(course)
    if review is None:
        return None
    decided = review.course_state.task_states.filter(
        status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED]
    )
    return decided.select_related("finished_by").order_by("-finished_at", "-pk").first()


def open_course_review(course: CoursePage) -> CourseReview | None:
    """The course's whole-course submission still waiting for review or for changes."""
    state = active_state(course)
    if state is None:
        return None
    return CourseReview.objects.filter(course_state=state).first()


def parts(course: CoursePage) -> list[PagePart]:
    """Every page of the course, with what submitting the whole course does (or did) with it."""
    workflow = course.get_workflow()
    review = open_course_review(course)
    in_review_ids = set()
    if review is not None:
        in_review_ids = {review.course_state_id, *review.page_states.values_list("pk", flat=True)}
    found = []
    for page in pages_of(course):
        state = active_state(page)
        if state is not None and state.pk in in_review_ids:
            waiting = state.status == WorkflowState.STATUS_IN_PROGRESS
            part = Part.IN_COURSE_REVIEW if waiting else Part.SENT_BACK
        elif state is not None and workflow is not None and state.workflow_id != workflow.pk:
            part = Part.IN_OTHER_WORKFLOW
        elif state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            part = Part.RESUBMITTED
        elif state is not None:
            part = Part.JOINS_FROM_OWN_REVIEW
        elif page.pk == course.pk or page.has_unpublished_changes or not page.live:
            part = Part.GOES_INTO_REVIEW
        else:
            part = Part.UNCHANGED
        found.append(PagePart(page, state, part))
    return found


def submission_problems(course_parts: list[PagePart]) -> list[str]:
    """What in the drafts would fail on the way to going live (as the editor's Submit checks)."""
    problems = []
    for entry in course_parts:
        if entry.part in (Part.UNCHANGED, Part.IN_OTHER_WORKFLOW):
            continue
        draft = entry.page.get_latest_revision_as_object()
        title = draft.get_admin_display_title()
        found = []
        try:
            draft.full_clean()
        except ValidationError as error:
            found.extend(error.messages)
        if isinstance(draft, CoursePage) and len(draft.objectives.all()) < MIN_OBJECTIVES:
            found.append(
                _("A course needs at least %(count)d learning objectives.")
                % {"count": MIN_OBJECTIVES}
            )
        if isinstance(draft, QuizPage):
            found.extend(draft.publishing_problems().messages())
        problems.extend(f"{title}: {message}" for message in found)
    return problems


@transaction.atomic
def submit_course(course: CoursePage, user) -> CourseReview:
    """Send the course and its changed pages to clinical review as one (see the module's text).

    Raises :class:`CourseReviewError` (having changed nothing) when a draft would not pass the
    checks for going live, or when the course has no review workflow.
    """
    # One submission at a time per course: a second click waits, then finds the first's work.
    Page.objects.select_for_update().filter(pk=course.pk).first()
    workflow = course.get_workflow()
    if workflow is None:
        raise CourseReviewError([_("No review workflow applies to this course.")])
    course_parts = parts(course)
    problems = submission_problems(course_parts)
    if problems:
        raise CourseReviewError(problems)

    head, *rest = course_parts
    review = _start_or_resume_course(course, head, workflow, user)
    for entry in rest:
        state = _start_or_resume_page(entry, workflow, user)
        if state is not None:
            review.page_states.add(state)
    return review


def _start_or_resume_course(course, head: PagePart, workflow, user) -> CourseReview:
    if head.state is None:
        _make_sure_of_a_revision(course, user)
        state = workflow.start(course, user)
        return CourseReview.objects.create(course_state=state)
    review, _created = CourseReview.objects.get_or_create(course_state=head.state)
    if head.state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Wagtail's own "Resubmit"; the signal below resubmits the pages sent back with it.
        head.state.resume(user)
    return review


def _start_or_resume_page(entry: PagePart, workflow, user) -> WorkflowState | None:
    if entry.part is Part.GOES_INTO_REVIEW:
        _make_sure_of_a_revision(entry.page, user)
        return workflow.start(entry.page, user)
    if entry.part is Part.RESUBMITTED:
        entry.state.resume(user)
        return entry.state
    if entry.part in (Part.JOINS_FROM_OWN_REVIEW, Part.IN_COURSE_REVIEW):
        return entry.state
    if entry.part is Part.SENT_BACK:
        # Sent back with the course; resuming the course resubmitted it already, unless the
        # course itself had been resubmitted on its own before.
        entry.state.refresh_from_db()
        if entry.state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            entry.state.resume(user)
        return entry.state
    return None


def _make_sure_of_a_revision(page: Page, user) -> None:
    # A task reviews the page's latest revision; pages built in code may have none yet.
    if page.get_latest_revision() is None:
        page.save_revision(user=user)


# Acting on the whole course -------------------------------------------------------------

APPROVE = "approve"
REQUEST_CHANGES = "reject"


def course_task_state(course: CoursePage) -> TaskState | None:
    """The course page's task waiting for a reviewer in a whole-course review, if any."""
    review = open_course_review(course)
    if review is None or review.course_state.status != WorkflowState.STATUS_IN_PROGRESS:
        return None
    task_state = review.course_state.current_task_state
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    return task_state.specific


def reviewer_actions(course: CoursePage, user) -> set[str]:
    """The actions (``approve``, ``reject``) the engine lets `user` take on the course's task."""
    task_state = course_task_state(course)
    if task_state is None:
        return set()
    return {
        name for name, _label, _needs_data in task_state.task.specific.get_actions(course, user)
    }


def act_on_course(course: CoursePage, user, action: str, comment: str = "") -> None:
    """Approve the whole course, or request changes to it, through the course's own task.

    All or nothing: if a page cannot be published, nothing is approved and the reason is
    raised as :class:`CourseReviewError`.
    """
    comment = (comment or "").strip()
    if action == REQUEST_CHANGES and not comment:
        raise CourseReviewError([_("Say what needs to change, so the trainer knows what to do.")])
    try:
        with transaction.atomic():
            # Two reviewers at once: the second waits, then finds the course already decided.
            Page.objects.select_for_update().filter(pk=course.pk).first()
            task_state = course_task_state(course)
            if task_state is None:
                raise CourseReviewError(
                    [_("This course is not waiting for a whole-course review.")]
                )
            task_state.task.specific.on_action(task_state, user, action, comment=comment)
    except ValidationError as error:
        raise CourseReviewError(error.messages) from error


# Moving the pages with the course's task --------------------------------------------------


def _review_carried_by(task_state) -> CourseReview | None:
    return CourseReview.objects.filter(course_state_id=task_state.workflow_state_id).first()


def _move_pages(task_state, user, action: str) -> None:
    review = _review_carried_by(task_state)
    if review is None:
        return
    for state in review.page_states.filter(status=WorkflowState.STATUS_IN_PROGRESS):
        page_task_state = state.current_task_state
        if page_task_state is None or page_task_state.status != TaskState.STATUS_IN_PROGRESS:
            continue
        if page_task_state.task_id != task_state.task_id:
            continue  # the page is at another step of the workflow; it moves on its own
        page_task_state = page_task_state.specific
        task = page_task_state.task.specific
        page = state.content_object
        if action not in {name for name, _label, _data in task.get_actions(page, user)}:
            continue
        task.on_action(page_task_state, user, action, comment=task_state.comment)


def approve_pages_with_course(sender, instance, user=None, **kwargs) -> None:
    _move_pages(instance, user, APPROVE)


def send_back_pages_with_course(sender, instance, user=None, **kwargs) -> None:
    _move_pages(instance, user, REQUEST_CHANGES)


def resubmit_pages_with_course(sender, instance, user=None, **kwargs) -> None:
    review = _review_carried_by(instance)
    if review is None:
        return
    for state in review.page_states.filter(status=WorkflowState.STATUS_NEEDS_CHANGES):
        state.resume(user)


def connect_signals() -> None:
    # Sent by the specific task state class; bound to none so custom task types are covered.
    task_approved.connect(approve_pages_with_course, dispatch_uid="course-review-approve")
    task_rejected.connect(send_back_pages_with_course, dispatch_uid="course-review-reject")
    task_submitted.connect(resubmit_pages_with_course, dispatch_uid="course-review-resubmit")
