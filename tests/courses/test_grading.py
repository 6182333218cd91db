"""Scoring as pure functions: every question kind, partial credit, "I don't know", the grading
method across attempts, and properties that hold for any quiz (hypothesis)."""

import random
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.grading import (
    DONT_KNOW,
    build_snapshot,
    has_passed,
    is_servable,
    percent_of,
    pick_graded,
    score_attempt,
    score_question,
)


def seeded(seed: int) -> random.Random:
    """A repeatable generator, as each attempt gets (shuffling is not a secret)."""
    return random.Random(seed)  # noqa: S311


def question(kind="single", correct=("a",), wrong=("b", "c"), partial=False, qid="1"):
    choices = [{"id": c, "text": c, "correct": True, "feedback": ""} for c in correct]
    choices += [{"id": c, "text": c, "correct": False, "feedback": ""} for c in wrong]
    return {
        "id": qid,
        "kind": kind,
        "stem": "?",
        "choices": choices,
        "partial_credit": partial,
        "objective": 1,
    }


# One question -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["single", "true_false", "scenario"])
def test_a_one_answer_question_scores_one_for_the_correct_choice_only(kind):
    q = question(kind, correct=("yes",), wrong=("no",))

    assert score_question(q, ["yes"]) == 1
    assert score_question(q, ["no"]) == 0
    assert score_question(q, []) == 0
    assert score_question(q, ["yes", "no"]) == 0


def test_multiple_response_is_all_or_nothing_by_default():
    q = question("multiple", correct=("a", "b"), wrong=("c", "d"))

    assert score_question(q, ["a", "b"]) == 1
    assert score_question(q, ["b", "a"]) == 1
    assert score_question(q, ["a"]) == 0
    assert score_question(q, ["a", "b", "c"]) == 0


def test_partial_credit_counts_right_picks_minus_wrong_picks_never_below_zero():
    q = question("multiple", correct=("a", "b", "c"), wrong=("d", "e"), partial=True)

    assert score_question(q, ["a", "b", "c"]) == 1
    assert score_question(q, ["a", "b"]) == Fraction(2, 3)
    assert score_question(q, ["a"]) == Fraction(1, 3)
    assert score_question(q, ["a", "b", "d"]) == Fraction(1, 3)
    assert score_question(q, ["a", "d", "e"]) == 0
    assert score_question(q, ["d"]) == 0


def test_i_dont_know_scores_zero_even_beside_a_right_answer():
    q = question("multiple", correct=("a",), wrong=("b",), partial=True)

    assert score_question(q, [DONT_KNOW]) == 0
    assert score_question(q, [DONT_KNOW, "a"]) == 0


def test_an_id_that_is_not_a_choice_of_the_question_never_earns_credit():
    q = question("single", correct=("a",), wrong=("b",))
    partial = question("multiple", correct=("a", "b"), wrong=("c",), partial=True)

    assert score_question(q, ["from-another-question"]) == 0
    assert score_question(partial, ["a", "b", "from-another-question"]) == Fraction(1, 2)


# A whole attempt --------------------------------------------------------------------------


def test_an_attempt_adds_the_credits_and_a_missing_answer_scores_zero():
    snapshot = {
        "questions": [
            question(qid="1"),
            question("multiple", ("a", "b"), ("c",), partial=True, qid="2"),
            question(qid="3"),
        ]
    }

    score = score_attempt(snapshot, {"1": ["a"], "2": ["a"]})

    assert score.points == Fraction(3, 2)
    assert score.max_points == 3
    assert score.credits == {"1": 1, "2": Fraction(1, 2), "3": 0}
    assert score.percent == Decimal("50.00")


def test_the_percent_is_rounded_down_and_passing_is_decided_exactly():
    assert percent_of(Fraction(2), 3) == Decimal("66.66")
    assert percent_of(Fraction(0), 0) == Decimal("0.00")
    # 79.99…% is shown as 79.99 and does not pass an 80% mark; 80% does.
    assert not has_passed(Fraction(7999, 1000), 10, 80)
    assert has_passed(Fraction(8), 10, 80)
    assert not has_passed(Fraction(0), 0, 1)


@dataclass
class Tried:
    number: int
    percent: Decimal | None


def test_the_highest_method_counts_the_best_attempt_and_the_earliest_on_a_tie():
    attempts = [Tried(1, Decimal(60)), Tried(2, Decimal(90)), Tried(3, Decimal(90))]

    assert pick_graded(attempts, "highest").number == 2


def test_the_latest_method_counts_the_last_attempt_even_when_it_is_lower():
    attempts = [Tried(1, Decimal(60)), Tried(2, Decimal(90)), Tried(3, Decimal(70))]

    assert pick_graded(attempts, "latest").number == 3


def test_attempts_not_yet_graded_do_not_count():
    assert pick_graded([Tried(1, None)], "highest") is None
    assert pick_graded([], "latest") is None


# Snapshots --------------------------------------------------------------------------------


