"""The header leads coaches to their queue ("Practice to review", with how much is waiting once
they used their second factor); nobody else sees the link, and it costs them no query
(tests/lms/test_query_budget.py keeps the learner pages' counts)."""

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Membership
from coaching import services
from tests.conftest import make_member, make_user

from .conftest import assign, client_for, enrol, good_scores

pytestmark = pytest.mark.django_db

LINK = "Practice to review"


def header(client) -> str:
    response = client.get(reverse("my_learning"))
    assert response.status_code == 200
    return response.content.decode().split("</header>")[0]


@pytest.fixture
def waiting(course, practice_set, organization):
    owner = make_user("owner@example.org")
    make_member(owner, organization)
    return services.save(enrol(owner, course), practice_set, {1: "One.", 2: "Two."}, submit=True)


def test_a_coach_sees_the_queue_with_what_is_waiting(coached, trainer, waiting):
    coach = client_for(trainer, mfa=True)
    html = header(coach)
    assert f'<a href="{reverse("coaching:queue")}">{LINK} (1 waiting)</a>' in html

    coach.post(reverse("coaching:save_rating", args=[waiting.code]), good_scores(waiting))
    html = header(coach)
    assert f'<a href="{reverse("coaching:queue")}">{LINK}</a>' in html  # nothing waiting now


def test_learners_and_people_who_coach_nobody_see_no_link(
    coached, waiting, learner, manager, reviewer
):
    other_trainer = make_user("t2@example.org", group=roles.TRAINERS)
    assert LINK not in header(client_for(learner))
    for person in (manager, reviewer, other_trainer):
        assert LINK not in header(client_for(person, mfa=True))


def test_a_facilitator_coach_sees_it_before_the_second_factor_without_a_count(
    course, practice_set, organization, waiting
):
    facilitator = make_user("fac@example.org")
    membership = make_member(facilitator, organization, Membership.Role.FACILITATOR)
    assign(course, facilitator, organization)

    before = client_for(facilitator)
    html = header(before)
    assert f">{LINK}</a>" in html and "waiting" not in html
    queue = before.get(reverse("coaching:queue"))
    assert queue.status_code == 302 and "/accounts/2fa/" in queue["Location"]
    assert f"{LINK} (1 waiting)" in header(client_for(facilitator, mfa=True))

    # An assignment counts while the role that allowed it holds.
    membership.role = Membership.Role.MEMBER
    membership.save()
    assert LINK not in header(client_for(facilitator, mfa=True))
    assert LINK not in header(client_for(facilitator))


def test_the_header_says_it_in_spanish(coached, trainer, waiting):
    from tests.conftest import in_spanish

    coach = client_for(trainer, mfa=True)
    page = coach.get(in_spanish(reverse("my_learning"))).content.decode()
    assert "Práctica por revisar (1 en espera)" in page
