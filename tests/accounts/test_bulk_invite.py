"""Inviting many people at once: typed one per line or uploaded as CSV; checked before sending."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts import services
from accounts.adapter import AccountAdapter
from accounts.forms import MAX_INVITE_ROWS
from accounts.models import Invitation
from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, manager):
    sign_in_with_mfa(client, manager)
    return client


def post(client, organization, emails="", *, file=None, role="member"):
    data = {"emails": emails, "role": role}
    if file is not None:
        data["file"] = file
    # The emails leave once the invitations are committed; the test's transaction never commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("accounts:organization_invite", args=[organization.slug]), data)


def csv_file(text: str, *, encoding="utf-8", name="staff.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def invited() -> set[str]:
    return set(Invitation.objects.pending().values_list("email", flat=True))


def test_several_people_typed_one_per_line_are_invited(manager_client, organization):
    response = post(
        manager_client,
        organization,
        "ana@example.org, Ana Lopez\nbo@example.org\n\n  cy@example.org ; Cy Diaz  \n",
    )

    assert response.status_code == 302
    assert invited() == {"ana@example.org", "bo@example.org", "cy@example.org"}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "bo@example.org",
        "cy@example.org",
    ]


def test_an_address_listed_twice_gets_one_invitation(manager_client, organization):
    post(manager_client, organization, "ana@example.org\nANA@example.org\nana@example.org")

    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_invalid_rows_are_listed_with_the_reason_and_put_back_to_correct(
    manager_client, organization, member
):
    response = post(
        manager_client,
        organization,
        "good@example.org\nnot an email\nmember@example.org, Riley\nodd@example.org, Bad\u200bName",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert invited() == {"good@example.org"}
    assert "3 people were not invited" in page
    assert "List, line 2" in page
    assert "Enter a valid email address." in page
    assert "Already a member of Riverside Syringe Services." in page
    assert "remove any hidden characters" in page
    assert "Invitation sent to 1 person." in page
    form = response.context["form"]
    assert form.initial["emails"].splitlines() == [
        "not an email",
        "member@example.org, Riley",
        "odd@example.org, Bad\u200bName",
    ]


def test_when_every_row_is_invalid_nothing_is_sent(manager_client, organization):
    response = post(manager_client, organization, "nope\n@example.org")

    assert response.status_code == 200
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_csv_file_with_a_header_is_read(manager_client, organization):
    file = csv_file("\ufeffEmail,Name\r\nana@example.org,Ana López\r\nbo@example.org,\r\n")

    response = post(manager_client, organization, file=file)

    assert response.status_code == 302
    assert invited() == {"ana@example.org", "bo@example.org"}


def test_a_csv_file_saved_with_semicolons_is_read(manager_client, organization):
    file = csv_file("email;name\nana@example.org;Ana\n")

    post(manager_client, organization, file=file)

    assert invited() == {"ana@example.org"}


def test_the_list_and_the_file_can_be_combined(manager_client, organization):
    post(manager_client, organization, "ana@example.org", file=csv_file("email\nbo@example.org\n"))

    assert invited() == {"ana@example.org", "bo@example.org"}


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (csv_file("name,address\nAna,ana@example.org\n"), "could not find a column called"),
        (csv_file("email,name\nana@example.org,José\n", encoding="latin-1"), "CSV UTF-8"),
        (csv_file(""), "The submitted file is empty."),
        (csv_file("email\n" + "a@example.org\n" * 80_000), "The file is too large"),
    ],
    ids=["no email column", "not UTF-8", "empty", "too large"],
)
def test_a_file_we_cannot_use_is_explained_and_nothing_is_sent(
    manager_client, organization, file, message
):
    response = post(manager_client, organization, file=file)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_too_many_rows_are_refused_as_a_whole(manager_client, organization):
    emails = "\n".join(f"p{number}@example.org" for number in range(MAX_INVITE_ROWS + 1))

    response = post(manager_client, organization, emails)

    assert "Please invite at most 500 people at a time." in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_empty_request_asks_for_an_address(manager_client, organization):
    response = post(manager_client, organization, "  \n ")

    assert "Please type at least one email address" in response.content.decode()


def test_nothing_is_half_applied_when_an_invitation_fails_part_way(
    manager_client, organization, monkeypatch
):
    real_invite = services.invite
    calls = []

    def failing_invite(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise ConnectionRefusedError("mail server down")
        return real_invite(*args, **kwargs)

    monkeypatch.setattr(services, "invite", failing_invite)

    with pytest.raises(ConnectionRefusedError):
        post(manager_client, organization, "ana@example.org\nbo@example.org\ncy@example.org")

    assert not Invitation.objects.exists()
    assert not ModelLogEntry.objects.filter(action="accounts.invite_send").exists()
    # The invitation made before the failure was rolled back: its email must not have left.
    assert mail.outbox == []


def test_a_mail_server_failure_keeps_the_invitations_pending_to_resend(
    manager_client, organization, monkeypatch
):
    def mail_server_down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(AccountAdapter, "send_mail", mail_server_down)

    response = post(manager_client, organization, "ana@example.org\nbo@example.org")
    page = manager_client.get(reverse("accounts:organization_invite", args=[organization.slug]))

    assert response.status_code == 302
    assert invited() == {"ana@example.org", "bo@example.org"}
    assert "ana@example.org" in page.content.decode()


def test_the_role_applies_to_everyone_invited(manager_client, organization):
    post(manager_client, organization, "ana@example.org\nbo@example.org", role="manager")

    assert set(Invitation.objects.values_list("role", flat=True)) == {"manager"}


def test_the_page_lists_pending_invitations_with_resend_and_cancel(manager_client, organization):
    post(manager_client, organization, "ana@example.org")
    invitation = Invitation.objects.get()

    page = manager_client.get(
        reverse("accounts:organization_invite", args=[organization.slug])
    ).content.decode()

    assert "ana@example.org" in page
    assert (
        reverse(
            "accounts:organization_resend_invitation", args=[organization.slug, invitation.code]
        )
        in page
    )
    assert (
        reverse(
            "accounts:organization_cancel_invitation", args=[organization.slug, invitation.code]
        )
        in page
    )
