"""An invitation is accepted only by the person it was sent to: the signed-in account must
have confirmed the invited address (allauth's email confirmation), and signing up from the
link marks an address confirmed only where the link itself proved the mailbox (a member's
invitation, the same address, this browser; see ``accounts.permissions``)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation, Membership, User
from tests.conftest import PASSWORD

from .test_invitations import invite, link_path

pytestmark = pytest.mark.django_db

INVITED = "new.worker@example.org"
ANOTHER_ADDRESS = "This invitation was sent to another address."


def confirmation_link(message) -> str:
    match = re.search(r"http://testserver(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, email, path):
    return client.post(
        reverse("account_signup") + f"?next={path}", {"email": email, "password1": PASSWORD}
    )


def test_a_manager_invitation_is_confirmed_by_email_before_the_account_counts(
    client, manager, organization
):
    invite(client, manager, organization, email=INVITED, role="manager")
    path = link_path(mail.outbox[0])
    client.get(path)

    signup = sign_up(client, INVITED, path)

    assert signup["Location"] == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email=INVITED).verified
    assert "_auth_user_id" not in client.session
    assert client.post(path + "accept/")["Location"].startswith(reverse("account_login"))
    client.post(confirmation_link(mail.outbox[-1]))
    assert EmailAddress.objects.get(email=INVITED).verified
    client.post(path + "accept/")
    membership = Membership.objects.get(user__email=INVITED)
    assert membership.role == Membership.Role.MANAGER


def test_signing_up_from_the_link_with_another_address_confirms_by_email_and_cannot_accept(
    client, manager, organization
):
    invite(client, manager, organization, email=INVITED)
    path = link_path(mail.outbox[0])
    client.get(path)

    signup = sign_up(client, "someone.else@example.org", path)

    assert signup["Location"] == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email="someone.else@example.org").verified
    assert not EmailAddress.objects.filter(email=INVITED).exists()  # not slipped in, verified
    client.post(confirmation_link(mail.outbox[-1]))
    page = client.get(path).content.decode()
    assert ANOTHER_ADDRESS in page
    assert "Accept the invitation" not in page
    response = client.post(path + "accept/", {"share_records": "on"}, follow=True)
    assert ANOTHER_ADDRESS in response.content.decode()
    assert not Membership.objects.filter(organization=organization, user__email__contains="else")
    assert Invitation.objects.get().accepted_at is None


def test_the_link_proves_nothing_once_the_invitation_is_cancelled(client, manager, organization):
    invite(client, manager, organization, email=INVITED)
    path = link_path(mail.outbox[0])
    client.get(path)  # opened while it was still valid
    Invitation.objects.update(cancelled_at="2026-01-01T00:00:00Z")

    signup = sign_up(client, INVITED, path)

    assert signup["Location"] == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email=INVITED).verified


def test_an_existing_account_cannot_accept_someone_elses_invitation(
    client, manager, organization, learner
):
    invite(client, manager, organization, email=INVITED, role="manager")
    path = link_path(mail.outbox[0])
    client.force_login(learner)

    page = client.get(path).content.decode()
    response = client.post(path + "accept/", {"share_records": "on"}, follow=True)

    assert ANOTHER_ADDRESS in page
    assert ANOTHER_ADDRESS in response.content.decode()
    assert not Membership.objects.filter(user=learner).exists()
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is None and invitation.is_usable  # still theirs to accept


def test_an_account_that_adds_the_invited_address_accepts_once_it_is_confirmed(
    client, manager, organization, learner
):
    invite(client, manager, organization, email=INVITED)
    path = link_path(mail.outbox[0])
    client.force_login(learner)
    client.post(reverse("account_email"), {"action_add": "", "email": INVITED})
    assert mail.outbox[-1].to == [INVITED]
    sent = len(mail.outbox)

    page = client.get(path).content.decode()
    assert "Please confirm that this address is yours first" in page
    asked = client.post(path + "accept/", follow=True)  # sends the confirmation again
    assert "Please open it to confirm the address" in asked.content.decode()
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].to == [INVITED]
    assert not Membership.objects.filter(user=learner).exists()

    client.post(confirmation_link(mail.outbox[-1]))
    client.post(path + "accept/")

    assert Membership.objects.get(user=learner).organization == organization
    assert Invitation.objects.get().accepted_by == learner
    assert User.objects.get(email=INVITED).pk == learner.pk  # their account, now at that address
