"""Quiz attempts and evaluation responses: starting, resuming, grading once, and the rules.

Views ask ``courses.permissions.step_access`` first; these functions do not repeat access checks.
Scoring itself is ``courses.grading`` (pure); this module adds the database and the rules:

- a pre-test is taken once, a knowledge check as often as wanted, a post-test up to the quiz's
  attempt limit, with its wait between attempts, and not again once passed;
- starting fixes the questions (a snapshot); a second tab or a double click resumes the open
  attempt instead of starting another (a partial unique constraint settles races);
- submitting grades an attempt exactly once, with a conditional ``UPDATE … WHERE submitted_at IS
  NULL`` inside a transaction: concurrent submits of one attempt produce one graded attempt.
"""

import datetime
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from basics.sanitize import clean_user_text

from . import grading
from .attempt_rules import try_again_message
from .choices import QuizKind, ShowAnswers
from .localization import source_page
from .models import (
    Attempt,
    Enrollment,
    EvaluationPage,
    EvaluationResponse,
    QuizPage,
    SavedAnswers,
)
from .models.evaluations import EVALUATION_COMMENTS_MAX_LENGTH
from .services import evaluate_completion


class AttemptRefused(Exception):
    """A new attempt cannot start now; `message` says why in plain words."""

    def __init__(self, reason: str, message: str, until: datetime.datetime | None = None):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.until = until


@dataclass
class QuizStanding:
    """Where one learner stands on one quiz."""

    quiz: QuizPage
    submitted: list[Attempt] = field(default_factory=list)
    open_attempt: Attempt | None = None
    now: datetime.datetime = field(default_factory=timezone.now)

    @property
    def graded(self) -> Attempt | None:
        """The attempt whose score counts (highest or latest, per the quiz's rules)."""
        return grading.pick_graded(self.submitted, self.quiz.counting_method)

    @property
    def passed(self) -> bool:
        return any(attempt.passed for attempt in self.submitted)

    @property
    def attempts_left(self) -> int | None:
        limit = self.quiz.attempt_limit
        return None if limit is None else max(0, limit - len(self.submitted))

    @property
    def wait_until(self) -> datetime.datetime | None:
        """When the next try may start, while the wait after the last failed try runs."""
        minutes = self.quiz.wait_between_attempts
        failures = [attempt for attempt in self.submitted if attempt.passed is False]
        if not minutes or len(failures) < self.quiz.failures_before_wait:
            return None
        until = failures[-1].submitted_at + datetime.timedelta(minutes=minutes)
        return until if until > self.now else None

    @property
    def refusal(self) -> AttemptRefused | None:
        """Why a new attempt cannot start now, or None when it can (or one is open)."""
        if self.open_attempt is not None:
            return None
        quiz = self.quiz
        if quiz.kind == QuizKind.PRE_TEST and self.submitted:
            return AttemptRefused(
                "taken",
                _(
                    "You have taken the pre-test. It is taken once, to show what you knew at the start."
                ),
            )
        if quiz.is_post_test and self.passed:
            return AttemptRefused(
                "passed", _("You passed this test. You do not need to take it again.")
            )
        if self.attempts_left == 0:
            return AttemptRefused(
                "limit",
                ngettext(
                    "You have used the %(count)d attempt this test allows. If you need another "
                    "try, please contact the people who run this course.",
                    "You have used all %(count)d attempts this test allows. If you need another "
                    "try, please contact the people who run this course.",
                    quiz.attempt_limit,
                )
                % {"count": quiz.attempt_limit},
            )
        if (until := self.wait_until) is not None:
            return AttemptRefused(
                "wait",
                "{} {}".format(
                    try_again_message(until, self.now), _("Use the time to review the lessons.")
                ),
                until=until,
            )
        return None

    def shows_answers(self, attempt: Attempt) -> bool:
        """Whether the review of `attempt` may show correct answers, feedback and explanations.

        The quiz's current setting decides (so tightening it protects the bank at once); what is
        shown comes from the attempt's snapshot.
        """
        policy = self.quiz.review_policy
        if policy == ShowAnswers.AFTER_EACH_ATTEMPT:
            return True
        if policy == ShowAnswers.AFTER_PASSING:
            return bool(attempt.passed) or self.passed
        return False


