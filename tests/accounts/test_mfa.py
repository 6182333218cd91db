"""Two-step sign-in (allauth's TOTP) and what it unlocks.

A role that lets someone see other people's records counts only in a session that has used
the person's authenticator (``accounts.mfa``). Without it they are sent to set one up, or to
enter a code, and then back to the page they were opening.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import (
    PASSWORD,
    current_totp_code,
    give_totp,
    sign_in_with_mfa,
    sign_in_with_password,
)

pytestmark = pytest.mark.django_db


def messages_on(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_a_trainer_without_mfa_is_sent_to_set_it_up_before_the_cms(client, trainer):
    sign_in_with_password(client, trainer)

    response = client.get("/cms/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_trainer_with_mfa_reaches_the_cms(client, cms_trainer):
    sign_in_with_mfa(client, cms_trainer)

    assert client.get("/cms/").status_code == 200


def test_a_trainer_whose_session_has_not_used_the_authenticator_is_asked_for_a_code(
    client, trainer
):
    sign_in_with_password(client, trainer)
    give_totp(trainer)  # set up in another browser

    response = client.get("/cms/pages/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_reauthenticate") + "?next=%2Fcms%2Fpages%2F"
    confirmed = client.post(response["Location"], {"code": current_totp_code(trainer.totp_secret)})
    assert confirmed["Location"] == "/cms/pages/"
    assert client.get("/cms/pages/").status_code == 200


def test_learners_do_not_need_mfa_and_cannot_enter_the_cms(client, learner):
    client.force_login(learner)

    response = client.get("/cms/")

    # Wagtail itself refuses people without admin access; our MFA step never applies to them.
    assert response["Location"] != reverse("mfa_activate_totp")
    assert client.get(reverse("accounts:my_organizations")).status_code == 200


def test_mfa_is_offered_to_every_learner(client, learner):
    client.force_login(learner)

    assert client.get(reverse("mfa_index")).status_code == 200


def test_setting_up_totp_through_allauth_gives_recovery_codes(client, trainer):
    client.post(reverse("account_login"), {"login": trainer.email, "password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302:  # allauth may ask for the password again first
        assert page["Location"].startswith(reverse("account_reauthenticate"))
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    # The secret is shown for people who type it into their authenticator app.
    secret = re.search(r"\b([A-Z2-7]{32})\b", page.content.decode()).group(1)

    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=trainer, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=trainer, type=Authenticator.Type.RECOVERY_CODES
    ).exists()


def test_login_with_totp_asks_for_the_code(client, trainer):
    secret = give_totp(trainer)

    first_step = client.post(
        reverse("account_login"), {"login": trainer.email, "password": PASSWORD}
    )
    assert first_step["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    client.post(reverse("mfa_authenticate"), {"code": current_totp_code(secret)})
    assert int(client.session["_auth_user_id"]) == trainer.pk


def test_a_manager_without_an_authenticator_sets_one_up_and_comes_back(
    client, manager, organization
):
    staff_page = reverse("partners:staff", args=[organization.slug])
    sign_in_with_password(client, manager)

    sent = client.get(staff_page, follow=True)

    # Straight to the set-up page: the sign-in a moment ago counts as confirming it is them.
    assert [url for url, _status in sent.redirect_chain] == [reverse("mfa_activate_totp")]
    assert "needs two-factor authentication" in messages_on(sent)
    secret = re.search(r"\b([A-Z2-7]{32})\b", sent.content.decode()).group(1)
    codes_page = client.post(
        reverse("mfa_activate_totp"), {"code": current_totp_code(secret)}, follow=True
    )
    assert codes_page.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    body = codes_page.content.decode()
    assert f'<a class="button" href="{staff_page}">Continue to {organization.name}</a>' in body

    # Typing the app's first code was using it: no second code, no wait for the next one.
    assert client.get(staff_page).status_code == 200
    again = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert "Continue to" not in again


def test_a_coalition_lead_can_confirm_with_a_recovery_code(client, organization):
    from accounts.models import Membership, Organization
    from tests.conftest import make_member, make_user

    coalition = Organization.objects.create(
        name="River Valley Coalition", slug="river-valley", kind=Organization.Kind.COALITION
    )
    lead = make_user("lead@example.org")
    make_member(lead, coalition, Membership.Role.MANAGER)
    sign_in_with_password(client, lead)
    give_totp(lead)
    coalition_page = reverse("partners:coalition", args=[coalition.slug])

    asked = client.get(coalition_page, follow=True)

    assert "enter a code from your authenticator app" in messages_on(asked)
    confirmed = client.post(
        asked.redirect_chain[-1][0], {"code": lead.recovery_codes[0]}, follow=True
    )
    assert confirmed.redirect_chain[-1][0] == coalition_page
    assert confirmed.status_code == 200


def test_a_form_sent_without_a_second_factor_changes_nothing_and_comes_back_to_its_page(
    client, manager, organization
):
    give_totp(manager)
    join_code_page = reverse("accounts:organization_join_code", args=[organization.slug])
    client.force_login(manager)  # a session from before the authenticator was set up
    code = organization.join_code

    response = client.post(
        reverse("accounts:organization_regenerate_join_code", args=[organization.slug]),
        HTTP_REFERER=f"http://testserver{join_code_page}",
    )

    organization.refresh_from_db()
    assert organization.join_code == code
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert "next=http%3A%2F%2Ftestserver%2Forg%2Friverside%2Fjoin-code%2F" in response["Location"]
