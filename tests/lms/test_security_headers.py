import pytest
from django.urls import reverse

from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def assert_strict_headers(response):
    directives = csp_directives(response)
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_a_public_page_sends_the_strict_headers(client):
    assert_strict_headers(client.get("/"))


def test_a_learner_page_sends_the_strict_headers(client, learner):
    client.force_login(learner)

    assert_strict_headers(client.get(reverse("accounts:my_organizations")))


def test_a_partner_page_sends_the_strict_headers(client, manager, organization):
    sign_in_with_mfa(client, manager)

    assert_strict_headers(
        client.get(reverse("accounts:organization_members", args=[organization.slug]))
    )


def test_the_cms_may_frame_its_own_previews_but_nothing_else(client, cms_trainer):
    sign_in_with_mfa(client, cms_trainer)

    directives = csp_directives(client.get("/cms/"))

    assert directives["frame-ancestors"] == "'self'"
    assert directives["default-src"] == "'self'"