def standing(enrollment: Enrollment, quiz: QuizPage, *, now=None) -> QuizStanding:
    """The learner's attempts at `quiz`, in one query."""
    attempts = list(
        Attempt.objects.filter(enrollment=enrollment, quiz=source_page(quiz)).order_by("number")
    )
    return QuizStanding(
        quiz=quiz,
        submitted=[attempt for attempt in attempts if attempt.is_submitted],
        open_attempt=next((attempt for attempt in attempts if not attempt.is_submitted), None),
        now=now or timezone.now(),
    )


def start_or_resume_attempt(
    enrollment: Enrollment,
    quiz: QuizPage,
    *,
    now: datetime.datetime | None = None,
    rng: random.Random | None = None,
) -> tuple[Attempt, bool]:
    """The open attempt at `quiz`, or a new one; returns (attempt, created).

    Raises ``AttemptRefused`` when the rules say no (with a message for the learner). The new
    attempt's questions are drawn with a generator seeded for this attempt alone.
    """
    now = now or timezone.now()
    # One record per course: an attempt on a translated quiz is an attempt on its source
    # (answer ids are the same in every language), started in the translation's language.
    language = quiz.locale.language_code if quiz.pk else ""
    quiz = source_page(quiz)
    current = standing(enrollment, quiz, now=now)
    if current.open_attempt is not None:
        return current.open_attempt, False
    if (refusal := current.refusal) is not None:
        raise refusal
    # Not for secrets: the seed only varies the order questions are served in.
    rng = rng or random.Random(secrets.randbits(64))  # noqa: S311
    snapshot = grading.build_snapshot(
        quiz.bank_data(),
        rng=rng,
        draw=quiz.draw_count,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_choices=quiz.shuffle_choices,
        dont_know=quiz.allow_dont_know,
        dont_know_text=_("I don't know"),
        settings=quiz.snapshot_settings(enrollment.course),
    )
    if not snapshot["questions"]:
        raise AttemptRefused("empty", _("This quiz has no questions yet. Please come back later."))
    number = (current.submitted[-1].number if current.submitted else 0) + 1
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                enrollment=enrollment,
                quiz=quiz,
                number=number,
                language=language,
                started_at=now,
                snapshot=snapshot,
                max_score=len(snapshot["questions"]),
            )
    except IntegrityError:
        # Another tab started one at the same moment: resume that one.
        attempt = Attempt.objects.filter(
            enrollment=enrollment, quiz=quiz, submitted_at__isnull=True
        ).first()
        if attempt is None:
            raise
        return attempt, False
    return attempt, True


