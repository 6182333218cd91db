"""The coach's side: the queue (oldest first, with organization, course and overdue), rating
on the rubric, ratings never edited in place, nobody rating their own practice, and the two
emails (to coaches when work arrives, to the learner when feedback is ready), each in the
recipient's language."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import Membership
from coaching import services
from coaching.models import PracticeSubmission, ResponseRating, Review
from tests.conftest import make_member, make_user

from .conftest import assign, client_for, enrol, good_scores

pytestmark = pytest.mark.django_db


def submit(user, practice_set, *texts) -> PracticeSubmission:
    enrollment = enrol(user, practice_set.course)
    return services.save(
        enrollment, practice_set, {n: t for n, t in enumerate(texts, 1)}, submit=True
    )


def rows_of(html: str) -> list[str]:
    return html.split('<tr class="queue-row">')[1:]


def test_the_queue_lists_work_oldest_first_with_organization_course_and_overdue(
    course, practice_set, trainer, organization, django_capture_on_commit_callbacks
):
    assign(course, trainer, target_response_hours=24)
    early = make_user("early@example.org", display_name="Early Bird")
    make_member(early, organization)
    late = make_user("late@example.org", display_name="Late Comer")
    first = submit(early, practice_set, "One.", "Two.")
    second = submit(late, practice_set, "One.", "Two.")
    PracticeSubmission.objects.filter(pk=first.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=30)
    )
    PracticeSubmission.objects.filter(pk=second.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(hours=2)
    )

    html = client_for(trainer, mfa=True).get(reverse("coaching:queue")).content.decode()
    rows = rows_of(html)
    assert len(rows) == 2
    assert "Early Bird" in rows[0] and "Late Comer" in rows[1]
    assert organization.name in rows[0]
    assert course.title in rows[0]
    assert "Overdue" in rows[0] and "Overdue" not in rows[1]


def test_rated_work_leaves_the_queue(course, practice_set, trainer, learner):
    assign(course, trainer)
    submission = submit(learner, practice_set, "One.", "Two.")
    coach = client_for(trainer, mfa=True)
    assert len(rows_of(coach.get(reverse("coaching:queue")).content.decode())) == 1
    response = coach.post(
        reverse("coaching:save_rating", args=[submission.code]), good_scores(submission)
    )
    assert response.status_code == 302
    assert rows_of(coach.get(reverse("coaching:queue")).content.decode()) == []


def test_a_rating_records_each_response_on_the_rubric_and_the_learner_sees_it(
    course, practice_set, trainer, learner
):
    assign(course, trainer)
    submission = submit(learner, practice_set, "You are scared.", "You feel careful.")
    data = good_scores(submission, score=1, comment="Say more about the fear.")
    data["r2_righting"] = "2"
    client_for(trainer, mfa=True).post(
        reverse("coaching:save_rating", args=[submission.code]), data
    )
    review = Review.objects.get()
    assert (review.points, review.max_points, str(review.score)) == (7, 12, "3.5")
    html = client_for(learner).get(reverse("coaching:submission", args=[submission.code]))
    html = html.content.decode()
    assert "Rated 3.5 of 6" in html
    assert "Good listening. Next time, try naming the mixed feelings." in html
    assert "Say more about the fear." in html
    assert "Does it avoid the righting reflex?" in html and "2 of 2" in html


def test_a_rating_with_a_missing_score_is_refused_and_nothing_is_saved(
    course, practice_set, trainer, learner
):
    assign(course, trainer)
    submission = submit(learner, practice_set, "One.", "Two.")
    data = good_scores(submission)
    del data["r1_meaning"]
    response = client_for(trainer, mfa=True).post(
        reverse("coaching:save_rating", args=[submission.code]), data
    )
    assert response.status_code == 400
    assert "Pick a score." in response.content.decode()
    assert not Review.objects.exists()


def test_ratings_are_never_edited_in_place_and_rating_again_adds_a_record(
    course, practice_set, trainer, learner
):
    assign(course, trainer)
    submission = submit(learner, practice_set, "One.", "Two.")
    coach = client_for(trainer, mfa=True)
    url = reverse("coaching:save_rating", args=[submission.code])
    coach.post(url, good_scores(submission, score=0))
    first = Review.objects.get()
    assert (
        "was rated before"
        in coach.get(reverse("coaching:rate", args=[submission.code])).content.decode()
    )
    coach.post(url, good_scores(submission, score=2))

    reviews = list(Review.objects.order_by("created_at", "pk"))
    assert [str(r.score) for r in reviews] == ["0.0", "6.0"]  # both kept
    assert services.current_review(submission).pk == reviews[1].pk  # the latest counts

    first.feedback = "Changed afterwards"
    with pytest.raises(TypeError):
        first.save()
    with pytest.raises(TypeError):
        Review.objects.filter(pk=first.pk).update(score=6)
    with pytest.raises(TypeError):
        ResponseRating.objects.filter(review=first).update(meaning=2)
    first.refresh_from_db()
    assert first.feedback.startswith("Good listening") and str(first.score) == "0.0"


def test_a_coach_cannot_rate_their_own_practice(course, practice_set, trainer):
    assign(course, trainer)
    own = submit(trainer, practice_set, "Mine.", "Mine too.")
    coach = client_for(trainer, mfa=True)
    assert rows_of(coach.get(reverse("coaching:queue")).content.decode()) == []
    assert coach.get(reverse("coaching:rate", args=[own.code])).status_code == 403
    response = coach.post(reverse("coaching:save_rating", args=[own.code]), good_scores(own))
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_a_facilitator_coaches_only_their_own_organizations_members(
    course, practice_set, organization, other_organization
):
    facilitator = make_user("facilitator@example.org", display_name="Fay")
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    assign(course, facilitator, organization)
    ours = make_user("ours@example.org", display_name="Our Member")
    make_member(ours, organization)
    theirs = make_user("theirs@example.org", display_name="Their Member")
    make_member(theirs, other_organization)
    mine, not_mine = (
        submit(ours, practice_set, "a", "b"),
        submit(theirs, practice_set, "a", "b"),
    )
    coach = client_for(facilitator, mfa=True)
    rows = rows_of(coach.get(reverse("coaching:queue")).content.decode())
    assert len(rows) == 1 and "Our Member" in rows[0]
    assert coach.get(reverse("coaching:rate", args=[mine.code])).status_code == 200
    assert coach.get(reverse("coaching:submission", args=[not_mine.code])).status_code == 404

    # A facilitator who is made a plain member again coaches nobody, whatever the assignment.
    Membership.objects.filter(user=facilitator).update(role=Membership.Role.MEMBER)
    assert coach.get(reverse("coaching:queue")).status_code == 404


def test_work_arriving_emails_each_coach_in_their_language(
    course, practice_set, trainer, learner, django_capture_on_commit_callbacks
):
    spanish = make_user(
        "coach-es@example.org", group=roles.TRAINERS, display_name="Lucía", language="es"
    )
    assign(course, trainer)
    assign(course, spanish)
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(learner, practice_set, "One.", "Two.")
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {trainer.email, spanish.email}
    english = by_address[trainer.email]
    assert english.subject == "Practice to rate: Reflections practice"
    rate_url = "https://opendoor.test" + reverse("coaching:rate", args=[submission.code])
    assert rate_url in english.body
    assert "One." not in english.body  # the learner's words stay on the site
    assert by_address[spanish.email].subject == "Práctica para calificar: Reflections practice"


def test_the_learner_is_emailed_when_feedback_is_ready(
    course, practice_set, trainer, learner, django_capture_on_commit_callbacks
):
    assign(course, trainer)
    submission = submit(learner, practice_set, "One.", "Two.")
    coach = client_for(trainer, mfa=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        coach.post(reverse("coaching:save_rating", args=[submission.code]), good_scores(submission))
    assert [message.to for message in mail.outbox] == [[learner.email]]
    message = mail.outbox[0]
    assert message.subject == "Feedback on your practice: Reflections practice"
    assert "https://opendoor.test" + reverse("coaching:submission", args=[submission.code]) in (
        message.body
    )


def test_a_trainer_without_a_second_factor_is_sent_to_use_it(course, practice_set, trainer):
    assign(course, trainer)
    response = client_for(trainer).get(reverse("coaching:queue"))
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]


def test_rating_is_post_only(course, practice_set, trainer, learner):
    assign(course, trainer)
    submission = submit(learner, practice_set, "One.", "Two.")
    coach = client_for(trainer, mfa=True)
    assert coach.get(reverse("coaching:save_rating", args=[submission.code])).status_code == 405


@pytest.mark.parametrize("waiting", [1, 6])
def test_the_queue_reads_a_fixed_number_of_queries(
    course, practice_set, trainer, organization, waiting, django_assert_max_num_queries
):
    assign(course, trainer, target_response_hours=24)
    for number in range(waiting):
        person = make_user(f"w{number}@example.org")
        make_member(person, organization)
        submit(person, practice_set, "One.", "Two.")
    coach = client_for(trainer, mfa=True)
    coach.get(reverse("coaching:queue"))  # warm per-process caches
    # Session and user, the CMS-link check, the coach's scopes (second factor, assignments,
    # role), the waiting work, the learners' organizations, the courses' target times; and
    # the header's "Practice to review (n waiting)": the coach's scopes again and the count
    # (coaching.header; only coaches pay for it).
    with django_assert_max_num_queries(12):
        html = coach.get(reverse("coaching:queue")).content.decode()
    assert len(rows_of(html)) == waiting
