"""Skills checklists that come with the curriculum (``practice/checklists/*.toml``).

Loaded after the courses by ``manage.py load_curriculum`` (through ``curriculum_loaded``), for
the courses it read: a checklist is created when its course exists and it does not; once it exists it is left as it
is, since a trainer may have edited it in the CMS. Each run says what it did in the report.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.db import transaction

from courses.models import CoursePage

from .models import ChecklistItem, SkillsChecklist

CHECKLISTS_DIR = Path(__file__).resolve().parent / "checklists"


def checklist_files() -> list[Path]:
    return sorted(CHECKLISTS_DIR.glob("*.toml"))


def load_checklist(path: Path, catalog, data: dict | None = None) -> str:
    """Create the checklist in `path` if it is missing; return what was done, in words."""
    data = data or read_checklist(path)
    spec = data["checklist"]
    key = path.stem
    course = CoursePage.objects.child_of(catalog).filter(slug=spec["course"]).first()
    if course is None:
        return f"Skills checklist not loaded: {spec['title']}: no course {spec['course']!r}"
    if SkillsChecklist.objects.filter(course=course, source_key=key).exists():
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


def read_checklist(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def load_checklists_with_curriculum(sender, catalog, slugs, report, **kwargs) -> None:
    """The checklists of the courses just read (a load of other courses costs no query)."""
    for path in checklist_files():
        data = read_checklist(path)
        if data["checklist"]["course"] in slugs:
            report.notes.append(load_checklist(path, catalog, data))
