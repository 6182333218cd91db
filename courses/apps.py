from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    """Courses, lessons, quizzes, enrolment and progress (built on top of accounts)."""

    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        from wagtail.signals import page_published

        from . import course_review, page_cache
        from .services import warm

        page_cache.connect_signals()
        # After the page cache's receiver: its renewal at commit comes first.
        page_published.connect(warm.fill_after_publish, dispatch_uid="courses-fill-after-publish")
        course_review.connect_signals()
