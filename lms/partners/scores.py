"""Each enrolment's pre-test score, best post-test score and knowledge gain (read-only).

``courses.reports`` computes knowledge gain per course for trainers; managers and coalitions need
it per enrolment and for a chosen group of people, which that module does not offer, so this
is a small query of our own against ``courses.models.Attempt``, following the same rules:

- the pre-test score is the learner's first submitted pre-test attempt;
- the post-test score is the best submitted post-test attempt (the CSV says "best");
- knowledge gain is post minus pre, only when the post-test is paired with that pre-test
  (``QuizPage.paired_pretest``), as in the trainers' report.

One query per call, whatever the number of enrolments.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from courses.choices import QuizKind
from courses.models import Attempt


@dataclass(frozen=True)
class Scores:
    pre: Decimal | None = None
    post_best: Decimal | None = None
    gain: Decimal | None = None


NO_SCORES = Scores()


def scores_for(enrollment_ids: Iterable[int]) -> dict[int, Scores]:
    """Scores of the enrolments in `enrollment_ids` that took a pre-test or a post-test."""
    ids = list(enrollment_ids)
    if not ids:
        return {}
    pre: dict[int, tuple[int, int, Decimal]] = {}  # enrolment -> (number, quiz, percent)
    post: dict[int, tuple[Decimal, int | None]] = {}  # enrolment -> (best, paired pre-test)
    rows = (
        Attempt.objects.filter(
            enrollment_id__in=ids,
            submitted_at__isnull=False,
            percent__isnull=False,
            quiz__kind__in=[QuizKind.PRE_TEST, QuizKind.POST_TEST],
        )
        .order_by()
        .values_list(
            "enrollment_id", "quiz_id", "quiz__kind", "quiz__paired_pretest_id", "number", "percent"
        )
    )
    for enrollment_id, quiz_id, kind, paired_id, number, percent in rows:
        if kind == QuizKind.PRE_TEST:
            if enrollment_id not in pre or number < pre[enrollment_id][0]:
                pre[enrollment_id] = (number, quiz_id, percent)
        elif enrollment_id not in post or percent > post[enrollment_id][0]:
            post[enrollment_id] = (percent, paired_id)
    result = {}
    for enrollment_id in pre.keys() | post.keys():
        pre_row, post_row = pre.get(enrollment_id), post.get(enrollment_id)
        gain = None
        if pre_row and post_row and post_row[1] == pre_row[1]:
            gain = post_row[0] - pre_row[2]
        result[enrollment_id] = Scores(
            pre=pre_row[2] if pre_row else None,
            post_best=post_row[0] if post_row else None,
            gain=gain,
        )
    return result
