"""Assessment reports, checked against small data sets computed by hand."""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses import assessments, reports
from courses.reports import ItemStats, _flags, point_biserial
from tests.conftest import make_user, sign_in_with_mfa
from tests.courses.conftest import enrol, finish_lessons, make_evaluation, make_quiz

pytestmark = pytest.mark.django_db


def take(enrollment, quiz, right: int):
    """Hand in an attempt with the first `right` questions right and the rest wrong."""
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    answers = {}
    for index, question in enumerate(attempt.questions):
        wanted = index < right
        answers[question["id"]] = [
            c["id"] for c in question["choices"] if c["correct"] is wanted and c["id"] != "idk"
        ][: None if wanted else 1]
    return assessments.submit_attempt(attempt, answers)[0]


@pytest.fixture
def paired(course):
    pre = make_quiz(course, "pre_test")
    post = make_quiz(course, "post_test", paired_pretest=pre)
    return pre, post


@pytest.fixture
def cohort(course, paired):
    """Six learners. Percent scores (pass mark 80, highest attempt counts):

    A: pre 25, post 100        B: pre 50, post 50 then 75     C: pre 0, post 100
    D: pre 75 only             E: post 100 only               F: enrolled, nothing taken
    """
    pre, post = paired
    people = {name: enrol(make_user(f"{name.lower()}@example.org"), course) for name in "ABCDEF"}
    for name in "ABCE":
        finish_lessons(people[name])
    for name, right in {"A": 1, "B": 2, "C": 0, "D": 3}.items():
        take(people[name], pre, right)
    for name, scores in {"A": [4], "B": [2, 3], "C": [4], "E": [4]}.items():
        for right in scores:
            take(people[name], post, right)
    return people


def test_the_course_summary_and_knowledge_gain_match_the_hand_computed_figures(course, cohort):
    summary = reports.course_summary(course)

    assert (summary.enrolled, summary.completed) == (6, 3)  # A, C and E passed
    assert (summary.pre_takers, summary.post_takers, summary.post_passed) == (4, 4, 3)
    assert summary.pass_rate == Decimal("75.0")
    assert summary.mean_attempts == Decimal("1.25")  # (1 + 2 + 1 + 1) / 4
    assert summary.mean_pre == Decimal("37.50")  # (25 + 50 + 0 + 75) / 4
    assert summary.mean_post == Decimal("93.75")  # (100 + 75 + 100 + 100) / 4
    gain = summary.gain
    assert gain.learners == 3  # A, B and C took both
    assert gain.mean_pre == Decimal("25.00")  # (25 + 50 + 0) / 3
    assert gain.mean_post == Decimal("91.67")  # (100 + 75 + 100) / 3
    assert gain.mean_gain == Decimal("66.67")  # (75 + 25 + 100) / 3
    assert gain.reached_pass_mark == Decimal("66.7")  # A and C of three


def test_the_latest_attempt_can_be_the_one_that_counts(course, paired):
    pre, post = paired
    post.grading_method = "latest"
    post.save_revision().publish()
    enrollment = enrol(make_user("g@example.org"), course)
    finish_lessons(enrollment)
    take(enrollment, pre, 1)
    take(enrollment, post, 3)
    take(enrollment, post, 2)

    summary = reports.course_summary(course)

    assert summary.mean_post == Decimal("50.00")
    assert summary.gain.mean_gain == Decimal("25.00")


def test_without_a_pair_there_is_no_knowledge_gain(course):
    make_quiz(course, "pre_test")
    make_quiz(course, "post_test")

    summary = reports.course_summary(course)

    assert not summary.paired
    assert summary.gain.learners == 0 and summary.gain.mean_gain is None


# Item analysis ----------------------------------------------------------------------------


def q(kind, stem, right, wrong, partial=False):
    return {
        "kind": kind,
        "objective": 1,
        "stem": stem,
        "explanation": "Because.",
        "partial_credit": partial,
        "choices": [{"id": c, "text": c.upper(), "correct": True} for c in right]
        + [{"id": c, "text": c.upper(), "correct": False} for c in wrong],
    }


ITEM_QUESTIONS = [
    q("single", "Q1", ["a"], ["b", "c"]),
    q("single", "Q2", ["x"], ["y"]),
    q("multiple", "Q3", ["p", "q"], ["r"], partial=True),
]

