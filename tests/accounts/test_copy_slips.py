"""Words people read on the account pages and the site's shell: sentence case as everywhere
else on the site, no "Open Door · Open Door", no "Services's", languages named in themselves,
a favicon, and no "(optional)" where one of two ways is needed."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.templatetags.wording import sentence_case
from tests.conftest import make_member, make_user, sign_in_with_mfa, sign_in_with_password

pytestmark = pytest.mark.django_db


def title(body: str) -> str:
    return " ".join(re.search(r"<title>(.*?)</title>", body, re.S).group(1).split())


def headings(body: str) -> list[str]:
    found = re.findall(r"<h([12])[^>]*>(.*?)</h\1>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for _level, text in found]


def buttons(body: str) -> list[str]:
    found = re.findall(r"<button[^>]*>(.*?)</button>", body, re.S)
    return [" ".join(text.split()) for text in found]


def labels(body: str) -> list[str]:
    found = re.findall(r"<label[^>]*>(.*?)</label>", body, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", text).split()) for text in found]


@pytest.mark.parametrize(
    ("page", "heading", "tab_title", "button"),
    [
        ("account_login", "Sign in", "Sign in · Open Door", "Sign in"),
        ("account_signup", "Sign up", "Create an account · Open Door", "Sign up"),
        ("account_reset_password", "Password reset", "Password reset · Open Door", None),
    ],
)
def test_allauth_pages_for_visitors_are_in_sentence_case(client, page, heading, tab_title, button):
    body = client.get(reverse(page)).content.decode()

    assert headings(body)[0] == heading
    assert title(body) == tab_title
    if button:
        assert button in buttons(body)


def test_allauth_pages_for_signed_in_people_are_in_sentence_case(client, learner):
    sign_in_with_password(client, learner)

    password = client.get(reverse("account_change_password")).content.decode()
    assert headings(password)[0] == "Change password"
    assert title(password) == "Change password · Open Door"
    assert {"Current password", "New password", "New password (again)"} <= set(labels(password))
    mfa = client.get(reverse("mfa_index")).content.decode()
    assert headings(mfa)[:3] == [
        "Two-factor authentication",
        "Authenticator app",
        "Recovery codes",
    ]
    email = client.get(reverse("account_email")).content.decode()
    assert "Email Address" not in email and headings(email)[0] == "Email address"
    activate = client.get(reverse("mfa_activate_totp")).content.decode()
    assert headings(activate)[0] == "Activate authenticator app"
    assert title(activate) == "Activate authenticator app · Open Door"
    assert "Activate" in buttons(activate)
    sign_out = client.get(reverse("account_logout")).content.decode()
    assert headings(sign_out)[0] == "Sign out" and "Sign Out" not in sign_out


def test_sentence_case_keeps_the_first_word_names_acronyms_and_markup():
    assert sentence_case("Two-Factor Authentication") == "Two-factor authentication"
    assert sentence_case("Welcome to Open Door") == "Welcome to Open Door"
    assert sentence_case("Set Up TOTP") == "Set up TOTP"
    assert sentence_case("Yes, I'm Sure") == "Yes, I'm sure"
    assert (
        sentence_case('Email <a href="/X/">Change Now</a>') == 'Email <a href="/X/">change now</a>'
    )


def test_the_home_page_tab_is_not_titled_open_door_twice(client):
    assert title(client.get("/").content.decode()) == "Open Door"


def test_the_profile_names_each_language_in_itself_in_either_language(client, learner):
    client.force_login(learner)
    english = reverse("accounts:profile")
    switcher = client.get(english).content.decode()
    assert 'lang="es">Español</a>' in switcher

    for url in [english, "/es" + english]:
        body = client.get(url).content.decode()
        options = re.findall(r"<option[^>]*>(.*?)</option>", body)
        assert options == ["English", "Español"], url
        assert "Language (optional)" not in labels(body)
        assert re.search(r'<option value="es"[^>]*\blang="es"[^>]*>Español</option>', body), url


def test_pages_link_a_favicon_that_is_served_and_favicon_ico_leads_to_it(client):
    body = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', body).group(1)
    assert icon.endswith(".svg") and finders.find("img/favicon.svg")

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == icon
    served = client.get(icon)  # by whitenoise, as every static file
    assert served.status_code == 200 and served["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(served.streaming_content)


def test_an_organization_whose_name_ends_in_s_is_not_given_an_apostrophe_s(client):
    from accounts.models import Membership, Organization

    services = Organization.objects.create(
        name="Riverside Syringe Services", slug="riverside-ss", kind="other"
    )
    manager = make_user("manager@example.org")
    make_member(manager, services, Membership.Role.MANAGER)
    sign_in_with_mfa(client, manager)

    certificates = client.get(reverse("partners:certificates", args=[services.slug]))
    assert "Certificates of staff at Riverside Syringe Services" in headings(
        certificates.content.decode()
    )
    membership = Membership.objects.get(user=manager)
    stopped = client.post(
        reverse("accounts:set_sharing", args=[membership.code]), {"share": "no"}, follow=True
    )
    body = stopped.content.decode()
    assert "Managers at Riverside Syringe Services can no longer see your training records." in body
    assert "Services's" not in body and "Services&#x27;s" not in body


def test_the_invite_form_does_not_call_the_addresses_optional(client, manager, organization):
    sign_in_with_mfa(client, manager)

    body = client.get(reverse("accounts:organization_invite", args=[organization.slug]))

    found = labels(body.content.decode())
    assert "Email addresses" in found and "Or upload a CSV file" in found
    assert not any("(optional)" in label for label in found[:2])
