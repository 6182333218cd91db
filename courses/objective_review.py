"""What to review after a test whose answers stay hidden: objectives, lessons and own picks.

The result names the course objectives on which some answer was not right and the lessons that
teach them, with links, and lists the learner's own picks grouped by objective, each question
marked right, partly right or not right. The keys stay hidden: no choice the learner did not
pick is named, and no explanation or choice feedback is shown. A question with only two answers
(true or false) is never marked, since "not right" would name the other answer. Retries draw a
fresh form and, on a post-test, wait after repeated fails (``QuizPage.wait_after_failures``), so
marks cannot be harvested question by question.

A lesson teaches what its knowledge check tests: in a course, each lesson is followed by its
check (courses.curriculum.loader lays courses out that way, and trainers do the same), so the
objectives of a check's questions belong to the lesson just before it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import ngettext

from . import assessments, grading, page_cache
from .choices import QuizKind
from .models import Attempt, CoursePage, LessonPage, Question, QuizPage


@dataclass
class AnswerReview:
    """One served question with what the learner picked and a mark that names no key."""

    number: int
    stem: str
    picks: list[str]
    dont_know: bool
    # "right", "partly", "not_right", or "unmarked" (two-answer questions).
    mark: str
    # Partial credit in words ("You got partial credit: 2 of the 3 right choices.").
    partial: str = ""


@dataclass
class ObjectiveToReview:
    number: int
    text: str
    lessons: list[LessonPage] = field(default_factory=list)
    answers: list[AnswerReview] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """ "review" (a marked answer here was not fully right), "unmarked" (no marked answer
        was wrong, but a two-answer question here is not marked), or "right".

        The verdict is read from the marked answers only: an objective whose only wrong answer
        might be a true-or-false one would otherwise name that answer's key.
        """
        marks = {answer.mark for answer in self.answers}
        if marks & {"partly", "not_right"}:
            return "review"
        return "unmarked" if "unmarked" in marks else "right"

    @property
    def needs_review(self) -> bool:
        """Listed under "What to review" (with its lessons): any verdict but "right"."""
        return self.verdict != "right"


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


def partial_counts(question: dict, picked: set[str]) -> tuple[int, int, int]:
    """(right choices picked, right choices, wrong choices picked) for a multiple response."""
    right = grading.correct_ids(question)
    return len(picked & right), len(right), len(picked - right - {grading.DONT_KNOW})


def partial_credit_words(counts: tuple[int, int, int]) -> str:
    """ "You got partial credit: 2 of the 3 right choices." (and the wrong picks taken off)."""
    picked, total, wrong = counts
    values = {"picked": picked, "total": total, "wrong": wrong}
    if not wrong:
        return (
            ngettext(
                "You got partial credit: %(picked)d of the %(total)d right choice.",
                "You got partial credit: %(picked)d of the %(total)d right choices.",
                total,
            )
            % values
        )
    return (
        ngettext(
            "You got partial credit: %(picked)d of the %(total)d right choices, less "
            "%(wrong)d for a choice that is not right.",
            "You got partial credit: %(picked)d of the %(total)d right choices, less "
            "%(wrong)d for choices that are not right.",
            wrong,
        )
        % values
    )


def review_choices(question: dict) -> list[dict]:
    """The answers a question offers, without "I don't know"."""
    return [choice for choice in question["choices"] if choice["id"] != grading.DONT_KNOW]


def review_answer(number: int, question: dict, picked: set[str], credit: Fraction) -> AnswerReview:
    """The learner's picks on one question and its mark, without naming the key."""
    real_choices = review_choices(question)
    dont_know = grading.DONT_KNOW in picked
    if len(real_choices) <= 2:
        mark = "unmarked"
    elif credit == 1:
        mark = "right"
    elif credit > 0:
        mark = "partly"
    else:
        mark = "not_right"
    return AnswerReview(
        number=number,
        stem=question["stem"],
        picks=[choice["text"] for choice in real_choices if choice["id"] in picked],
        dont_know=dont_know,
        mark=mark,
        partial=partial_credit_words(partial_counts(question, picked)) if mark == "partly" else "",
    )


def objectives_to_review(
    attempt: Attempt, course: CoursePage, objective_texts: list[str]
) -> list[ObjectiveToReview]:
    """Every objective the attempt tested, in number order, with the learner's own picks.

    Each carries the lessons that teach it; the result lists those of objectives that need
    review (:attr:`ObjectiveToReview.needs_review`).
    """
    credits = assessments.attempt_credits(attempt)
    lessons = (
        lessons_by_objective(course)
        if missed_objectives(attempt)
        or any(len(review_choices(question)) <= 2 for question in attempt.questions)
        else {}
    )
    by_number: dict[int, ObjectiveToReview] = {}
    for number, question in enumerate(attempt.questions, start=1):
        objective = question["objective"]
        if objective not in by_number:
            by_number[objective] = ObjectiveToReview(
                number=objective,
                text=objective_texts[objective - 1]
                if objective and 0 < objective <= len(objective_texts)
                else "",
                lessons=lessons.get(objective, []),
            )
        picked = set(attempt.answers.get(question["id"], ()))
        by_number[objective].answers.append(
            review_answer(number, question, picked, credits.get(question["id"], Fraction(0)))
        )
    return [by_number[number] for number in sorted(by_number, key=lambda n: n or 0)]