def bank(size=6):
    return [question(qid=str(n), correct=(f"{n}a",), wrong=(f"{n}b", f"{n}c")) for n in range(size)]


def test_a_snapshot_draws_n_questions_and_keeps_bank_order_without_shuffling():
    snapshot = build_snapshot(bank(6), rng=seeded(1), draw=3)

    ids = [q["id"] for q in snapshot["questions"]]
    assert len(ids) == 3
    assert ids == sorted(ids, key=int)


def test_a_snapshot_serves_the_whole_bank_when_n_is_blank_or_too_large():
    assert len(build_snapshot(bank(4), rng=seeded(1))["questions"]) == 4
    assert len(build_snapshot(bank(4), rng=seeded(1), draw=9)["questions"]) == 4


def test_shuffling_is_fixed_by_the_seed_and_true_false_keeps_its_order():
    questions = bank(8) + [question("true_false", ("False",), ("True",), qid="tf")]
    questions[-1]["choices"].reverse()  # authored as True, False

    one = build_snapshot(questions, rng=seeded(7), shuffle_questions=True, shuffle_choices=True)
    two = build_snapshot(questions, rng=seeded(7), shuffle_questions=True, shuffle_choices=True)

    assert one == two
    assert [q["id"] for q in one["questions"]] != [q["id"] for q in questions]
    tf = next(q for q in one["questions"] if q["id"] == "tf")
    assert [c["text"] for c in tf["choices"]] == ["True", "False"]


def test_i_dont_know_is_added_last_to_every_question_when_switched_on():
    snapshot = build_snapshot(bank(2), rng=seeded(0), dont_know=True, dont_know_text="?")

    for served in snapshot["questions"]:
        assert served["choices"][-1] == {
            "id": DONT_KNOW,
            "text": "?",
            "correct": False,
            "feedback": "",
        }


def test_questions_nobody_could_answer_are_never_served():
    broken = [
        question(correct=(), wrong=("a", "b"), qid="none-correct"),
        question("single", correct=("a", "b"), wrong=("c",), qid="two-correct"),
        question(correct=("a",), wrong=(), qid="one-choice"),
    ]

    assert not any(is_servable(q) for q in broken)
    assert build_snapshot(broken + bank(1), rng=seeded(0))["questions"][0]["id"] == "0"


# Properties -------------------------------------------------------------------------------

KINDS = ["single", "multiple", "true_false", "scenario"]


@st.composite
def questions(draw, qid):
    kind = draw(st.sampled_from(KINDS))
    size = 2 if kind == "true_false" else draw(st.integers(2, 6))
    if kind == "multiple":
        right = draw(st.sets(st.integers(0, size - 1), min_size=1))
    else:
        right = {draw(st.integers(0, size - 1))}
    return {
        "id": qid,
        "kind": kind,
        "stem": "?",
        "partial_credit": kind == "multiple" and draw(st.booleans()),
        "choices": [
            {"id": f"{qid}-{n}", "text": str(n), "correct": n in right, "feedback": ""}
            for n in range(size)
        ],
    }


@st.composite
def quizzes_with_answers(draw):
    count = draw(st.integers(1, 8))
    bank = [draw(questions(str(n))) for n in range(count)]
    answers = {}
    for q in bank:
        pool = [c["id"] for c in q["choices"]] + [DONT_KNOW, "other-quiz-choice"]
        answers[q["id"]] = draw(st.lists(st.sampled_from(pool), max_size=4))
    return bank, answers


@given(quizzes_with_answers(), st.booleans())
def test_a_score_is_always_between_zero_and_the_maximum(case, dont_know):
    bank, answers = case
    snapshot = build_snapshot(bank, rng=seeded(0), dont_know=dont_know)

    score = score_attempt(snapshot, answers)

    assert 0 <= score.points <= score.max_points == len(bank)
    assert all(0 <= credit <= 1 for credit in score.credits.values())
    assert Decimal(0) <= score.percent <= Decimal(100)


@given(quizzes_with_answers(), st.integers(0, 2**32), st.integers(0, 2**32))
def test_shuffling_never_changes_a_score(case, seed_one, seed_two):
    bank, answers = case
    plain = build_snapshot(bank, rng=seeded(0))
    shuffled = [
        build_snapshot(bank, rng=seeded(seed), shuffle_questions=True, shuffle_choices=True)
        for seed in (seed_one, seed_two)
    ]

    scores = {score_attempt(snapshot, answers).points for snapshot in [plain, *shuffled]}

    assert len(scores) == 1


@given(quizzes_with_answers())
def test_picking_exactly_the_correct_answers_scores_full_marks(case):
    bank, _answers = case
    snapshot = build_snapshot(bank, rng=seeded(0), shuffle_choices=True)
    right = {
        q["id"]: [c["id"] for c in q["choices"] if c["correct"]] for q in snapshot["questions"]
    }

    assert score_attempt(snapshot, right).points == len(bank)
