"""The page tree stays honest: Catalog under the home page, Course under Catalog, and lessons,
quizzes and the evaluation under a course."""

import pytest
from wagtail.models import Page, WorkflowPage
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CatalogPage, CoursePage, EvaluationPage, LessonPage, QuizPage
from lms.models import HomePage


class PageTreeTests(WagtailPageTestCase):
    def test_a_catalog_can_be_created_under_the_home_page_only(self):
        self.assertCanCreateAt(HomePage, CatalogPage)
        self.assertAllowedParentPageTypes(CatalogPage, {HomePage})
        self.assertCanNotCreateAt(Page, CatalogPage)
        self.assertCanNotCreateAt(CatalogPage, CatalogPage)
        self.assertCanNotCreateAt(CoursePage, CatalogPage)

    def test_a_course_can_be_created_under_the_catalog_only(self):
        self.assertCanCreateAt(CatalogPage, CoursePage)
        self.assertAllowedParentPageTypes(CoursePage, {CatalogPage})
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)
        self.assertCanNotCreateAt(LessonPage, CoursePage)

    def test_a_lesson_can_be_created_under_a_course_only(self):
        self.assertCanCreateAt(CoursePage, LessonPage)
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage})
        self.assertCanNotCreateAt(CatalogPage, LessonPage)
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(LessonPage, LessonPage)

    def test_a_catalog_holds_only_courses_and_a_course_holds_only_course_items(self):
        self.assertAllowedSubpageTypes(CatalogPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {LessonPage, QuizPage, EvaluationPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertAllowedSubpageTypes(QuizPage, set())
        self.assertAllowedSubpageTypes(EvaluationPage, set())

    def test_quizzes_and_evaluations_can_be_created_under_a_course_only(self):
        for model in (QuizPage, EvaluationPage):
            self.assertCanCreateAt(CoursePage, model)
            self.assertAllowedParentPageTypes(model, {CoursePage})
            self.assertCanNotCreateAt(CatalogPage, model)
            self.assertCanNotCreateAt(LessonPage, model)

    def test_there_is_one_catalog_per_site(self):
        home = HomePage.objects.get()
        self.assertFalse(CatalogPage.can_create_at(home))  # the migration already made one


@pytest.mark.django_db
def test_the_migration_creates_the_catalog_under_the_home_page_with_clinical_review():
    catalog = CatalogPage.objects.get()

    assert catalog.slug == "courses"
    assert catalog.live
    assert isinstance(catalog.get_parent().specific, HomePage)
    workflow = WorkflowPage.objects.get(page=catalog).workflow
    assert workflow.name == "Clinical review"
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Reviewers"]


@pytest.mark.django_db
def test_courses_are_served_at_their_slug_under_the_catalog(client, course, lessons):
    assert course.url == "/courses/naloxone-basics/"
    assert lessons[0].url == "/courses/naloxone-basics/lesson-1/"
    assert client.get("/courses/").status_code == 200
