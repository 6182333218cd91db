"""basics.sanitize: whatever a person types becomes safe plain text or allow-listed HTML."""

import re

from hypothesis import given
from hypothesis import strategies as st

from basics.sanitize import clean_user_html, clean_user_text, contains_markup


def test_it_removes_tags_and_keeps_their_text():
    assert clean_user_text("I would <b>listen</b> first.") == "I would listen first."


def test_it_removes_scripts_and_comments():
    cleaned = clean_user_text('<script>alert("x")</script>Hi<!-- hidden -->')

    assert "<" not in cleaned
    assert "hidden" not in cleaned


def test_it_does_not_let_escaped_markup_turn_back_into_tags():
    cleaned = clean_user_text("&lt;img src=x onerror=alert(1)&gt;safe")

    assert "<" not in cleaned and ">" not in cleaned
    assert cleaned.endswith("safe")


def test_it_keeps_ordinary_punctuation_readable():
    assert clean_user_text("Ask & listen; dose < 2 mg") == "Ask & listen; dose < 2 mg"


def test_it_keeps_line_breaks_and_drops_control_characters():
    assert clean_user_text("one\r\ntwo\x00\x07 three ") == "one\ntwo three"


def test_it_cuts_to_the_maximum_length():
    assert clean_user_text("abcdef", max_length=3) == "abc"


def test_it_accepts_nothing():
    assert clean_user_text(None) == ""


TAG = re.compile(r"<(/?[a-z]|!|\?)[^>]*>", re.IGNORECASE)  # what HTML parses as markup


@given(st.text(max_size=300) | st.from_regex(r"(&lt;|<)[a-zA-Z/!][^>]{0,20}(&gt;|>)[ -~]{0,20}"))
def test_the_result_never_contains_a_tag(text):
    cleaned = clean_user_text(text, max_length=200)

    assert len(cleaned) <= 200
    assert not TAG.search(cleaned)


def test_a_tag_hidden_behind_a_broken_end_tag_is_removed():
    # bleach keeps "</<A>" as text; decoding the entities must not leave an "<A>" behind.
    assert clean_user_text("&lt;/<A&gt;") == "</"


def test_the_html_cleaner_keeps_the_allow_list_and_drops_the_rest():
    cleaned = clean_user_html(
        '<p onclick="x()">Hi <strong>there</strong><img src=x onerror=alert(1)>'
        '<style>p{}</style><iframe src="https://evil.example"></iframe></p>'
    )

    assert cleaned == "<p>Hi <strong>there</strong>p{}</p>"


def test_the_html_cleaner_keeps_web_links_only_and_marks_them():
    cleaned = clean_user_html(
        '<a href="javascript:alert(1)">a</a> <a href="https://example.org" id="x">b</a>'
    )

    assert "javascript" not in cleaned
    assert 'id="x"' not in cleaned
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">b</a>' in cleaned


def test_the_html_cleaner_escapes_loose_brackets():
    assert clean_user_html("dose < 2 mg & more") == "dose &lt; 2 mg &amp; more"


def test_markup_is_noticed_but_plain_names_are_not():
    assert contains_markup("<b>Sam</b>")
    assert contains_markup("Tom &amp; Jerry")
    for name in ("Zoë O\u2019Brien-Núñez", "Tom & Jerry", "Jo <3", "دانیال", "  padded  "):
        assert not contains_markup(name), name
