"""Contact hours by category: the part of a course's hours that a credentialing board counts
as ethics, HIV/hepatitis, harm reduction and so on, and whether they were online or in person.

Categories are data (boards name their areas differently and change them), edited in the CMS
under Settings. A course lists its hours by category and format; together they may not come
to more than the course's contact hours (``courses.forms.admin.CoursePageForm``). Hours a
course does not put in a category still count toward a track's total.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..choices import DeliveryFormat


class HoursFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


def default_format(delivery_format: str) -> str:
    """The format of hours a course did not split: a live session is in person, else online."""
    return HoursFormat.IN_PERSON if delivery_format == DeliveryFormat.LIVE else HoursFormat.ONLINE


class HoursCategory(models.Model):
    name = models.CharField(
        _("name"),
        max_length=80,
        help_text=_("As boards write it, e.g. “Law and ethics” or “HIV/hepatitis”."),
    )
    description = models.CharField(
        _("description"),
        max_length=300,
        blank=True,
        help_text=_("What belongs here, for trainers choosing a category."),
    )

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = [Lower("name")]
        verbose_name = _("hours category")
        verbose_name_plural = _("hours categories")
        constraints = [
            models.UniqueConstraint(Lower("name"), name="courses_one_hours_category_per_name")
        ]

    def __str__(self):
        return self.name


class CourseHours(Orderable):
    course = ParentalKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="hours_by_category"
    )
    category = models.ForeignKey(
        HoursCategory,
        on_delete=models.PROTECT,
        related_name="course_hours",
        verbose_name=_("category"),
    )
    format = models.CharField(
        _("format"), max_length=10, choices=HoursFormat.choices, default=HoursFormat.ONLINE
    )
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("100"))],
    )

    panels = [FieldRowPanel([FieldPanel("category"), FieldPanel("format"), FieldPanel("hours")])]

    class Meta(Orderable.Meta):
        verbose_name = _("hours in a category")
        verbose_name_plural = _("hours by category")

    def __str__(self):
        return f"{self.category}: {self.hours} ({self.get_format_display()})"
