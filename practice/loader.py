"""Skills checklists that come with the curriculum (``practice/checklists/*.toml``).

Loaded after the courses by ``manage.py load_curriculum`` (through ``curriculum_loaded``), for
the courses it read: a checklist is created when its course exists and it does not; once it exists it is left as it
is, since a trainer may have edited it in the CMS. Each run says what it did in the report.

A translation beside a file (``naloxone-demonstration.es.toml``) mirrors it step by step. It
becomes the checklist's version in that language (same ``translation_key``, each step with the
key of the English step in the same position), made once when the English checklist exists
and has as many steps, and then left to the trainers like the English one.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.db import transaction
from wagtail.models import Locale

from courses.curriculum.loader import TRANSLATED_LANGUAGES
from courses.curriculum.translations import mirror_differences, translation_path
from courses.localization import source_locale_id
from courses.models import CoursePage

from .models import ChecklistItem, SkillsChecklist

CHECKLISTS_DIR = Path(__file__).resolve().parent / "checklists"


def checklist_files() -> list[Path]:
    """The English files (a translation's name has the language before .toml)."""
    return sorted(path for path in CHECKLISTS_DIR.glob("*.toml") if "." not in path.stem)


def load_checklist(path: Path, catalog, data: dict | None = None) -> str:
    """Create the checklist in `path` if it is missing; return what was done, in words."""
    data = data or read_checklist(path)
    spec = data["checklist"]
    key = path.stem
    course = CoursePage.objects.child_of(catalog).filter(slug=spec["course"]).first()
    if course is None:
        return f"Skills checklist not loaded: {spec['title']}: no course {spec['course']!r}"
    if SkillsChecklist.objects.filter(
        course=course, source_key=key, locale_id=source_locale_id()
    ).exists():
        return f"Skills checklist unchanged: {spec['title']} ({course.title})"
    with transaction.atomic():
        checklist = SkillsChecklist(
            course=course,
            title=spec["title"],
            introduction=spec.get("introduction", "").strip(),
            required=spec.get("required", True),
            source_key=key,
        )
        checklist.items = [
            ChecklistItem(
                step=item["step"],
                done_looks_like=item["done_looks_like"],
                critical=item.get("critical", True),
                sort_order=position,
            )
            for position, item in enumerate(data["items"])
        ]
        checklist.save()
    return f"Skills checklist created: {spec['title']} ({course.title})"


def load_translation(path: Path, catalog, language: str) -> str | None:
    """Create the checklist of `path` in `language` from its translation beside it, if there
    is one and the version is missing; return what was done, in words (None: no file)."""
    translated_path = translation_path(path, language)
    if not translated_path.exists():
        return None
    english, data = read_checklist(path), read_checklist(translated_path)
    title = f"{data['checklist']['title']} [{language}]"
    differences = mirror_differences(english, data)
    if differences:
        return f"Skills checklist not loaded: {title}: {'; '.join(differences[:5])}"
    source = (
        SkillsChecklist.objects.filter(
            source_key=path.stem,
            locale_id=source_locale_id(),
            course__in=CoursePage.objects.child_of(catalog),
        )
        .prefetch_related("items")
        .first()
    )
    locale = Locale.objects.filter(language_code=language).first()
    if source is None or locale is None:
        return f"Skills checklist not loaded: {title}: no English checklist or no locale yet"
    if SkillsChecklist.objects.filter(translation_key=source.translation_key, locale=locale):
        return f"Skills checklist unchanged: {title}"
    steps = list(source.items.all())
    if len(steps) != len(data["items"]):
        # A trainer changed the English steps: pairing by position would mismatch them.
        return (
            f"Skills checklist not loaded: {title}: the English checklist has {len(steps)} "
            f"steps, the file {len(data['items'])}; translate it in the CMS"
        )
    course = source.course.get_translation_or_none(locale) or source.course
    with transaction.atomic():
        checklist = SkillsChecklist(
            course=course,
            title=data["checklist"]["title"],
            introduction=data["checklist"].get("introduction", "").strip(),
            required=source.required,
            source_key=source.source_key,
            locale=locale,
            translation_key=source.translation_key,
        )
        checklist.items = [
            ChecklistItem(
                step=item["step"],
                done_looks_like=item["done_looks_like"],
                critical=english_step.critical,
                sort_order=english_step.sort_order,
                locale=locale,
                translation_key=english_step.translation_key,
            )
            for english_step, item in zip(steps, data["items"], strict=True)
        ]
        checklist.save()
    return f"Skills checklist created: {title}"


def read_checklist(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_checklists_with_curriculum(sender, catalog, slugs, report, **kwargs) -> None:
    """The checklists of the courses just read (a load of other courses costs no query)."""
    for path in checklist_files():
        data = read_checklist(path)
        if data["checklist"]["course"] in slugs:
            report.notes.append(load_checklist(path, catalog, data))
            for language in TRANSLATED_LANGUAGES:
                note = load_translation(path, catalog, language)
                if note:
                    report.notes.append(note)
