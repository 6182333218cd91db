"""The word list: the check flags each category in an ordinary sentence, exempts names and
quotations, rejects an entry it cannot use, and the learner sees one table per category."""

import pytest
from bs4 import BeautifulSoup

from courses.curriculum.language import (
    WordListError,
    language_findings,
    parse_terms,
    stigmatizing_terms_in,
)
from courses.models import CatalogPage
from tests.conftest import make_user
from tests.courses.conftest import enrol, make_course, make_lesson


def found(text: str) -> list[tuple[str, str]]:
    return [(finding.words, finding.category) for finding in language_findings(text)]


# The check ---------------------------------------------------------------------------------


def test_a_slur_and_a_depends_on_context_word_are_flagged_by_their_own_category():
    assert found("He is a junkie who comes to the van.") == [("junkie", "avoid")]
    assert found("She is a drug user who comes to the van.") == [("drug user", "depends")]


def test_an_agency_or_program_name_with_drug_user_in_it_is_not_flagged():
    assert found("Call the Office of Drug User Health for a referral.") == []
    assert found("New York funds Drug User Health Hubs.") == []
    assert found("The local drug users union runs a naloxone training.") == []
    assert found("The drug users\u2019 union meets on Fridays.") == []


def test_a_name_does_not_hide_another_use_in_the_same_sentence():
    text = "The Office of Drug User Health says each drug user should carry naloxone."

    assert found(text) == [("drug user", "depends")]


def test_words_that_judge_in_a_case_note_are_flagged_as_record_words():
    notes = {
        "Participant refused naloxone.": "Participant refused",
        "Client denies use since Friday.": "Client denies",
        "Patient claims her pain is a 9.": "Patient claims",
        "Drug-seeking behavior noted.": "Drug-seeking",
        "Noncompliant with buprenorphine.": "Noncompliant",
        "A frequent flyer at the drop-in.": "frequent flyer",
        "Was manipulative with staff.": "manipulative",
        "Dirty urine on Monday.": "Dirty urine",
    }
    for note, words in notes.items():
        assert found(note) == [(words, "records")], note


def test_ordinary_sentences_with_the_same_verbs_pass():
    assert found("If the person refuses to go to the hospital, stay with them.") == []
    assert found("The bank denied her loan, and she claims nothing from it.") == []
    assert found("Clean the site with an alcohol wipe.") == []
    assert found("The urine test was negative.") == []


def test_quoted_words_are_talked_about_not_used():
    assert found('Write "declined" instead of "refused treatment" in a note.') == []
    assert stigmatizing_terms_in("Avoid the word “junkie” in notes.") == []


def test_every_new_category_has_a_real_entry_in_the_word_list():
    # The shipped list, not a fixture: these are the entries the review asked for.
    assert ("drug user", "depends") in found("a drug user")
    assert found("opioid-seeking") == [("opioid-seeking", "records")]
    assert found("He is an addict.") == [("addict", "avoid")]


# Entries the check cannot use --------------------------------------------------------------


def entry(**fields) -> dict:
    return {"term": "example", "pattern": r"\bexample\b", "instead": ["x"], "why": "y"} | fields


def test_an_unknown_category_is_refused_with_the_entry_named():
    with pytest.raises(WordListError, match=r"'example'.*category 'banned'"):
        parse_terms({"terms": [entry(category="banned")]})


def test_a_broken_pattern_or_allowed_name_is_refused_with_the_entry_named():
    with pytest.raises(WordListError, match=r"'example': pattern"):
        parse_terms({"terms": [entry(pattern="(unclosed")]})
    with pytest.raises(WordListError, match=r"'example': allowed_in"):
        parse_terms({"terms": [entry(allowed_in=["[a-"])]})


def test_an_entry_without_its_table_text_is_refused():
    with pytest.raises(WordListError, match=r"'example': missing why"):
        parse_terms({"terms": [entry(why="")]})


def test_allowed_in_from_the_file_exempts_only_what_it_names():
    terms = parse_terms({"terms": [entry(allowed_in=[r"\bExample Health\b"], category="depends")]})

    assert [f.words for f in language_findings("Example Health helps.", terms)] == []
    assert [f.words for f in language_findings("An example helps.", terms)] == ["example"]


# What the learner sees ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lesson_shows_one_labelled_table_per_category(client):
    course = make_course(CatalogPage.objects.get(), "Words and respect", lessons=0)
    lesson = make_lesson(
        course,
        "Words to use instead",
        body=[
            ("heading", {"text": "The word tables", "level": "h2"}),
            ("language_table", None),
        ],
    )
    learner = make_user("reader@example.org")
    enrol(learner, course)
    client.force_login(learner)

    page = BeautifulSoup(client.get(lesson.url).content, "html.parser")

    tables = page.select("table.language-table")
    headings = [table.find_previous("h3") for table in tables]
    assert [h.get_text(strip=True) for h in headings] == [
        "Words that label or mock people",
        "Words that judge people in case notes and records",
        "Words that depend on who is speaking",
    ]
    for table, heading in zip(tables, headings, strict=True):
        assert table["aria-labelledby"] == heading["id"]
        assert page.find(id=table["aria-describedby"]).get_text(strip=True)
        assert [th["scope"] for th in table.select("thead th")] == ["col", "col", "col"]
        assert all(th["scope"] == "row" for th in table.select("tbody th"))
        # A table wider than a phone scrolls in its box, which a keyboard must reach.
        scroll_box = table.find_parent(class_="table-scroll")
        assert scroll_box["tabindex"] == "0"
        assert scroll_box["aria-labelledby"] == heading["id"]

    def row_terms(table):
        return [th.get_text(strip=True) for th in table.select("tbody th")]

    avoid, records, depends = tables
    assert "“junkie”" in row_terms(avoid)
    assert "“drug user”" not in row_terms(avoid)
    assert "“drug-seeking”" in row_terms(records)
    assert row_terms(depends) == ["“drug user”"]
    assert "Office of Drug User Health" in depends.get_text()
    assert [th.get_text(strip=True) for th in depends.select("thead th")] == [
        "Word",
        "What to do",
        "Why",
    ]
