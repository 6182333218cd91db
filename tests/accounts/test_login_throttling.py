"""Wrong passwords are throttled per address *and* network, so someone guessing from one
network does not lock the account's owner out elsewhere; and anyone who is locked out can sign
in with a code emailed to them (allauth's login by code)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, give_totp

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.66"
OWNER = "198.51.100.5"
TOO_MANY = "Too many failed sign-in attempts"


def sign_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_five_wrong_passwords_from_one_network_do_not_lock_the_owner_out_elsewhere(learner):
    attacker = Client(REMOTE_ADDR=ATTACKER)
    for number in range(5):
        assert sign_in(attacker, learner.email, f"wrong-guess-{number}").status_code == 200

    refused = sign_in(attacker, learner.email, PASSWORD)  # even the right one, from there
    owner = Client(REMOTE_ADDR=OWNER)
    signed_in = sign_in(owner, learner.email, PASSWORD)

    assert signed_in.status_code == 302
    assert int(owner.session["_auth_user_id"]) == learner.pk
    assert "_auth_user_id" not in attacker.session
    assert TOO_MANY in refused.content.decode()


def test_the_owner_locked_out_on_their_own_network_signs_in_with_an_emailed_code(learner):
    owner = Client(REMOTE_ADDR=OWNER)
    for number in range(5):
        sign_in(owner, learner.email, f"forgot-it-{number}")
    locked = sign_in(owner, learner.email, PASSWORD)
    assert TOO_MANY in locked.content.decode()
    assert "sign in with a code we email you" in locked.content.decode()
    assert reverse("account_request_login_code") in locked.content.decode()

    asked = owner.post(reverse("account_request_login_code"), {"email": learner.email})
    assert asked["Location"] == reverse("account_confirm_login_code")
    assert mail.outbox[-1].to == [learner.email]
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)
    confirmed = owner.post(reverse("account_confirm_login_code"), {"code": code})

    assert confirmed.status_code == 302
    assert int(owner.session["_auth_user_id"]) == learner.pk


def test_a_wrong_emailed_code_does_not_sign_in(learner):
    client = Client(REMOTE_ADDR=OWNER)
    client.post(reverse("account_request_login_code"), {"email": learner.email})

    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_in_by_code_still_asks_for_the_authenticator(trainer):
    give_totp(trainer)
    client = Client(REMOTE_ADDR=OWNER)
    client.post(reverse("account_request_login_code"), {"email": trainer.email})
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.M).group(1)

    response = client.post(reverse("account_confirm_login_code"), {"code": code})

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