def clean_answers(snapshot: Mapping, answers: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Keep only picks that are choices of their own question, in served order."""
    cleaned = {}
    for question in snapshot["questions"]:
        picked = set(answers.get(question["id"]) or ())
        ids = [choice["id"] for choice in question["choices"] if choice["id"] in picked]
        if ids:
            cleaned[question["id"]] = ids
    return cleaned


def save_answers(attempt: Attempt, answers: Mapping[str, Sequence[str]]) -> bool:
    """Keep the learner's picks on an open attempt so they can finish later.

    Returns False when the attempt was handed in meanwhile (nothing is saved then). Picks that
    are not choices of their own question are dropped, as when grading.
    """
    answers = clean_answers(attempt.snapshot, answers)
    with transaction.atomic():
        still_open = (
            Attempt.objects.select_for_update()
            .filter(pk=attempt.pk, submitted_at__isnull=True)
            .exists()
        )
        if not still_open:
            return False
        SavedAnswers.objects.update_or_create(attempt=attempt, defaults={"answers": answers})
    return True


def saved_answers(attempt: Attempt) -> dict[str, list[str]]:
    """The picks saved on an open attempt, by question id ({} when none)."""
    if attempt.is_submitted:
        return {}
    saved = SavedAnswers.objects.filter(attempt=attempt).values_list("answers", flat=True).first()
    return saved or {}


def quizzes_with_saved_answers(
    enrollments: Sequence[Enrollment], quiz_ids: set[int]
) -> set[tuple[int, int]]:
    """(enrolment id, quiz id) for each open attempt at `quiz_ids` with picks saved to finish
    later: there the learner continues a quiz rather than starts it. One query for them all."""
    if not enrollments or not quiz_ids:
        return set()
    return set(
        SavedAnswers.objects.filter(
            attempt__enrollment__in=enrollments,
            attempt__quiz_id__in=quiz_ids,
            attempt__submitted_at__isnull=True,
        )
        .exclude(answers={})
        .values_list("attempt__enrollment_id", "attempt__quiz_id")
    )


def submit_attempt(
    attempt: Attempt,
    answers: Mapping[str, Sequence[str]],
    *,
    now: datetime.datetime | None = None,
    progress_before=None,
) -> tuple[Attempt, bool]:
    """Grade `attempt` once; returns (the attempt as stored, graded by this call).

    A repeated or concurrent submit changes nothing and returns the first grading. A passed
    post-test then checks whether the course is complete, unless `progress_before` (the
    learner's ``CourseProgress`` read for this request, the quiz not yet met) shows a required
    step after it still unmet (``waits_on_a_step_after``): that step opens only now.
    """
    now = now or timezone.now()
    answers = clean_answers(attempt.snapshot, answers)
    score = grading.score_attempt(attempt.snapshot, answers)
    passed = None
    if attempt.kind == QuizKind.POST_TEST and attempt.pass_mark is not None:
        passed = score.passes(attempt.pass_mark)
    grade = {
        "submitted_at": now,
        "answers": answers,
        "credits": {key: str(credit) for key, credit in score.credits.items()},
        "score": grading.points_as_decimal(score.points),
        "max_score": score.max_points,
        "percent": score.percent,
        "passed": passed,
    }
    with transaction.atomic():
        graded = Attempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(**grade)
        if graded:
            SavedAnswers.objects.filter(attempt=attempt).delete()
            # What was stored, without reading it back (the attempt keeps its enrolment).
            for field, value in grade.items():
                setattr(attempt, field, value)
        else:  # graded by an earlier or concurrent submit: return that grading
            attempt.refresh_from_db()
        # In the same transaction: if the database goes away after the grading, neither is
        # kept and the learner's resubmission does both (otherwise the retry would find the
        # attempt graded and the course would never be completed).
        if graded and attempt.passed and not _completion_waits(progress_before, attempt.quiz_id):
            evaluate_completion(attempt.enrollment, now=now)
    return attempt, bool(graded)


def _completion_waits(progress, quiz_id: int) -> bool:
    step = progress.step_for_page(quiz_id) if progress is not None else None
    return step is not None and progress.waits_on_a_step_after(step)


def attempt_credits(attempt: Attempt) -> dict[str, Fraction]:
    """The credit per question id, as stored exactly when the attempt was graded."""
    return {key: Fraction(value) for key, value in (attempt.credits or {}).items()}


# Evaluation ------------------------------------------------------------------------------


def response_for(enrollment: Enrollment) -> EvaluationResponse | None:
    return EvaluationResponse.objects.filter(enrollment=enrollment).first()


def submit_evaluation(
    enrollment: Enrollment,
    evaluation: EvaluationPage,
    *,
    ratings: Mapping[str, int],
    confidence_before: int | None = None,
    confidence_after: int | None = None,
    comments: str = "",
    now: datetime.datetime | None = None,
) -> tuple[EvaluationResponse, bool]:
    """Store a learner's evaluation once; returns (response, created).

    The statements are stored as they read now; comments are cleaned to plain text and
    length-limited here whatever the form checked. A second submission returns the first.
    """
    # On the source page (statement ids are the same in every language): one record per course.
    evaluation = source_page(evaluation)
    statements = evaluation.statement_data()
    ids = {statement["id"] for statement in statements}
    ratings = {
        key: int(value) for key, value in ratings.items() if key in ids and 1 <= int(value) <= 5
    }
    asks_confidence = bool(evaluation.confidence_question)
    try:
        with transaction.atomic():
            response = EvaluationResponse.objects.create(
                enrollment=enrollment,
                evaluation=evaluation,
                submitted_at=now or timezone.now(),
                statements=statements,
                ratings=ratings,
                confidence_question=evaluation.confidence_question,
                confidence_before=confidence_before if asks_confidence else None,
                confidence_after=confidence_after if asks_confidence else None,
                comments=clean_user_text(comments, max_length=EVALUATION_COMMENTS_MAX_LENGTH)
                if evaluation.comments_prompt
                else "",
            )
            # In the same transaction, so a failure here leaves the form to send again.
            evaluate_completion(enrollment, now=now)
    except IntegrityError:
        existing = response_for(enrollment)
        if existing is None:
            raise
        return existing, False
    return response, True
