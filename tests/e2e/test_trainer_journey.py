"""A trainer builds a course in Wagtail and a clinical reviewer publishes it, in a real browser.

The trainer signs in with their authenticator code, adds a course to the catalog, two lessons
(the second with a scenario block) and a post-test of three questions, each submitted to the
"Clinical review" workflow. The reviewer signs in (with their own code), reads the course in the
editor, approves it, approves the lessons and the post-test from the dashboard, and the course
is then in the public catalog. Every page both of them see is scanned with axe.
"""

import datetime

import pytest
from playwright.sync_api import expect

from courses.models import CatalogPage, CoursePage, LessonPage, QuizPage
from tests.courses.conftest import in_review

from .journeys import Pages, open_browser_for, settle, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)

# A filled StreamField form may have a block control under a Wagtail sticky bar when scanned.
STICKY_BARS = ("streamfield-controls-under-sticky-bars",)

COURSE = "Overdose response for peers"
OBJECTIVES = [
    "List three signs of an opioid overdose.",
    "Demonstrate how to give naloxone nasal spray.",
    "Describe what to do while waiting for help to arrive.",
]
QUESTIONS = [
    {
        "kind": "single",
        "objective": "1",
        "stem": "What is the first sign of an opioid overdose?",
        "explanation": "A person who does not respond may be overdosing.",
        "choices": [
            ("The person does not respond", True),
            ("The person talks fast", False),
            ("Large pupils", False),
        ],
    },
    {
        "kind": "true_false",
        "objective": "2",
        "stem": "Naloxone can hurt someone who has not taken opioids.",
        "explanation": "Naloxone has no effect on someone without opioids in their body.",
        "choices": [("True", False), ("False", True)],
    },
    {
        "kind": "single",
        "objective": "3",
        "stem": "What do you do while waiting for help to arrive?",
        "explanation": "Stay with the person and keep them breathing.",
        "choices": [
            ("Stay with the person and give rescue breaths", True),
            ("Leave to look for help", False),
        ],
    },
]


@pytest.fixture(autouse=True)
def _steady(settings):
    steady_settings(settings)


