"""The Spanish word list (language.es.toml): chosen by language, flags each category in
ordinary Spanish sentences, lets ordinary Spanish pass, and is the table on Spanish pages."""

import pytest
from bs4 import BeautifulSoup

from courses.curriculum.language import (
    language_findings,
    load_terms,
    stigmatizing_terms_in,
    word_list_language,
)
from courses.models import CatalogPage
from tests.conftest import in_spanish, make_user
from tests.courses.conftest import enrol, make_course, make_lesson


def found(text: str) -> list[tuple[str, str]]:
    return [(f.words, f.category) for f in language_findings(text, language="es")]


def test_the_list_is_chosen_by_language_and_english_stays_the_default():
    assert word_list_language("es") == word_list_language("es-mx") == "es"
    assert word_list_language("es_MX") == "es"
    assert word_list_language("en") == word_list_language("fr") == word_list_language(None)
    assert load_terms() == load_terms("en") != load_terms("es")
    # English text is still checked against the English list only.
    assert stigmatizing_terms_in("He is an addict.") == ["addict"]
    assert stigmatizing_terms_in("Es un adicto.") == []
    assert stigmatizing_terms_in("Es un adicto.", language="es") == ["adicto"]


def test_labels_and_slurs_are_flagged():
    sentences = {
        "Es una adicta que viene a la camioneta.": "adicta",
        "Los drogadictos del parque.": "drogadictos",
        "Un toxicómano pidió jeringas.": "toxicómano",
        "Ese yonqui otra vez.": "yonqui",
        "Un tecato en la esquina.": "tecato",
        "Es un vicioso.": "vicioso",
        "Programa para abusadores de drogas.": "abusadores de drogas",
        "Su padre es alcohólico.": "es alcohólico",
        "Un grupo de enfermos mentales.": "enfermos mentales",
        "Un programa de abuso de sustancias.": "abuso de sustancias",
        "Empezó a abusar de las drogas.": "abusar de las drogas",
        "Estoy limpio desde mayo.": "Estoy limpio",
        "Lleva dos años limpia.": "años limpia",
        "Tuvo una recaída en marzo.": "recaída",
        "Recibe terapia de sustitución con metadona.": "terapia de sustitución",
        "Un usuario de heroína llegó tarde.": "usuario de heroína",
    }
    for sentence, words in sentences.items():
        assert found(sentence) == [(words, "avoid")], sentence


def test_words_that_judge_in_a_case_note_are_flagged_as_record_words():
    notes = {
        "Orina sucia el lunes.": "Orina sucia",
        "La prueba de orina salió limpia.": "salió limpia",
        "Paciente se niega a tomar la medicina.": "Paciente se niega",
        "Cliente rechazó la naloxona.": "Cliente rechazó",
        "Paciente niega consumo desde el viernes.": "Paciente niega",
        "Paciente alega dolor de 9.": "Paciente alega",
        "Conducta de búsqueda de drogas.": "Conducta de búsqueda de drogas",
        "Paciente incumplido con la buprenorfina.": "incumplido",
        "Es un hiperfrecuentador de urgencias.": "hiperfrecuentador",
        "Fue manipuladora con el equipo.": "manipuladora",
        "Llegó drogado a la cita.": "drogado",
    }
    for note, words in notes.items():
        assert found(note) == [(words, "records")], note


def test_usuario_de_drogas_depends_and_names_with_it_pass():
    assert found("Es un usuario de drogas del barrio.") == [("usuario de drogas", "depends")]
    assert found("La red de usuarios de drogas se reúne el viernes.") == []
    assert found("El sindicato de usuarios de drogas da talleres.") == []
    assert found("Los sindicatos de usuarios de drogas lo usan.") == []


def test_ordinary_spanish_with_the_same_words_passes():
    ordinary = [
        "Ponga la droga en un recipiente limpio y seco.",
        "Mantenga la herida limpia, húmeda y cubierta.",
        "No mezcle opioides con una bebida alcohólica.",
        "Lo invitaron a Alcohólicos Anónimos.",
        "La adicción es un problema de salud que se puede tratar.",
        "Habló del abuso sexual que sufrió de niña.",
        "Es un círculo vicioso.",
        "Trabaja como manipulador de alimentos.",
        "Si la persona se niega a ir al hospital, quédese con ella.",
        "El estigma recae sobre la persona.",
        "Usa terapia de reemplazo de nicotina.",
        "El usuario de esta plataforma cambió su contraseña.",
        "El resultado de la prueba fue negativo.",
        "La persona tiene un problema de salud mental.",
        "Hay fentanilo en gran parte de las drogas de la calle.",
        "La marihuana es una planta.",
    ]
    for sentence in ordinary:
        assert found(sentence) == [], sentence


def test_quoted_spanish_words_are_talked_about_not_used():
    assert found('Escriba "no quiso" en vez de "paciente se niega" en la nota.') == []
    assert found("Evite la palabra “adicto”.") == []


# What the learner sees ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_spanish_page_shows_the_spanish_word_tables(client):
    course = make_course(CatalogPage.objects.get(), "Palabras y respeto", lessons=0)
    lesson = make_lesson(
        course,
        "Palabras que puede usar",
        body=[("heading", {"text": "Las tablas", "level": "h2"}), ("language_table", None)],
    )
    learner = make_user("lectora@example.org")
    enrol(learner, course)
    client.force_login(learner)
    english_url, spanish_url = lesson.url, in_spanish(lesson.url)

    english = BeautifulSoup(client.get(english_url).content, "html.parser")
    spanish = BeautifulSoup(client.get(spanish_url).content, "html.parser")

    def rows(page):
        return [th.get_text(strip=True) for th in page.select("table.language-table tbody th")]

    assert "“junkie”" in rows(english) and "“adicto, adicta”" not in rows(english)
    assert "“adicto, adicta”" in rows(spanish) and "“junkie”" not in rows(spanish)
    assert "“usuario de drogas, consumidor de drogas”" in rows(spanish)
    headings = [h.get_text(strip=True) for h in spanish.select("section.language-group h3")]
    assert headings[0] == "Palabras que etiquetan a las personas o se burlan de ellas"
    assert "Reduce a toda una persona a una etiqueta" in spanish.get_text()
