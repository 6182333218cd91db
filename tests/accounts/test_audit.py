"""The audit trail: role, membership, consent and invitation changes are logged once each, with
who acted, and site admins (only) read them in Wagtail's site history report."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.log_actions import LogContext
from wagtail.models import ModelLogEntry

from accounts import audit, roles
from accounts.models import Invitation, Membership
from tests.conftest import give_totp, make_member, make_user, sign_in_with_mfa

pytestmark = pytest.mark.django_db

REPORT = reverse("wagtailadmin_reports:site_history")


def entries(action, **filters):
    return list(ModelLogEntry.objects.filter(action=action, **filters))


def only_entry(action, **filters):
    found = entries(action, **filters)
    assert len(found) == 1, f"{action}: {len(found)} entries"
    return found[0]


@pytest.fixture
def site_admin(db):
    return make_user("admin@example.org", group=roles.SITE_ADMINS, display_name="Taylor")


@pytest.fixture
def admin_client(client, site_admin):
    give_totp(site_admin)
    sign_in_with_mfa(client, site_admin)
    return client


# Site roles


def test_giving_and_removing_a_site_role_is_logged_with_who_did_it(learner, site_admin):
    trainers = Group.objects.get(name=roles.TRAINERS)
    with LogContext(user=site_admin):
        learner.groups.add(trainers)
        learner.groups.remove(trainers)

    mine = {"object_id": str(learner.pk)}
    added, removed = only_entry(audit.ROLE_ADD, **mine), only_entry(audit.ROLE_REMOVE, **mine)
    for entry in (added, removed):
        assert entry.user == site_admin
        assert entry.object_id == str(learner.pk)
        assert entry.data == {"role": roles.TRAINERS, "user_id": learner.pk}
    assert added.message == "Given the site role “Trainers”"


def test_roles_given_from_the_group_side_and_cleared_are_logged(learner):
    site_admins = Group.objects.get(name=roles.SITE_ADMINS)
    site_admins.user_set.add(learner)
    learner.groups.clear()

    mine = {"object_id": str(learner.pk)}
    assert only_entry(audit.ROLE_ADD, **mine).data["role"] == roles.SITE_ADMINS
    assert only_entry(audit.ROLE_REMOVE, **mine).data["role"] == roles.SITE_ADMINS


def test_the_learners_group_is_not_a_staff_role_and_is_not_logged(db):
    user = make_user("new@example.org")  # put in Learners

    assert not entries(audit.ROLE_ADD, object_id=str(user.pk))


def test_a_site_admin_giving_a_role_in_the_wagtail_user_editor_is_logged(
    admin_client, site_admin, learner
):
    reviewers = Group.objects.get(name=roles.REVIEWERS)
    learners = Group.objects.get(name=roles.LEARNERS)
    response = admin_client.post(
        reverse("wagtailusers_users:edit", args=[learner.pk]),
        {
            "email": learner.email,
            "first_name": "Sam",
            "last_name": "Lee",
            "is_active": "on",
            "groups": [learners.pk, reviewers.pk],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = only_entry(audit.ROLE_ADD, object_id=str(learner.pk))
    assert entry.user == site_admin
    assert entry.data["role"] == roles.REVIEWERS


# Organization membership and consent


def test_joining_with_the_code_and_sharing_is_logged(client, learner, organization):
    client.force_login(learner)
    client.post(reverse("accounts:join"), {"code": organization.join_code, "share_records": "on"})

    membership = Membership.objects.get(user=learner)
    joined = only_entry(audit.MEMBER_JOIN)
    assert joined.user == learner
    assert joined.object_id == str(organization.pk)
    assert joined.data == {"member_id": learner.pk, "membership": membership.code, "role": "member"}
    assert joined.message == "Sam joined with the join code"
    assert only_entry(audit.CONSENT_GIVE).data["member_id"] == learner.pk


def test_joining_again_logs_nothing_new(client, learner, organization):
    client.force_login(learner)
    for _ in range(2):
        client.post(reverse("accounts:join"), {"code": organization.join_code})

    assert len(entries(audit.MEMBER_JOIN)) == 1
    assert not entries(audit.CONSENT_GIVE)


def test_accepting_an_invitation_is_logged(client, learner, organization, manager):
    invitation = Invitation.objects.create(
        organization=organization, email=learner.email, invited_by=manager
    )
    client.force_login(learner)
    client.post(reverse("accounts:accept_invitation", args=[invitation.token]))

    entry = only_entry(audit.MEMBER_ACCEPT)
    assert (entry.user, entry.data["member_id"]) == (learner, learner.pk)
    assert not entries(audit.CONSENT_GIVE)  # the box was not ticked


def test_withdrawing_and_giving_consent_are_logged_by_the_member(client, member):
    membership = member.memberships.get()
    client.force_login(member)
    url = reverse("accounts:set_sharing", args=[membership.code])
    client.post(url, {"share": "no"})
    client.post(url, {"share": "no"})  # no change: no entry
    client.post(url, {"share": "yes"})

    withdrawn = only_entry(audit.CONSENT_WITHDRAW)
    assert (withdrawn.user, withdrawn.data["member_id"]) == (member, member.pk)
    assert withdrawn.message == "Riley withdrew consent to share training records"
    assert only_entry(audit.CONSENT_GIVE).user == member


def test_leaving_is_logged_by_the_member(client, member, organization):
    membership = member.memberships.get()
    client.force_login(member)
    client.post(reverse("accounts:leave", args=[membership.code]))

    entry = only_entry(audit.MEMBER_LEAVE)
    assert entry.user == member
    assert entry.data["membership"] == membership.code
    assert entry.object_id == str(organization.pk)


def test_a_manager_removing_someone_and_changing_a_role_is_logged(
    client, manager, member, organization
):
    membership = member.memberships.get()
    sign_in_with_mfa(client, manager)
    client.post(
        reverse("accounts:organization_set_role", args=[organization.slug, membership.code]),
        {"role": "manager"},
    )
    client.post(
        reverse("accounts:organization_remove_member", args=[organization.slug, membership.code])
    )

    changed = only_entry(audit.MEMBER_ROLE)
    assert changed.user == manager
    assert changed.data == {
        "member_id": member.pk,
        "membership": membership.code,
        "role": "manager",
        "old_role": "member",
    }
    removed = only_entry(audit.MEMBER_REMOVE)
    assert (removed.user, removed.data["member_id"]) == (manager, member.pk)
    assert not entries(audit.MEMBER_LEAVE)


def test_a_bulk_invitation_is_one_entry_with_the_count_and_no_addresses(
    client, manager, organization
):
    sign_in_with_mfa(client, manager)
    client.post(
        reverse("accounts:organization_invite", args=[organization.slug]),
        {"emails": "a@example.org\nb@example.org, Bo\nc@example.org", "role": "member"},
    )

    entry = only_entry(audit.INVITE_SEND)
    assert entry.user == manager
    assert entry.data == {"count": 3, "role": "member"}
    assert "example.org" not in str(entry.data) + entry.message


def test_cancelling_an_invitation_is_logged(client, manager, organization):
    invitation = Invitation.objects.create(
        organization=organization, email="x@example.org", invited_by=manager
    )
    sign_in_with_mfa(client, manager)
    url = reverse(
        "accounts:organization_cancel_invitation", args=[organization.slug, invitation.code]
    )
    client.post(url)

    entry = only_entry(audit.INVITE_CANCEL)
    assert (entry.user, entry.data["invitation"]) == (manager, invitation.code)


# Who reads the trail


@pytest.fixture
def logged_events(learner, member, manager, organization):
    """A join, a consent withdrawal and a role given, as they happen on the site."""
    client = Client()
    client.force_login(learner)
    client.post(reverse("accounts:join"), {"code": organization.join_code})
    client.force_login(member)
    client.post(
        reverse("accounts:set_sharing", args=[member.memberships.get().code]), {"share": "no"}
    )
    client.logout()
    learner.groups.add(Group.objects.get(name=roles.TRAINERS))


def test_site_admins_read_the_trail_in_the_site_history_report(admin_client, logged_events):
    page = admin_client.get(REPORT).content.decode()

    assert "Sam joined with the join code" in page
    assert "Riley withdrew consent to share training records" in page
    assert "Given the site role “Trainers”" in page


def test_the_report_filters_by_action(admin_client, logged_events):
    page = admin_client.get(REPORT, {"action": audit.CONSENT_WITHDRAW}).content.decode()

    assert "withdrew consent" in page
    assert "joined with the join code" not in page


def test_trainers_do_not_see_other_peoples_audit_entries(client, cms_trainer, logged_events):
    sign_in_with_mfa(client, cms_trainer)
    response = client.get(REPORT)

    page = response.content.decode()
    assert response.status_code == 200
    assert "joined with the join code" not in page
    assert "withdrew consent" not in page
    assert "site role" not in page


def test_learners_cannot_open_the_report(client, learner, logged_events):
    client.force_login(learner)

    response = client.get(REPORT)

    assert response.status_code in (302, 403)
    assert "joined with the join code" not in response.content.decode()


def test_a_deleted_members_entries_stay_readable(admin_client, learner, organization):
    make_member(learner, organization)
    membership = learner.memberships.get()
    from accounts.services import set_record_sharing

    set_record_sharing(membership, share=False)
    learner_id = learner.pk
    learner.delete()

    entry = only_entry(audit.CONSENT_WITHDRAW)
    assert entry.message == f"A deleted account (#{learner_id}) withdrew consent to share " + (
        "training records"
    )
