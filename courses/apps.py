from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Courses, lessons, quizzes, enrolment and progress (built on top of accounts)."""

    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from . import course_review, page_cache

        page_cache.connect_signals()
        course_review.connect_signals()
