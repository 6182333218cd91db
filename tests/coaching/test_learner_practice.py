"""A learner writes responses to a practice set: drafts saved by POST, submitted once, revised
after feedback; every submission kept."""

import pytest
from django.urls import reverse

from coaching import services
from coaching.models import RESPONSE_MAX_LENGTH, PracticeSubmission

from .conftest import answers, client_for

pytestmark = pytest.mark.django_db


def page(practice_set):
    return reverse("coaching:practice", args=[practice_set.code])


def save_url(practice_set):
    return reverse("coaching:save", args=[practice_set.code])


def test_an_enrolled_learner_sees_each_statement_and_the_kind_asked_for(
    learner, enrollment, practice_set
):
    html = client_for(learner).get(page(practice_set)).content.decode()
    assert "I keep meaning to get tested, but I get scared." in html
    assert "Respond with: A simple reflection" in html
    assert "Respond with: A complex reflection" in html
    assert 'maxlength="1000"' in html
    assert "Save draft" in html and "Submit to a coach" in html


def test_someone_not_enrolled_is_asked_to_enrol_and_cannot_save(learner, course, practice_set):
    client = client_for(learner)
    assert "Enrol in the course to practise." in client.get(page(practice_set)).content.decode()
    response = client.post(save_url(practice_set), answers(None, "a", "b") | {"submit": ""})
    assert response.status_code == 302
    assert not PracticeSubmission.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, practice_set):
    response = client.get(page(practice_set))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_draft_is_saved_as_plain_text_and_shown_again(learner, enrollment, practice_set):
    client = client_for(learner)
    response = client.post(
        save_url(practice_set),
        answers(None, "You feel <b>scared</b> <script>alert(1)</script>about the test.", "")
        | {"save": ""},
        follow=True,
    )
    assert "Draft saved. Only you can see it until you submit it." in response.content.decode()
    draft = PracticeSubmission.objects.get()
    assert draft.submitted_at is None
    # Tags go (basics.sanitize keeps the words between them as text).
    assert draft.responses.get(position=1).text == "You feel scared alert(1)about the test."
    html = client.get(page(practice_set)).content.decode()
    assert "You feel scared alert(1)about the test." in html and "<script>alert" not in html


def test_a_response_over_the_limit_is_refused_with_a_clear_error_and_nothing_saved(
    learner, enrollment, practice_set
):
    response = client_for(learner).post(
        save_url(practice_set), answers(None, "x" * (RESPONSE_MAX_LENGTH + 1), "ok") | {"save": ""}
    )
    assert response.status_code == 400
    assert "Keep it under 1000 characters (this has 1001)." in response.content.decode()
    assert not PracticeSubmission.objects.exists()


def test_submitting_with_a_blank_response_keeps_the_words_and_says_what_is_missing(
    learner, enrollment, practice_set
):
    response = client_for(learner).post(
        save_url(practice_set), answers(None, "You are scared.", "") | {"submit": ""}, follow=True
    )
    assert "Write a response to every statement, then submit." in response.content.decode()
    draft = PracticeSubmission.objects.get()
    assert draft.submitted_at is None
    assert draft.responses.get(position=1).text == "You are scared."


def test_a_set_is_submitted_once_and_then_cannot_change(learner, enrollment, practice_set):
    client = client_for(learner)
    response = client.post(
        save_url(practice_set),
        answers(None, "You are scared.", "You feel judged.") | {"submit": ""},
    )
    submission = PracticeSubmission.objects.get()
    assert response["Location"] == reverse("coaching:submission", args=[submission.code])
    assert submission.submitted_at is not None

    html = client.get(page(practice_set)).content.decode()
    assert "Your practice is with a coach." in html
    assert "Submit to a coach" not in html
    again = client.post(
        save_url(practice_set), answers(None, "Changed.", "Changed.") | {"submit": ""}, follow=True
    )
    assert "You can revise it when their feedback is ready." in again.content.decode()
    assert PracticeSubmission.objects.count() == 1
    assert submission.responses.get(position=1).text == "You are scared."


def test_after_feedback_a_revised_set_starts_from_the_last_words_and_both_are_kept(
    learner, enrollment, practice_set, trainer
):
    client = client_for(learner)
    client.post(save_url(practice_set), answers(None, "First one.", "First two.") | {"submit": ""})
    first = PracticeSubmission.objects.get()
    services.rate(
        trainer,
        first,
        [services.ResponseScores(response, 1, 1, 1) for response in first.responses.all()],
        "Try a reflection without a question mark.",
    )
    html = client.get(page(practice_set)).content.decode()
    assert "Revise your responses" in html and "First one." in html

    client.post(
        save_url(practice_set), answers(None, "Second one.", "Second two.") | {"submit": ""}
    )
    kept = list(PracticeSubmission.objects.order_by("number"))
    assert [s.number for s in kept] == [1, 2]
    assert [s.responses.get(position=1).text for s in kept] == ["First one.", "Second one."]
    assert all(s.submitted_at for s in kept)


def test_saving_is_post_only(learner, enrollment, practice_set):
    assert client_for(learner).get(save_url(practice_set)).status_code == 405


def test_the_practice_page_is_in_spanish_under_es(learner, enrollment, practice_set):
    url = "/es" + page(practice_set)
    html = client_for(learner).get(url).content.decode()
    assert "Responda con: Un reflejo simple" in html
    assert "Guardar borrador" in html and "Enviar a un coach" in html
