"""Scores read as people write them: whole points or one decimal, whole percentages, changes in
whole percentage points, on the result page, the quiz page and the trainers' course report."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import translation

from basics.numbers import score_change, score_percent, score_points
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import finish_lessons, form_answers, make_quiz, sample_questions

from .test_reports import cohort, evaluated, paired, report_url  # noqa: F401 - fixtures
from .test_take_quiz import hand_in, start

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "points", "percent"),
    [
        (Decimal("6.66"), "6.6", "6"),
        (Decimal("6.00"), "6", "6"),
        (Decimal("0.66"), "0.6", "0"),
        (Decimal("79.99"), "79.9", "79"),  # a failing 79.99% never reads as an 80% pass
        (Fraction(2, 3), "0.6", "0"),
        (None, "", ""),
    ],
)
def test_a_learners_score_is_rounded_down_to_one_decimal_or_a_whole_percent(value, points, percent):
    assert score_points(value) == points
    assert score_percent(value) == percent


def test_means_round_half_up_and_changes_carry_a_sign():
    assert score_percent(Decimal("66.67"), down=False) == "67"
    assert score_points(Decimal("1.25"), down=False) == "1.3"
    assert score_change(Decimal("-16.67")) == "\u221217"
    assert score_change(Decimal("66.67")) == "+67"
    assert score_change(Decimal("0.4")) == "0"


def test_spanish_readers_get_a_decimal_comma():
    with translation.override("es"):
        assert score_points(Decimal("6.66")) == "6,6"


def three_questions() -> list[dict]:
    """Single, single, and a multiple response with three right choices and partial credit."""
    single, multiple = sample_questions()[0], sample_questions()[1]
    multiple = dict(
        multiple,
        choices=[
            *multiple["choices"][:2],
            {"id": "m-colour", "text": "Blue lips", "correct": True, "feedback": ""},
            multiple["choices"][2],
        ],
    )
    second = dict(
        single,
        stem="A second question?",
        choices=[dict(c, id=f"{c['id']}-2") for c in single["choices"]],
    )
    return [single, second, multiple]


@pytest.fixture
def partly_right(learner_client, enrollment, course):
    """A post-test handed in with 1 + 0 + 2/3 points of 3: 1.66 points, 55.55%."""
    quiz = make_quiz(course, "post_test", questions=three_questions())
    finish_lessons(enrollment)
    attempt = start(learner_client, quiz)
    by_stem = {q["stem"]: q["id"] for q in attempt.questions}
    picks = {
        by_stem["What is the first sign of an opioid overdose?"]: ["s-right"],
        by_stem["A second question?"]: ["s-wrong-2"],
        by_stem["Which are signs of an overdose? Choose all that apply."]: [
            "m-breath",
            "m-pupils",
        ],
    }
    hand_in(learner_client, attempt, form_answers(attempt, picks))
    attempt.refresh_from_db()
    return quiz, attempt


def test_the_result_page_shows_one_decimal_and_a_whole_percent(learner_client, partly_right):
    quiz, attempt = partly_right
    assert (attempt.score, attempt.percent) == (Decimal("1.66"), Decimal("55.55"))

    html = learner_client.get(f"{quiz.url}attempt/{attempt.code}/result/").content.decode()

    assert "You scored 1.6 out of 3 (55%)." in html
    assert "You got partial credit: 2 of the 3 right choices." in html
    assert "1.66" not in html and "55.55" not in html


def test_the_quiz_page_lists_attempts_in_whole_percents(learner_client, partly_right):
    quiz, _attempt = partly_right

    html = learner_client.get(quiz.url).content.decode()

    assert "<td>55% · not passed</td>" in html
    assert "55.55" not in html


@pytest.mark.usefixtures("cohort", "evaluated")
def test_the_course_report_rounds_means_and_signs_the_gain(client, cms_trainer, course):
    sign_in_with_mfa(client, cms_trainer)

    html = client.get(report_url(course)).content.decode()

    def row(label: str) -> str:
        marker = f'<th scope="row">{label}</th><td>'
        start = html.index(marker) + len(marker)
        return html[start : html.index("</td>", start)]

    assert row("Pass rate") == "75% (3)"
    assert row("Mean attempts per learner") == "1.3"
    assert row("Mean post-test score") == "94%"  # 93.75
    assert row("Mean pre-test score") == "38%"  # 37.50
    assert row("Mean gain (post minus pre, percentage points)") == "+67"  # 66.67
    assert row("Reached the pass mark on the post-test") == "67%"  # 66.7
    for raw in ("66.67", "93.75", "37.50", "91.67"):
        assert raw not in html
    assert reverse("courses_assessment_report_csv", args=[course.pk, "summary"]) in html
