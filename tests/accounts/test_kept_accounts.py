"""The signed-in account kept in memory between requests (accounts/backends.py).

Whatever changes an account shows on the next request, from any worker, and nothing one request
does to its copy of the account reaches the next.
"""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from tests.conftest import PASSWORD, give_totp, make_user, sign_in_with_mfa

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


def signed_in(user) -> Client:
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_the_account_is_read_once_then_kept(learner):
    client = signed_in(learner)
    client.get(PROFILE)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROFILE).status_code == 200

    assert not [q for q in queries.captured_queries if "accounts_user" in q["sql"]]


def test_a_password_changed_elsewhere_signs_this_session_out(learner):
    client = signed_in(learner)
    assert client.get(PROFILE).status_code == 200

    learner.set_password("another-long-passphrase-77")
    learner.save()

    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_deactivated_account_is_signed_out_on_its_next_request(learner):
    client = signed_in(learner)
    assert client.get(PROFILE).status_code == 200

    learner.is_active = False
    learner.save()

    assert client.get(PROFILE).status_code == 302


def test_a_refused_change_does_not_stick_to_the_kept_account(learner):
    client = signed_in(learner)
    client.get(PROFILE)

    refused = client.post(PROFILE, {"display_name": "<b>Sammy</b>", "language": "en"})
    assert refused.status_code == 200

    page = client.get(PROFILE).content.decode()
    assert 'value="Sam"' in page
    assert "Sammy" not in page


def test_a_saved_change_shows_on_the_next_request(learner):
    client = signed_in(learner)
    client.get(PROFILE)

    client.post(PROFILE, {"display_name": "Samira", "language": "en"})

    assert 'value="Samira"' in client.get(PROFILE).content.decode()


def test_a_new_role_applies_on_the_next_request(learner):
    client = signed_in(learner)
    assert client.get("/cms/")["Location"].startswith(reverse("account_login"))

    learner.groups.add(Group.objects.get(name=roles.TRAINERS))

    # A trainer may use the CMS once two-step sign-in is set up, and is sent to set it up.
    assert client.get("/cms/")["Location"] == reverse("mfa_activate_totp")


def test_marking_someone_inactive_in_bulk_in_the_cms_signs_them_out_at_once(learner):
    client = signed_in(learner)
    assert client.get(PROFILE).status_code == 200
    admin = make_user("root@example.org", group=None, is_superuser=True, is_staff=True)
    give_totp(admin)
    cms = Client()
    sign_in_with_mfa(cms, admin)

    response = cms.post(
        f"/cms/bulk/accounts/user/set_active_state/?id={learner.pk}", {"mark_as_active": "False"}
    )

    assert response.status_code == 302
    learner.refresh_from_db()
    assert not learner.is_active
    assert client.get(PROFILE).status_code == 302  # signed out, sent to sign in


def test_emptying_a_group_applies_to_everyone_who_was_in_it(learner):
    learner.groups.add(Group.objects.get(name=roles.TRAINERS))
    client = signed_in(learner)
    assert client.get("/cms/")["Location"] == reverse("mfa_activate_totp")

    Group.objects.get(name=roles.TRAINERS).user_set.clear()

    assert client.get("/cms/")["Location"].startswith(reverse("account_login"))
