from courses.curriculum.language import stigmatizing_terms_in
from courses.curriculum.markup import to_html, to_plain_text


def test_paragraphs_lists_and_bold_become_html():
    text = "**Call 911.** Stay with them.\n\n- Breathing\n- Pupils\n\n1. Rub\n2. Call"

    assert to_html(text) == (
        "<p><b>Call 911.</b> Stay with them.</p>"
        "<ul><li>Breathing</li><li>Pupils</li></ul>"
        "<ol><li>Rub</li><li>Call</li></ol>"
    )


def test_a_paragraph_running_into_a_list_is_split_correctly():
    assert to_html("Signs:\n- Blue lips\n- Tiny pupils") == (
        "<p>Signs:</p><ul><li>Blue lips</li><li>Tiny pupils</li></ul>"
    )


def test_markup_in_content_is_escaped():
    assert to_html('Use <b>care</b> & "kindness"') == (
        "<p>Use &lt;b&gt;care&lt;/b&gt; &amp; &quot;kindness&quot;</p>"
    )


def test_plain_text_drops_the_markers():
    assert to_plain_text("- **Breathing** stops\n1. Rub") == "Breathing stops\nRub"


def test_the_word_list_flags_labels_but_not_ordinary_uses():
    assert stigmatizing_terms_in("He is an addict.") == ["addict"]
    assert stigmatizing_terms_in("She got clean last year.") == ["got clean"]
    assert stigmatizing_terms_in("Clean the site with an alcohol wipe.") == []
    assert stigmatizing_terms_in('Avoid the word "addict" in notes.') == []
    assert stigmatizing_terms_in("Avoid the word “junkie” in notes.") == []
