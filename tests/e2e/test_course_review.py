"""A whole course goes through clinical review in one place, in a real browser.

A trainer has written a course as drafts (the course page, two lessons, a post-test and an
evaluation). From the course editor's actions they open the review of the whole course and
submit it all at once. The reviewer, signed in with their own code, opens the same page from
the course editor, asks for a change with a comment; the trainer reads the comment in the
course editor and resubmits; the reviewer approves, and the course with all its pages is in the
public catalog. Every page both of them see is scanned with axe and photographed.
"""

import pytest
from playwright.sync_api import expect

from courses.models import CatalogPage, CoursePage
from tests.courses.conftest import in_review
from tests.courses.test_course_review import draft_course

from .journeys import Pages, open_browser_for, settle, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "The post-test's second question needs its explanation. Please add it."


@pytest.fixture(autouse=True)
def _steady(settings):
    steady_settings(settings)


def every_page(course) -> list:
    return [course, *course.get_descendants().specific()]


def open_course_editor(page, pages: Pages, course, name: str) -> None:
    page.goto(f"/cms/pages/{course.pk}/edit/")
    pages.check(page, name)


def submit_whole_course(page, pages: Pages, course, first_time: bool) -> None:
    open_course_editor(page, pages, course, "course-editor" if first_time else "course-sent-back")
    panel = page.locator("#whole-course-review-status")
    if first_time:
        expect(panel).to_contain_text("in one step")
        page.get_by_role("button", name="More actions").click()
        with page.expect_navigation():
            page.get_by_role("link", name="Submit the whole course for review").click()
    else:
        expect(panel).to_contain_text("Changes requested by")
        expect(panel).to_contain_text(COMMENT)
        with page.expect_navigation():
            panel.get_by_role("link", name="Open the review of the whole course").click()
        expect(page.locator("#course-review-feedback")).to_contain_text(COMMENT)
    pages.check(page, "whole-course-review" if first_time else "whole-course-review-sent-back")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the whole course for clinical review").click()
    settle(page)
    expect(page.locator(".messages")).to_contain_text(
        "The whole course was submitted for clinical review."
    )
    expect(page.get_by_role("table")).to_contain_text("Waiting for review with the course")
    pages.check(page, "whole-course-submitted" if first_time else "whole-course-resubmitted")


def review_whole_course(page, pages: Pages, course, approve: bool) -> None:
    open_course_editor(page, pages, course, "course-editor-for-reviewer")
    panel = page.locator("#whole-course-review-status")
    expect(panel).to_contain_text("waiting for clinical review")
    with page.expect_navigation():
        panel.get_by_role("link", name="Open the review of the whole course").click()
    pages.check(page, "whole-course-review-for-reviewer")
    if approve:
        with page.expect_navigation():
            page.get_by_role("button", name="Approve and publish the whole course").click()
        expected = "The whole course was approved and published."
    else:
        page.get_by_label("Comment for the trainer").fill(COMMENT)
        with page.expect_navigation():
            page.get_by_role("button", name="Request changes").click()
        expected = "Changes were requested. The trainer sees your comment."
    settle(page)
    expect(page.locator(".messages")).to_contain_text(expected)
    pages.check(page, "whole-course-approved" if approve else "whole-course-changes-requested")


def test_a_whole_course_is_submitted_sent_back_and_approved_in_one_place(
    page, browser, live_server, viewport, trainer, reviewer
):
    course = draft_course(CatalogPage.objects.get(locale__language_code="en"))
    trainer_code, reviewer_code = totp_secret(trainer), totp_secret(reviewer)
    pages = Pages("course-review", viewport)

    sign_in(page, pages, trainer.email, trainer_code, next_url="/cms/")
    page.wait_for_url("**/cms/")
    submit_whole_course(page, pages, course, first_time=True)
    assert all(in_review(p) for p in every_page(course))

    review_page = open_browser_for(browser, live_server, viewport)
    try:
        sign_in(review_page, pages, reviewer.email, reviewer_code, next_url="/cms/")
        review_page.wait_for_url("**/cms/")
        review_whole_course(review_page, pages, course, approve=False)
        assert not any(in_review(p) for p in every_page(course))

        submit_whole_course(page, pages, course, first_time=False)
        assert all(in_review(p) for p in every_page(course))

        review_whole_course(review_page, pages, course, approve=True)
    finally:
        review_page.context.close()

    course = CoursePage.objects.get(pk=course.pk)
    for published in every_page(course):
        assert published.live and not in_review(published), published.title

    page.goto(CatalogPage.objects.get(locale__language_code="en").url)
    with page.expect_navigation():
        page.get_by_role("link", name=course.title).click()
    pages.check(page, "public-course-after-review")
    lesson_list = page.locator("main .lesson-list")
    expect(lesson_list).to_contain_text("Signs of an overdose")
    expect(lesson_list).to_contain_text("Giving naloxone")
