"""A person's language choice: the switcher stores it on their account, and it follows them."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SWITCH = reverse("set_language")
WRITES = ("INSERT", "UPDATE", "DELETE")


def sign_in(client, user) -> None:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def test_a_learner_who_switches_to_spanish_finds_it_again_after_signing_in_elsewhere(
    client, learner
):
    sign_in(client, learner)
    response = client.post(SWITCH, {"language": "es", "next": "/my-learning/"})
    assert response.status_code == 302
    assert response["Location"] == "/my-learning/"
    learner.refresh_from_db()
    assert learner.language == "es"
    client.post(reverse("account_logout"))

    fresh = Client()  # another phone: no cookie, a browser that asks for English
    sign_in(fresh, learner)
    page = fresh.get(reverse("my_learning"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="es">' in page
    assert "Mi aprendizaje" in page
    # The device keeps Spanish after signing out, too.
    assert fresh.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_the_saved_language_wins_over_the_browser_and_the_cookie(client, learner):
    learner.language = "es"
    learner.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(learner)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="es">' in page
    assert "Cerrar sesión" in page


def test_switching_back_to_english_is_remembered_too(client, learner):
    learner.language = "es"
    learner.save()
    client.force_login(learner)

    client.post(SWITCH, {"language": "en", "next": "/"})

    learner.refresh_from_db()
    assert learner.language == "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_a_visitor_switching_sets_only_the_cookie(client):
    response = client.post(SWITCH, {"language": "es", "next": "/"})

    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert not User.objects.filter(language="es").exists()


def test_a_choice_made_before_signing_in_is_kept_on_the_account(client, learner):
    client.post(SWITCH, {"language": "es", "next": "/"})

    sign_in(client, learner)
    client.get("/")

    learner.refresh_from_db()
    assert learner.language == "es"


def test_reading_a_page_never_writes_the_account(client, learner):
    # Signed in without a saved language; the device's cookie says Spanish.
    client.force_login(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("my_learning")).content.decode()

    assert '<html lang="es">' in page  # the cookie is read, as for anyone
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    learner.refresh_from_db()
    assert learner.language == ""


def test_switching_needs_a_post(client, learner):
    client.force_login(learner)

    response = client.get(SWITCH, {"language": "es"})

    assert response.status_code == 405
    learner.refresh_from_db()
    assert learner.language == ""


@pytest.mark.parametrize("code", ["xx", "", "es-zz", "<script>", "e" * 500])
def test_an_unknown_language_changes_nothing_and_says_so(client, learner, code):
    client.force_login(learner)

    response = client.post(SWITCH, {"language": code, "next": "/"}, follow=True)

    assert response.status_code == 200
    assert "That language is not available. Please choose one from the list." in (
        response.content.decode()
    )
    learner.refresh_from_db()
    assert learner.language == ""
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_switching_never_sends_people_to_another_site(client):
    response = client.post(SWITCH, {"language": "es", "next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_sign_up_keeps_the_language_the_form_was_read_in(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    client.post(
        reverse("account_signup"),
        {"email": "nueva@example.org", "password1": PASSWORD, "display_name": "Ana"},
    )

    assert User.objects.get(email="nueva@example.org").language == "es"


def test_the_profile_page_changes_the_language(client, learner):
    client.force_login(learner)

    response = client.post(
        reverse("accounts:profile"), {"display_name": "Sam", "language": "es"}, follow=True
    )

    learner.refresh_from_db()
    assert learner.language == "es"
    assert "Se guardó su perfil." in response.content.decode()


def test_the_profile_page_refuses_an_unknown_language(client, learner):
    client.force_login(learner)

    response = client.post(reverse("accounts:profile"), {"display_name": "Sam", "language": "xx"})

    assert response.status_code == 200
    learner.refresh_from_db()
    assert learner.language == ""


def test_a_password_reset_email_is_in_the_account_holders_language(client, learner):
    learner.language = "es"
    learner.save()

    client.post(reverse("account_reset_password"), {"email": learner.email})

    (message,) = mail.outbox
    assert "Correo electrónico para restablecer contraseña" in message.subject


def test_an_expiry_reminder_is_in_the_learners_language(learner):
    from certificates.reminders import send_expiry_reminders
    from tests.certificates.conftest import LEARNER_NAME, issue, make_course

    learner.language = "es"
    learner.certificate_name = LEARNER_NAME
    learner.save()
    certificate = issue(learner, make_course("Naloxone basics", certificate_validity_months=12))

    send_expiry_reminders(today=certificate.valid_until - datetime.timedelta(days=14))

    (message,) = mail.outbox
    assert message.subject == "Su certificado de Naloxone basics vence pronto"
    assert "Para mantenerlo al día, puede volver a hacer el curso." in message.body


def language_set_cookie(response) -> str:
    return response.cookies[settings.LANGUAGE_COOKIE_NAME].output(header="Set-Cookie:")


def test_the_language_cookie_from_the_switcher_is_samesite_lax_and_http_only(client):
    response = client.post(SWITCH, {"language": "es", "next": "/"})

    header = language_set_cookie(response)
    assert "django_language=es" in header
    assert "SameSite=Lax" in header
    assert "HttpOnly" in header


def test_the_language_cookie_set_for_a_signed_in_account_is_samesite_lax_and_http_only(
    client, learner
):
    learner.language = "es"
    learner.save()
    sign_in(client, learner)

    response = client.get(reverse("my_learning"))

    header = language_set_cookie(response)
    assert "django_language=es" in header
    assert "SameSite=Lax" in header
    assert "HttpOnly" in header
