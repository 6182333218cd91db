"""The permission matrix for every coaching URL: who gets the page, who is sent to sign in,
and who is told nothing exists (404) or refused (403). Changes are POST-only."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles
from accounts.models import Membership
from coaching import services
from coaching.models import PracticeSubmission, Review
from tests.conftest import make_member, make_user

from .conftest import assign, client_for, enrol

pytestmark = pytest.mark.django_db

VISITORS = [
    "anonymous",
    "owner",
    "other_learner",
    "manager",
    "coach",
    "unassigned_trainer",
    "facilitator",
    "other_facilitator",
    "reviewer",
]
WITH_SECOND_FACTOR = {
    "manager",
    "coach",
    "unassigned_trainer",
    "facilitator",
    "other_facilitator",
    "reviewer",
}


@pytest.fixture
def world(course, practice_set, organization, other_organization):
    people = {
        "owner": make_user("owner@example.org"),
        "other_learner": make_user("other@example.org"),
        "manager": make_user("boss@example.org"),
        "coach": make_user("coach@example.org", group=roles.TRAINERS),
        "unassigned_trainer": make_user("t2@example.org", group=roles.TRAINERS),
        "facilitator": make_user("fac@example.org"),
        "other_facilitator": make_user("fac2@example.org"),
        "reviewer": make_user("rev@example.org", group=roles.REVIEWERS),
    }
    make_member(people["owner"], organization)
    make_member(people["manager"], organization, Membership.Role.MANAGER)
    make_member(people["facilitator"], organization, Membership.Role.FACILITATOR)
    make_member(people["other_facilitator"], other_organization, Membership.Role.FACILITATOR)
    assign(course, people["coach"])
    assign(course, people["facilitator"], organization)
    assign(course, people["other_facilitator"], other_organization)
    enrol(people["other_learner"], course)
    submission = services.save(
        enrol(people["owner"], course), practice_set, {1: "One.", 2: "Two."}, submit=True
    )
    return people, submission


def visit(world, who) -> Client:
    people, _submission = world
    if who == "anonymous":
        return Client()
    return client_for(people[who], mfa=who in WITH_SECOND_FACTOR)


def status(response) -> int | str:
    if response.status_code == 302 and reverse("account_login") in response["Location"]:
        return "sign in"
    return response.status_code


@pytest.mark.parametrize(
    ("who", "practice", "submission", "queue", "rate"),
    [
        ("anonymous", "sign in", "sign in", "sign in", "sign in"),
        ("owner", 200, 200, 404, 403),
        ("other_learner", 200, 404, 404, 404),
        ("manager", 200, 404, 404, 404),
        ("coach", 200, 200, 200, 200),
        ("unassigned_trainer", 200, 404, 404, 404),
        ("facilitator", 200, 200, 200, 200),
        ("other_facilitator", 200, 404, 200, 404),
        ("reviewer", 200, 200, 404, 403),
    ],
)
def test_pages(world, practice_set, who, practice, submission, queue, rate):
    _people, sent = world
    client = visit(world, who)
    assert status(client.get(reverse("coaching:practice", args=[practice_set.code]))) == practice
    assert status(client.get(reverse("coaching:submission", args=[sent.code]))) == submission
    assert status(client.get(reverse("coaching:queue"))) == queue
    assert status(client.get(reverse("coaching:rate", args=[sent.code]))) == rate


@pytest.mark.parametrize(
    ("who", "save_rating"),
    [
        ("anonymous", "sign in"),
        ("owner", 403),
        ("other_learner", 404),
        ("manager", 404),
        ("coach", 400),  # allowed: an empty form is refused with its errors
        ("unassigned_trainer", 404),
        ("facilitator", 400),
        ("other_facilitator", 404),
        ("reviewer", 403),
    ],
)
def test_saving_a_rating(world, who, save_rating):
    _people, sent = world
    response = visit(world, who).post(reverse("coaching:save_rating", args=[sent.code]), {})
    assert status(response) == save_rating
    assert not Review.objects.exists()


@pytest.mark.parametrize("who", VISITORS)
def test_saving_practice_changes_only_ones_own_draft(world, practice_set, who):
    _people, sent = world
    response = visit(world, who).post(
        reverse("coaching:save", args=[practice_set.code]),
        {"response_1": "Sneaky.", "response_2": "Sneaky.", "submit": ""},
    )
    assert status(response) == ("sign in" if who == "anonymous" else 302)
    # The owner's set is with a coach; nobody else is enrolled with a draft of theirs here
    # except the other learner, whose own new submission is theirs alone.
    owner_submissions = PracticeSubmission.objects.filter(enrollment=sent.enrollment)
    assert owner_submissions.count() == 1
    assert sent.responses.get(position=1).text == "One."


@pytest.mark.parametrize(
    "url_name", ["coaching:save", "coaching:save_rating"], ids=["practice", "rating"]
)
def test_changes_are_post_only(world, practice_set, url_name):
    people, sent = world
    code = practice_set.code if url_name == "coaching:save" else sent.code
    response = client_for(people["coach"], mfa=True).get(reverse(url_name, args=[code]))
    assert response.status_code == 405


def test_unknown_and_malformed_codes_are_not_found(world):
    people, _sent = world
    coach = client_for(people["coach"], mfa=True)
    for code in ("NOPE", "0" * 12, "<script>"):
        assert coach.get(reverse("coaching:submission", args=[code])).status_code == 404
        assert coach.get(reverse("coaching:practice", args=[code])).status_code == 404


def test_every_coaching_url_has_rows_here():
    # A new URL must get rows in this matrix before this test is changed to know it.
    from coaching.urls import urlpatterns

    assert {pattern.name for pattern in urlpatterns} == {
        "practice",
        "save",
        "submission",
        "queue",
        "rate",
        "save_rating",
    }
