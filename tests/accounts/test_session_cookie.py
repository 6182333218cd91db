"""A session cookie the site never made is no session: the page answers, signed out.

PostgreSQL text cannot hold a NUL byte, so a NUL in the cookie reached the session lookup and
made every address a server error; other control characters and overlong keys are refused too.
"""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL refuses NUL in a query; SQLite does not. CI runs it with "
        "DATABASE_URL=postgres://...",
    ),
]

MALFORMED_KEYS = [
    "abc\x00defghijklmnopqrstuvwxyz012345",
    "\x00",
    "abcdefgh\x01\x1f\x7fijklmnop",
    "abcdefghijklmnopqrstuvwxyz0123456789abcdefghij",  # longer than any key Django makes
]


@pytest.mark.parametrize("session_key", MALFORMED_KEYS)
@pytest.mark.parametrize("address", ["/", "/courses/", "/my-learning/"])
def test_a_malformed_session_cookie_is_a_signed_out_visit(session_key, address):
    client = Client(raise_request_exception=False)

    response = client.get(
        address, HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={session_key}", follow=True
    )

    assert response.status_code == 200
    assert response.context["user"].is_authenticated is False


def test_after_a_malformed_cookie_signing_in_works(learner):
    client = Client(raise_request_exception=False)
    cookie = f"{settings.SESSION_COOKIE_NAME}=abc\x00defghijklmnopqrstuvwxyz012345"
    client.get("/", HTTP_COOKIE=cookie)

    client.post(reverse("account_login"), {"login": learner.email, "password": PASSWORD})
    page = client.get(reverse("my_learning"))

    assert page.status_code == 200
    assert page.context["user"] == learner
