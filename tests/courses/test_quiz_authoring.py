"""Trainers author quizzes in the Wagtail editor; broken quizzes cannot be submitted or published."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses.builders import create_quiz
from courses.models import Attempt, CoursePage, QuizPage
from courses.publishing_checks import quiz_problems
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import make_quiz, sample_questions
from tests.courses.test_authoring import add_url, form_data, in_review

pytestmark = pytest.mark.django_db


def choices_data(choices, *, keep_ids: bool) -> dict:
    """A question's answers as the StreamField widget posts them (new answers have no id)."""
    data = {"count": str(len(choices))}
    for index, choice in enumerate(choices):
        data[str(index)] = {
            "type": "choice",
            "id": choice.get("id", "") if keep_ids else "",
            "deleted": "",
            "order": str(index),
            "value": {
                "text": choice["text"],
                "correct": "on" if choice.get("correct") else "",
                "feedback": choice.get("feedback", ""),
            },
        }
    return data


def flatten(prefix: str, value) -> dict:
    if isinstance(value, dict):
        flat = {}
        for key, child in value.items():
            flat.update(flatten(f"{prefix}-{key}", child))
        return flat
    return {prefix: value}


def quiz_values(questions=None, *, initial: int = 0, **extra) -> dict:
    questions = sample_questions() if questions is None else questions
    values = {
        "title": "Post-test",
        "slug": "post-test",
        "kind": "post_test",
        "draw_count": "",
        "max_attempts": "",
        "wait_after_failures": "2",
        "wait_minutes": "0",
        "grading_method": "highest",
        "show_answers": "after_passing",
        "paired_pretest": "",
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": str(initial),
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    for index, question in enumerate(questions):
        form = {
            "id": str(question.get("pk", "")),
            "ORDER": str(index + 1),
            "DELETE": "",
            "kind": question["kind"],
            "objective": str(question["objective"]),
            "vignette": question.get("vignette", ""),
            "stem": question["stem"],
            "explanation": question["explanation"],
            "choices": choices_data(question["choices"], keep_ids="pk" in question),
        }
        if question.get("partial_credit"):
            form["partial_credit"] = "on"
        if question.get("always_include"):
            form["always_include"] = "on"
        values.update(flatten(f"questions-{index}", form))
    values.update(extra)
    return values


def post_quiz(client, course, action: str, questions=None, **extra):
    url = add_url(QuizPage, course)
    data = form_data(client, url, **quiz_values(questions, **extra))
    data[action] = action
    return client.post(url, data)


def errors_of(response) -> str:
    form = response.context["form"]
    parts = [str(form.errors)]
    parts += [str(child.errors) for child in form.formsets["questions"].forms]
    return " ".join(parts)


@pytest.fixture
def trainer_client(client, cms_trainer):
    sign_in_with_mfa(client, cms_trainer)
    return client


@pytest.fixture
def reviewer_client(client, cms_reviewer):
    sign_in_with_mfa(client, cms_reviewer)
    return client


# Creating and editing ---------------------------------------------------------------------


def test_a_trainer_creates_a_quiz_with_questions_and_answers_and_submits_it(trainer_client, course):
    response = post_quiz(trainer_client, course, "action-submit")

    assert response.status_code == 302, errors_of(response)
    quiz = QuizPage.objects.get(slug="post-test")
    assert quiz.get_parent().pk == course.pk and not quiz.live
    assert in_review(quiz)
    questions = list(quiz.questions.all())
    assert [q.kind for q in questions] == ["single", "multiple", "true_false", "scenario"]
    assert questions[1].partial_credit
    first = questions[0].choice_data()
    assert first[0]["text"] == "The person does not respond"
    assert [c["correct"] for c in first] == [True, False, False]
    assert first[0]["feedback"] == "Yes: check first."
    assert all(len(c["id"]) == 36 for c in first)  # a UUID per answer


def saved_values(quiz) -> list[dict]:
    """The quiz's questions as the editor posts them back, with their ids and answer ids."""
    questions = sample_questions()
    for data, question in zip(questions, quiz.bank(), strict=True):
        data["pk"] = question.pk
        for choice, saved in zip(data["choices"], question.choice_data(), strict=True):
            choice["id"] = saved["id"]
    return questions


def test_answer_ids_stay_the_same_when_the_quiz_is_edited(reviewer_client, course):
    quiz = make_quiz(course)
    ids_before = [[c["id"] for c in q.choice_data()] for q in quiz.bank()]
    edited = saved_values(quiz)
    edited[0]["choices"][1]["text"] = "The person is talking very fast"
    url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    data = form_data(reviewer_client, url, **quiz_values(edited, initial=4))
    data["action-publish"] = "action-publish"

    response = reviewer_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    questions = QuizPage.objects.get(pk=quiz.pk).bank()
    assert [[c["id"] for c in q.choice_data()] for q in questions] == ids_before
    assert questions[0].choice_data()[1]["text"] == "The person is talking very fast"


def test_the_objective_is_chosen_from_the_courses_objectives(trainer_client, course):
    html = trainer_client.get(add_url(QuizPage, course)).content.decode()

    assert "Objective 1: List three signs of an opioid overdose." in html
    assert "Objective 3: Describe what to do while waiting" in html


def test_a_draft_may_be_incomplete_while_it_is_written(trainer_client, course):
    questions = sample_questions()[:1]
    for choice in questions[0]["choices"]:
        choice["correct"] = False

    response = post_quiz(trainer_client, course, "action-save", questions)

    assert response.status_code == 302
    assert not QuizPage.objects.get(slug="post-test").live


def test_the_editor_shows_the_answer_editor_and_previews_the_quiz(reviewer_client, course):
    quiz = make_quiz(course, allow_dont_know=True)
    edit_url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[quiz.pk])

    response = reviewer_client.get(edit_url)
    values = quiz_values(saved_values(quiz), initial=4, allow_dont_know="on")
    data = form_data(reviewer_client, edit_url, **values)
    posted = reviewer_client.post(preview_url, data)
    preview = reviewer_client.get(preview_url)

    assert response.status_code == 200
    assert "questions-0-choices" in response.content.decode()
    assert posted.json()["is_valid"]
    html = preview.content.decode()
    assert "What is the first sign of an opioid overdose?" in html
    assert "<legend>" in html and "I don't know" in html
    assert "Hand in my answers" not in html  # nothing can be sent from a preview


