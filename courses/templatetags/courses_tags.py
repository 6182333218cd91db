from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from basics.numbers import plain_number

from .. import page_cache
from ..localization import language_code_of

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping|get_item:key`` for dictionaries keyed by a variable."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def number(value) -> str:
    """``{{ value|number }}``: as people write it (basics.numbers): 2E+2 -> "200", 1.50 -> "1.5"."""
    return plain_number(value)


hours = register.filter("hours", number)  # contact hours: the same rule, the older name


@register.filter
def duration(minutes) -> str:
    """Estimated time in words: 90 -> "1 hour 30 minutes"."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours_part, minutes_part = divmod(minutes, 60)
    parts = []
    if hours_part:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours_part) % {"n": hours_part})
    if minutes_part or not parts:
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes_part) % {"n": minutes_part})
    return " ".join(parts)


@register.simple_tag
def video_embed(url: str) -> str:
    """The provider's player for `url`, or "" (the template then shows a plain link).

    Wagtail looks the embed up once and caches it in the database. Set
    ``COURSES_VIDEO_EMBEDS = False`` to never contact a video provider (tests, strict privacy).
    """
    if not url or not getattr(settings, "COURSES_VIDEO_EMBEDS", True):
        return ""
    from wagtail.embeds import embeds
    from wagtail.embeds.exceptions import EmbedException

    try:
        embed = embeds.get_embed(url)
    except EmbedException:
        return ""
    # Wagtail's own {% embed %} tag trusts the configured oEmbed providers' HTML the same way.
    return mark_safe(embed.html)  # noqa: S308


@register.filter
def nth(items, number):
    """``items|nth:n``: the n-th item counting from 1 (e.g. learning objective n), or ""."""
    try:
        number = int(number)
        return items[number - 1] if number >= 1 else ""
    except (IndexError, TypeError, ValueError):
        return ""


@register.filter
def step_locked(progress, step) -> bool:
    """``progress|step_locked:step``: whether a quiz or evaluation step is not open yet."""
    return bool(progress and step and progress.is_step_locked(step))


# Blocks drawn for each learner (their saved reflection); every other block is the same for all.
PERSONAL_BLOCKS = frozenset({"scenario"})


def _render_block(context, block) -> str:
    # What ``{% include_block block with block_id=block.id %}`` does.
    values = context.flatten()
    values["block_id"] = block.id
    return conditional_escape(block.render_as_block(context=values))


@register.simple_tag(takes_context=True)
def lesson_body(context, page):
    """The lesson's blocks, rendered. The published body is kept rendered, per language.

    The key names the page's live revision and its course's page-cache generation (a new one
    on every save in the course, and on every document or image save), so a publish shows at
    once. Scenario blocks, which hold the
    learner's own reflection form, are drawn for each request; previews are never kept.
    """
    request = context.get("request")
    blocks = list(page.body)
    if (
        not page.pk
        or not page.live
        or not page.live_revision_id
        or context.get("is_preview")
        or getattr(request, "is_preview", False)
    ):
        return mark_safe("".join(_render_block(context, block) for block in blocks))  # noqa: S308
    course_path = page.path[: -page.steplen]
    cache_key = page_cache.course_key(
        course_path, "lesson-body", page.pk, page.live_revision_id, get_language()
    )
    shared = page_cache.read(cache_key)
    if shared is None or len(shared) != len(blocks):
        shared = [
            None if block.block_type in PERSONAL_BLOCKS else _render_block(context, block)
            for block in blocks
        ]
        page_cache.keep(cache_key, shared)
    return mark_safe(  # noqa: S308 - every part was escaped or rendered by a block template
        "".join(
            _render_block(context, block) if kept is None else kept
            for block, kept in zip(blocks, shared, strict=True)
        )
    )


def content_language() -> str:
    """The language course content is written in: Wagtail's content language (one locale)."""
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or [(settings.LANGUAGE_CODE,)]
    return languages[0][0]


@register.simple_tag(takes_context=True)
def content_lang(context, page=None):
    """` lang="…"` on authored content when it is in another language than the interface
    (WCAG 3.1.2), so screen readers read an English lesson in a Spanish interface with English
    speech and a Spanish lesson with Spanish. The content's language is that of `page` (the
    page in the context when not given): its locale's."""
    page = page if page is not None else context.get("page")
    locale_id = getattr(page, "locale_id", None)
    language = language_code_of(locale_id) if locale_id else content_language()
    if (get_language() or "").split("-")[0] == language.split("-")[0]:
        return ""
    return mark_safe(f' lang="{conditional_escape(language)}"')  # noqa: S308 - escaped code


@register.simple_tag(takes_context=True)
def completion_moment(context, enrollment) -> str:
    """``{% completion_moment enrollment %}``: what a completed enrolment earned, from the apps
    above courses that registered ``courses.signals.COMPLETION_MOMENT_HOOK`` (certificates)."""
    from wagtail import hooks

    from ..signals import COMPLETION_MOMENT_HOOK

    request = context.get("request")
    if request is None or enrollment is None or not enrollment.is_complete:
        return ""
    parts = [hook(request, enrollment) for hook in hooks.get_hooks(COMPLETION_MOMENT_HOOK)]
    return mark_safe("".join(conditional_escape(part) for part in parts if part))  # noqa: S308
