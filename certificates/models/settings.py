"""Who issues certificates and who signs them: site-wide, with an optional per-course override."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from basics.sanitize import plain_text_errors

from .approvals import DocumentKind


class PageSize(models.TextChoices):
    LETTER = "letter", _("US Letter (landscape)")
    A4 = "A4", _("A4 (landscape)")


def _image_field(verbose_name, help_text):
    return models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


# What is printed on a certificate as typed: markup in it is refused, not cleaned away.
SIGNATORY_FIELDS = (
    "issuer_name",
    "issuer_address",
    "issuer_contact",
    "signatory_name",
    "signatory_title",
)


class PrintedAsTyped:
    """Refuses markup in the fields named by PLAIN_TEXT_FIELDS, with a message per field."""

    PLAIN_TEXT_FIELDS: tuple[str, ...] = ()

    def clean(self):
        super().clean()
        if errors := plain_text_errors(self, self.PLAIN_TEXT_FIELDS):
            raise ValidationError(errors)


@register_setting(icon="doc-full")
class CertificateSettings(PrintedAsTyped, BaseSiteSetting):
    """What every certificate prints about its issuer, unless a course overrides it."""

    issuer_name = models.CharField(
        _("organization name"),
        max_length=150,
        default="Open Door",
        help_text=_("The training provider, printed as the issuer."),
    )
    issuer_address = models.TextField(
        _("organization address"),
        max_length=300,
        blank=True,
        help_text=_("Postal address, printed under the organization name."),
    )
    issuer_contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("An email address, phone number or website for questions."),
    )
    logo = _image_field(_("logo"), _("Printed at the top. Leave empty for the Open Door logo."))
    signatory_name = models.CharField(_("signatory name"), max_length=120, blank=True)
    signatory_title = models.CharField(
        _("signatory title"),
        max_length=120,
        blank=True,
        help_text=_("For example “Training Director”."),
    )
    signature = _image_field(
        _("signature image"), _("A scan of the signature, ideally a PNG with a clear background.")
    )
    default_kind = models.CharField(
        _("title for courses without an approval"),
        max_length=20,
        choices=DocumentKind.choices,
        default=DocumentKind.COMPLETION,
    )
    retention_statement = models.CharField(
        _("retention statement"),
        max_length=300,
        blank=True,
        help_text=_("Optional, e.g. “Please keep this certificate for four years.”"),
    )
    page_size = models.CharField(
        _("paper size"), max_length=10, choices=PageSize.choices, default=PageSize.LETTER
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("issuer_name"), FieldPanel("issuer_address"), FieldPanel("issuer_contact")],
            heading=_("Issuer"),
        ),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title"), FieldPanel("signature")],
            heading=_("Signatory"),
        ),
        FieldPanel("default_kind"),
        FieldPanel("retention_statement"),
        FieldPanel("page_size"),
    ]

    class Meta:
        verbose_name = _("certificate settings")

    PLAIN_TEXT_FIELDS = (*SIGNATORY_FIELDS, "retention_statement")


class CourseCertificateSettings(PrintedAsTyped, models.Model):
    """A course printed under another issuer or signatory (e.g. a co-sponsored course).

    Empty fields fall back to the site's certificate settings.
    """

    course = models.OneToOneField(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        related_name="certificate_settings",
        verbose_name=_("course"),
    )
    issuer_name = models.CharField(_("organization name"), max_length=150, blank=True)
    issuer_address = models.TextField(_("organization address"), max_length=300, blank=True)
    issuer_contact = models.CharField(_("contact"), max_length=200, blank=True)
    logo = _image_field(_("logo"), "")
    signatory_name = models.CharField(_("signatory name"), max_length=120, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=120, blank=True)
    signature = _image_field(_("signature image"), "")

    panels = [
        FieldPanel("course"),
        MultiFieldPanel(
            [FieldPanel("issuer_name"), FieldPanel("issuer_address"), FieldPanel("issuer_contact")],
            heading=_("Issuer"),
        ),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("signatory_name"), FieldPanel("signatory_title"), FieldPanel("signature")],
            heading=_("Signatory"),
        ),
    ]

    class Meta:
        verbose_name = _("course certificate settings")
        verbose_name_plural = _("course certificate settings")

    def __str__(self):
        return str(self.course)

    PLAIN_TEXT_FIELDS = SIGNATORY_FIELDS
