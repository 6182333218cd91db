"""The anti-stigma course's word tables in Chromium: one table per category, each reachable by
its name, free of axe WCAG A/AA violations, and readable at 320 CSS px without the page
scrolling sideways (a wide table scrolls inside its own box)."""

import pytest

from .accessibility import check_page

pytestmark = pytest.mark.django_db(transaction=True)

COURSE_SLUG = "anti-stigma-language-and-respect"
TABLES = [
    "Words that label or mock people",
    "Words that judge people in case notes and records",
    "Words that depend on who is speaking",
]


@pytest.fixture
def words_lesson(curriculum, learner, sign_in, page) -> str:
    """The second lesson, reached as a learner would: pre-test taken, first lesson done."""
    from courses import assessments, services
    from courses.choices import QuizKind
    from courses.models import CoursePage, LessonPage, QuizPage

    course = CoursePage.objects.get(slug=COURSE_SLUG, locale__language_code="en")
    enrollment, _ = services.enrol(learner, course)
    pre_test = QuizPage.objects.child_of(course).get(kind=QuizKind.PRE_TEST)
    attempt, _ = assessments.start_or_resume_attempt(enrollment, pre_test)
    assessments.submit_attempt(attempt, {})
    services.complete_lesson(
        enrollment, LessonPage.objects.child_of(course).get(slug="why-words-matter")
    )
    sign_in(page, learner)
    return LessonPage.objects.child_of(course).get(slug="words-to-use-instead").url


def test_each_category_is_its_own_named_table(page, viewport, words_lesson):
    page.goto(words_lesson)

    for name in TABLES:
        table = page.get_by_role("table", name=name, exact=True)
        assert table.count() == 1, name
        assert table.get_by_role("columnheader").count() == 3
    depends = page.get_by_role("table", name=TABLES[2], exact=True)
    assert depends.get_by_role("rowheader").all_inner_texts() == ["“drug user”"]
    assert "Office of Drug User Health" in depends.inner_text()
    labels = page.get_by_role("table", name=TABLES[0], exact=True)
    assert "“junkie”" in labels.get_by_role("rowheader").all_inner_texts()
    assert "“drug user”" not in labels.get_by_role("rowheader").all_inner_texts()
    check_page(page, "anti-stigma-word-tables", viewport)


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_tables_do_not_make_the_page_scroll_sideways_at_320_px(page, words_lesson):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(words_lesson)

    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
