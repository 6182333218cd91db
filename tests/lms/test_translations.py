"""Every piece of interface text is translatable, the Spanish catalog covers all of it, and the
site and its emails really appear in Spanish."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from accounts.models import Invitation
from courses.models import Attempt, CatalogPage
from tests.conftest import in_spanish, make_user, sign_in_with_mfa, sign_in_with_password
from tests.courses.conftest import enrol, finish_lessons, form_answers, make_course, make_quiz
from tests.lms.i18n_checks import (
    CATALOG,
    TEMPLATE_DIR,
    per_language_suffix,
    read_catalog,
    template_files,
    unmarked_template_text,
    unmarked_text_in,
    untranslated,
)

COMPILED = CATALOG.with_suffix(".mo")
# What `make messages` reads: the project's source, without tests, tools and installed packages.
SOURCE_SKIPPED = {".venv", "var", "node_modules", "tests", "bench", "locale", ".git", "static"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}


# Templates mark their text ----------------------------------------------------------------------


def test_every_template_marks_its_visible_text_for_translation():
    problems = unmarked_template_text()

    assert not problems, (
        "Text a person sees is not marked for translation; wrap it in {% translate %} or "
        "{% blocktranslate %}:\n" + "\n".join(problems)
    )


def test_the_template_check_finds_text_outside_translation_tags():
    template = """{% load i18n %}{% block body_class %}narrow-page{% endblock %}
