"""Trainers author practice sets and coaching terms in the CMS, with the checks they need."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from coaching.models import CoachAssignment, CourseCoaching, PracticeSet
from tests.conftest import make_member, make_user, sign_in_with_mfa

pytestmark = pytest.mark.django_db


def inline(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
        data[f"{prefix}-{number}-ORDER"] = str(number + 1)
        data[f"{prefix}-{number}-id"] = ""
        data[f"{prefix}-{number}-DELETE"] = ""
    return data


def test_a_trainer_writes_a_practice_set_in_the_cms(client, trainer, course):
    sign_in_with_mfa(client, trainer)
    add_url = reverse("coaching_practice_set:add")
    assert client.get(add_url).status_code == 200
    response = client.post(
        add_url,
        {
            "course": course.pk,
            "title": "Open questions at the window",
            "instructions": "Answer as you would at the window.",
            "is_open": "on",
            **inline(
                "statements",
                [
                    {
                        "setting": "At the window",
                        "text": "I might try the strips.",
                        "kind": "open_question",
                    },
                    {"setting": "", "text": "I came back.", "kind": "affirmation"},
                ],
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    practice_set = PracticeSet.objects.get()
    assert [s.kind for s in practice_set.statements.all()] == ["open_question", "affirmation"]
    assert len(practice_set.code) == 12


def test_coaches_are_trainers_or_the_organizations_facilitators(
    client, trainer, course, organization, other_organization
):
    facilitator = make_user("fac@example.org")
    make_member(facilitator, other_organization, Membership.Role.FACILITATOR)
    plain = make_user("plain@example.org")
    make_member(plain, organization)
    sign_in_with_mfa(client, trainer)
    add_url = reverse("coaching_terms:add")

    def post(rows):
        return client.post(
            add_url,
            {
                "course": course.pk,
                "target_response_hours": "48",
                "pass_mark": "4",
                **inline("coach_assignments", rows),
            },
        )

    # A facilitator of another organization, and a facilitator for every learner: refused.
    refused = post([{"coach": facilitator.pk, "organization": organization.pk}])
    assert refused.status_code == 200
    assert "not a trainer or a facilitator of that organization" in refused.content.decode()
    refused = post([{"coach": facilitator.pk, "organization": ""}])
    assert "Only a trainer can coach every learner." in refused.content.decode()
    # A plain member is not offered as a coach at all.
    refused = post([{"coach": plain.pk, "organization": organization.pk}])
    assert refused.status_code == 200 and not CourseCoaching.objects.exists()

    accepted = post(
        [
            {"coach": trainer.pk, "organization": ""},
            {"coach": facilitator.pk, "organization": other_organization.pk},
        ]
    )
    assert accepted.status_code == 302, accepted.content.decode()[:3000]
    terms = CourseCoaching.objects.get()
    assert (terms.target_response_hours, str(terms.pass_mark)) == (48, "4.0")
    assert CoachAssignment.objects.count() == 2


def test_learners_cannot_reach_the_authoring_pages(client, learner):
    client.force_login(learner)
    response = client.get(reverse("coaching_practice_set:add"))
    assert response.status_code in (302, 403)
