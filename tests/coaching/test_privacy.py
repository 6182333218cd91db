"""Practice words are private: the learner, their coaches and site reviewers read them; a
partner manager does not. They are in the learner's data download and go with the account."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from coaching import services
from coaching.models import PracticeResponse, PracticeSubmission, ResponseRating, Review
from tests.conftest import PASSWORD, make_member, make_user
from tests.lms.privacy.conftest import data_of, download

from .conftest import assign, client_for, enrol

pytestmark = pytest.mark.django_db

WORDS = "It sounds like the test scares you more than the virus."


@pytest.fixture
def rated(course, practice_set, trainer, learner, organization):
    make_member(learner, organization)
    assign(course, trainer)
    enrollment = enrol(learner, course)
    submission = services.save(enrollment, practice_set, {1: WORDS, 2: "Two."}, submit=True)
    services.rate(
        trainer,
        submission,
        [services.ResponseScores(r, 2, 1, 2, "Nice.") for r in submission.responses.all()],
        "Warm and accurate.",
    )
    return submission


def test_a_partner_manager_never_reads_the_words(rated, manager):
    page = client_for(manager, mfa=True).get(reverse("coaching:submission", args=[rated.code]))
    assert page.status_code == 404


def test_a_site_reviewer_reads_them_after_the_second_factor(rated, reviewer):
    url = reverse("coaching:submission", args=[rated.code])
    assert client_for(reviewer).get(url).status_code == 302  # to the second factor first
    page = client_for(reviewer, mfa=True).get(url)
    assert page.status_code == 200 and WORDS in page.content.decode()
    assert "Rate this practice" not in page.content.decode()  # reviewers read, coaches rate
    assert (
        client_for(reviewer, mfa=True).get(reverse("coaching:rate", args=[rated.code])).status_code
        == 403
    )


def test_the_words_are_escaped_on_every_page(course, practice_set, trainer, learner):
    assign(course, trainer)
    enrollment = enrol(learner, course)
    submission = services.save(
        enrollment, practice_set, {1: '1 < 2 & "fine"', 2: "Two."}, submit=True
    )
    html = client_for(trainer, mfa=True).get(reverse("coaching:rate", args=[submission.code]))
    assert "1 &lt; 2 &amp; &quot;fine&quot;" in html.content.decode()


def test_the_data_download_holds_the_practice_and_ratings_without_the_coach(
    client, rated, learner, trainer
):
    client.force_login(learner)
    (enrolment,) = data_of(download(client))["enrolments"]
    (practice,) = enrolment["coached_practice"]
    assert practice["practice_set"] == "Reflections practice"
    assert practice["responses"][0]["your_response"] == WORDS
    assert practice["responses"][0]["respond_with"] == "A simple reflection"
    (rating,) = practice["ratings"]
    assert rating["feedback"] == "Warm and accurate."
    assert rating["score_out_of_6"] == "5.0"
    first = rating["per_response"][0]
    assert first["statement_number"] == 1 and first["comment"] == "Nice."
    assert first["scores"]["Does it stay with the person's meaning?"] == 1
    text = str(enrolment)
    assert trainer.email not in text and trainer.display_name not in text


def test_deleting_the_account_removes_the_practice_and_its_ratings(client, rated, learner):
    client.force_login(learner)
    response = client.post(
        reverse("privacy:delete_account"), {"password": PASSWORD, "confirmation": "DELETE"}
    )
    assert response.status_code == 302
    assert not PracticeSubmission.objects.exists()
    assert not PracticeResponse.objects.exists()
    assert not Review.objects.exists() and not ResponseRating.objects.exists()


def test_a_coach_who_leaves_leaves_the_ratings_with_the_learner(rated, trainer):
    Membership.objects.filter(user=trainer).delete()
    trainer.delete()
    review = Review.objects.get()
    assert review.coach is None and review.feedback == "Warm and accurate."


def test_someone_unrelated_gets_not_found(rated):
    stranger = make_user("stranger@example.org")
    url = reverse("coaching:submission", args=[rated.code])
    assert client_for(stranger).get(url).status_code == 404


def test_the_managers_staff_page_shows_the_status_not_the_words(rated, manager, organization):
    html = (
        client_for(manager, mfa=True)
        .get(reverse("partners:staff", args=[organization.slug]))
        .content.decode()
    )
    member_row = html[html.index("learner@example.org") :]
    assert "In progress: 0%" in member_row  # the status, and nothing of the practice
    assert WORDS not in html and "Warm and accurate." not in html
    assert reverse("coaching:submission", args=[rated.code]) not in html
