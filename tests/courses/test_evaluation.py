"""The course evaluation: a trainer-written form, answered once, after the post-test."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses import assessments
from courses.models import CoursePage, Enrollment, EvaluationResponse
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import answers_by_question, finish_lessons, make_evaluation

pytestmark = pytest.mark.django_db


def pass_post_test(enrollment, post_test):
    finish_lessons(enrollment)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, post_test)
    assessments.submit_attempt(attempt, answers_by_question(attempt))


def valid_answers(**extra) -> dict:
    data = {"s-1": "4", "s-2": "5", "confidence_before": "2", "confidence_after": "4"}
    data.update(extra)
    return data


@pytest.fixture
def open_evaluation(enrollment, post_test, evaluation):
    pass_post_test(enrollment, post_test)
    return evaluation


def test_the_form_shows_each_statement_as_a_fieldset_with_a_legend(learner_client, open_evaluation):
    html = learner_client.get(open_evaluation.url).content.decode()

    assert html.count("<fieldset") == 4  # two statements, confidence before and after
    assert "<legend>The course was relevant to my work.</legend>" in html
    assert "<legend>Before the course</legend>" in html
    assert "How confident are you that you could respond to an overdose?" in html
    assert "Strongly disagree" in html and "Very confident" in html
    assert "What would make this course better?" in html
    assert f'action="{open_evaluation.url}submit/"' in html


def test_it_opens_after_the_post_test_is_passed(learner_client, enrollment, post_test, evaluation):
    finish_lessons(enrollment)

    response = learner_client.get(evaluation.url)

    assert response.status_code == 302
    assert response.url == post_test.url


def test_answers_are_stored_once_with_the_statements_as_they_read(
    learner_client, enrollment, open_evaluation
):
    response = learner_client.post(
        f"{open_evaluation.url}submit/", valid_answers(comments="More scenarios, please.")
    )

    assert response.status_code == 302
    saved = EvaluationResponse.objects.get(enrollment=enrollment)
    ids = [s["id"] for s in open_evaluation.statement_data()]
    assert saved.ratings == {ids[0]: 4, ids[1]: 5}
    assert [s["text"] for s in saved.statements] == [
        "The course was relevant to my work.",
        "I would recommend this course.",
    ]
    assert (saved.confidence_before, saved.confidence_after) == (2, 4)
    assert saved.comments == "More scenarios, please."
    assert "You answered on" in learner_client.get(open_evaluation.url).content.decode()


def test_comments_are_stored_as_plain_text(learner_client, enrollment, open_evaluation):
    learner_client.post(
        f"{open_evaluation.url}submit/",
        valid_answers(comments='<b>Great</b> course <img src=x onerror="alert(1)">&amp; thanks'),
    )

    assert EvaluationResponse.objects.get().comments == "Great course & thanks"


def test_long_comments_are_refused_with_a_clear_message(learner_client, open_evaluation):
    response = learner_client.post(
        f"{open_evaluation.url}submit/", valid_answers(comments="x" * 2001)
    )

    assert response.status_code == 200
    assert "Please shorten your comments to 2000 characters" in response.content.decode()
    assert not EvaluationResponse.objects.exists()


def test_missing_ratings_are_listed_and_other_answers_kept(learner_client, open_evaluation):
    response = learner_client.post(
        f"{open_evaluation.url}submit/", {"s-1": "3", "comments": "Kept text"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#q-2">Rate statement 2.</a>' in html
    assert '<a href="#confidence-before">' in html
    assert 'id="q-1-3" value="3" checked' in html
    assert "Kept text" in html
    assert not EvaluationResponse.objects.exists()


@pytest.mark.parametrize("rating", ["9", "0", "strongly", "4" * 200])
def test_a_rating_that_is_not_on_the_scale_is_refused(learner_client, open_evaluation, rating):
    response = learner_client.post(
        f"{open_evaluation.url}submit/", valid_answers(**{"s-1": rating})
    )

    assert response.status_code == 400
    assert not EvaluationResponse.objects.exists()


def test_answers_cannot_be_changed_afterwards(learner_client, enrollment, open_evaluation):
    learner_client.post(f"{open_evaluation.url}submit/", valid_answers())

    response = learner_client.post(
        f"{open_evaluation.url}submit/", valid_answers(**{"s-1": "1"}), follow=True
    )

    assert "You have already answered the evaluation." in response.content.decode()
    assert EvaluationResponse.objects.get().ratings[open_evaluation.statement_data()[0]["id"]] == 4


def test_the_database_allows_one_response_per_enrolment(enrollment, open_evaluation):
    assessments.submit_evaluation(enrollment, open_evaluation, ratings={})

    with pytest.raises(IntegrityError), transaction.atomic():
        EvaluationResponse.objects.create(
            enrollment=enrollment, evaluation=open_evaluation, ratings={}
        )


def test_the_service_returns_the_first_response_on_a_second_call(enrollment, open_evaluation):
    first, created = assessments.submit_evaluation(enrollment, open_evaluation, ratings={})
    second, created_again = assessments.submit_evaluation(
        enrollment, open_evaluation, ratings={}, comments="changed"
    )

    assert (created, created_again) == (True, False)
    assert second.pk == first.pk and second.comments == ""


def test_when_required_completion_waits_for_the_evaluation(
    learner_client, enrollment, course, post_test, evaluation
):
    CoursePage.objects.filter(pk=course.pk).update(evaluation_required=True)
    enrollment = Enrollment.objects.get(pk=enrollment.pk)  # read after the change, as a request
    pass_post_test(enrollment, post_test)
    enrollment.refresh_from_db()
    assert not enrollment.is_complete
    assert "Continue: Course evaluation" in learner_client.get(course.url).content.decode()

    response = learner_client.post(f"{evaluation.url}submit/", valid_answers())

    enrollment.refresh_from_db()
    assert enrollment.is_complete
    assert response.url == course.url


def test_when_not_required_the_post_test_completes_the_course_and_the_evaluation_is_optional(
    learner_client, enrollment, course, post_test, evaluation
):
    pass_post_test(enrollment, post_test)
    enrollment.refresh_from_db()

    html = learner_client.get(course.url).content.decode()

    assert enrollment.is_complete
    assert "Course evaluation (optional)" in html


def test_submitting_needs_a_post_and_an_enrolment(client, learner, outsider, open_evaluation):
    client.force_login(learner)
    assert client.get(f"{open_evaluation.url}submit/").status_code == 405

    client.force_login(outsider)
    response = client.post(f"{open_evaluation.url}submit/", valid_answers())
    assert response.status_code == 302
    assert not EvaluationResponse.objects.exists()


def test_an_evaluation_without_confidence_or_comments_asks_only_the_statements(
    learner_client, enrollment, catalog
):
    from tests.courses.conftest import enrol, make_course

    course = make_course(catalog, "Short course", lessons=1)
    evaluation = make_evaluation(course, confidence_question="", comments_prompt="")
    enrollment = enrol(enrollment.user, course)
    finish_lessons(enrollment)

    response = learner_client.post(f"{evaluation.url}submit/", {"s-1": "5", "s-2": "5"})

    assert response.status_code == 302
    saved = EvaluationResponse.objects.get(enrollment=enrollment)
    assert saved.confidence_before is None and saved.comments == ""


def test_trainers_can_preview_the_evaluation_form(client, cms_reviewer, evaluation):
    from wagtail.test.utils.form_data import querydict_from_html

    sign_in_with_mfa(client, cms_reviewer)
    edit_url = reverse("wagtailadmin_pages:edit", args=[evaluation.pk])
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[evaluation.pk])
    data = querydict_from_html(client.get(edit_url).content.decode(), form_id="page-edit-form")
    data.update(
        {
            "statements-count": "1",
            "statements-0-type": "statement",
            "statements-0-value": "The scenarios felt real and respectful.",
            "statements-0-id": evaluation.statement_data()[0]["id"],
            "statements-0-deleted": "",
            "statements-0-order": "0",
        }
    )

    assert client.post(preview_url, data).json()["is_valid"]
    html = client.get(preview_url).content.decode()

    assert "<legend>The scenarios felt real and respectful.</legend>" in html
    assert "Send my answers" not in html