class Trainer:
    def __init__(self, page, pages: Pages):
        self.page = page
        self.pages = pages

    def submit_for_review(self) -> None:
        page = self.page
        page.get_by_role("button", name="More actions").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Submit to Clinical review").click()

    def add_course(self, catalog) -> None:
        page = self.page
        page.goto(f"/cms/pages/{catalog.pk}/")
        self.pages.check(page, "catalog-in-admin")
        with page.expect_navigation():
            page.get_by_role("link", name="Add child page").click()
        page.wait_for_url("**/cms/pages/add/courses/coursepage/*/")
        self.pages.check(page, "new-course")
        page.locator("#id_title").fill(COURSE)
        page.locator("#id_summary").fill("Recognize an overdose and respond with naloxone.")
        page.get_by_label("Peer workers").check()
        page.get_by_label("Naloxone and overdose response").check()
        page.locator("#id_estimated_minutes").fill("45")
        page.locator("#id_contact_hours").fill("0.75")
        for number, text in enumerate(OBJECTIVES):
            page.locator(f"#id_objectives-{number}-text").fill(text)
        page.get_by_role("tab", name="Clinical review").click()
        page.locator("#id_last_clinical_review").fill(datetime.date.today().isoformat())
        self.pages.check(page, "date-picker-open")
        page.keyboard.press("Tab")
        page.locator("#id_clinical_reviewer").fill("Dana Ruiz, RN")
        page.get_by_role("button", name="Add source").click()
        page.locator("#id_sources-0-title").fill(
            "SAMHSA (2023). Opioid Overdose Prevention Toolkit."
        )
        page.locator("#id_sources-0-url").fill("https://example.org/toolkit")
        self.pages.check(page, "new-course-clinical-review-tab")
        self.submit_for_review()
        expect(page.locator(".messages")).to_contain_text(
            f"Page '{COURSE}' created and submitted for moderation"
        )
        self.pages.check(page, "catalog-with-course-in-review")

    def add_lesson(self, title: str, text: str, scenario: dict | None = None) -> None:
        page = self.page
        course_link = page.get_by_role("link", name=f"Add a child page to '{COURSE}'")
        with page.expect_navigation():
            if course_link.count():
                course_link.click()
            else:
                page.get_by_role("link", name="Add child page").click()
        self.pages.check(page, "choose-page-type")
        with page.expect_navigation():
            page.get_by_role("link", name="Lesson", exact=True).click()
        self.pages.check(page, "new-lesson")
        page.locator("#id_title").fill(title)
        page.get_by_role("button", name="Insert a block").first.click()
        self.pages.check(
            page, "block-chooser-open", wagtail_known=("block-chooser-preview-buttons",)
        )
        page.get_by_role("option", name="Text").click()
        # The rich text box is found by its name, which our admin script gives it.
        page.get_by_role("textbox", name="Text").click()
        page.keyboard.type(text)
        if scenario:
            page.get_by_role("button", name="Insert a block").last.click()
            page.get_by_role("option", name="Scenario").click()
            page.locator("#body-1-value-title").fill(scenario["title"])
            page.get_by_role("textbox", name="Scenario").click()
            page.keyboard.type(scenario["vignette"])
            page.locator("#body-1-value-prompt").fill(scenario["prompt"])
            self.pages.check(page, "new-lesson-with-scenario", wagtail_known=STICKY_BARS)
        else:
            self.pages.check(page, "new-lesson-filled", wagtail_known=STICKY_BARS)
        self.submit_for_review()
        expect(page.locator(".messages")).to_contain_text(
            f"Page '{title}' created and submitted for moderation"
        )
        self.pages.check(page, "course-in-admin")

    def add_post_test(self) -> None:
        page = self.page
        with page.expect_navigation():
            page.get_by_role("link", name="Add child page").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Quiz", exact=True).click()
        self.pages.check(page, "new-quiz")
        page.locator("#id_title").fill("Post-test")
        page.locator("#id_kind").select_option("post_test")
        for number, question in enumerate(QUESTIONS):
            page.get_by_role("button", name="Add Question").click()
            form = page.locator(f"#inline_child_questions-{number}")
            form.locator(f"#id_questions-{number}-kind").select_option(question["kind"])
            form.locator(f"#id_questions-{number}-objective").select_option(question["objective"])
            form.locator(f"#id_questions-{number}-stem").fill(question["stem"])
            form.locator(f"#id_questions-{number}-explanation").fill(question["explanation"])
            for index, (text, correct) in enumerate(question["choices"]):
                form.get_by_role("button", name="Insert a block").last.click()
                # The new block slides open; a click while it moves can land on nothing.
                settle(page)
                form.locator(f"#questions-{number}-choices-{index}-value-text").fill(text)
                if correct:
                    # Filling can start the block's next transition; a click during it can
                    # land as the box re-renders and leave it unticked (seen once on a busy CI).
                    settle(page)
                    form.locator(f"#questions-{number}-choices-{index}-value-correct").check()
        self.pages.check(page, "new-quiz-filled", wagtail_known=STICKY_BARS)
        self.submit_for_review()
        expect(page.locator(".messages")).to_contain_text(
            "Page 'Post-test' created and submitted for moderation"
        )


