import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.conftest import PASSWORD, current_totp_code, give_totp

pytestmark = pytest.mark.django_db


def test_a_trainer_without_mfa_is_sent_to_set_it_up_before_the_cms(client, trainer):
    client.force_login(trainer)

    response = client.get("/cms/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_trainer_with_mfa_reaches_the_cms(client, cms_trainer):
    client.force_login(cms_trainer)

    assert client.get("/cms/").status_code == 200


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
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    client.post(reverse("account_login"), {"login": trainer.email, "password": PASSWORD})
    # allauth asks for the password again before a security change.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    client.post(asked["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    # The secret is shown for people who type it into their authenticator app.
    assert secret in page.content.decode()

    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=trainer, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=trainer, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get("/cms/").status_code == 200


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