<h1>{% translate "Welcome" %}</h1>
<p>Plain words here</p>
<p>{% blocktranslate with name=user %}Hello {{ name }}{% endblocktranslate %} · Open Door</p>
{% comment %}A note for developers{% endcomment %}
<img src="x.png" alt="A peer worker">
<a href="/" aria-label="{% translate 'Home' %}" title="Go home">{{ page.title }}</a>
<input type="submit" value="Send"><input type="hidden" name="next" value="somewhere">
<button value="go">{% translate "Go" %}</button>
<input placeholder="Search courses">
"""

    found = unmarked_text_in(template)

    assert found == [
        (3, "Plain words here"),
        (6, 'alt="A peer worker"'),
        (7, 'title="Go home"'),
        (8, 'value="Send"'),
        (9, 'value="go"'),
        (10, 'placeholder="Search courses"'),
    ]


def test_a_template_written_in_one_language_has_one_for_every_language():
    """`body_en.html` is exempt from the check above only because `body_es.html` exists too."""
    codes = [code for code, _name in settings.LANGUAGES]
    missing = []
    for path in template_files():
        code = per_language_suffix(path)
        if code:
            for other in codes:
                sibling = path.with_name(path.name.replace(f"_{code}.", f"_{other}.", 1))
                if not sibling.exists():
                    missing.append(str(sibling.relative_to(TEMPLATE_DIR)))
    assert not missing, "Missing translations of whole templates:\n" + "\n".join(missing)


def test_the_template_check_reads_every_template():
    names = {path.relative_to(TEMPLATE_DIR).as_posix() for path in TEMPLATE_DIR.rglob("*.html")}

    assert {"base.html", "500.html", "allauth/layouts/base.html"} <= names


# The catalog covers the source --------------------------------------------------------------------


def test_the_committed_spanish_catalog_has_no_empty_or_fuzzy_entries():
    missing = untranslated(read_catalog())

    assert not missing, "Not translated in locale/es/LC_MESSAGES/django.po:\n" + "\n".join(missing)


def test_every_message_in_the_source_is_translated_in_the_spanish_catalog(tmp_path, monkeypatch):
    """makemessages, run on a copy of the source with a copy of the catalog, adds nothing new."""
    root = Path(settings.BASE_DIR)
    for entry in root.iterdir():
        if entry.is_dir() and entry.name not in SOURCE_SKIPPED and not entry.name.startswith("."):
            shutil.copytree(
                entry,
                tmp_path / entry.name,
                ignore=lambda folder, names: [
                    name
                    for name in names
                    if name in SOURCE_SKIPPED
                    or name == "__pycache__"
                    or (Path(folder, name).is_file() and Path(name).suffix not in SOURCE_SUFFIXES)
                ],
            )
    catalog = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"
    catalog.parent.mkdir(parents=True)
    shutil.copy(CATALOG, catalog)
    monkeypatch.chdir(tmp_path)

    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command(
            "makemessages",
            locale=["es"],
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )

    missing = untranslated(read_catalog(catalog))
    assert not missing, (
        "These messages are new or changed in the source and have no Spanish translation. "
        "Run `make messages`, translate them in locale/es/LC_MESSAGES/django.po, and remove "
        "any fuzzy flags:\n" + "\n".join(missing)
    )


def test_the_compiled_catalog_is_up_to_date():
    assert COMPILED.exists() and COMPILED.stat().st_mtime >= CATALOG.stat().st_mtime, (
        "locale/es/LC_MESSAGES/django.mo is missing or older than the .po: run `make install`."
    )


# Pages and emails in Spanish ----------------------------------------------------------------------


@pytest.fixture
def spanish(client):
    """A visitor reading the Spanish pages (their addresses start with /es/)."""
    return client


@pytest.fixture
def spanish_learner(db):
    return make_user("lucia@example.org", display_name="Lucía", language="es")


@pytest.mark.django_db
def test_the_home_page_is_in_spanish(spanish):
    page = spanish.get(in_spanish("/")).content.decode()

    assert '<html lang="es">' in page
    assert "Saltar al contenido principal" in page
    assert "Ver los cursos" in page
    assert "Crear una cuenta" in page
    assert "Open Door es una capacitación gratuita" in page


@pytest.mark.django_db
def test_the_catalog_is_in_spanish(spanish):
    catalog = CatalogPage.objects.get()
    make_course(catalog, "Naloxone basics")

    page = spanish.get(in_spanish(catalog.url)).content.decode()

    assert "Mostrar los cursos" in page
    assert "1 curso" in page
    assert "Todos los temas" in page


@pytest.mark.django_db
def test_the_sign_up_page_is_in_spanish(spanish):
    page = spanish.get(in_spanish(reverse("account_signup"))).content.decode()

    assert "¿Cómo quiere que le llamemos?" in page
    assert "Basta con un nombre de pila o un apodo." in page


@pytest.mark.django_db
def test_my_learning_is_in_spanish_for_a_learner_who_chose_it(client, spanish_learner):
    sign_in_with_password(client, spanish_learner)  # lands on /es/my-learning/

    page = client.get(in_spanish(reverse("my_learning"))).content.decode()

    assert '<html lang="es">' in page
    assert "Mi aprendizaje" in page
    assert "En este momento no está haciendo ningún curso." in page
    assert "Cuando termine un curso, su certificado aparecerá aquí." in page


@pytest.mark.django_db
def test_a_quiz_error_is_in_spanish(client, spanish_learner):
    course = make_course(CatalogPage.objects.get(), "Naloxone basics")
    finish_lessons(enrol(spanish_learner, course))
    quiz = make_quiz(course, "post_test")
    client.force_login(spanish_learner)
    client.post(in_spanish(f"{quiz.url}start/"))
    attempt = Attempt.objects.get(quiz=quiz)
    answers = form_answers(attempt)
    del answers["q-2"]

    submit = in_spanish(f"{quiz.url}attempt/{attempt.code}/submit/")
    page = client.post(submit, answers).content.decode()

    assert "Hay un problema" in page
    assert '<a href="#q-2">Responda la pregunta 2.</a>' in page


@pytest.mark.django_db
def test_the_verification_email_is_in_the_language_of_sign_up(spanish):
    response = spanish.post(
        in_spanish(reverse("account_signup")),
        {"email": "nuevo@example.org", "password1": "a-long-test-passphrase-42"},
    )

    assert response.status_code == 302
    (message,) = mail.outbox
    assert "confirme su dirección de correo electrónico" in message.subject


@pytest.mark.django_db
def test_an_invitation_to_someone_with_an_account_is_in_their_language(
    client, manager, organization, spanish_learner
):
    sign_in_with_mfa(client, manager)  # the manager reads the site in English

    with TestCase.captureOnCommitCallbacks(execute=True):  # the email leaves on commit
        client.post(
            reverse("accounts:organization_invite", args=[organization.slug]),
            {"emails": spanish_learner.email, "role": "member"},
        )

    (message,) = mail.outbox
    assert (
        message.subject
        == "[Open Door] Le invitan a unirse a Riverside Syringe Services en Open Door"
    )
    assert "Para aceptar, abra este enlace:" in message.body


@pytest.mark.django_db
def test_an_invitation_to_someone_new_is_in_the_language_of_whoever_sent_it(
    client, manager, organization
):
    manager.language = "es"
    manager.save()
    sign_in_with_mfa(client, manager)

    with TestCase.captureOnCommitCallbacks(execute=True):  # the email leaves on commit
        client.post(
            reverse("accounts:organization_invite", args=[organization.slug]),
            {"emails": "new.worker@example.org", "role": "member"},
        )

    (message,) = mail.outbox
    assert "Le invitan a unirse a Riverside Syringe Services" in message.subject
    assert Invitation.objects.get().email == "new.worker@example.org"


@pytest.mark.django_db
def test_an_english_learner_gets_english_email_from_a_spanish_speaking_manager(
    client, manager, organization, learner
):
    learner.language = "en"
    learner.save()
    manager.language = "es"
    manager.save()
    sign_in_with_mfa(client, manager)

    with TestCase.captureOnCommitCallbacks(execute=True):  # the email leaves on commit
        client.post(
            reverse("accounts:organization_invite", args=[organization.slug]),
            {"emails": learner.email, "role": "member"},
        )

    (message,) = mail.outbox
    assert "You are invited to join Riverside Syringe Services" in message.subject
