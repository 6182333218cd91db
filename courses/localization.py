"""Language versions of course pages, and one record per course whatever the language.

Each course page, lesson, quiz and evaluation can have a Spanish version: a page of its own in
the Spanish tree (Wagtail's locales; ``/es/courses/...``) with the same ``translation_key`` as the
English page, which is the source. Learners' records (enrolment, lesson progress, reflections,
attempts, evaluation answers, certificates) always point at the source page: a learner who
switches language mid-course keeps their place, and reports count one course. Everything that
reads or writes records resolves the page in hand with :func:`source_page` first.

Answer choices keep the source question's ids in every language (the loader copies them, and
wagtail-localize keeps StreamField block ids), so an answer given on a Spanish page is graded
and counted as the same answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Case, Q, Value, When
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, WorkflowPage

from . import page_cache

# The locales' ids and codes are kept in the translations' generation (courses.page_cache),
# which a change to a locale renews: every page view asks, so each process keeps its own copy.


def source_locale() -> Locale:
    return Locale.get_default()


def source_locale_id() -> int:
    """The source locale's id, kept in the cache: every page view asks, and it never changes
    once the site is set up (the English locale is made by Wagtail's migrations)."""
    key = page_cache.translations_key("default-locale-id")
    found = page_cache.read(key)
    if found is None:
        found = source_locale().pk
        page_cache.keep(key, found)
    return found


def locale_id_for(code: str) -> int | None:
    """The id of the locale for language `code` (None when the site has none), cached."""
    key = page_cache.translations_key("locale-id", code)
    found = page_cache.read(key)
    if found is None:
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            return None
        found = locale.pk
        page_cache.keep(key, found)
    return found


def in_active_language(pages):
    """The first of `pages` (a page queryset) in the active language, else the first in the
    source language: the catalog a Spanish page links to is the Spanish one. One query."""
    source = source_locale_id()
    active = locale_id_for(translation.get_language() or "") or source
    first_active = Case(When(locale_id=active, then=Value(0)), default=Value(1))
    return pages.filter(locale_id__in={active, source}).order_by(first_active, "path").first()


def catalog_in_active_language():
    """The live catalog page in the active language (else the source language's), kept in the
    tree's generation: the home page and My learning link it on every view."""
    from .models import CatalogPage

    cache_key = page_cache.key("catalog", translation.get_language() or "")
    kept = page_cache.read(cache_key)
    if kept is None:
        catalog = in_active_language(CatalogPage.objects.live())
        page_cache.warm_urls([catalog] if catalog is not None else [])
        kept = (catalog,)  # a tuple, so "no catalog" is kept too
        page_cache.keep(cache_key, kept)
    return kept[0]


def language_code_of(locale_id: int) -> str:
    """The language code of the locale `locale_id` ("es"), from a cached map of every locale
    (read again when a locale the map does not know turns up)."""
    key = page_cache.translations_key("locale-codes")
    codes = page_cache.read(key)
    if codes is None or locale_id not in codes:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        page_cache.keep(key, codes)
    return codes.get(locale_id, settings.LANGUAGE_CODE)


def is_source(page: Page) -> bool:
    return page.locale_id == source_locale_id()


def source_page(page):
    """`page` in the source language (its specific class), or `page` itself when it is the
    source or has none (a page created in Spanish only)."""
    if page is None or not getattr(page, "pk", None) or is_source(page):
        return page
    source = page.get_translation_or_none(source_locale())
    return source.specific if source is not None else page


def live_translation(page: Page, code: str) -> Page | None:
    """`page`'s live version in language `code` (the page itself when it is in `code`)."""
    locale_id = locale_id_for(code)
    if locale_id is None:
        return None
    if page.locale_id == locale_id:
        return page
    translated = page.get_translation_or_none(locale_id)  # Wagtail takes a locale or its id
    return translated.specific if translated is not None and translated.live else None


def translations_by_source(pages, locale: Locale) -> dict[int, Page]:
    """source page id -> its translation in `locale`, for several source pages in one query."""
    pages = [page for page in pages if page is not None]
    if not pages:
        return {}
    by_key = {page.translation_key: page.pk for page in pages}
    found = Page.objects.filter(translation_key__in=by_key, locale=locale).specific()
    return {by_key[page.translation_key]: page for page in found}


# What a new translated home page and catalog say until a trainer edits them.
HOME_INTRO = _(
    "Free training for the harm-reduction workforce: learn at your pace, on your phone, and "
    "earn a certificate."
)
CATALOG_TITLE = _("Courses")
CATALOG_INTRO = _("Free, self-paced courses for people who work in harm reduction.")


def translated_catalog(catalog: Page, code: str) -> Page:
    """The catalog's translation in `code`, made (with the home page's) when missing.

    The translations are made with Wagtail's ``copy_for_translation`` (same translation key,
    each a page of its own, not an alias), and the clinical review workflow that covers the
    English catalog covers the translated one too.
    """
    locale = Locale.objects.get(language_code=code)
    found = catalog.get_translation_or_none(locale)
    if found is not None:
        return found.specific
    home = catalog.get_parent().specific
    with translation.override(code):
        if home.get_translation_or_none(locale) is None and not home.is_root():
            translated_home = home.copy_for_translation(locale)
            if hasattr(translated_home, "intro"):
                translated_home.intro = str(HOME_INTRO)
            translated_home.save_revision().publish()
        translated = catalog.specific.copy_for_translation(locale)
        translated.title = translated.draft_title = str(CATALOG_TITLE)
        translated.intro = str(CATALOG_INTRO)
        translated.save_revision().publish()
    review = WorkflowPage.objects.filter(page=catalog).first()
    if review is not None:
        WorkflowPage.objects.update_or_create(
            page=translated, defaults={"workflow": review.workflow}
        )
    return translated.specific


def content_languages() -> list[str]:
    return [code for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", [])]


def in_any_language_q(page: Page, field: str = "") -> Q:
    """A filter on `field` (a page foreign key) matching `page` in any language."""
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}translation_key": page.translation_key})


# Translatable snippets (Wagtail's TranslatableMixin outside the page tree: skills checklists,
# practice sets and their child rows). As with pages, records point at the source row; these
# find the row to show a reader and the source row to record against.


def source_snippet(obj):
    """`obj` in the source language (itself when it is the source or has none)."""
    if obj is None or obj.locale_id == source_locale_id():
        return obj
    found = (
        type(obj)
        .objects.filter(translation_key=obj.translation_key, locale_id=source_locale_id())
        .first()
    )
    return found or obj


def snippet_in(obj, code: str | None = None):
    """`obj` in language `code` (the active language by default), else `obj` itself."""
    if obj is None:
        return obj
    locale = locale_id_for(code or translation.get_language() or "")
    if locale is None or locale == obj.locale_id:
        return obj
    found = type(obj).objects.filter(translation_key=obj.translation_key, locale_id=locale).first()
    return found or obj


def paired_by_key(source_rows, shown_rows) -> list[tuple]:
    """(source row, the shown row with its translation key, else the source row itself) for
    each source row, in the source's order: child rows pair across languages by key."""
    by_key = {row.translation_key: row for row in shown_rows}
    return [(row, by_key.get(row.translation_key, row)) for row in source_rows]