# Six attempts: picks per question, and the credits they earn.
#   1: a  x    p q  -> 1, 1, 1     (total 3)
#   2: a  x    p    -> 1, 1, 1/2   (2.5)
#   3: a  y    p r  -> 1, 0, 0     (1)
#   4: a  idk  q    -> 1, 0, 1/2   (1.5)
#   5: a  x    p q  -> 1, 1, 1     (3)
#   6: b  y    r    -> 0, 0, 0     (0)
PICKS = [
    (["a"], ["x"], ["p", "q"]),
    (["a"], ["x"], ["p"]),
    (["a"], ["y"], ["p", "r"]),
    (["a"], ["idk"], ["q"]),
    (["a"], ["x"], ["p", "q"]),
    (["b"], ["y"], ["r"]),
]


def answer(enrollment, quiz, picks):
    attempt, _ = assessments.start_or_resume_attempt(enrollment, quiz)
    ids = [question["id"] for question in attempt.questions]
    return assessments.submit_attempt(attempt, dict(zip(ids, picks, strict=True)))[0]


@pytest.fixture
def item_quiz(course, enrollment):
    quiz = make_quiz(course, "knowledge_check", questions=ITEM_QUESTIONS, allow_dont_know=True)
    for picks in PICKS:
        answer(enrollment, quiz, picks)
    return quiz


def test_item_analysis_matches_the_hand_computed_figures(item_quiz):
    report = reports.item_analysis(item_quiz)

    assert report.attempts == 6
    q1, q2, q3 = report.items
    assert [item.stem for item in report.items] == ["Q1", "Q2", "Q3"]

    # Q1: credits 1,1,1,1,1,0; rest of test (of 2) 1, .75, 0, .25, 1, 0.
    # Σ(x-x̄)(y-ȳ) = 1/2, Σ(x-x̄)² = 5/6, Σ(y-ȳ)² = 9/8: r = 0.5 / √(15/16) = 0.5164
    assert q1.difficulty == pytest.approx(5 / 6)
    assert q1.discrimination == pytest.approx(0.516398, abs=1e-6)
    assert {c.id: c.count for c in q1.choices} == {"a": 5, "b": 1, "c": 0}

    # Q2: credits 1,1,0,0,1,0; rest 1, .75, .5, .75, 1, 0: r = 0.75 / √(1.5 · 17/24) = 0.7276
    assert q2.difficulty == pytest.approx(0.5)
    assert q2.discrimination == pytest.approx(0.727607, abs=1e-6)
    assert {c.id: c.count for c in q2.choices} == {"x": 3, "y": 2}
    assert q2.dont_know == 1

    # Q3: credits 1, .5, 0, .5, 1, 0; rest 1, 1, .5, .5, 1, 0: r = 0.75 / √(5/6) = 0.8216
    assert q3.difficulty == pytest.approx(0.5)
    assert q3.discrimination == pytest.approx(0.821584, abs=1e-6)
    assert {c.id: c.count for c in q3.choices} == {"p": 4, "q": 3, "r": 2}
    assert [item.flags for item in report.items] == [[], [], []]


def test_figures_show_only_from_five_attempts(course, enrollment):
    quiz = make_quiz(course, "knowledge_check", questions=ITEM_QUESTIONS)
    for picks in PICKS[:4]:
        answer(enrollment, quiz, picks)  # "I don't know" is off here: that pick is dropped

    item = reports.item_analysis(quiz).items[0]

    assert item.n == 4 and not item.enough
    assert item.difficulty is None and item.discrimination is None and item.flags == []
    assert {c.id: c.count for c in item.choices} == {"a": 4, "b": 0, "c": 0}


def test_questions_everyone_gets_right_or_wrong_are_flagged(course, enrollment):
    quiz = make_quiz(course, "knowledge_check", questions=ITEM_QUESTIONS)
    for _ in range(5):
        answer(enrollment, quiz, (["a"], ["y"], ["r"]))

    q1, q2, _q3 = reports.item_analysis(quiz).items

    assert q1.difficulty == 1 and q1.flags == ["too_easy"]
    assert q2.difficulty == 0 and q2.flags == ["too_hard"]
    assert q1.discrimination is None  # no spread: undefined, not flagged


