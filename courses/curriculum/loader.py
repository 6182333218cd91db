"""Build the curriculum (the TOML files beside this module) as published Wagtail pages.

Each course becomes: the course page (objectives, sources, CE facts), a pre-test, its lessons
each followed by a short knowledge check, a post-test paired with the pre-test (the same bank),
and the course evaluation. A course whose slug already exists in the catalog is skipped, so
running the loader twice changes nothing and never overwrites a trainer's edits.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.html import escape

from ..builders import create_evaluation, create_quiz
from ..choices import QuizKind
from ..models import CatalogPage, CourseObjective, CoursePage, CourseSource, LessonPage
from .illustrations import illustration_block_value
from .markup import to_html

CURRICULUM_DIR = Path(__file__).parent
COURSE_FILES = (
    "naloxone.toml",
    "motivational-interviewing.toml",
    "seeking-safety.toml",
    "anti-stigma.toml",
)
QUESTIONS_DRAWN = 10


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_course_file(name: str) -> dict:
    return tomllib.loads((CURRICULUM_DIR / name).read_text(encoding="utf-8"))


def load_curriculum(catalog: CatalogPage | None = None) -> LoadReport:
    catalog = catalog or CatalogPage.objects.first()
    if catalog is None:
        raise LookupError("There is no course catalog page to load the curriculum into.")
    report = LoadReport()
    for name in COURSE_FILES:
        data = read_course_file(name)
        title = data["course"]["title"]
        if CoursePage.objects.child_of(catalog).filter(slug=data["course"]["slug"]).exists():
            report.skipped.append(title)
            continue
        with transaction.atomic():
            build_course(catalog, data)
        report.created.append(title)
    return report


def build_course(catalog: CatalogPage, data: dict) -> CoursePage:
    course = _course_page(data["course"])
    catalog.add_child(instance=course)
    course.save_revision().publish()
    sources = {source["key"]: source for source in data["course"]["sources"]}

    pretest = create_quiz(
        course,
        title="Pre-test: what do you know already?",
        slug="pre-test",
        kind=QuizKind.PRE_TEST,
        questions=[_question(q) for q in data["questions"]],
        draw_count=QUESTIONS_DRAWN,
        shuffle_questions=True,
        shuffle_choices=True,
        intro="This quiz shows what you know before the course. It does not count against "
        "you: it helps us see what the course teaches.",
    )
    for lesson in data["lessons"]:
        _add_lesson(course, lesson, sources)
        if lesson.get("checks"):
            create_quiz(
                course,
                title=f"Check your understanding: {lesson['title']}"[:255],
                slug=f"check-{lesson['slug']}"[:255],
                kind=QuizKind.KNOWLEDGE_CHECK,
                questions=[_question(q) for q in lesson["checks"]],
            )
    create_quiz(
        course,
        title="Post-test",
        slug="post-test",
        kind=QuizKind.POST_TEST,
        questions=[_question(q) for q in data["questions"]],
        draw_count=QUESTIONS_DRAWN,
        shuffle_questions=True,
        shuffle_choices=True,
        paired_pretest=pretest,
    )
    evaluation = data["evaluation"]
    create_evaluation(
        course,
        statements=evaluation["likert"],
        confidence_question=evaluation.get("confidence_before_after", ""),
        comments_prompt=evaluation.get("comments_prompt", "What would make this course better?"),
    )
    return course


def _course_page(course: dict) -> CoursePage:
    page = CoursePage(
        title=course["title"],
        slug=course["slug"],
        summary=course["summary"],
        audiences=[course["audience"]],
        topics=list(course["topics"]),
        delivery_format=course["delivery_format"],
        estimated_minutes=course["estimated_minutes"],
        contact_hours=Decimal(str(course["contact_hours"])),
        pass_mark=course["pass_mark"],
        certificate_validity_months=course["certificate_validity_months"] or None,
        lessons_in_order=course["lessons_in_order"],
        evaluation_required=course["evaluation_required"],
        last_clinical_review=datetime.date.fromisoformat(course["last_reviewed"]),
        clinical_reviewer=course["reviewer"],
        content_note=course.get("content_note", "").strip(),
    )
    page.objectives = [CourseObjective(text=text) for text in course["objectives"]]
    page.sources = [CourseSource(title=s["title"], url=s["url"]) for s in course["sources"]]
    return page


def _add_lesson(course: CoursePage, lesson: dict, sources: dict) -> LessonPage:
    body = [_block(block) for block in lesson["blocks"]]
    body.append(("rich_text", _sources_html([sources[key] for key in lesson["sources"]])))
    page = LessonPage(title=lesson["title"], slug=lesson["slug"], body=body)
    course.add_child(instance=page)
    page.save_revision().publish()
    return page


def _block(block: dict) -> tuple[str, object]:
    kind = block["type"]
    if kind == "text":
        return ("rich_text", to_html(block["text"]))
    if kind == "heading":
        return ("heading", {"text": block["text"], "level": "h2"})
    if kind == "callout":
        title = f"<p><b>{escape(block['title'])}</b></p>" if block.get("title") else ""
        return ("callout", {"kind": block["kind"], "text": title + to_html(block["text"])})
    if kind == "scenario":
        return (
            "scenario",
            {
                "title": block.get("title", ""),
                "vignette": to_html(block["vignette"]),
                "prompt": block["prompt"],
            },
        )
    if kind == "content_note":
        return ("content_note", {"text": block["text"].strip()})
    if kind == "quoted_example":
        return ("quoted_example", {"text": block["text"].strip()})
    if kind == "language_table":
        return ("language_table", None)
    if kind == "illustration":
        return ("image", illustration_block_value(block["image"]))
    raise ValueError(f"Unknown block type in the curriculum: {kind!r}")


def _sources_html(lesson_sources: list[dict]) -> str:
    items = "".join(
        f'<li><a href="{escape(source["url"])}">{escape(source["title"])}</a></li>'
        for source in lesson_sources
    )
    return f"<p><b>Sources for this lesson</b></p><ul>{items}</ul>"


def _question(question: dict) -> dict:
    return {
        "kind": question["kind"],
        "objective": question["objective"],
        "stem": question["stem"],
        "vignette": question.get("vignette", ""),
        "explanation": question["explanation"],
        "partial_credit": question.get("partial_credit", False),
        "choices": [
            {"text": c["text"], "correct": c["correct"], "feedback": c["feedback"]}
            for c in question["choices"]
        ],
    }
