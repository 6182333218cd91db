"""Page previews work for every page type (what trainers and reviewers see before publishing)."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from accounts import roles
from courses.models import CatalogPage, CourseObjective, CoursePage, LessonPage
from tests.conftest import give_totp, make_user, sign_in_with_mfa
from tests.courses.conftest import OBJECTIVES, scenario_body


class SignInWithMFAClient(Client):
    """Wagtail's page test helpers sign in with ``force_login``; staff powers count only after
    a second factor (accounts.mfa), so here that goes through allauth's form and code step."""

    def force_login(self, user, backend=None):
        sign_in_with_mfa(self, user)


class PreviewTests(WagtailPageTestCase):
    client_class = SignInWithMFAClient

    @classmethod
    def setUpTestData(cls):
        # A reviewer with TOTP: staff roles reach /cms/ only with MFA set up.
        cls.reviewer = make_user("reviewer@example.org", group=roles.REVIEWERS)
        give_totp(cls.reviewer)
        cls.catalog = CatalogPage.objects.get()
        course = CoursePage(
            title="Naloxone basics",
            slug="naloxone-basics",
            summary="How to give naloxone.",
            audiences=["peer"],
            topics=["naloxone"],
            estimated_minutes=30,
            contact_hours=Decimal("0.5"),
            last_clinical_review=timezone.localdate(),
            content_note="Talks about overdose deaths.",
        )
        course.objectives = [CourseObjective(text=text) for text in OBJECTIVES]
        cls.catalog.add_child(instance=course)
        cls.course = course
        lesson = LessonPage(title="Lesson 1", slug="lesson-1", body=scenario_body())
        course.add_child(instance=lesson)
        cls.lesson = lesson

    def test_the_catalog_can_be_previewed(self):
        self.assertPageIsPreviewable(self.catalog, user=self.reviewer)

    def test_a_course_can_be_previewed(self):
        self.assertPageIsPreviewable(self.course, user=self.reviewer)

    def lesson_form_data(self):
        # StreamFields are drawn by JavaScript, so their fields are not in the HTML: add them.
        sign_in_with_mfa(self.client, self.reviewer)
        html = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.lesson.pk]))
        data = querydict_from_html(html.content.decode(), form_id="page-edit-form")
        self.client.logout()
        body = {
            "title": "At the drop-in",
            "vignette": rich_text("<p>Jo mentions using alone.</p>"),
            "prompt": "What would you say?",
        }
        data.update(nested_form_data({"body": streamfield([("scenario", body)])}))
        return data

    def test_a_lesson_can_be_previewed_with_its_body(self):
        self.assertPageIsPreviewable(
            self.lesson, user=self.reviewer, post_data=self.lesson_form_data()
        )
        sign_in_with_mfa(self.client, self.reviewer)
        preview = self.client.get(
            reverse("wagtailadmin_pages:preview_on_edit", args=[self.lesson.pk])
        )
        self.assertContains(preview, "What would you say?")
        self.assertContains(preview, "Talks about overdose deaths.")  # first lesson

    def test_pages_render_and_are_routable(self):
        self.assertPageIsRoutable(self.course)
        self.assertPageIsRenderable(self.course)
        self.assertPageIsRenderable(self.lesson, accept_redirect=True)

    def test_pages_are_editable(self):
        self.assertPageIsEditable(self.course, user=self.reviewer)
        self.assertPageIsEditable(
            self.lesson, user=self.reviewer, post_data=self.lesson_form_data()
        )