class Reviewer:
    def __init__(self, page, pages: Pages):
        self.page = page
        self.pages = pages

    def approve_course_in_the_editor(self) -> None:
        page = self.page
        awaiting = page.locator("#awaiting-review-section")
        with page.expect_navigation():
            awaiting.get_by_role("link", name=COURSE, exact=True).click()
        self.pages.check(page, "course-editor-in-review")
        # What the trainer wrote is there to read before approving.
        expect(page.locator("#id_objectives-0-text")).to_have_value(OBJECTIVES[0])
        page.get_by_role("button", name="More actions").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Approve and Publish", exact=True).click()
        expect(page.locator(".messages")).to_contain_text(f"Page '{COURSE}' has been updated")
        assert CoursePage.objects.get(title=COURSE).live
        self.pages.check(page, "after-approving-in-editor")

    def approve_from_the_dashboard(self, title: str) -> None:
        page = self.page
        page.goto("/cms/")
        self.pages.check(page, "dashboard-awaiting-review")
        row = page.locator("#awaiting-review-section tr").filter(
            has=page.get_by_role("link", name=title, exact=True)
        )
        row.get_by_role("button", name="Actions").click()
        with page.expect_navigation():
            row.get_by_role("button", name="Approve", exact=True).click()
        # The dashboard says nothing; the page just leaves the list of pages awaiting review.
        page.wait_for_url("**/cms/")
        awaiting = page.locator("#awaiting-review-section")
        expect(awaiting.get_by_role("link", name=title, exact=True)).to_have_count(0)


def test_a_trainer_builds_a_course_and_a_reviewer_publishes_it(
    page, browser, live_server, viewport, trainer, reviewer
):
    catalog = CatalogPage.objects.get(locale__language_code="en")
    trainer_code, reviewer_code = totp_secret(trainer), totp_secret(reviewer)
    pages = Pages("trainer", viewport)

    sign_in(page, pages, trainer.email, trainer_code, next_url="/cms/")
    page.wait_for_url("**/cms/")
    pages.check(page, "trainer-dashboard")
    author = Trainer(page, pages)
    author.add_course(catalog)
    author.add_lesson(
        "Signs of an overdose",
        "A person who does not respond and breathes slowly may be having an overdose.",
    )
    author.add_lesson(
        "Talking with people who use alone",
        "Ask how people keep themselves safe, without judging.",
        scenario={
            "title": "At the drop-in",
            "vignette": "Jo mentions using alone last night.",
            "prompt": "What would you say to Jo first?",
        },
    )
    author.add_post_test()

    course = CoursePage.objects.get(title=COURSE)
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    quiz = QuizPage.objects.child_of(course).get()
    assert [lesson.title for lesson in lessons] == [
        "Signs of an overdose",
        "Talking with people who use alone",
    ]
    draft = lessons[1].get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["rich_text", "scenario"]
    assert draft.body[1].value["prompt"] == "What would you say to Jo first?"
    assert [question.stem for question in quiz.get_latest_revision_as_object().bank()] == [
        question["stem"] for question in QUESTIONS
    ]
    assert not course.live and all(in_review(p) for p in [course, *lessons, quiz])
    # Nothing is public while it waits for review.
    page.goto(catalog.url)
    expect(page.get_by_role("link", name=COURSE)).to_have_count(0)

    review_page = open_browser_for(browser, live_server, viewport)
    try:
        sign_in(review_page, pages, reviewer.email, reviewer_code, next_url="/cms/")
        review_page.wait_for_url("**/cms/")
        pages.check(review_page, "dashboard-awaiting-review")
        reviewer_steps = Reviewer(review_page, pages)
        reviewer_steps.approve_course_in_the_editor()
        for title in ["Signs of an overdose", "Talking with people who use alone", "Post-test"]:
            reviewer_steps.approve_from_the_dashboard(title)
    finally:
        review_page.context.close()

    for published in [course, *lessons, quiz]:
        published.refresh_from_db()
        assert published.live and not in_review(published), published.title

    page.goto(catalog.url)
    pages.check(page, "public-catalog")
    with page.expect_navigation():
        page.get_by_role("link", name=COURSE).click()
    pages.check(page, "public-course-page")
    expect(page.locator("main h1")).to_have_text(COURSE)
    lesson_list = page.locator("main .lesson-list")
    expect(lesson_list).to_contain_text("Signs of an overdose")
    expect(lesson_list).to_contain_text("Talking with people who use alone")
    expect(page.locator("main")).to_contain_text(OBJECTIVES[2])
