"""Shared personas and helpers for the whole suite."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import roles
from accounts.models import Membership, Organization, User
from tests import built_once

PASSWORD = "a-long-test-passphrase-42"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth's rate limits live in the cache; one test's attempts must not limit the next.
    # Sessions have a cache of their own (lms.settings.base).
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    # A test's last request may leave the signed-in person's language active in this thread
    # (Django activates it per request and never resets it); the next test starts in English.
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


def in_spanish(url: str) -> str:
    """The Spanish address of a page of the site (``/es/privacy/`` for ``/privacy/``)."""
    from accounts.language import address_in

    return address_in(url, "es")


def make_user(email: str, *, group: str | None = roles.LEARNERS, **fields) -> User:
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_member(user, organization, role=Membership.Role.MEMBER, *, shares=True) -> Membership:
    from django.utils import timezone

    return Membership.objects.create(
        user=user,
        organization=organization,
        role=role,
        records_shared_at=timezone.now() if shares else None,
    )


@pytest.fixture
def organization(db):
    return Organization.objects.create(
        name="Riverside Syringe Services",
        slug="riverside",
        kind=Organization.Kind.COMMUNITY_ORGANIZATION,
    )


@pytest.fixture
def other_organization(db):
    return Organization.objects.create(
        name="Valley County Health Department",
        slug="valley-health",
        kind=Organization.Kind.HEALTH_DEPARTMENT,
    )


@pytest.fixture
def learner(db):
    return make_user("learner@example.org", display_name="Sam")


@pytest.fixture
def outsider(db):
    return make_user("outsider@example.org", display_name="Pat")


@pytest.fixture
def member(organization):
    user = make_user("member@example.org", display_name="Riley")
    make_member(user, organization)
    return user


@pytest.fixture
def manager(organization):
    user = make_user("manager@example.org", display_name="Alex")
    make_member(user, organization, Membership.Role.MANAGER)
    return user


@pytest.fixture
def other_manager(other_organization):
    user = make_user("other-manager@example.org", display_name="Jordan")
    make_member(user, other_organization, Membership.Role.MANAGER)
    return user


@pytest.fixture
def trainer(db):
    return make_user("trainer@example.org", group=roles.TRAINERS, display_name="Casey")


@pytest.fixture
def reviewer(db):
    return make_user("reviewer@example.org", group=roles.REVIEWERS, display_name="Morgan")


def current_totp_code(secret: str) -> str:
    """What an authenticator app shows for `secret` now (RFC 6238: 30-second steps, 6 digits)."""
    counter = int(time.time()) // 30
    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def give_totp(user) -> str:
    """Set up an authenticator app for `user` the way a person does, through allauth's pages.

    Signs in with the password in a browser of its own, opens the set-up page, reads the secret
    it shows, enters the app's code and reads the recovery codes shown next. The secret and the
    codes are kept on `user` (``totp_secret``, ``recovery_codes``) for :func:`sign_in_with_mfa`.
    """
    browser = Client()
    signed_in = browser.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302, signed_in
    page = browser.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth asks for the password again before a security change
        browser.post(page["Location"], {"password": PASSWORD})
        page = browser.get(reverse("mfa_activate_totp"))
    secret = re.search(r"\b([A-Z2-7]{32})\b", page.content.decode()).group(1)
    codes = None
    # A code typed as its 30-second step ends can reach allauth in the next one (a busy
    # machine); the form is shown again, and a person types the code the app shows now.
    for _ in range(2):
        activated = browser.post(
            reverse("mfa_activate_totp"), {"code": current_totp_code(secret)}, follow=True
        )
        codes = re.search(r"<textarea[^>]*>([^<]*)</textarea>", activated.content.decode())
        if codes:
            break
    assert codes, "allauth shows the recovery codes once the authenticator is set up"
    user.totp_secret = secret
    user.recovery_codes = codes.group(1).split()
    return secret


def sign_in_with_password(client, user):
    """Sign `user` in through allauth's form with the password alone (no authenticator yet)."""
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    return client


def sign_in_with_mfa(client, user):
    """Sign `user` in through allauth's form and its second step, as a person with an
    authenticator app does (setting one up first if they have none); returns `client`.

    The code the app shows is used; if this account already used it (two sign-ins within one
    30-second step), one of the recovery codes instead, as allauth allows.
    """
    if not hasattr(user, "totp_secret"):
        give_totp(user)
    client.logout()
    first = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert first["Location"] == reverse("mfa_authenticate"), first
    second = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(user.totp_secret)})
    if second.status_code != 302:
        second = client.post(reverse("mfa_authenticate"), {"code": user.recovery_codes.pop()})
    assert second.status_code == 302, second
    assert int(client.session["_auth_user_id"]) == user.pk
    return client


@pytest.fixture
def cms_trainer(trainer):
    """A trainer who has set up MFA and so may use the CMS."""
    give_totp(trainer)
    return trainer


@pytest.fixture
def cms_reviewer(reviewer):
    give_totp(reviewer)
    return reviewer


def pytest_collection_modifyitems(items):
    """Transactional tests restore the rows migrations create (home page, catalog, groups).

    A transactional test empties every table when it ends; without serialized rollback the
    next one would find no site, no catalog and no roles.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        uses_live_server = "live_server" in getattr(item, "fixturenames", ())
        if marker is None and not uses_live_server:
            continue
        options = dict(marker.kwargs) if marker else {}
        if options.get("transaction") or uses_live_server:
            options.update(transaction=True, serialized_rollback=True)
            # First, so it is the closest marker even where the test has its own django_db mark.
            item.add_marker(pytest.mark.django_db(**options), append=False)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before any fixture: shared page trees go under pytest-django's per-test transaction.
    built_once.before_test(item)
