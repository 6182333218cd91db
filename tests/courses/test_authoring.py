"""Trainers author in Wagtail and submit for clinical review; only Reviewers publish."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from courses.models import CoursePage, LessonPage
from tests.conftest import sign_in_with_mfa
from tests.courses.conftest import OBJECTIVES, in_review

pytestmark = pytest.mark.django_db


def add_url(model, parent) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )


def form_data(client, url: str, **values):
    """The admin form as the browser would send it, with `values` filled in."""
    response = client.get(url)
    assert response.status_code == 200, response
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key, value in values.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def course_values(title="Overdose response for peers", objectives=OBJECTIVES, **extra):
    values = {
        "title": title,
        "slug": "overdose-response",
        "summary": "Recognise an overdose and respond with naloxone.",
        "audiences": ["peer"],
        "topics": ["naloxone"],
        "delivery_format": "self_paced",
        "estimated_minutes": "60",
        "contact_hours": "1.00",
        "pass_mark": "80",
        "last_clinical_review": "2026-01-15",
        "clinical_reviewer": "Dana Ruiz, RN",
    }
    values.update(
        nested_form_data(
            {
                "objectives": {
                    "TOTAL_FORMS": str(len(objectives)),
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "3",
                    "MAX_NUM_FORMS": "1000",
                    **{
                        str(i): {"text": text, "ORDER": str(i), "DELETE": "", "id": ""}
                        for i, text in enumerate(objectives)
                    },
                },
                "sources": {
                    "TOTAL_FORMS": "1",
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "0",
                    "MAX_NUM_FORMS": "1000",
                    "0": {
                        "title": "SAMHSA (2023). Opioid Overdose Prevention Toolkit.",
                        "url": "https://example.org/toolkit",
                        "ORDER": "0",
                        "DELETE": "",
                        "id": "",
                    },
                },
            }
        )
    )
    values.update(extra)
    return values


def post_course(client, catalog, action: str, **extra):
    url = add_url(CoursePage, catalog)
    data = form_data(client, url, **course_values(**extra))
    data[action] = action
    return client.post(url, data)


def create_course(client, catalog, action: str, **extra) -> CoursePage | None:
    response = post_course(client, catalog, action, **extra)
    assert response.status_code == 302, response.context["form"].errors
    return CoursePage.objects.get(slug="overdose-response")


def create_lesson(client, course, title: str, action: str = "action-submit") -> LessonPage:
    url = add_url(LessonPage, course)
    values = {"title": title, "slug": title.lower().replace(" ", "-")}
    values.update(
        nested_form_data(
            {
                "body": streamfield(
                    [("rich_text", rich_text("<p>Call for help, then give naloxone.</p>"))]
                )
            }
        )
    )
    data = form_data(client, url, **values)
    data[action] = action
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["form"].errors if response.context else response
    )
    return LessonPage.objects.get(slug=values["slug"])


def test_a_trainer_can_create_a_course_with_lessons_and_submit_it(client, cms_trainer, catalog):
    sign_in_with_mfa(client, cms_trainer)

    course = create_course(client, catalog, "action-submit")
    lesson = create_lesson(client, course, "Signs of an overdose")

    assert not course.live
    assert [o.text for o in course.objectives.all()] == OBJECTIVES
    assert course.sources.get().url == "https://example.org/toolkit"
    assert course.topics == ["naloxone"]
    assert in_review(course)
    assert lesson.get_parent().pk == course.pk and not lesson.live
    assert in_review(lesson)


def test_a_trainer_cannot_publish(client, cms_trainer, catalog):
    sign_in_with_mfa(client, cms_trainer)

    course = create_course(client, catalog, "action-publish")

    assert not course.live
    assert not course.permissions_for_user(cms_trainer).can_publish()


def test_a_reviewer_can_approve_a_submitted_course_which_publishes_it(
    client, cms_trainer, cms_reviewer, catalog
):
    sign_in_with_mfa(client, cms_trainer)
    course = create_course(client, catalog, "action-submit")
    task_state = course.current_workflow_task_state

    sign_in_with_mfa(client, cms_reviewer)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[course.pk, "approve", task_state.pk]),
        {"comment": ""},
    )

    assert response.status_code == 302
    course.refresh_from_db()
    assert course.live
    assert not in_review(course)


def test_a_reviewer_can_publish_directly(client, cms_reviewer, catalog):
    sign_in_with_mfa(client, cms_reviewer)

    course = create_course(client, catalog, "action-publish")

    assert course.live


def test_submitting_needs_at_least_three_objectives(client, cms_trainer, catalog):
    sign_in_with_mfa(client, cms_trainer)

    response = post_course(client, catalog, "action-submit", objectives=OBJECTIVES[:2])

    assert response.status_code == 200
    errors = response.context["form"].formsets["objectives"].non_form_errors()
    assert "at least 3" in " ".join(errors)
    assert not CoursePage.objects.filter(slug="overdose-response").exists()


def test_a_draft_may_have_fewer_objectives_while_it_is_written(client, cms_trainer, catalog):
    sign_in_with_mfa(client, cms_trainer)

    course = create_course(client, catalog, "action-save", objectives=OBJECTIVES[:1])

    assert not course.live


def test_objectives_must_be_measurable(client, cms_reviewer, catalog):
    sign_in_with_mfa(client, cms_reviewer)
    objectives = ["Understand naloxone.", *OBJECTIVES[1:]]

    response = post_course(client, catalog, "action-publish", objectives=objectives)

    assert response.status_code == 200
    errors = response.context["form"].formsets["objectives"].errors
    assert "cannot be measured" in str(errors[0]["text"])
    assert not CoursePage.objects.filter(slug="overdose-response").exists()


def test_a_course_cannot_list_itself_as_a_prerequisite(client, cms_reviewer, course):
    sign_in_with_mfa(client, cms_reviewer)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))

    field = response.context["form"].fields["prerequisites"]
    assert course.pk not in set(field.queryset.values_list("pk", flat=True))


def test_a_lesson_slug_cannot_shadow_a_course_route(course):
    from django.core.exceptions import ValidationError

    lesson = LessonPage(title="Enrol", slug="enrol", body=[])
    lesson.live = False
    course.add_child(instance=lesson)
    lesson.live = True

    with pytest.raises(ValidationError):
        lesson.full_clean()
