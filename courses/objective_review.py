"""What to review after a test whose answers stay hidden: learning objectives, never questions.

Marking each question right or wrong would, with retries, give the answers away one question
at a time. The result names instead the course objectives on which some answer was not right,
and the lessons that teach them, with links; the questions themselves are not listed.

A lesson teaches what its knowledge check tests: in a course, each lesson is followed by its
check (courses.curriculum.loader lays courses out that way, and trainers do the same), so the
objectives of a check's questions belong to the lesson just before it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from . import assessments, page_cache
from .choices import QuizKind
from .models import Attempt, CoursePage, LessonPage, Question, QuizPage


@dataclass
class ObjectiveToReview:
    number: int
    text: str
    lessons: list[LessonPage] = field(default_factory=list)


def missed_objectives(attempt: Attempt) -> list[int]:
    """The objective numbers of the questions in `attempt` not answered fully right."""
    credits = assessments.attempt_credits(attempt)
    return sorted(
        {
            question["objective"]
            for question in attempt.questions
            if credits.get(question["id"], Fraction(0)) < 1
        }
    )


def lessons_by_objective(course: CoursePage) -> dict[int, list[LessonPage]]:
    """For each objective number, the live lessons whose knowledge check tests it (course order)."""
    lessons = page_cache.live_lessons(course)
    checks = dict(
        QuizPage.objects.live()
        .child_of(course)
        .filter(kind=QuizKind.KNOWLEDGE_CHECK)
        .values_list("pk", "path")
    )
    taught = defaultdict(list)
    for check_id, objective in (
        Question.objects.filter(page_id__in=checks).values_list("page_id", "objective").distinct()
    ):
        before = [lesson for lesson in lessons if lesson.path < checks[check_id]]
        if before and before[-1] not in taught[objective]:
            taught[objective].append(before[-1])
    return {number: sorted(found, key=lambda page: page.path) for number, found in taught.items()}


def objectives_to_review(
    attempt: Attempt, course: CoursePage, objective_texts: list[str]
) -> list[ObjectiveToReview]:
    missed = missed_objectives(attempt)
    if not missed:
        return []
    lessons = lessons_by_objective(course)
    return [
        ObjectiveToReview(
            number=number,
            text=objective_texts[number - 1] if 0 < number <= len(objective_texts) else "",
            lessons=lessons.get(number, []),
        )
        for number in missed
    ]
