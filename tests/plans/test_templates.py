"""Coalition plan templates: a coalition's lead writes one (courses, due rule, recurrence); a
member organization's manager copies it into a new plan of their own (paused, for everyone)
and edits it freely; the template changing later changes no copy. Permission rows for every
page."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from accounts.models import Membership, Organization
from plans.models import PlanTemplate, TrainingPlan
from tests.conftest import make_member, make_user, sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(coalition, naloxone, anti_stigma):
    made = PlanTemplate.objects.create(
        coalition=coalition, name="Outreach basics", due_within_days=30, recur_months=24
    )
    made.entries.create(course=naloxone, position=0)
    made.entries.create(course=anti_stigma, position=1)
    return made


@pytest.fixture
def outside_organization(db):
    return Organization.objects.create(
        name="Hill County Outreach", slug="hill", kind=Organization.Kind.COMMUNITY_ORGANIZATION
    )


@pytest.fixture
def outside_manager(outside_organization):
    user = make_user("hill-manager@example.org", display_name="Quinn")
    make_member(user, outside_organization, Membership.Role.MANAGER)
    return user


def test_the_lead_writes_a_template_and_a_member_manager_copies_and_edits_it(
    client, coalition, coalition_manager, organization, manager, naloxone, anti_stigma
):
    sign_in_with_mfa(client, coalition_manager)
    response = client.post(
        reverse("plans:template_new", args=[coalition.slug]),
        {
            "name": "Outreach basics",
            "courses": [naloxone.pk, anti_stigma.pk],
            "due_within_days": "30",
            "recur_months": "24",
        },
        follow=True,
    )
    assert "The plan template “Outreach basics” is saved." in response.content.decode()
    template = PlanTemplate.objects.get()
    # In the order the form lists them (by title).
    assert [e.course_id for e in template.entries.all()] == [anti_stigma.pk, naloxone.pk]

    sign_in_with_mfa(client, manager)
    plans_page = client.get(reverse("plans:list", args=[organization.slug])).content.decode()
    assert reverse("plans:copy_list", args=[organization.slug]) in plans_page
    offered = BeautifulSoup(
        client.get(reverse("plans:copy_list", args=[organization.slug])).content, "html.parser"
    )
    assert "Outreach basics" in offered.get_text() and "Naloxone basics" in offered.get_text()
    form = offered.find(
        "form", action=reverse("plans:copy", args=[organization.slug, template.code])
    )
    copied = client.post(form["action"], follow=True)

    plan = TrainingPlan.objects.get(organization=organization)
    assert copied.redirect_chain[-1][0] == reverse(
        "plans:edit", args=[organization.slug, plan.code]
    )
    assert "It is paused" in copied.content.decode()
    assert (plan.name, plan.active, plan.assign_to) == ("Outreach basics", False, "all")
    assert [
        (item.course_id, item.due_within_days, item.recur_months) for item in plan.items.all()
    ] == [(anti_stigma.pk, 30, 24), (naloxone.pk, 30, 24)]

    # Edited freely: one course, a fixed date, active.
    client.post(
        reverse("plans:edit", args=[organization.slug, plan.code]),
        {
            "name": "Our outreach basics",
            "courses": [naloxone.pk],
            "due_on": "2027-03-01",
            "recur_months": "0",
            "assign_to": "all",
            "active": "on",
        },
    )
    plan.refresh_from_db()
    assert plan.name == "Our outreach basics" and plan.active
    assert [str(item.due_on) for item in plan.items.all()] == ["2027-03-01"]
    # ... and the template is as the lead left it.
    assert template.entries.count() == 2 and template.due_within_days == 30


def test_a_template_with_two_due_rules_or_none_is_refused_and_saves_nothing(
    client, coalition, coalition_manager, naloxone
):
    sign_in_with_mfa(client, coalition_manager)
    url = reverse("plans:template_new", args=[coalition.slug])
    base = {"name": "Refresh", "courses": [naloxone.pk], "recur_months": "0"}

    both = client.post(url, {**base, "due_on": "2027-01-01", "due_within_days": "30"})
    neither = client.post(url, base)

    assert "not both" in both.content.decode()
    assert "Please give a due date or a number of days." in neither.content.decode()
    assert not PlanTemplate.objects.exists()


def test_the_lead_edits_and_deletes_a_template_without_touching_copies(
    client, coalition, coalition_manager, organization, template, naloxone
):
    from plans.plan_templates import copy_template

    plan = copy_template(template, organization)
    sign_in_with_mfa(client, coalition_manager)
    client.post(
        reverse("plans:template_edit", args=[coalition.slug, template.code]),
        {"name": "Renamed", "courses": [naloxone.pk], "due_on": "2027-05-01", "recur_months": "0"},
    )
    template.refresh_from_db()
    assert template.name == "Renamed" and template.entries.count() == 1

    client.post(reverse("plans:template_delete", args=[coalition.slug, template.code]))

    assert not PlanTemplate.objects.exists()
    plan.refresh_from_db()
    assert plan.name == "Outreach basics" and plan.items.count() == 2


def answers(client, pages):
    return {name: getattr(client, method)(url).status_code for name, (method, url) in pages.items()}


def lead_pages(coalition, template):
    slug = coalition.slug
    return {
        "list": ("get", reverse("plans:templates", args=[slug])),
        "new": ("get", reverse("plans:template_new", args=[slug])),
        "edit": ("get", reverse("plans:template_edit", args=[slug, template.code])),
    }


def test_permission_rows_for_the_leads_pages(
    client, coalition, coalition_manager, organization, manager, member, template
):
    pages = lead_pages(coalition, template)
    delete = reverse("plans:template_delete", args=[coalition.slug, template.code])
    # Anonymous: sign in first.
    assert {code for code in answers(client, pages).values()} == {302}
    # A member organization's manager is an outsider to the coalition: 404.
    sign_in_with_mfa(client, manager)
    assert set(answers(client, pages).values()) == {404}
    assert client.post(delete).status_code == 404
    # A member organization has no template pages of its own, even for its manager.
    assert client.get(reverse("plans:templates", args=[organization.slug])).status_code == 404
    # A plain member of the coalition: 403.
    plain = make_user("coalition-member@example.org")
    make_member(plain, coalition)
    client.force_login(plain)
    assert set(answers(client, pages).values()) == {403}
    # The lead: 200; delete is POST only.
    sign_in_with_mfa(client, coalition_manager)
    assert set(answers(client, pages).values()) == {200}
    assert client.get(delete).status_code == 405
    assert PlanTemplate.objects.exists()


def test_permission_rows_for_copying(
    client, organization, manager, member, outside_organization, outside_manager, template
):
    copy_list = reverse("plans:copy_list", args=[organization.slug])
    copy = reverse("plans:copy", args=[organization.slug, template.code])
    # A member: 403; anonymous: sign in.
    assert client.get(copy_list).status_code == 302
    client.force_login(member)
    assert client.get(copy_list).status_code == 403
    assert client.post(copy).status_code == 403
    # The manager of an organization outside the coalition: 404 at this organization's
    # address, and 404 for the template at their own, where it is not offered.
    sign_in_with_mfa(client, outside_manager)
    assert client.post(copy).status_code == 404
    own_list = client.get(reverse("plans:copy_list", args=[outside_organization.slug]))
    assert own_list.status_code == 200 and "Outreach basics" not in own_list.content.decode()
    own_copy = reverse("plans:copy", args=[outside_organization.slug, template.code])
    assert client.post(own_copy).status_code == 404
    assert not TrainingPlan.objects.exists()
    # The member organization's manager: the list, and copying by POST only.
    sign_in_with_mfa(client, manager)
    assert client.get(copy_list).status_code == 200
    assert client.get(copy).status_code == 405
    assert client.post(copy).status_code == 302
    assert TrainingPlan.objects.filter(organization=organization).count() == 1
