from django.conf import settings
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from basics.codes import random_code
from courses.localization import catalog_in_active_language
from courses.page_cache import CachedViewRestrictionsMixin

from . import page_lookup


class HomePage(CachedViewRestrictionsMixin, Page):
    """The public front door: what Open Door is and where to start."""

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("One or two plain-language sentences under the site title."),
    )
    body = RichTextField(
        _("body"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("More about the platform, shown below the introduction."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["catalog"] = catalog_in_active_language()
        return context

    def route(self, request, path_components):
        """Wagtail's routing hook, on the site's root page in the request's language (Wagtail
        routes from ``site.root_page.localized``): the page below is found in two queries
        (``lms.page_lookup``) and its own ``route`` answers, as in Wagtail's walk.

        A Spanish address with no Spanish page (a course not translated yet, an old ``/es/``
        link from before Spanish pages existed) is answered by the English page at that path.
        """
        try:
            return self.route_in_own_tree(request, path_components)
        except Http404:
            source = self.source_language_home()
            if source is None or source.pk == self.pk:
                raise
            return source.route_in_own_tree(request, path_components)

    def route_in_own_tree(self, request, path_components):
        if path_components:
            found = page_lookup.find(self, path_components)
            if found is not None:
                page, rest = found
                return page.route(request, rest)
        # The home page itself, and anything the lookup is unsure of.
        return super().route(request, path_components)

    def source_language_home(self) -> "HomePage | None":
        """This home page in the site's default (source) language."""
        if self.locale_id == Locale.get_default().pk:
            return self
        return self.get_translation_or_none(Locale.get_default())


EXPORT_CODE_LENGTH = 20  # 100 bits: the code names a file of people's certificates.


def new_export_code() -> str:
    return random_code(EXPORT_CODE_LENGTH)


class PartnerExport(models.Model):
    """A certificates ZIP too large to stream at once, built in the background for a manager.

    The ZIP is kept for ``lms.partners.background.KEEP_DAYS`` days, then its file is deleted
    (``manage.py delete_expired_exports``). The people whose certificates are inside are
    recorded so that, if one of them stops sharing records or leaves the organization, the file
    is no longer served.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Could not be prepared")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("No longer available")

    code = models.CharField(
        _("code"),
        max_length=EXPORT_CODE_LENGTH,
        unique=True,
        default=new_export_code,
        editable=False,
        help_text=_("Random public code; the database id never leaves the server."),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="partner_exports",
        verbose_name=_("organization"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    filters = models.JSONField(
        _("filters"), default=dict, blank=True, help_text=_("The certificate list's filters.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("certificates to include"), default=0)
    progress = models.PositiveIntegerField(_("certificates added"), default=0)
    learner_ids = models.JSONField(
        _("learners included"),
        default=list,
        blank=True,
        help_text=_("Whose certificates are in the file; checked against consent on download."),
    )
    file = models.FileField(_("file"), max_length=200, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    error = models.CharField(_("problem"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner export")
        verbose_name_plural = _("partner exports")

    def __str__(self):
        return f"{self.code} ({self.organization_id}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status not in (self.Status.PENDING, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.READY:
            return 100
        return (self.progress * 100) // self.total if self.total else 0
