"""A whole course goes to clinical review in one action and comes back, or goes live, in one.

Trainers and reviewers sign in with their authenticator (``sign_in_with_mfa``) and use the
admin pages as people do; Wagtail's workflow does the moving.
"""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState

from courses.models import CoursePage, CourseReview, EvaluationPage, LessonPage, QuizPage
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import (
    in_review,
    lesson_body,
    make_course,
    make_evaluation,
    make_lesson,
    make_quiz,
)
from tests.courses.test_authoring import create_course, create_lesson

pytestmark = pytest.mark.django_db

COMMENT = "Lesson 2 says naloxone lasts 4 hours; it lasts 30 to 90 minutes. Please fix it."


def review_url(course) -> str:
    return reverse("courses_course_review", args=[course.pk])


def draft_course(catalog) -> CoursePage:
    """A course written as drafts (each page saved once, none published), as a trainer leaves it."""
    course = make_course(catalog, "Overdose response", lessons=0, live=False)
    course.save_revision()
    for title in ["Signs of an overdose", "Giving naloxone"]:
        lesson = LessonPage(title=title, slug=title.lower().replace(" ", "-"))
        lesson.body = lesson_body(title)
        lesson.live = False
        course.add_child(instance=lesson)
        lesson.save_revision()
    make_quiz(course, "post_test", publish=False).save_revision()
    make_evaluation(course, publish=False).save_revision()
    return CoursePage.objects.get(pk=course.pk)


def every_page(course) -> list:
    return [course, *course.get_descendants().specific()]


def status_of(page) -> str | None:
    state = WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()
    return state.status if state else None


def submit_whole_course(client, course):
    return client.post(review_url(course), {"action": "submit"})


def act(client, course, action: str, comment: str = ""):
    return client.post(review_url(course), {"action": action, "comment": comment})


def refreshed(pages) -> list:
    for page in pages:
        page.refresh_from_db()
    return pages


def test_a_trainer_submits_the_whole_course_in_one_action(client, cms_trainer, catalog):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)

    editor = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    page = client.get(review_url(course)).content.decode()
    response = submit_whole_course(client, course)

    assert review_url(course) in editor and "Submit the whole course for review" in editor
    assert "Submit the whole course for clinical review" in page
    assert "Course: Overdose response" in page
    assert response.status_code == 302
    pages = every_page(course)
    assert [type(p) for p in pages] == [
        CoursePage,
        LessonPage,
        LessonPage,
        QuizPage,
        EvaluationPage,
    ]
    assert all(in_review(p) for p in pages)
    assert not any(p.live for p in refreshed(pages))
    after = client.get(review_url(course)).content.decode()
    assert "The whole course was submitted for clinical review." in after
    assert after.count("Waiting for review with the course") == 5
    assert "Submit the whole course for clinical review" not in after


def test_a_reviewer_requests_changes_and_the_trainer_sees_the_comment_on_the_course(
    client, cms_trainer, cms_reviewer, catalog
):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)
    submit_whole_course(client, course)

    sign_in_with_mfa(client, cms_reviewer)
    reviewer_sees = client.get(review_url(course)).content.decode()
    response = act(client, course, "reject", COMMENT)

    assert "Approve and publish the whole course" in reviewer_sees
    assert response.status_code == 302
    pages = every_page(course)
    assert {status_of(p) for p in pages} == {WorkflowState.STATUS_NEEDS_CHANGES}
    assert not any(in_review(p) for p in pages)

    sign_in_with_mfa(client, cms_trainer)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk])).content.decode()
    review_page = client.get(review_url(course)).content.decode()
    for html in (editor, review_page):
        assert "Changes requested by" in html
        assert "Lesson 2 says naloxone lasts 4 hours" in html
    assert "Submit the whole course for clinical review" in review_page
    assert review_page.count("Changes requested") >= 5


def test_the_trainer_resubmits_and_approval_publishes_the_course_and_its_pages(
    client, cms_trainer, cms_reviewer, catalog
):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)
    submit_whole_course(client, course)
    sign_in_with_mfa(client, cms_reviewer)
    act(client, course, "reject", COMMENT)
    lesson = LessonPage.objects.child_of(course).get(slug="giving-naloxone")
    draft = lesson.get_latest_revision_as_object()
    draft.body = lesson_body("Giving naloxone, corrected")
    draft.save_revision()  # the trainer's fix, saved as a draft

    sign_in_with_mfa(client, cms_trainer)
    resubmitted = submit_whole_course(client, course)
    assert resubmitted.status_code == 302
    assert all(in_review(p) for p in every_page(course))
    assert CourseReview.objects.count() == 1  # the same review, resumed

    sign_in_with_mfa(client, cms_reviewer)
    approved = act(client, course, "approve", "Thank you, all correct now.")

    assert approved.status_code == 302
    pages = refreshed(every_page(course))
    assert all(p.live and not p.has_unpublished_changes for p in pages), [
        (p.title, p.live) for p in pages
    ]
    assert not any(in_review(p) for p in pages)
    assert "corrected" in str(LessonPage.objects.get(pk=lesson.pk).body[0].value)
    public = client.get(course.url)
    assert public.status_code == 200 and "Giving naloxone" in public.content.decode()


def test_someone_who_is_not_a_reviewer_cannot_approve(client, cms_trainer, catalog):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)
    submit_whole_course(client, course)

    page = client.get(review_url(course)).content.decode()
    approve = act(client, course, "approve")
    reject = act(client, course, "reject", "Looks fine to me.")

    assert "Approve and publish the whole course" not in page
    assert approve.status_code == 403 and reject.status_code == 403
    assert all(in_review(p) for p in every_page(course))
    assert not CoursePage.objects.get(pk=course.pk).live


