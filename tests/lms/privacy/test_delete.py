"""Deleting one's own account: personal data goes, certificate checks keep working."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from accounts.models import Invitation, Membership, User
from certificates.models import Certificate, NameCorrectionRequest
from certificates.services import request_name_correction
from courses.models import (
    Attempt,
    Enrollment,
    EvaluationResponse,
    LessonProgress,
    Reflection,
)
from lms.privacy.services import DELETE_ACTION
from tests.conftest import PASSWORD, give_totp, make_member, make_user, sign_in_with_mfa

from .conftest import CERTIFICATE_NAME

pytestmark = pytest.mark.django_db

URL = "/account/delete/"


def delete(client, password=PASSWORD, confirmation="DELETE"):
    return client.post(URL, {"password": password, "confirmation": confirmation})


def personal_rows(user) -> dict:
    return {
        "user": User.objects.filter(pk=user.pk).count(),
        "email addresses": EmailAddress.objects.filter(email__iexact=user.email).count(),
        "two-factor": Authenticator.objects.filter(user_id=user.pk).count(),
        "memberships": Membership.objects.filter(user_id=user.pk).count(),
        "invitations": Invitation.objects.filter(email__iexact=user.email).count(),
        "enrolments": Enrollment.objects.filter(user_id=user.pk).count(),
        "lesson progress": LessonProgress.objects.filter(enrollment__user_id=user.pk).count(),
        "reflections": Reflection.objects.filter(enrollment__user_id=user.pk).count(),
        "attempts": Attempt.objects.filter(enrollment__user_id=user.pk).count(),
        "evaluations": EvaluationResponse.objects.filter(enrollment__user_id=user.pk).count(),
        "name corrections": NameCorrectionRequest.objects.filter(requested_by_id=user.pk).count(),
    }


def test_the_page_says_what_goes_and_what_stays(client, sam):
    certificate = Certificate.objects.get(learner=sam)
    client.force_login(sam)

    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert "What we delete" in page
    assert "What we keep" in page
    assert certificate.display_code in page
    assert 'name="password"' in page
    assert 'name="confirmation"' in page
    assert 'method="post"' in page


def test_it_deletes_personal_data_and_keeps_certificates_verifiable(client, sam, robin):
    give_totp(sam)
    certificate = Certificate.objects.get(learner=sam)
    request_name_correction(certificate, sam, "Sam Rivera")
    robin_before = personal_rows(robin)
    assert all(personal_rows(sam).values())
    client.force_login(sam)

    response = delete(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("privacy:account_deleted")
    assert set(personal_rows(sam).values()) == {0}
    assert personal_rows(robin) == robin_before
    certificate.refresh_from_db()
    assert certificate.learner_id is None
    assert certificate.enrollment_id is None
    assert certificate.learner_name == CERTIFICATE_NAME
    assert certificate.course_title == "Naloxone basics"
    assert certificate.pdf_sha256

    check = client.get(reverse("certificates:verify", args=[certificate.display_code]))
    assert check.status_code == 200
    assert "This certificate is valid." in check.content.decode()
    assert CERTIFICATE_NAME in check.content.decode()


def test_the_person_is_signed_out_everywhere_and_sees_a_confirmation(client, sam):
    phone = Client()
    phone.force_login(sam)
    client.force_login(sam)

    response = delete(client)

    confirmation = client.get(response["Location"])
    assert "Your account was deleted" in confirmation.content.decode()
    assert "_auth_user_id" not in client.session
    assert phone.get(reverse("accounts:profile")).status_code == 302
    assert not [
        session
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(sam.pk)
    ]


def test_the_audit_log_says_an_account_was_deleted_without_personal_data(client, sam):
    certificate = Certificate.objects.get(learner=sam)
    request_name_correction(certificate, sam, "Someone Else Entirely")
    client.force_login(sam)

    delete(client)

    entry = ModelLogEntry.objects.get(action=DELETE_ACTION)
    assert entry.data == {"certificates_kept": 1}
    recorded = f"{entry.label} {entry.data}"
    for personal in ("sam@example.org", "Sam", CERTIFICATE_NAME):
        assert personal not in recorded
    request_entry = ModelLogEntry.objects.get(action="certificates.correction_request")
    assert "Someone Else Entirely" not in str(request_entry.data)


def test_the_email_address_can_sign_up_again_fresh(client, sam):
    client.force_login(sam)
    delete(client)

    response = client.post(
        reverse("account_signup"),
        {"email": "sam@example.org", "password1": "another-long-passphrase-7", "display_name": ""},
    )

    assert response.status_code == 302
    fresh = User.objects.get(email="sam@example.org")
    assert fresh.pk != sam.pk
    assert not fresh.memberships.exists()
    assert not fresh.enrollments.exists()
    assert not fresh.certificates.exists()
    assert fresh.certificate_name == ""


@pytest.mark.parametrize(
    ("password", "confirmation"),
    [("not-my-password", "DELETE"), (PASSWORD, "delete it"), (PASSWORD, ""), ("", "DELETE")],
)
def test_a_wrong_password_or_confirmation_keeps_everything(client, sam, password, confirmation):
    before = personal_rows(sam)
    client.force_login(sam)

    response = delete(client, password, confirmation)

    assert response.status_code == 400
    assert personal_rows(sam) == before
    assert Certificate.objects.get(code=Certificate.objects.get().code).learner_id == sam.pk
    assert int(client.session["_auth_user_id"]) == sam.pk
    assert 'class="error"' in response.content.decode()


def test_the_confirmation_word_is_forgiving_about_case_and_spaces(client, learner):
    client.force_login(learner)

    response = delete(client, confirmation="  delete ")

    assert response.status_code == 302
    assert not User.objects.filter(pk=learner.pk).exists()


def test_get_and_other_methods_delete_nothing(client, learner):
    client.force_login(learner)

    assert client.get(URL).status_code == 200
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405
    assert User.objects.filter(pk=learner.pk).exists()


def test_it_needs_the_csrf_token(learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    assert delete(client).status_code == 403
    assert User.objects.filter(pk=learner.pk).exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    for response in (client.get(URL), delete(client)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_last_manager_must_hand_over_first(client, manager, organization):
    sign_in_with_mfa(client, manager)

    page = client.get(URL).content.decode()
    refused = delete(client)

    assert "You are the only manager of these organizations:" in page
    assert "Riverside Syringe Services" in page
    assert 'name="password"' not in page
    assert refused.status_code == 409
    assert User.objects.filter(pk=manager.pk).exists()
    assert organization.memberships.managers().get().user == manager


def test_a_manager_with_a_co_manager_can_delete_and_their_invitations_stay(
    client, manager, organization
):
    co_manager = make_user("co-manager@example.org")
    make_member(co_manager, organization, Membership.Role.MANAGER)
    sent = Invitation.objects.create(
        organization=organization, email="new.staff@example.org", invited_by=manager
    )
    sign_in_with_mfa(client, manager)

    assert delete(client).status_code == 302

    assert not User.objects.filter(pk=manager.pk).exists()
    assert list(organization.memberships.managers()) == [Membership.objects.get(user=co_manager)]
    sent.refresh_from_db()  # the organization's invitation to someone else stays, unsigned
    assert sent.invited_by is None


def test_staff_accounts_are_closed_by_a_site_admin(client, trainer):
    client.force_login(trainer)

    page = client.get(URL).content.decode()
    refused = delete(client)

    assert "Staff accounts are closed by a site administrator." in page
    assert refused.status_code == 403
    assert User.objects.filter(pk=trainer.pk).exists()


def test_the_form_is_rate_limited(client, learner):
    client.force_login(learner)

    responses = [delete(client, password="wrong").status_code for _ in range(11)]

    assert responses[:10] == [400] * 10
    assert responses[10] == 429
