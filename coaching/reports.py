"""Per practice set, for the course report: how responses were rated and how learners changed.

Only the latest review of each submission counts (a coach who rates again replaces it).
- **Distribution**: for each rubric question, how many responses got 0, 1 and 2; and how many
  submissions scored in each band of the mean per response (out of 6).
- **Change**: for learners with two or more rated submissions of a set, the mean score of
  their first and of their last, and the mean change between them.
Three queries for a course, whatever the number of learners; no learner is named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from basics.numbers import mean
from courses.localization import source_locale_id

from .models import PracticeSet, ResponseRating, Review
from .rubric import CRITERIA, POINTS_PER_RESPONSE, SCORES

BANDS = tuple(range(POINTS_PER_RESPONSE))  # 0 means 0 to under 1, ..., 5 means 5 to 6


@dataclass
class CriterionCounts:
    question: str
    counts: dict[int, int]


@dataclass
class SetReport:
    practice_set: PracticeSet
    learners: int = 0
    rated_submissions: int = 0
    criteria: list[CriterionCounts] = field(default_factory=list)
    bands: dict[int, int] = field(default_factory=dict)
    revised_learners: int = 0
    mean_first: Decimal | None = None
    mean_last: Decimal | None = None
    mean_change: Decimal | None = None


def _band(score: Decimal) -> int:
    return min(int(score), POINTS_PER_RESPONSE - 1)


def practice_reports(course) -> list[SetReport]:
    sets = list(
        PracticeSet.objects.filter(course=course, locale_id=source_locale_id()).order_by(
            "title", "pk"
        )
    )
    if not sets:
        return []
    latest: dict[int, tuple] = {}
    for submission_id, set_id, enrollment_id, number, created_at, pk, score in (
        Review.objects.filter(submission__practice_set__in=sets)
        .order_by()
        .values_list(
            "submission_id",
            "submission__practice_set_id",
            "submission__enrollment_id",
            "submission__number",
            "created_at",
            "pk",
            "score",
        )
    ):
        seen = latest.get(submission_id)
        if seen is None or (created_at, pk) > seen[0]:
            latest[submission_id] = ((created_at, pk), set_id, enrollment_id, number, score)

    counts = {
        practice_set.pk: {c.field: dict.fromkeys(SCORES, 0) for c in CRITERIA}
        for practice_set in sets
    }
    current_ids = [row[0][1] for row in latest.values()]
    for set_id, *scores in (
        ResponseRating.objects.filter(review_id__in=current_ids)
        .order_by()
        .values_list("review__submission__practice_set_id", *[c.field for c in CRITERIA])
    ):
        for criterion, score in zip(CRITERIA, scores, strict=True):
            counts[set_id][criterion.field][score] += 1

    by_learner: dict[int, dict[int, list]] = {s.pk: defaultdict(list) for s in sets}
    for _when, set_id, enrollment_id, number, score in latest.values():
        by_learner[set_id][enrollment_id].append((number, score))

    reports = []
    for practice_set in sets:
        learners = by_learner[practice_set.pk]
        report = SetReport(practice_set=practice_set, learners=len(learners))
        report.rated_submissions = sum(len(rows) for rows in learners.values())
        report.criteria = [
            CriterionCounts(str(c.question), counts[practice_set.pk][c.field]) for c in CRITERIA
        ]
        report.bands = dict.fromkeys(BANDS, 0)
        for rows in learners.values():
            for _number, score in rows:
                report.bands[_band(score)] += 1
        revised = [sorted(rows) for rows in learners.values() if len(rows) > 1]
        report.revised_learners = len(revised)
        report.mean_first = mean([rows[0][1] for rows in revised], "0.1")
        report.mean_last = mean([rows[-1][1] for rows in revised], "0.1")
        report.mean_change = mean([rows[-1][1] - rows[0][1] for rows in revised], "0.1")
        reports.append(report)
    return reports
