"""What ``load_curriculum`` last loaded for each course, so a later run can tell its own pages
from a trainer's edits (``courses/curriculum/updater.py``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoadedCourse(models.Model):
    """The curriculum file a course was last loaded from, and each page's revision from it."""

    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="curriculum_load"
    )
    source_file = models.CharField(_("curriculum file"), max_length=200)
    sha256 = models.CharField(_("file checksum (SHA-256)"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)
    # page id (as a string) -> {"revision": the revision the loader published or None, "live": bool}
    pages = models.JSONField(_("pages as loaded"), default=dict)

    class Meta:
        verbose_name = _("loaded curriculum course")
        verbose_name_plural = _("loaded curriculum courses")

    def __str__(self):
        return f"{self.source_file} ({self.sha256[:12]})"
