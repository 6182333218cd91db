import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import roles
from accounts.models import User

pytestmark = pytest.mark.django_db


def sign_up(client, email="new.person@example.org", **extra):
    data = {"email": email, "password1": "a-long-test-passphrase-42", "display_name": "Ana"}
    data.update(extra)
    return client.post(reverse("account_signup"), data)


def confirmation_link(message) -> str:
    match = re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", message.body)
    assert match, message.body
    return match.group(0).replace("http://testserver", "")


def test_sign_up_sends_a_verification_email_and_does_not_log_in_yet(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


def test_the_email_link_confirms_and_logs_in_then_logout_and_login_work(client):
    sign_up(client)
    link = confirmation_link(mail.outbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    confirmed = client.post(link)
    assert confirmed.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert user.emailaddress_set.get().verified
    assert int(client.session["_auth_user_id"]) == user.pk

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session

    logged_in = client.post(
        reverse("account_login"),
        {"login": "new.person@example.org", "password": "a-long-test-passphrase-42"},
    )
    assert logged_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    home = client.get("/")
    assert "Welcome back, Ana." in home.content.decode()


def test_new_accounts_are_learners_with_their_display_name(client):
    sign_up(client)

    user = User.objects.get(email="new.person@example.org")
    assert user.display_name == "Ana"
    assert list(user.groups.values_list("name", flat=True)) == [roles.LEARNERS]
    assert user.certificate_name == ""


def test_login_is_refused_until_the_email_is_confirmed(client):
    sign_up(client)
    client.post(reverse("account_logout"))

    response = client.post(
        reverse("account_login"),
        {"login": "new.person@example.org", "password": "a-long-test-passphrase-42"},
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_password_reset_email_leads_to_a_new_password(client, learner):
    client.post(reverse("account_reset_password"), {"email": learner.email})

    assert len(mail.outbox) == 1
    link = re.search(
        r"http://testserver(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body
    )
    assert link
    form_page = client.get(link.group(1), follow=True)
    form_url = form_page.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"password1": "another-long-passphrase-7", "password2": "another-long-passphrase-7"},
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("another-long-passphrase-7")
