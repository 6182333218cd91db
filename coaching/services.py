"""What happens when a learner saves or submits practice and when a coach rates it.

Each change runs in one transaction with the enrolment row locked, so two requests at once
(a double-tapped button, two tabs) cannot make two drafts or submit one twice. Emails go after
the commit: a coach hears of work that exists, a learner of feedback that is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from basics.sanitize import clean_user_text
from courses.localization import paired_by_key, snippet_in
from courses.models import Enrollment
from courses.services.records import evaluate_completion

from . import course_map, notifications
from .models import (
    RESPONSE_MAX_LENGTH,
    PracticeResponse,
    PracticeSet,
    PracticeSubmission,
    ResponseRating,
    Review,
)
from .rubric import CRITERION_FIELDS, POINTS_PER_RESPONSE


class PracticeRefused(Exception):
    """The change cannot be made; the message says why in plain words."""


@dataclass(frozen=True)
class ResponseScores:
    response: PracticeResponse
    kind_asked: int
    meaning: int
    righting: int
    comment: str = ""


def submissions_of(enrollment: Enrollment, practice_set: PracticeSet) -> list[PracticeSubmission]:
    return list(
        PracticeSubmission.objects.filter(enrollment=enrollment, practice_set=practice_set)
        .prefetch_related("responses", "reviews__ratings")
        .order_by("number")
    )


def current_review(submission: PracticeSubmission) -> Review | None:
    """The latest review: a coach who rates again replaces what counts, not what is kept."""
    reviews = list(submission.reviews.all())
    return max(reviews, key=lambda review: (review.created_at, review.pk)) if reviews else None


def may_start_revision(submissions: list[PracticeSubmission]) -> bool:
    """A first set may always be started; a revised one once the last is rated."""
    if not submissions:
        return True
    latest = submissions[-1]
    return latest.is_submitted and current_review(latest) is not None


def _locked(enrollment: Enrollment) -> None:
    Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()


def statements_to_show(practice_set: PracticeSet) -> list[tuple]:
    """(source statement, the statement in the active language) for each statement of the
    source set, in order. The response records the source statement and the words the learner
    read; its kind is the source's, so coaches rate it with the same rubric."""
    shown = snippet_in(practice_set)
    return paired_by_key(practice_set.statements.all(), shown.statements.all())


def _new_draft(enrollment: Enrollment, practice_set: PracticeSet) -> PracticeSubmission:
    existing = list(
        PracticeSubmission.objects.filter(enrollment=enrollment, practice_set=practice_set)
        .prefetch_related("reviews")
        .order_by("number")
    )
    if not may_start_revision(existing):
        raise PracticeRefused(
            _("Your practice is with a coach. You can revise it when their feedback is ready.")
        )
    statements = statements_to_show(practice_set)
    if not statements:
        raise PracticeRefused(_("This practice set has no statements yet."))
    previous = existing[-1] if existing else None
    number = (
        PracticeSubmission.objects.filter(
            enrollment=enrollment, practice_set=practice_set
        ).aggregate(highest=Max("number"))["highest"]
        or 0
    ) + 1
    draft = PracticeSubmission.objects.create(
        enrollment=enrollment, practice_set=practice_set, number=number
    )
    # A revision starts from the learner's last words, to change what the coach pointed at.
    earlier = {r.statement_id: r.text for r in previous.responses.all()} if previous else {}
    PracticeResponse.objects.bulk_create(
        PracticeResponse(
            submission=draft,
            statement=statement,
            position=position,
            statement_setting=shown.setting,
            statement_text=shown.text,
            kind=statement.kind,
            text=earlier.get(statement.pk, ""),
        )
        for position, (statement, shown) in enumerate(statements, start=1)
    )
    return draft


def open_draft(enrollment: Enrollment, practice_set: PracticeSet) -> PracticeSubmission | None:
    return (
        PracticeSubmission.objects.filter(
            enrollment=enrollment, practice_set=practice_set, submitted_at__isnull=True
        )
        .prefetch_related("responses")
        .first()
    )


def save(
    enrollment: Enrollment, practice_set: PracticeSet, texts: dict[int, str], *, submit: bool
) -> PracticeSubmission:
    """Keep the learner's words (by response position) in their draft, making the draft
    first when there is none; with `submit`, hand it to the coaches (every response written)."""
    with transaction.atomic():
        _locked(enrollment)
        draft = open_draft(enrollment, practice_set) or _new_draft(enrollment, practice_set)
        responses = list(draft.responses.all())
        for response in responses:
            if response.position in texts:
                response.text = clean_user_text(
                    texts[response.position], max_length=RESPONSE_MAX_LENGTH
                )
        PracticeResponse.objects.bulk_update(responses, ["text"])
        now = timezone.now()
        draft.saved_at = now
        complete = all(response.text for response in responses)
        if submit and complete:
            draft.submitted_at = now
            transaction.on_commit(partial(notifications.send_work_arrived, draft.pk))
        draft.save(update_fields=["saved_at", "submitted_at"])
    if submit and not complete:
        # The words are kept (the draft is saved above); only the hand-over waits.
        raise PracticeRefused(_("Write a response to every statement, then submit."))
    return draft


def _score(points: int, responses: int) -> Decimal:
    if not responses:
        return Decimal("0.0")
    return (Decimal(points) / responses).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate(
    coach, submission: PracticeSubmission, scores: list[ResponseScores], feedback: str
) -> Review:
    """Record a coach's rating of every response and their feedback, as a new review."""
    responses = list(submission.responses.all())
    if {each.response.pk for each in scores} != {response.pk for response in responses}:
        raise PracticeRefused(_("Rate every response, then save."))
    points = sum(sum(getattr(each, name) for name in CRITERION_FIELDS) for each in scores)
    with transaction.atomic():
        review = Review.objects.create(
            submission=submission,
            coach=coach,
            feedback=clean_user_text(feedback, max_length=2000),
            points=points,
            max_points=POINTS_PER_RESPONSE * len(responses),
            score=_score(points, len(responses)),
        )
        ResponseRating.objects.bulk_create(
            ResponseRating(
                review=review,
                response=each.response,
                kind_asked=each.kind_asked,
                meaning=each.meaning,
                righting=each.righting,
                comment=clean_user_text(each.comment, max_length=600),
            )
            for each in scores
        )
        transaction.on_commit(partial(notifications.send_feedback_ready, review.pk))
    entry = course_map.courses_with_practice().get(submission.practice_set.course_id)
    if entry is not None and entry.pass_mark is not None and review.score >= entry.pass_mark:
        evaluate_completion(submission.enrollment)
    return review