@pytest.mark.parametrize(
    ("difficulty", "discrimination", "flags"),
    [
        (0.96, 0.5, ["too_easy"]),
        (0.95, 0.5, []),
        (0.19, 0.5, ["too_hard"]),
        (0.2, 0.5, []),
        (0.5, 0.09, ["low_discrimination"]),
        (0.5, 0.1, []),
        (0.5, -0.3, ["low_discrimination"]),
    ],
)
def test_the_flag_thresholds(difficulty, discrimination, flags):
    item = ItemStats("1", "?", "single", 1, True, 5, difficulty, discrimination)

    assert _flags(item) == flags


def test_point_biserial_is_pearsons_r_between_item_credit_and_the_rest_of_the_test():
    # x̄ = ȳ = 0.5; Σ(x-x̄)(y-ȳ) = 0.8, Σ(x-x̄)² = 1, Σ(y-ȳ)² = 0.68: r = 0.8 / √0.68
    assert point_biserial([(1, 1.0), (1, 0.8), (0, 0.2), (0, 0.0)]) == pytest.approx(
        0.970143, abs=1e-6
    )
    assert point_biserial([(1, 1.0), (0, 0.0)]) == pytest.approx(1.0)
    assert point_biserial([(1, 0.5)]) is None


def test_a_deleted_question_stays_in_the_report_from_its_snapshots(item_quiz):
    from courses.models import QuizPage

    quiz = QuizPage.objects.get(pk=item_quiz.pk)
    quiz.questions = quiz.bank()[1:]
    quiz.save_revision().publish()

    items = reports.item_analysis(quiz).items

    assert [item.stem for item in items] == ["Q2", "Q3", "Q1"]
    assert not items[2].in_bank and items[2].n == 6


# Evaluation -------------------------------------------------------------------------------


@pytest.fixture
def evaluated(course):
    evaluation = make_evaluation(course)
    ids = [s["id"] for s in evaluation.statement_data()]
    rows = [
        ((4, 2), (1, 4), "More scenarios, please."),
        ((5, 3), (2, 4), ""),
        ((4, 5), (3, 5), '=HYPERLINK("http://example.org")'),
    ]
    for number, (ratings, (before, after), comments) in enumerate(rows):
        enrollment = enrol(make_user(f"rater{number}@example.org"), course)
        assessments.submit_evaluation(
            enrollment,
            evaluation,
            ratings=dict(zip(ids, ratings, strict=True)),
            confidence_before=before,
            confidence_after=after,
            comments=comments,
        )
    return evaluation


