"""A person's language: the address decides a page's (``/es/...``), the account keeps theirs,
and signing in takes them to it."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SWITCH = reverse("set_language")  # the old switcher's address
WRITES = ("INSERT", "UPDATE", "DELETE")


def sign_in(client, user, login_url=None, **params):
    response = client.post(
        login_url or reverse("account_login"),
        {"login": user.email, "password": PASSWORD, **params},
    )
    assert response.status_code == 302, response.content.decode()
    return response


def in_spanish(name: str, *args) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def test_the_address_decides_the_language_for_a_visitor_without_cookies():
    visitor = Client()  # a new phone: no cookie at all

    spanish = visitor.get("/es/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    english = visitor.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="es">' in spanish
    assert "Iniciar sesión" in spanish
    assert '<html lang="en">' in english
    assert not visitor.cookies


def test_an_old_language_cookie_no_longer_changes_an_english_address(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="en">' in page


def test_a_learner_who_saved_spanish_lands_in_spanish_after_signing_in_elsewhere(client, learner):
    client.force_login(learner)
    client.post(reverse("accounts:profile"), {"display_name": "Sam", "language": "es"})
    learner.refresh_from_db()
    assert learner.language == "es"

    fresh = Client()  # another phone, reading the English sign-in page
    response = sign_in(fresh, learner)

    assert response["Location"] == in_spanish("my_learning")
    page = fresh.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in page
    assert "Mi aprendizaje" in page


def test_signing_in_keeps_the_page_asked_for_in_the_saved_language(client, learner):
    learner.language = "es"
    learner.save()

    response = sign_in(client, learner, next="/privacy/?from=email")

    assert response["Location"] == "/es/privacy/?from=email"


def test_signing_in_never_sends_people_to_another_site(client, learner):
    learner.language = "es"
    learner.save()

    response = sign_in(client, learner, next="https://evil.example/")

    assert response["Location"] == in_spanish("my_learning")


def test_an_english_account_signing_in_on_a_spanish_page_lands_in_english(client, learner):
    learner.language = "en"
    learner.save()

    response = sign_in(client, learner, login_url=in_spanish("account_login"))

    assert response["Location"] == "/my-learning/"


def test_a_choice_made_before_signing_in_is_kept_on_the_account(client, learner):
    client.get("/es/")  # the visitor chose Spanish: the Spanish sign-in page

    response = sign_in(client, learner, login_url=in_spanish("account_login"))

    learner.refresh_from_db()
    assert learner.language == "es"
    assert response["Location"] == in_spanish("my_learning")


def test_signing_in_on_an_english_page_saves_no_choice(client, learner):
    sign_in(client, learner)

    learner.refresh_from_db()
    assert learner.language == ""


def test_reading_a_page_never_writes_the_account(client, learner):
    # Signed in without a saved language, reading Spanish pages.
    client.force_login(learner)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(in_spanish("my_learning")).content.decode()

    assert '<html lang="es">' in page
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    learner.refresh_from_db()
    assert learner.language == ""


def test_signing_out_keeps_the_language_being_read(client, learner):
    client.force_login(learner)

    response = client.post(in_spanish("account_logout"))

    assert response["Location"] == "/es/"


def test_the_old_switcher_address_takes_people_to_the_same_page_in_that_language(client):
    response = client.post(SWITCH, {"language": "es", "next": "/privacy/"})

    assert response.status_code == 302
    assert response["Location"] == "/es/privacy/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert not User.objects.filter(language="es").exists()


def test_the_old_switcher_still_saves_a_signed_in_persons_choice(client, learner):
    learner.language = "es"
    learner.save()
    client.force_login(learner)

    response = client.post(SWITCH, {"language": "en", "next": "/es/"})

    assert response["Location"] == "/"
    learner.refresh_from_db()
    assert learner.language == "en"


def test_the_old_switcher_address_by_get_redirects_and_writes_nothing(client, learner):
    client.force_login(learner)

    response = client.get(SWITCH, {"language": "es", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/es/"
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
    assert response["Location"] == "/es/"


def test_sign_up_keeps_the_language_the_form_was_read_in(client):
    client.post(
        in_spanish("account_signup"),
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
    # Said in the language just chosen, on the Spanish address of the page.
    assert response.redirect_chain[-1][0] == in_spanish("accounts:profile")
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


def test_the_site_sets_no_language_cookie(client, learner):
    learner.language = "es"
    learner.save()

    responses = [
        client.get("/es/"),
        sign_in(client, learner),
        client.get(in_spanish("my_learning")),
    ]

    assert all(settings.LANGUAGE_COOKIE_NAME not in response.cookies for response in responses)