# Publishing checks ------------------------------------------------------------------------


def broken(change) -> list[dict]:
    questions = sample_questions()
    change(questions)
    return questions


def _no_correct(questions):
    for choice in questions[0]["choices"]:
        choice["correct"] = False


def _two_correct_in_single(questions):
    questions[0]["choices"][1]["correct"] = True


def _three_answers_to_true_false(questions):
    questions[2]["choices"].append({"text": "Maybe", "correct": False})


def _scenario_without_scenario(questions):
    questions[3]["vignette"] = ""


def _objective_out_of_range(questions):
    questions[0]["objective"] = 7


def _partial_credit_on_single(questions):
    questions[0]["partial_credit"] = True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_no_correct, "no answer is marked correct"),
        (_two_correct_in_single, "Only one answer can be correct"),
        (_three_answers_to_true_false, "exactly two answers"),
        (_scenario_without_scenario, "Write the scenario"),
        (_objective_out_of_range, "Select a valid choice"),
        (_partial_credit_on_single, "only for multiple-response"),
    ],
)
@pytest.mark.parametrize("action", ["action-submit", "action-publish"])
def test_a_broken_question_stops_submitting_and_publishing(
    client, cms_trainer, cms_reviewer, course, change, message, action
):
    sign_in_with_mfa(client, cms_reviewer if action == "action-publish" else cms_trainer)

    response = post_quiz(client, course, action, broken(change))

    assert response.status_code == 200
    assert message in errors_of(response)
    assert not QuizPage.objects.filter(slug="post-test").exists()


def test_drawing_more_questions_than_the_bank_holds_stops_publishing(reviewer_client, course):
    response = post_quiz(reviewer_client, course, "action-publish", draw_count="9")

    assert response.status_code == 200
    assert "The bank has only 4 questions" in errors_of(response)


def test_a_quiz_without_questions_cannot_be_published(reviewer_client, course):
    response = post_quiz(reviewer_client, course, "action-publish", [])

    assert "Add at least one question." in errors_of(response)


