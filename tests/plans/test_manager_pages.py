"""A manager creates and edits training plans and tags through the pages, with clear errors."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from plans.models import MemberTag, PlanItem, TrainingPlan
from tests.conftest import make_member, make_user, sign_in_with_mfa

from .conftest import make_plan, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, manager):
    return sign_in_with_mfa(client, manager)


def plan_data(chosen, **values):
    data = {
        "name": "New outreach staff",
        "courses": [course.pk for course in chosen],
        "due_on": "",
        "due_within_days": "30",
        "recur_months": "0",
        "assign_to": "all",
        "member_emails": "",
        "active": "on",
    }
    data.update(values)
    return data


def test_a_manager_creates_a_plan_for_a_tag(signed_in, organization, member, naloxone, anti_stigma):
    outreach = make_tag(organization, "outreach", member.memberships.get())

    response = signed_in.post(
        reverse("plans:new", args=[organization.slug]),
        plan_data([naloxone, anti_stigma], assign_to="tags", tags=[outreach.pk], recur_months="24"),
    )

    plan = TrainingPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:compliance", args=[organization.slug, plan.code])
    assert plan.organization == organization and plan.active
    assert list(plan.tags.all()) == [outreach]
    assert [(i.course, i.due_within_days, i.due_on, i.recur_months) for i in plan.items.all()] == [
        (anti_stigma, 30, None, 24),  # in the order the form lists them: by title
        (naloxone, 30, None, 24),
    ]
    page = signed_in.get(response["Location"]).content.decode()
    assert "New outreach staff" in page and member.email in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"due_within_days": ""}, "due_on", "Please give a due date or a number of days."),
        (
            {"due_on": "2027-01-15"},
            "due_within_days",
            "Please give either a due date or a number of days, not both.",
        ),
        ({"due_within_days": "0"}, "due_within_days", "greater than or equal to 1"),
        ({"due_within_days": "3651"}, "due_within_days", "less than or equal to 3650"),
        ({"recur_months": "121"}, "recur_months", "less than or equal to 120"),
        ({"recur_months": "-1"}, "recur_months", "greater than or equal to 0"),
        ({"courses": []}, "courses", "Please choose at least one course or session."),
        ({"assign_to": "tags"}, "tags", "Please choose at least one tag."),
        ({"assign_to": "people"}, "member_emails", "Please name at least one member."),
        (
            {"assign_to": "people", "member_emails": "nobody@example.org"},
            "member_emails",
            "These addresses are not members of your organization: nobody@example.org",
        ),
        ({"name": "<b>Staff</b>"}, "name", "plain text"),
    ],
)
def test_a_plan_with_a_mistake_saves_nothing_and_says_why(
    signed_in, organization, naloxone, values, field, message
):
    response = signed_in.post(
        reverse("plans:new", args=[organization.slug]), plan_data([naloxone], **values)
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert "Nothing was saved." in response.content.decode()
    assert not TrainingPlan.objects.exists() and not PlanItem.objects.exists()


def test_named_members_are_matched_by_email_in_any_case(signed_in, organization, member, naloxone):
    signed_in.post(
        reverse("plans:new", args=[organization.slug]),
        plan_data([naloxone], assign_to="people", member_emails=f"\n{member.email.upper()}\n"),
    )

    assert list(TrainingPlan.objects.get().members.all()) == [member.memberships.get()]


def test_a_member_of_another_organization_cannot_be_named(
    signed_in, organization, other_organization, naloxone
):
    stranger = make_user("stranger@example.org")
    make_member(stranger, other_organization)

    response = signed_in.post(
        reverse("plans:new", args=[organization.slug]),
        plan_data([naloxone], assign_to="people", member_emails=stranger.email),
    )

    assert "not members of your organization" in str(response.context["form"].errors)
    assert not TrainingPlan.objects.exists()


def test_editing_a_plan_changes_its_rule_and_courses(
    signed_in, organization, naloxone, anti_stigma
):
    plan = make_plan(organization, [naloxone, anti_stigma], due_within_days=30)
    kept = plan.items.get(course=naloxone)
    url = reverse("plans:edit", args=[organization.slug, plan.code])

    form = signed_in.get(url).context["form"]
    assert form.initial["due_within_days"] == 30
    response = signed_in.post(
        url, plan_data([naloxone], name="Renamed", due_within_days="", due_on="2027-01-15")
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.name == "Renamed"
    assert [(i.pk, i.course, str(i.due_on), i.due_within_days) for i in plan.items.all()] == [
        (kept.pk, naloxone, "2027-01-15", None)
    ]


def test_a_bad_edit_leaves_the_plan_as_it_was(signed_in, organization, naloxone):
    plan = make_plan(organization, [naloxone], due_within_days=30)

    signed_in.post(
        reverse("plans:edit", args=[organization.slug, plan.code]),
        plan_data([], name="Changed"),
    )

    plan.refresh_from_db()
    assert plan.name == "New staff" and plan.items.count() == 1


def test_a_manager_adds_a_tag_and_tags_members(signed_in, organization, member, manager):
    response = signed_in.post(reverse("plans:tags", args=[organization.slug]), {"name": "outreach"})
    tag = MemberTag.objects.get()
    assert response["Location"] == reverse("plans:tag", args=[organization.slug, tag.code])

    membership = member.memberships.get()
    response = signed_in.post(
        reverse("plans:tag", args=[organization.slug, tag.code]), {"members": [membership.pk]}
    )

    assert response.status_code == 302
    assert list(tag.memberships.all()) == [membership]
    page = signed_in.get(reverse("plans:tags", args=[organization.slug])).content.decode()
    assert "outreach" in page and "1 member" in page


def test_a_tag_name_is_unique_in_the_organization_whatever_the_case(
    signed_in, organization, other_organization
):
    make_tag(organization, "Outreach")
    make_tag(other_organization, "peer staff")

    taken = signed_in.post(reverse("plans:tags", args=[organization.slug]), {"name": "outreach"})
    elsewhere = signed_in.post(
        reverse("plans:tags", args=[organization.slug]), {"name": "peer staff"}
    )

    assert "Your organization already has this tag." in taken.content.decode()
    assert elsewhere.status_code == 302
    assert MemberTag.objects.filter(organization=organization).count() == 2


def test_a_member_of_another_organization_cannot_be_tagged(
    signed_in, organization, other_organization
):
    tag = make_tag(organization, "outreach")
    stranger = make_user("stranger@example.org")
    theirs = make_member(stranger, other_organization)

    response = signed_in.post(
        reverse("plans:tag", args=[organization.slug, tag.code]), {"members": [theirs.pk]}
    )

    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert not tag.memberships.exists()


def test_deleting_a_tag_takes_it_off_plans(signed_in, organization, member, naloxone):
    tag = make_tag(organization, "outreach", member.memberships.get())
    plan = make_plan(organization, [naloxone], assign_to="tags", tags=[tag])

    signed_in.post(reverse("plans:tag_delete", args=[organization.slug, tag.code]))

    assert not MemberTag.objects.exists()
    assert not plan.tags.exists()


def test_a_manager_says_attending_a_session_is_enough(signed_in, organization, naloxone):
    page = signed_in.get(reverse("plans:new", args=[organization.slug])).content.decode()
    assert "Attending a session of the course is enough" in page

    signed_in.post(
        reverse("plans:new", args=[organization.slug]),
        plan_data([naloxone], by_attending="on"),
    )

    plan = organization.training_plans.get()
    assert plan.items.get().by_attending
    edit = signed_in.get(reverse("plans:edit", args=[organization.slug, plan.code]))
    box = BeautifulSoup(edit.content, "html.parser").find("input", attrs={"name": "by_attending"})
    assert box.has_attr("checked")
