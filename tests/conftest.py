"""Shared personas and helpers for the whole suite."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import caches

from accounts import roles
from accounts.models import Membership, Organization, User

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


def give_totp(user) -> str:
    """Set up TOTP for `user` through allauth (as the activation view would); returns the secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


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