def test_the_evaluation_summary_counts_each_rating_and_lists_the_comments(course, evaluated):
    summary = reports.evaluation_summary(course)

    assert summary.responses == 3
    relevant, recommend = summary.statements
    assert relevant.text == "The course was relevant to my work."
    assert relevant.counts == {1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    assert relevant.mean == Decimal("4.33")
    assert recommend.counts == {1: 0, 2: 1, 3: 1, 4: 0, 5: 1}
    assert summary.confidence_before.counts == {1: 1, 2: 1, 3: 1, 4: 0, 5: 0}
    assert summary.confidence_after.mean == Decimal("4.33")
    assert summary.mean_confidence_change == Decimal("2.33")  # (3 + 2 + 2) / 3
    assert [text for _when, text in summary.comments] == [
        '=HYPERLINK("http://example.org")',
        "More scenarios, please.",
    ]


# The admin pages --------------------------------------------------------------------------


def report_url(course) -> str:
    return reverse("courses_assessment_report", args=[course.pk])


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_trainers_read_the_report_in_the_admin(client, cms_trainer, course, cohort, evaluated):
    sign_in_with_mfa(client, cms_trainer)

    index = client.get(reverse("courses_assessment_reports"))
    response = client.get(report_url(course))

    assert index.status_code == 200 and course.title in index.content.decode()
    html = response.content.decode()
    assert response.status_code == 200
    assert "Knowledge gain" in html and "<td>+67</td>" in html
    assert "Item analysis" in html
    assert "More scenarios, please." in html
    assert "Assessment reports" in client.get(reverse("wagtailadmin_home")).content.decode()


def test_learners_cannot_read_reports(client, learner, course):
    client.force_login(learner)

    response = client.get(report_url(course))

    assert response.status_code in (302, 403)


def test_the_summary_downloads_as_csv(client, cms_reviewer, course, cohort):
    sign_in_with_mfa(client, cms_reviewer)

    response = client.get(reverse("courses_assessment_report_csv", args=[course.pk, "summary"]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = dict(row for row in csv_rows(response) if len(row) == 2)
    assert rows["Learners enrolled"] == "6"
    assert rows["Mean knowledge gain (percentage points)"] == "66.67"
    assert rows["Reached the pass mark, learners with both (%)"] == "66.7"


def test_item_analysis_downloads_as_csv_with_a_row_per_answer(client, cms_reviewer, item_quiz):
    sign_in_with_mfa(client, cms_reviewer)
    url = reverse("courses_assessment_report_csv", args=[item_quiz.get_parent().pk, "items"])

    rows = csv_rows(client.get(url))

    q2 = [row for row in rows if row[1] == "Q2"]
    assert [(row[7], row[9]) for row in q2] == [("X", "3"), ("Y", "2"), ("I don't know", "1")]
    assert q2[0][4] == "0.500" and q2[0][5] == "0.728"


def test_evaluation_csv_defuses_formulas_in_comments(client, cms_reviewer, course, evaluated):
    sign_in_with_mfa(client, cms_reviewer)

    rows = csv_rows(
        client.get(reverse("courses_assessment_report_csv", args=[course.pk, "evaluation"]))
    )

    assert ["The course was relevant to my work.", "0", "0", "0", "2", "1", "3", "4.33"] in rows
    assert any(row[1:] == ['\'=HYPERLINK("http://example.org")'] for row in rows if row)


def test_an_unknown_csv_is_not_found(client, cms_reviewer, course):
    sign_in_with_mfa(client, cms_reviewer)

    url = reverse("courses_assessment_report_csv", args=[course.pk, "secrets"])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("learners", [2, 12])
def test_the_report_reads_a_fixed_number_of_queries_whatever_the_number_of_learners(
    client, cms_trainer, course, paired, learners, django_assert_max_num_queries
):
    pre, post = paired
    evaluation = make_evaluation(course)
    for number in range(learners):
        enrollment = enrol(make_user(f"l{number}@example.org"), course)
        finish_lessons(enrollment)
        take(enrollment, pre, number % 4)
        take(enrollment, post, 4)
        assessments.submit_evaluation(enrollment, evaluation, ratings={}, comments=f"c{number}")
    sign_in_with_mfa(client, cms_trainer)
    client.get(report_url(course))  # warm per-process caches

    with django_assert_max_num_queries(26):
        response = client.get(report_url(course))

    assert response.status_code == 200
    assert response.context["summary"].post_takers == learners


def test_the_report_functions_use_a_few_queries(course, cohort):
    with CaptureQueriesContext(connection) as summary_queries:
        reports.course_summary(course)
    _pre, post = reports._course_quizzes(course)
    with CaptureQueriesContext(connection) as item_queries:
        reports.item_analysis(post)
    with CaptureQueriesContext(connection) as evaluation_queries:
        reports.evaluation_summary(course)

    assert len(summary_queries) == 3
    assert len(item_queries) == 2
    assert len(evaluation_queries) == 1  # no evaluation page: nothing more to read


def test_item_analysis_counts_both_languages_and_splits_them_on_request(
    client, cms_reviewer, item_quiz
):
    from courses.models import Attempt

    spanish = Attempt.objects.filter(quiz=item_quiz).order_by("pk")[:2].values_list("pk")
    Attempt.objects.filter(pk__in=spanish).update(language="es")
    sign_in_with_mfa(client, cms_reviewer)
    url = reverse("courses_assessment_report", args=[item_quiz.get_parent().pk])

    every = client.get(url).content.decode()
    in_spanish = client.get(f"{url}?language=es").content.decode()
    in_english = client.get(f"{url}?language=en").content.decode()
    unknown = client.get(f"{url}?language=xx").content.decode()

    assert "6 submitted attempts." in every and "6 submitted attempts." in unknown
    assert "2 submitted attempts." in in_spanish
    assert "4 submitted attempts." in in_english
    assert f'href="{url}?language=es"' in every
    assert '<strong aria-current="true">Spanish</strong>' in in_spanish
    csv_url = reverse("courses_assessment_report_csv", args=[item_quiz.get_parent().pk, "items"])
    assert f'href="{csv_url}?language=es"' in in_spanish
    q1_rows = [row for row in csv_rows(client.get(f"{csv_url}?language=es")) if row[1] == "Q1"]
    assert q1_rows[0][3] == "2"  # attempts at the question, Spanish ones only