@pytest.mark.parametrize("mark", ["0", "101"])
def test_the_course_pass_mark_must_be_between_1_and_100(reviewer_client, course, mark):
    url = reverse("wagtailadmin_pages:edit", args=[course.pk])
    data = form_data(reviewer_client, url, pass_mark=mark)
    data["action-publish"] = "action-publish"

    response = reviewer_client.post(url, data)

    assert response.status_code == 200
    assert "pass_mark" in response.context["form"].errors


@pytest.mark.parametrize("mark", [0, 101, None])
def test_a_post_test_is_not_publishable_without_a_pass_mark_between_1_and_100(mark):
    problems = quiz_problems(
        kind="post_test",
        questions=sample_questions(),
        objective_count=3,
        draw_count=None,
        pass_mark=mark,
    )

    assert "between 1 and 100" in " ".join(problems.messages())


def test_the_database_refuses_a_pass_mark_outside_1_to_100(course):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        CoursePage.objects.filter(pk=course.pk).update(pass_mark=0)


# Pairs and kinds --------------------------------------------------------------------------


def test_a_post_test_can_be_paired_with_the_courses_pre_test(reviewer_client, course):
    pre = make_quiz(course, "pre_test")

    response = post_quiz(reviewer_client, course, "action-publish", paired_pretest=str(pre.pk))

    assert response.status_code == 302, errors_of(response)
    assert QuizPage.objects.get(slug="post-test").paired_pretest_id == pre.pk


def test_only_pre_tests_of_the_same_course_are_offered_as_a_pair(reviewer_client, catalog, course):
    from tests.courses.conftest import make_course

    other = make_course(catalog, "Another course", lessons=0)
    foreign = make_quiz(other, "pre_test")

    response = post_quiz(reviewer_client, course, "action-publish", paired_pretest=str(foreign.pk))

    assert response.status_code == 200
    assert "paired_pretest" in response.context["form"].errors


def test_a_post_test_may_use_the_pre_tests_questions_but_then_has_none_of_its_own(
    reviewer_client, course
):
    pre = make_quiz(course, "pre_test")

    response = post_quiz(
        reviewer_client,
        course,
        "action-publish",
        paired_pretest=str(pre.pk),
        uses_pretest_questions="on",
    )
    assert "cannot have its own" in errors_of(response)

    response = post_quiz(
        reviewer_client,
        course,
        "action-publish",
        [],
        paired_pretest=str(pre.pk),
        uses_pretest_questions="on",
    )
    assert response.status_code == 302, errors_of(response)
    post = QuizPage.objects.get(slug="post-test")
    assert [q.pk for q in post.bank()] == [q.pk for q in pre.bank()]


def test_a_course_has_one_post_test(reviewer_client, course):
    make_quiz(course, "post_test", title="Final test")

    response = post_quiz(reviewer_client, course, "action-publish")

    assert response.status_code == 200
    assert "already has a post-test" in str(response.context["form"].errors)


def test_pairing_rules_hold_for_quizzes_built_in_code(course):
    practice = make_quiz(course, "knowledge_check")

    with pytest.raises(ValidationError, match="Pre-test"):
        make_quiz(course, "post_test", paired_pretest=practice)


def test_the_builder_refuses_to_publish_a_broken_quiz(course):
    with pytest.raises(ValidationError, match="no answer is marked correct"):
        create_quiz(
            course,
            title="Broken",
            kind="knowledge_check",
            questions=broken(_no_correct),
        )
    assert not QuizPage.objects.filter(slug="broken", live=True).exists()


# Deleting ---------------------------------------------------------------------------------


def test_a_quiz_with_attempts_cannot_be_deleted(reviewer_client, post_test, enrollment):
    from courses import assessments
    from tests.courses.conftest import finish_lessons

    finish_lessons(enrollment)
    assessments.start_or_resume_attempt(enrollment, post_test)

    response = reviewer_client.post(reverse("wagtailadmin_pages:delete", args=[post_test.pk]))

    assert response.status_code == 302
    assert QuizPage.objects.filter(pk=post_test.pk).exists()
    assert Attempt.objects.filter(quiz=post_test).exists()
