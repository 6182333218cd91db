"""Coached practice as a course step, told to ``courses`` through OUTSIDE_REQUIREMENTS_HOOK.

A course whose coaching terms set a pass mark requires each of its open practice sets to be
rated at least that (the latest rating of any of the learner's submissions counts); a course
with practice sets and no pass mark lists them as optional. Courses without practice cost no
query (``course_map`` is cached); the others cost one for every pair at once.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from basics.numbers import plain_number
from courses.services.progress import RequirementStatus

from . import course_map
from .models import Review


def current_scores(enrollment_ids) -> dict[tuple[int, int], list]:
    """(enrolment id, set id) -> the current score of each rated submission, oldest first."""
    latest: dict[int, tuple] = {}
    for enrollment_id, set_id, submission_id, number, created_at, pk, score in (
        Review.objects.filter(submission__enrollment_id__in=list(enrollment_ids))
        .order_by()
        .values_list(
            "submission__enrollment_id",
            "submission__practice_set_id",
            "submission_id",
            "submission__number",
            "created_at",
            "pk",
            "score",
        )
    ):
        seen = latest.get(submission_id)
        if seen is None or (created_at, pk) > seen[0]:
            latest[submission_id] = ((created_at, pk), enrollment_id, set_id, number, score)
    scores: dict[tuple[int, int], list] = {}
    for _when, enrollment_id, set_id, _number, score in sorted(
        latest.values(), key=lambda row: row[3]
    ):
        scores.setdefault((enrollment_id, set_id), []).append(score)
    return scores


def _label(title: str, pass_mark) -> str:
    if pass_mark is None:
        return _("Coached practice: %(title)s (optional)") % {"title": title}
    return _("Coached practice: %(title)s (rated at least %(mark)s of 6)") % {
        "title": title,
        "mark": plain_number(pass_mark),
    }


def practice_requirements(pairs) -> list[list[RequirementStatus]]:
    practice = course_map.courses_with_practice()
    enrollment_ids = [e.pk for course, e in pairs if e is not None and course.pk in practice]
    scores = current_scores(enrollment_ids) if enrollment_ids else {}
    result = []
    for course, enrollment in pairs:
        entry = practice.get(course.pk)
        if entry is None:
            result.append([])
            continue
        statuses = []
        for practice_set in entry.sets:
            rated = scores.get((enrollment.pk, practice_set.pk), []) if enrollment else []
            met = (
                bool(rated)
                if entry.pass_mark is None
                else any(score >= entry.pass_mark for score in rated)
            )
            statuses.append(
                RequirementStatus(
                    f"coached-practice-{practice_set.pk}",
                    _label(practice_set.title, entry.pass_mark),
                    met=met,
                    url=reverse("coaching:practice", args=[practice_set.code]),
                    required=entry.pass_mark is not None,
                    place="alongside",
                )
            )
        result.append(statuses)
    return result
