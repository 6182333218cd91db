"""The Spanish interface and the Spanish courses speak to the learner as "usted", never "tú"
(issue 21: "consistent with the interface's register").

Read are the compiled catalog, as the site serves it, and every translated string of the
*.es.toml course files. Text between quotation marks is left out: it is what a person in a
scenario says ("Ya me conoces, soy el yonqui del barrio") or a worked example, and people speak
to each other as they would. The forms listed are the tú forms the catalog and the courses had.
"""

import re
import tomllib

import polib
import pytest

from courses.curriculum.loader import CURRICULUM_DIR, read_course_file
from tests.curriculum.test_spanish_content import SPANISH_FILES, spanish_strings
from tests.lms.i18n_checks import CATALOG

COMPILED = CATALOG.with_suffix(".mo")
SPANISH_WORD_LIST = CURRICULUM_DIR / "language.es.toml"
# The word list's fields a learner reads in Spanish ("note" and "sources" are for authors).
WORD_LIST_SPANISH_FIELDS = ("why", "instead")

# Words that only ever mean "you" in the tú register, wherever they stand.
TU_WORDS = [
    "tú",
    "tu",
    "tus",
    "ti",
    "te",
    "contigo",
    "tuyo",
    "tuya",
    "tuyos",
    "tuyas",
    "puedes",
    "tienes",
    "quieres",
    "debes",
    "necesitas",
    "estás",
    "eres",
    "sabes",
    "haces",
    "vuelves",
    "tengas",
    "uses",
    "inscribas",
    "terminaste",
    "obtuviste",
    "registraste",
    "empezaste",
    "iniciaste",
    "aprendiste",
    "inscribirte",
    "unirte",
    "inscríbete",
    "únete",
    "regístrate",
    "asegúrate",
    "inténtalo",
    "revísalo",
    "pregúntale",
    "obtén",
]
# Phrases that are tú however they stand.
TU_PHRASES = ("pide a la persona", "pregunta a la persona", "crea una cuenta")
# Tú commands that are also "usted/él/ella" verbs inside a sentence ("la persona revisa"), so
# they count only as the first word of an interface sentence. Course feedback often starts with
# a verb whose subject is the answer ("Pide elegir entre dos opciones"), so courses are checked
# for TU_WORDS and TU_PHRASES only.
TU_COMMANDS = [
    "Descarga",
    "Pide",
    "Cancela",
    "Elige",
    "Escribe",
    "Revisa",
    "Guarda",
    "Imprime",
    "Escanea",
    "Confirma",
    "Usa",
    "Entra",
    "Inicia",
    "Crea",
    "Vuelve",
]

QUOTED = re.compile(r'"[^"]*"|“[^”]*”|«[^»]*»|\'[^\']*\'')
TU_WORD = re.compile(rf"\b(?:{'|'.join([*TU_WORDS, *TU_PHRASES])})\b", re.IGNORECASE)
TU_COMMAND = re.compile(rf"(?:^|[.!?¿¡]\s*)({'|'.join(TU_COMMANDS)})\b")


def tu_forms(text: str, commands: bool = True) -> list[str]:
    """The tú forms in a Spanish text, outside quotation marks; sentence-initial commands only
    when `commands`."""
    spoken_to_reader = QUOTED.sub(" ", text)
    found = [match.group(0) for match in TU_WORD.finditer(spoken_to_reader)]
    if commands:
        found += [match.group(1) for match in TU_COMMAND.finditer(spoken_to_reader)]
    return found


def catalog_translations():
    assert COMPILED.exists(), "Compile the catalog: manage.py compilemessages --locale es"
    for entry in polib.mofile(str(COMPILED)):
        if not entry.msgid:
            continue  # the header
        for translation in [entry.msgstr, *entry.msgstr_plural.values()]:
            yield entry.msgid, translation


def test_the_check_finds_tu_forms_and_leaves_usted_and_quoted_speech_alone():
    assert tu_forms("Obtén tu certificado (PDF):") == ["Obtén", "tu"]
    assert tu_forms("Si no puedes venir, cancela en la página de la sesión.") == ["puedes"]
    assert tu_forms("No puede venir. Cancela en la página de la sesión.") == ["Cancela"]
    assert tu_forms("Revisa el código e inténtalo otra vez.") == ["inténtalo", "Revisa"]
    assert tu_forms("Escanea el código o pide a la persona facilitadora.") == [
        "pide a la persona",
        "Escanea",
    ]
    assert tu_forms("Inicia sesión o crea una cuenta gratis.") == ["crea una cuenta", "Inicia"]
    assert tu_forms("Ya registraste tu llegada.") == ["registraste", "tu"]

    assert tu_forms("Si no puede venir, cancele en la página. Pida ayuda.") == []
    assert tu_forms("Una persona del personal revisa la solicitud.") == []
    assert tu_forms("Pregunta 3 de 10") == []
    assert tu_forms("Si no, vuelve a vencer cuando vence el certificado.") == []
    assert tu_forms("Pide elegir entre dos opciones.", commands=False) == []
    assert tu_forms('Ray dice: "Ya me conoces, soy el yonqui del barrio".') == []
    assert tu_forms("Lo que hace, por ejemplo “Revisa si la persona responde”.") == []


def test_every_spanish_interface_message_says_usted():
    problems = [
        f"{msgid!r} -> {translation!r}: {', '.join(found)}"
        for msgid, translation in catalog_translations()
        if (found := tu_forms(translation))
    ]

    assert not problems, "Spanish messages that say tú, not usted:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", SPANISH_FILES)
def test_every_spanish_course_speaks_to_the_learner_as_usted(name):
    problems = [
        f"{where}: {', '.join(found)}: {text[:120]!r}"
        for where, text in spanish_strings(read_course_file(name))
        if (found := tu_forms(text, commands=False))
    ]

    assert not problems, f"{name} says tú, not usted:\n" + "\n".join(problems)


def test_the_spanish_word_list_speaks_to_the_learner_as_usted():
    terms = tomllib.loads(SPANISH_WORD_LIST.read_text(encoding="utf-8"))["terms"]
    problems = []
    for term in terms:
        for field in WORD_LIST_SPANISH_FIELDS:
            texts = term.get(field, [])
            for text in [texts] if isinstance(texts, str) else texts:
                if found := tu_forms(text, commands=False):
                    problems.append(f"{term['term']}.{field}: {', '.join(found)}: {text!r}")

    assert not problems, "language.es.toml says tú, not usted:\n" + "\n".join(problems)
