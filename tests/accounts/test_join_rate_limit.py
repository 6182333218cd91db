"""Guessing join codes: past a few wrong codes a person (or a network address) waits, with a
429 page that says for how long; right codes keep working for everyone else."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JOIN = reverse("accounts:join")


@pytest.fixture(autouse=True)
def _small_limits(settings):
    settings.JOIN_CODE_FAILURES_PER_ACCOUNT = 3
    settings.JOIN_CODE_FAILURES_PER_CLIENT = 5


def as_user(email, address="10.0.0.1") -> Client:
    client = Client(REMOTE_ADDR=address)
    client.force_login(make_user(email))
    return client


def guess(client, code="WRONG-CODE1"):
    return client.post(JOIN, {"code": code})


def test_after_too_many_wrong_codes_the_account_gets_a_429_page(organization):
    client = as_user("guesser@example.org")
    assert [guess(client).status_code for _ in range(3)] == [200, 200, 200]

    response = guess(client, organization.join_code)  # even the right code waits now

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many requests" in response.content.decode()
    assert not Membership.objects.exists()


def test_right_codes_are_not_counted(organization):
    client = as_user("joiner@example.org")
    for _ in range(5):
        assert guess(client, organization.join_code).status_code == 302


def test_the_limit_is_per_account_then_per_network_address(organization):
    guessers = [as_user(f"guess{n}@example.org") for n in range(2)]
    for _ in range(2):
        for client in guessers:
            assert guess(client).status_code == 200
    # 4 wrong codes from 10.0.0.1: one more reaches the address's limit of 5.
    assert guess(guessers[0]).status_code == 200
    neighbour = as_user("neighbour@example.org")
    assert guess(neighbour, organization.join_code).status_code == 429
    elsewhere = as_user("elsewhere@example.org", address="10.0.0.2")
    assert guess(elsewhere, organization.join_code).status_code == 302


def test_opening_the_page_is_never_limited(organization):
    client = as_user("reader@example.org")
    for _ in range(4):
        guess(client)
    assert client.get(JOIN).status_code == 200
