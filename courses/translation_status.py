"""Whether a page's translations are up to date with it, shown in the page editor.

A translation needs an update when its source page was published after the translation was
last published: an English edit marks every language version of that page as behind, until a
trainer (or ``load_curriculum``, which publishes the English page and then its translations)
publishes the translation again. Pages translated with wagtail-localize's editor also get its
own status and "Sync translated pages" action; this covers every translation, including those
the loader makes.
"""

from django.contrib import messages
from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.models import Page

from .localization import is_source, source_page


def is_behind(translation: Page, source: Page) -> bool:
    if source.last_published_at is None:
        return False
    return translation.last_published_at is None or (
        source.last_published_at > translation.last_published_at
    )


def translations_behind(page: Page) -> list[Page]:
    """The live-or-draft translations of source `page` that are behind it."""
    return [
        translation
        for translation in page.get_translations().select_related("locale")
        if is_behind(translation, page)
    ]


def warn_in_editor(request, page: Page) -> None:
    """Wagtail's ``before_edit_page`` hook: say which language versions need an update (when
    the editor opens; not on the save itself, which may be the update)."""
    if not page.pk or request.method != "GET":
        return
    if is_source(page):
        behind = translations_behind(page)
        if behind:
            messages.warning(
                request,
                _(
                    "This page changed after its translation was last published. Please "
                    "update: %(languages)s."
                )
                % {"languages": ", ".join(str(t.locale.get_display_name()) for t in behind)},
            )
        return
    source = source_page(page)
    if source.pk != page.pk and is_behind(page, source):
        messages.warning(
            request,
            _(
                "The English page changed on %(date)s, after this translation was last "
                "published. Please bring this translation up to date and publish it."
            )
            % {"date": formats.date_format(source.last_published_at, "DATE_FORMAT")},
        )
