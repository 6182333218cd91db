"""What stops a trainer from publishing a broken quiz, as pure functions over plain data.

The Wagtail form (``courses.forms.admin.QuizPageForm``) runs these when a quiz is submitted for review or
published, and ``QuizPage.publishing_problems()`` runs them for quizzes built in code (the
curriculum loader). Drafts may be incomplete; these checks apply only on the way to going live.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .choices import ONE_ANSWER_KINDS, QuestionKind, QuizKind


def question_problems(question: Mapping, objective_count: int) -> dict[str, list[str]]:
    """Problems with one question, by field name.

    `question` has ``kind``, ``objective``, ``vignette``, ``partial_credit`` and ``choices`` (a list
    of ``{"text", "correct"}``).
    """
    problems: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    kind = question.get("kind")
    choices = list(question.get("choices") or [])
    right = sum(1 for choice in choices if choice.get("correct"))
    if len(choices) < 2:
        add("choices", _("Add at least two answers."))
    if right == 0:
        add("choices", _("Mark the correct answer: no answer is marked correct."))
    elif kind in ONE_ANSWER_KINDS and right > 1:
        add(
            "choices",
            _(
                "Only one answer can be correct in this kind of question (%(count)d are ticked). "
                "Untick the others, or make it a multiple-response question."
            )
            % {"count": right},
        )
    if kind == QuestionKind.TRUE_FALSE and len(choices) != 2:
        add("choices", _("A true-or-false question has exactly two answers: True and False."))
    if kind == QuestionKind.SCENARIO and not (question.get("vignette") or "").strip():
        add("vignette", _("Write the scenario that the question is about."))
    if question.get("partial_credit") and kind != QuestionKind.MULTIPLE:
        add("partial_credit", _("Partial credit is only for multiple-response questions."))
    objective = question.get("objective")
    if objective_count < 1:
        add("objective", _("Add learning objectives to the course first."))
    elif not isinstance(objective, int) or not 1 <= objective <= objective_count:
        add(
            "objective",
            _("Choose one of the course's learning objectives (1 to %(count)d).")
            % {"count": objective_count},
        )
    return problems


@dataclass
class QuizProblems:
    """Problems found before publishing: on the quiz's own fields, and per question (by index)."""

    quiz: dict[str, list[str]] = field(default_factory=dict)
    questions: dict[int, dict[str, list[str]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.quiz or self.questions)

    def add(self, name: str | None, message: str) -> None:
        self.quiz.setdefault(name or "__all__", []).append(message)

    def messages(self) -> list[str]:
        """Every problem as one sentence (for code paths and logs)."""
        found = [message for messages in self.quiz.values() for message in messages]
        for index, fields in sorted(self.questions.items()):
            for messages in fields.values():
                found.extend(
                    _("Question %(number)d: %(problem)s") % {"number": index + 1, "problem": m}
                    for m in messages
                )
        return found


def draw_coverage_problems(questions: Sequence[Mapping], draw_count: int) -> list[str]:
    """Why a draw of `draw_count` cannot hold every always-included question plus one question
    for each objective in the bank (``grading.draw_stratified`` serves exactly that)."""
    always = [question for question in questions if question.get("always_include")]
    covered = {question.get("objective") for question in always}
    uncovered = {question.get("objective") for question in questions} - covered
    if len(always) > draw_count:
        return [
            _(
                "%(always)d questions are marked “always include”, but each attempt draws "
                "%(draw)d. Untick some, or draw more questions."
            )
            % {"always": len(always), "draw": draw_count}
        ]
    if len(always) + len(uncovered) > draw_count:
        return [
            _(
                "Each attempt must have the %(always)d always-included questions and one question "
                "for each of %(objectives)d other objectives, which makes %(needed)d, but it draws "
                "%(draw)d. Draw at least %(needed)d questions, or untick “always include” on "
                "some questions."
            )
            % {
                "always": len(always),
                "objectives": len(uncovered),
                "needed": len(always) + len(uncovered),
                "draw": draw_count,
            }
        ]
    return []


def quiz_problems(
    *,
    kind: str,
    questions: Sequence[Mapping],
    objective_count: int,
    draw_count: int | None,
    pass_mark: int | None,
    uses_pretest_questions: bool = False,
    pretest_bank_size: int | None = None,
) -> QuizProblems:
    """Everything that would make the quiz unusable or unfair once live."""
    problems = QuizProblems()
    for index, question in enumerate(questions):
        found = question_problems(question, objective_count)
        if found:
            problems.questions[index] = found

    if uses_pretest_questions:
        bank_size = pretest_bank_size or 0
        if questions:
            problems.add(
                None,
                _(
                    "This post-test uses the pre-test's questions, so it cannot have its own. "
                    "Remove its questions, or untick “Use the pre-test's questions”."
                ),
            )
    else:
        bank_size = len(questions)
    if bank_size == 0:
        problems.add(None, _("Add at least one question."))
    elif draw_count is not None and draw_count > bank_size:
        problems.add(
            "draw_count",
            ngettext(
                "The bank has only %(count)d question: draw at most that many, or leave this "
                "blank to use every question.",
                "The bank has only %(count)d questions: draw at most that many, or leave this "
                "blank to use every question.",
                bank_size,
            )
            % {"count": bank_size},
        )
    elif draw_count is not None and draw_count < bank_size and not uses_pretest_questions:
        for message in draw_coverage_problems(questions, draw_count):
            problems.add("draw_count", message)
    if kind == QuizKind.POST_TEST and (pass_mark is None or not 1 <= pass_mark <= 100):
        problems.add(
            None,
            _(
                "The course's pass mark must be between 1 and 100 (it is %(mark)s). Change it on "
                "the course's Completion tab."
            )
            % {"mark": pass_mark},
        )
    return problems