def test_a_learner_cannot_open_the_review(client, learner, catalog):
    course = draft_course(catalog)
    client.force_login(learner)

    response = client.get(review_url(course))

    assert response.status_code == 302 and not response.url.startswith(review_url(course))
    assert "Submit the whole course" not in client.get(response.url).content.decode()
    assert not any(in_review(p) for p in every_page(course))


def test_requesting_changes_needs_a_comment_and_changes_nothing_without_one(
    client, cms_trainer, cms_reviewer, catalog
):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)
    submit_whole_course(client, course)
    sign_in_with_mfa(client, cms_reviewer)

    response = act(client, course, "reject", "   ")

    assert response.status_code == 200
    assert "Say what needs to change" in response.content.decode()
    assert all(in_review(p) for p in every_page(course))


def test_approving_the_course_in_wagtails_own_editor_moves_its_pages_too(
    client, cms_trainer, cms_reviewer, catalog
):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)
    submit_whole_course(client, course)
    task_state = CoursePage.objects.get(pk=course.pk).current_workflow_task_state

    sign_in_with_mfa(client, cms_reviewer)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    assert response.status_code == 302
    assert all(p.live for p in refreshed(every_page(course)))


def test_a_page_already_in_review_on_its_own_joins_the_course_and_moves_with_it(
    client, cms_trainer, cms_reviewer, catalog
):
    course = draft_course(catalog)
    lesson = LessonPage.objects.child_of(course).first()
    own_state = course.get_workflow().start(lesson, cms_trainer)
    sign_in_with_mfa(client, cms_trainer)

    listed = client.get(review_url(course)).content.decode()
    submit_whole_course(client, course)

    assert "joins the course&#x27;s review when you submit" in listed
    review = CourseReview.objects.get()
    assert review.page_states.filter(pk=own_state.pk).exists()
    assert WorkflowState.objects.for_instance(lesson).count() == 1  # not started twice
    sign_in_with_mfa(client, cms_reviewer)
    act(client, course, "approve")
    lesson.refresh_from_db()
    assert lesson.live


def test_published_pages_without_changes_are_listed_but_not_sent_again(
    client, cms_trainer, cms_reviewer, catalog
):
    course = make_course(catalog, "Naloxone basics", lessons=2)
    unchanged, edited = list(LessonPage.objects.child_of(course))
    draft = edited.get_latest_revision_as_object()
    draft.title = "Lesson 2, updated"
    draft.save_revision()
    sign_in_with_mfa(client, cms_trainer)

    listed = client.get(review_url(course)).content.decode()
    submit_whole_course(client, course)

    assert "Published, no changes since: not reviewed again" in listed
    assert in_review(course) and in_review(edited)
    assert not in_review(unchanged) and status_of(unchanged) is None
    sign_in_with_mfa(client, cms_reviewer)
    act(client, course, "approve")
    assert LessonPage.objects.get(pk=edited.pk).title == "Lesson 2, updated"


def test_a_broken_quiz_stops_the_submission_and_nothing_goes_into_review(
    client, cms_trainer, catalog
):
    course = draft_course(catalog)
    make_quiz(course, "knowledge_check", title="Check", questions=[], publish=False)
    sign_in_with_mfa(client, cms_trainer)

    response = submit_whole_course(client, course)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing was changed" in html and "Check: Add at least one question." in html
    assert not any(in_review(p) for p in every_page(course))
    assert not CourseReview.objects.exists()


def test_page_by_page_review_still_works_and_moves_only_that_page(
    client, cms_trainer, cms_reviewer, catalog
):
    sign_in_with_mfa(client, cms_trainer)
    course = create_course(client, catalog, "action-submit")
    lesson = create_lesson(client, course, "Signs of an overdose", action="action-submit")
    assert in_review(course) and in_review(lesson)
    assert not CourseReview.objects.exists()

    sign_in_with_mfa(client, cms_reviewer)
    task_state = course.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    course.refresh_from_db()
    lesson.refresh_from_db()
    assert course.live
    assert not lesson.live and in_review(lesson)  # waits for its own approval
    lesson_task = lesson.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", lesson_task.pk]),
        {"comment": ""},
    )
    lesson.refresh_from_db()
    assert lesson.live


def test_a_lesson_added_while_the_course_waits_can_join_its_review(
    client, cms_trainer, cms_reviewer, catalog
):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)
    submit_whole_course(client, course)
    late = make_lesson(course, "What to do after", live=False)
    late.save_revision()

    page = client.get(review_url(course)).content.decode()
    submit_whole_course(client, course)

    assert "Submit the whole course for clinical review" in page
    assert "Course: Overdose response" in page
    assert in_review(late)
    assert CourseReview.objects.get().page_states.filter(object_id=str(late.pk)).exists()


def test_a_page_that_cannot_go_live_stops_the_approval_and_nothing_is_published(
    client, cms_trainer, cms_reviewer, catalog
):
    course = draft_course(catalog)
    sign_in_with_mfa(client, cms_trainer)
    submit_whole_course(client, course)
    lesson = LessonPage.objects.child_of(course).last()
    draft = lesson.get_latest_revision_as_object()
    draft.slug = "enrol"  # taken by the course page's own route; edited after submission
    draft.save_revision(clean=False)

    sign_in_with_mfa(client, cms_reviewer)
    response = act(client, course, "approve")

    assert response.status_code == 200
    assert "is used by the course page itself" in response.content.decode()
    pages = refreshed(every_page(course))
    assert not any(p.live for p in pages)
    assert all(in_review(p) for p in pages)
