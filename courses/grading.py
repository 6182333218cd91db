"""Scoring, as pure functions over plain data (no database, no requests).

A quiz attempt is graded from two things only: the *snapshot* taken when it started (the questions
served, in the order served, with their choices and which were correct at that moment) and the
*picked choice ids* the learner sent. Nothing else the browser sends is trusted, and later edits to
the quiz cannot change a past attempt, because the snapshot is all the scorer reads.

Snapshot format (stored as JSON on the attempt)::

    {"version": 1,
     "settings": {"kind": "post_test", "pass_mark": 80, ...},
     "questions": [{"id": "12", "kind": "single", "stem": "...", "vignette": "",
                    "explanation": "...", "objective": 1, "partial_credit": false,
                    "choices": [{"id": "<block uuid>", "text": "...", "correct": true,
                                 "feedback": "..."}, ...]}]}

Bank questions may also carry ``always_include`` (served on every form; see ``draw_stratified``).

Every question is worth one point. Single choice, true/false and scenario questions score 1 when
the one correct choice is picked. Multiple-response questions score 1 when exactly the correct set
is picked, or, with partial credit, (right picks - wrong picks) / number of right choices, never
below 0. "I don't know" (``DONT_KNOW``) always scores 0. Credits are exact fractions; the percent is
rounded down, so a learner is never shown a passing figure for a failing score.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from fractions import Fraction
from typing import Protocol, TypeVar

from .choices import ONE_ANSWER_KINDS, GradingMethod, QuestionKind

SNAPSHOT_VERSION = 1
DONT_KNOW = "idk"
CENT = Decimal("0.01")


def correct_ids(question: Mapping) -> set[str]:
    return {choice["id"] for choice in question["choices"] if choice["correct"]}


def is_servable(question: Mapping) -> bool:
    """A question that can be answered and scored: two or more choices, the right number correct.

    Publishing validation stops trainers from saving anything else; this keeps a quiz edited in
    code (or damaged some other way) from serving a question nobody can get right.
    """
    choices = question.get("choices") or []
    right = sum(1 for choice in choices if choice["correct"])
    if len(choices) < 2 or right == 0:
        return False
    if question["kind"] in ONE_ANSWER_KINDS:
        return right == 1
    return True


def draw_stratified(bank: Sequence[Mapping], draw: int, rng: random.Random) -> list[int]:
    """Which `draw` questions of `bank` one attempt serves, as indexes in bank order.

    Every question marked ``always_include`` first, then one question at random for each
    objective those do not already cover, then the rest at random from what is left. So every
    form tests every objective that has questions in the bank, as long as the draw is big enough
    (``publishing_checks`` refuses to publish a quiz whose draw is too small for that).
    """
    always = [index for index, question in enumerate(bank) if question.get("always_include")]
    if len(always) > draw:  # publishing refuses this; serve a fair subset rather than fail
        always = rng.sample(always, draw)
    chosen = set(always)
    covered = {bank[index].get("objective") for index in always}
    by_objective: dict = {}
    for index, question in enumerate(bank):
        by_objective.setdefault(question.get("objective"), []).append(index)
    missing = [objective for objective in by_objective if objective not in covered]
    rng.shuffle(missing)  # if the draw cannot cover them all, which ones miss out is random
    for objective in missing[: draw - len(chosen)]:
        chosen.add(rng.choice(by_objective[objective]))
    rest = [index for index in range(len(bank)) if index not in chosen]
    chosen.update(rng.sample(rest, draw - len(chosen)))
    return sorted(chosen)


def build_snapshot(
    questions: Sequence[Mapping],
    *,
    rng: random.Random,
    draw: int | None = None,
    shuffle_questions: bool = False,
    shuffle_choices: bool = False,
    dont_know: bool = False,
    dont_know_text: str = "I don't know",
    settings: Mapping | None = None,
) -> dict:
    """The questions one attempt serves, fixed for good.

    `questions` are plain dicts in bank order (see the module docstring for their keys). `draw`
    picks that many (None or more than the bank: all) with ``draw_stratified``. Questions keep bank order unless
    `shuffle_questions`; choices keep authored order unless `shuffle_choices` (true/false
    questions always read "True, False"). The "I don't know" choice, when on, comes last.
    """
    bank = [question for question in questions if is_servable(question)]
    if draw is not None and 0 < draw < len(bank):
        bank = [bank[index] for index in draw_stratified(bank, draw, rng)]
    if shuffle_questions:
        rng.shuffle(bank)
    served = []
    for question in bank:
        choices = [
            {
                "id": str(choice["id"]),
                "text": str(choice["text"]),
                "correct": bool(choice["correct"]),
                "feedback": str(choice.get("feedback") or ""),
            }
            for choice in question["choices"]
        ]
        if shuffle_choices and question["kind"] != QuestionKind.TRUE_FALSE:
            rng.shuffle(choices)
        if dont_know:
            choices.append(
                {"id": DONT_KNOW, "text": dont_know_text, "correct": False, "feedback": ""}
            )
        served.append(
            {
                "id": str(question["id"]),
                "kind": str(question["kind"]),
                "stem": str(question["stem"]),
                "vignette": str(question.get("vignette") or ""),
                "explanation": str(question.get("explanation") or ""),
                "objective": question.get("objective"),
                "partial_credit": bool(question.get("partial_credit"))
                and question["kind"] == QuestionKind.MULTIPLE,
                "choices": choices,
            }
        )
    return {"version": SNAPSHOT_VERSION, "settings": dict(settings or {}), "questions": served}


def score_question(question: Mapping, picked: Iterable[str]) -> Fraction:
    """The credit (0 to 1) for one question, given the choice ids picked."""
    picked = set(picked)
    right = correct_ids(question)
    if not picked or DONT_KNOW in picked or not right:
        return Fraction(0)
    if question["kind"] == QuestionKind.MULTIPLE and question.get("partial_credit"):
        hits = len(picked & right)
        misses = len(picked - right)
        return max(Fraction(0), Fraction(hits - misses, len(right)))
    return Fraction(1) if picked == right else Fraction(0)


@dataclass(frozen=True)
class Score:
    points: Fraction
    max_points: int
    # question id -> credit; every served question has an entry.
    credits: dict[str, Fraction]

    @property
    def percent(self) -> Decimal:
        return percent_of(self.points, self.max_points)

    def passes(self, pass_mark: int) -> bool:
        return has_passed(self.points, self.max_points, pass_mark)


def score_attempt(snapshot: Mapping, answers: Mapping[str, Iterable[str]]) -> Score:
    """Score every served question from the picked ids (a missing answer scores 0)."""
    credits = {
        question["id"]: score_question(question, answers.get(question["id"], ()))
        for question in snapshot["questions"]
    }
    return Score(sum(credits.values(), Fraction(0)), len(snapshot["questions"]), credits)


def percent_of(points: Fraction, max_points: int) -> Decimal:
    """Points as a percent with two decimals, rounded down (0 when there is nothing to score)."""
    if not max_points:
        return Decimal("0.00")
    exact = Fraction(points) * 100 / max_points
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        CENT, rounding=ROUND_FLOOR
    )


def has_passed(points: Fraction, max_points: int, pass_mark: int) -> bool:
    """Exact comparison: 79.999% does not pass an 80% mark."""
    return bool(max_points) and Fraction(points) * 100 >= Fraction(pass_mark) * max_points


def points_as_decimal(points: Fraction) -> Decimal:
    return (Decimal(points.numerator) / Decimal(points.denominator)).quantize(
        CENT, rounding=ROUND_FLOOR
    )


class Graded(Protocol):
    number: int
    percent: Decimal | None


G = TypeVar("G", bound=Graded)


def pick_graded(attempts: Iterable[G], method: str) -> G | None:
    """The attempt that counts: the highest score (earliest on a tie) or the latest one."""
    attempts = [attempt for attempt in attempts if attempt.percent is not None]
    if not attempts:
        return None
    if method == GradingMethod.LATEST:
        return max(attempts, key=lambda attempt: attempt.number)
    return max(attempts, key=lambda attempt: (attempt.percent, -attempt.number))
