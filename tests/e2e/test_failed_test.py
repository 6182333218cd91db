"""A failed post-test teaches, in a real browser: the learner hands in with a question left blank
(the focus moves to the error summary), fails, reads which objectives to review and which
lessons teach them, follows a lesson link, comes back, retakes at once and passes.

Every page on the way is scanned with axe and photographed (var/screenshots/failed-test-*).
"""

import pytest

from courses import services
from courses.models import CatalogPage
from tests.courses.conftest import OBJECTIVES, make_course, make_lesson, make_quiz, sample_questions

from .accessibility import check_page

pytestmark = pytest.mark.django_db(transaction=True)

# Right on objective 1 (first sign, signs of an overdose), wrong on objectives 2 and 3.
FAILING_PICKS = {"s-right", "m-breath", "m-pupils", "tf-true", "sc-wait"}
RIGHT_PICKS = {"s-right", "m-breath", "m-pupils", "tf-false", "sc-call"}


def check_on(objective: int) -> list[dict]:
    return [dict(sample_questions()[0], objective=objective)]


@pytest.fixture
def ready_learner(learner):
    """Enrolled in a course whose lessons are each followed by a check on their objectives,
    every lesson read, the post-test (answers shown only after passing) not yet taken."""
    course = make_course(
        CatalogPage.objects.get(locale__language_code="en"), "Responding to an overdose", lessons=0
    )
    make_lesson(course, "Spot an overdose")
    make_quiz(course, "knowledge_check", title="Check: spot an overdose", questions=check_on(1))
    make_lesson(course, "Give naloxone")
    make_quiz(
        course, "knowledge_check", title="Check: give naloxone", questions=check_on(2) + check_on(3)
    )
    post_test = make_quiz(course, "post_test", show_answers="after_passing")
    enrollment, _ = services.enrol(learner, course)
    for lesson in course.live_lessons():
        services.complete_lesson(enrollment, lesson)
    return learner, course, post_test


class Steps:
    def __init__(self, page, viewport: str):
        self.page = page
        self.viewport = viewport
        self.visited = 0

    def check(self, name: str) -> None:
        self.page.wait_for_load_state()
        self.visited += 1
        check_page(self.page, f"failed-test-{self.visited:02d}-{name}", self.viewport)

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.locator(selector).click()

    def pick(self, wanted: set[str], *, leave_blank: int | None = None) -> None:
        for number, question in enumerate(self.page.locator(".quiz-form fieldset").all(), 1):
            if number == leave_blank:
                continue
            for choice in question.locator("input").all():
                value = choice.get_attribute("value")
                if value in wanted:
                    choice.check()
                elif choice.is_checked():
                    choice.uncheck()

    def hand_in(self) -> None:
        self.submit(".quiz-form button[type=submit]:not([value=save])")


def test_a_learner_fails_reviews_the_lessons_named_and_passes_on_a_retake(
    page, viewport, sign_in, ready_learner
):
    learner, _course, post_test = ready_learner
    sign_in(page, learner)
    steps = Steps(page, viewport)

    page.goto(post_test.url)
    steps.check("post-test")
    facts = page.locator(".quiz-facts").inner_text()
    assert "You can take it as many times as you need." in facts
    assert "After 2 tries that do not pass, wait 30 minutes before each next one." in facts

    steps.submit(".quiz-actions form button[type=submit]")
    page.wait_for_url("**/attempt/*/")
    steps.check("questions")

    # A question left blank: the page comes back with the error summary focused.
    steps.pick(FAILING_PICKS, leave_blank=3)
    steps.hand_in()
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#error-summary a[href='#q-3']").is_visible()
    steps.check("blank-question")

    steps.pick(FAILING_PICKS)
    steps.hand_in()
    page.wait_for_url("**/result/")
    steps.check("failed-result")
    assert page.locator(".result-summary .badge-fail").is_visible()
    to_review = page.locator("section.to-review").inner_text()
    assert f"Learning objective 2: {OBJECTIVES[1]}" in to_review
    assert f"Learning objective 3: {OBJECTIVES[2]}" in to_review
    assert f"Learning objective 1: {OBJECTIVES[0]}" not in to_review
    answers = page.locator("main").inner_text()
    assert "Wait and see" in answers  # the learner's own pick, marked
    assert "Call 911 and give naloxone" not in answers  # the key stays unnamed
    assert "Call for help, then give naloxone." not in answers  # so does the explanation
    result_url = page.url

    steps.submit("section.to-review a:text-is('Give naloxone') >> nth=0")
    assert page.locator("main h1").inner_text().strip() == "Give naloxone"
    steps.check("lesson-to-review")

    page.goto(result_url)
    steps.submit("main form[action$='/start/'] button[type=submit]")
    page.wait_for_url("**/attempt/*/")
    steps.pick(RIGHT_PICKS)
    steps.hand_in()
    page.wait_for_url("**/result/")
    steps.check("passed-result")
    assert page.locator(".result-summary .badge-done").is_visible()
    assert page.locator("#result-score").inner_text() == "You scored 4 out of 4 (100%)."
    # Passed: the full review with the correct answers and why.
    assert "Call for help, then give naloxone." in page.locator("main").inner_text()
