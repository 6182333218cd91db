"""The plain-language privacy page, in English and Spanish, linked from every page."""

import re
from html import unescape

import pytest
import textstat
from django.conf import settings
from django.urls import reverse

from tests.conftest import in_spanish

pytestmark = pytest.mark.django_db

URL = "/privacy/"


def test_it_is_public_and_in_english_by_default(client):
    response = client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "Privacy: what we keep and why" in page
    for heading in (
        "What we collect and why",
        "Who can see your information",
        "No trackers",
        "Download your data",
        "Delete your account",
        "How long we keep things",
    ):
        assert heading in page
    assert f"fewer than {settings.PARTNER_MIN_CELL_SIZE} people" in page


def test_it_is_in_spanish_at_its_spanish_address(client):
    page = client.get(in_spanish(URL)).content.decode()

    assert '<html lang="es">' in page
    assert "Privacidad: qué guardamos y por qué" in page
    assert "Borrar su cuenta" in page
    assert f"menos de {settings.PARTNER_MIN_CELL_SIZE} personas" in page
    assert "What we collect and why" not in page


def test_the_spanish_and_english_pages_have_the_same_sections(client):
    english = client.get(URL).content.decode()
    spanish = client.get(in_spanish(URL)).content.decode()

    assert english.count("<h2>") == spanish.count("<h2>")
    assert english.count("<li>") == spanish.count("<li>")


def test_every_page_links_to_it_from_the_footer(client):
    assert f'href="{URL}"' in client.get("/courses/").content.decode()


def test_the_account_page_links_to_download_delete_and_privacy(client, learner):
    client.force_login(learner)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert f'href="{reverse("privacy:your_data")}"' in page
    assert f'href="{reverse("privacy:delete_account")}"' in page
    assert f'href="{URL}"' in page


def test_it_is_get_only(client):
    assert client.post(URL).status_code == 405


def main_text(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    return unescape(re.sub(r"<[^>]+>", " ", main))


def test_the_english_page_reads_at_about_grade_seven(client):
    text = main_text(client.get(URL).content.decode())

    assert textstat.flesch_kincaid_grade(text) <= 8


def test_the_spanish_page_is_easy_to_read(client):
    text = main_text(client.get(in_spanish(URL)).content.decode())

    textstat.set_lang("es")
    try:
        # Fernández Huerta: 70-80 is "fairly easy", about grade 7.
        assert textstat.fernandez_huerta(text) >= 70
    finally:
        textstat.set_lang("en_US")
