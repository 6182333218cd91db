"""The first hour of every role that sees other people's records, through allauth's real MFA
pages: sent to set up an authenticator at the first page the role opens, with no password
asked again right after signing in; recovery codes shown with "Continue to ..." back to that
page; the page opens; the next sign-in asks for a code, and a recovery code works too."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Membership, Organization
from tests.conftest import (
    PASSWORD,
    current_totp_code,
    give_totp,
    make_member,
    make_user,
    sign_in_with_password,
)

pytestmark = pytest.mark.django_db


def coalition_lead():
    coalition = Organization.objects.create(
        name="River Valley Coalition", slug="river-valley", kind=Organization.Kind.COALITION
    )
    lead = make_user("lead@example.org")
    make_member(lead, coalition, Membership.Role.MANAGER)
    return lead, reverse("partners:coalition", args=[coalition.slug]), "River Valley Coalition"


def organization_manager():
    organization = Organization.objects.create(name="Harbor Outreach", slug="harbor", kind="other")
    manager = make_user("manager@example.org")
    make_member(manager, organization, Membership.Role.MANAGER)
    return manager, reverse("partners:staff", args=[organization.slug]), "Harbor Outreach"


def staff_member(group):
    def make():
        return make_user(f"{group.split()[0].lower()}@example.org", group=group), "/cms/", "the CMS"

    return make


ROLES = {
    "organization manager": organization_manager,
    "coalition lead": coalition_lead,
    "trainer": staff_member(roles.TRAINERS),
    "reviewer": staff_member(roles.REVIEWERS),
    "site admin": staff_member(roles.SITE_ADMINS),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sets_up_an_authenticator_at_its_first_page_and_goes_on(client, role):
    person, first_page, place = ROLES[role]()
    sign_in_with_password(client, person)

    sent = client.get(first_page, follow=True)

    assert [url for url, _status in sent.redirect_chain] == [reverse("mfa_activate_totp")]
    assert "Password" not in sent.content.decode()  # not asked for it again
    secret = re.search(r"\b([A-Z2-7]{32})\b", sent.content.decode()).group(1)
    codes_page = client.post(
        reverse("mfa_activate_totp"), {"code": current_totp_code(secret)}, follow=True
    )
    body = codes_page.content.decode()
    recovery_codes = re.search(r"<textarea[^>]*>([^<]*)</textarea>", body).group(1).split()
    assert len(recovery_codes) >= 8
    continue_link = re.search(r'<a class="button" href="([^"]+)">Continue to ([^<]+)</a>', body)
    assert continue_link.groups() == (first_page, place)
    assert client.get(first_page).status_code == 200

    client.post(reverse("account_logout"))
    first_step = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}
    )
    assert first_step["Location"] == reverse("mfa_authenticate")
    second_step = client.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})
    assert second_step.status_code == 302
    assert client.get(first_page).status_code == 200


def test_a_sign_in_that_is_not_recent_is_asked_for_the_password_before_set_up(
    client, manager, organization, settings
):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0  # the sign-in is already too old
    sign_in_with_password(client, manager)

    sent = client.get(reverse("mfa_activate_totp"))

    assert sent.status_code == 302
    assert sent["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize(
    "page", ["partners:staff", "partners:records_csv", "partners:certificates_zip"]
)
def test_named_records_and_bulk_downloads_need_the_authenticator_in_this_session(
    client, manager, organization, page
):
    sign_in_with_password(client, manager)
    give_totp(manager)  # set up in another browser: this session has not used it
    url = reverse(page, args=[organization.slug])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_staff_see_a_cms_link_in_the_header_and_learners_do_not(client, trainer, learner):
    sign_in_with_password(client, trainer)
    assert '<a href="/cms/">CMS</a>' in client.get(reverse("my_learning")).content.decode()

    client.force_login(learner)
    assert ">CMS<" not in client.get(reverse("my_learning")).content.decode()


@pytest.mark.parametrize(
    ("role", "reason"),
    [
        (
            "organization manager",
            "As a manager at Harbor Outreach, you can see the training records of the people "
            "who share them with you.",
        ),
        (
            "coalition lead",
            "As a manager at River Valley Coalition, you can see the training records of the "
            "people who share them with you.",
        ),
    ],
)
def test_the_set_up_page_says_why_what_is_needed_and_offers_the_key_to_a_phone_app(
    client, role, reason
):
    person, first_page, _place = ROLES[role]()
    sign_in_with_password(client, person)

    sent = client.get(first_page, follow=True)

    body = sent.content.decode()
    assert sent.redirect_chain == [(reverse("mfa_activate_totp"), 302)]
    assert '<h2 id="why-two-factor">Why we ask for this</h2>' in body
    assert reason in body
    assert "Save the recovery codes we show you next" in body
    secret = re.search(r"\b([A-Z2-7]{32})\b", body).group(1)
    app_link = re.search(r'<a class="button secondary" href="(otpauth://[^"]+)">', body).group(1)
    assert f"secret={secret}" in app_link
    # Someone who opens the set-up page on their own (from their account) is not told why.
    learner = make_user("learner-setting-up@example.org")
    sign_in_with_password(client, learner)
    own = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Why we ask for this" not in own and "otpauth://" in own


def test_the_coalition_figures_download_needs_the_authenticator_in_this_session(client):
    lead, coalition_page, _place = coalition_lead()
    sign_in_with_password(client, lead)
    give_totp(lead)  # set up in another browser: this session has not used it
    download = coalition_page.replace("/coalition/", "/coalition.csv")

    refused = client.get(download)

    assert refused.status_code == 302
    assert refused["Location"].startswith(reverse("mfa_reauthenticate"))
    confirmed = client.post(refused["Location"], {"code": lead.recovery_codes[0]})
    assert confirmed["Location"] == download
    answered = client.get(download)
    assert answered.status_code == 200 and answered["Content-Type"].startswith("text/csv")
