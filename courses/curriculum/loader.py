"""Build the curriculum (the TOML files beside this module) as published Wagtail pages.

Each course becomes: the course page (objectives, sources, CE facts), a pre-test, its lessons
each followed by a short knowledge check, a post-test paired with the pre-test (the same bank),
and the course evaluation. ``course_plan`` turns a file into that list of pages; this module
creates them, and ``updater`` brings an existing course up to date with a changed file.

``load_curriculum`` runs on every ``make run``. Per course it reports one of:

- created: the slug was not in the catalog;
- unchanged: the file is the one last loaded (one query, nothing written);
- updated: the file changed and no one edited the course since the loader last did, so the
  course was updated in place (new revisions published; learners' records untouched);
- needs review: the file changed but a trainer edited the course; nothing was changed.
"""

import datetime
import hashlib
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..builders import create_evaluation, create_quiz
from ..choices import QuizKind
from ..localization import source_locale_id
from ..models import CatalogPage, CourseObjective, CoursePage, CourseSource, LessonPage
from ..signals import curriculum_loaded
from .illustrations import illustration_block_value
from .markup import to_html
from .translations import mirror_differences, translation_path

CURRICULUM_DIR = Path(__file__).parent
COURSE_FILES = (
    "naloxone.toml",
    "motivational-interviewing.toml",
    "seeking-safety.toml",
    "anti-stigma.toml",
)
# Languages a course file may have a translation in, beside it: naloxone.es.toml.
TRANSLATED_LANGUAGES = ("es",)
MIRROR_DIFFERENCES_SHOWN = 10
QUESTIONS_DRAWN = 10
PRETEST_SLUG = "pre-test"
POSTTEST_SLUG = "post-test"
EVALUATION_SLUG = "course-evaluation"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    # (course title, what a person needs to know and do)
    needs_review: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    # What apps listening to ``curriculum_loaded`` did, one line each.
    notes: list[str] = field(default_factory=list)


@dataclass
class PageSpec:
    """One page of a course as the file describes it (kind: lesson, quiz or evaluation)."""

    kind: str
    slug: str
    title: str
    fields: dict = field(default_factory=dict)
    questions: list[dict] = field(default_factory=list)


def read_course_file(name: str) -> dict:
    return tomllib.loads((CURRICULUM_DIR / name).read_text(encoding="utf-8"))


def read_course_source(name: str, directory: Path | None = None) -> tuple[dict, str]:
    """The parsed file and the SHA-256 of its bytes (what the loader records)."""
    raw = ((directory or CURRICULUM_DIR) / name).read_bytes()
    return tomllib.loads(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest()


def load_curriculum(
    catalog: CatalogPage | None = None,
    *,
    files: tuple[str, ...] | None = None,
    directory: Path | None = None,
    replace: frozenset[str] = frozenset(),
) -> LoadReport:
    """Create, update or leave each course; `replace` names slugs to update over trainer edits."""
    catalog = catalog or CatalogPage.objects.filter(locale_id=source_locale_id()).first()
    if catalog is None:
        raise LookupError("There is no course catalog page to load the curriculum into.")
    report = LoadReport()
    slugs = []
    for name in files or COURSE_FILES:
        data, digest = read_course_source(name, directory)
        title = data["course"]["title"]
        slugs.append(data["course"]["slug"])
        translations = _translations_of(name, data, directory)
        refused = [problem for _language, _name, _data, _digest, problem in translations if problem]
        if refused:
            report.failed.append((title, "; ".join(refused) + ". Nothing was loaded."))
            continue
        try:
            with transaction.atomic():
                outcomes = _sync_with_translations(
                    catalog, name, data, digest, translations, data["course"]["slug"] in replace
                )
        except (ValidationError, KeyError, ValueError) as error:
            report.failed.append((title, f"{name}: {_describe(error)}"))
            continue
        for outcome, shown_title, note in outcomes:
            if outcome == "needs_review":
                report.needs_review.append((shown_title, note))
            else:
                getattr(report, outcome).append(shown_title)
    curriculum_loaded.send(sender=LoadReport, catalog=catalog, slugs=slugs, report=report)
    return report


def _translations_of(name: str, data: dict, directory: Path | None) -> list[tuple]:
    """(language, file name, data, digest, problem or "") for each translation beside `name`."""
    found = []
    for language in TRANSLATED_LANGUAGES:
        path = translation_path((directory or CURRICULUM_DIR) / name, language)
        if not path.exists():
            continue
        try:
            translated, digest = read_course_source(path.name, path.parent)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            found.append((language, path.name, None, "", f"{path.name}: not readable: {error}"))
            continue
        differences = mirror_differences(data, translated)
        problem = ""
        if differences:
            shown = "; ".join(differences[:MIRROR_DIFFERENCES_SHOWN])
            more = len(differences) - MIRROR_DIFFERENCES_SHOWN
            problem = f"{path.name} does not mirror {name}: {shown}" + (
                f" (and {more} more)" if more > 0 else ""
            )
        found.append((language, path.name, translated, digest, problem))
    return found


def _sync_with_translations(catalog, name, data, digest, translations, replace) -> list[tuple]:
    """The English course, then each translation of it: [(outcome, title, note)]."""
    from . import translated as translated_sync
    from . import updater

    outcome, note = updater.sync_course(catalog, name, data, digest, replace=replace)
    outcomes = [(outcome, data["course"]["title"], note)]
    if not translations:
        return outcomes  # no query more than an English-only load
    course = CoursePage.objects.child_of(catalog).get(slug=data["course"]["slug"])
    for language, translated_name, translated, translated_digest, _problem in translations:
        shown_title = f"{translated['course']['title']} [{language}]"
        if outcome == "needs_review":
            # The translation is paired with the English pages: it waits for them.
            outcomes.append(
                ("needs_review", shown_title, f"waits for the English course ({name}) above")
            )
            continue
        translated_outcome, translated_note = translated_sync.sync_translation(
            catalog,
            course,
            translated_name,
            translated,
            translated_digest,
            language,
            english_changed=outcome != "unchanged",
            replace=replace,
        )
        outcomes.append((translated_outcome, shown_title, translated_note))
    return outcomes


def _describe(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    if isinstance(error, KeyError):
        return f"missing key {error}"
    return str(error)


# The plan: what a file says the course is ------------------------------------------------


def course_plan(data: dict, language: str = "en") -> list[PageSpec]:
    """The course's pages in course order, the pages' fixed words in `language`."""
    with translation.override(language):
        return _course_plan(data)


def _course_plan(data: dict) -> list[PageSpec]:
    sources = {source["key"]: source for source in data["course"]["sources"]}
    bank = [_question(q) for q in data["questions"]]
    plan = [
        PageSpec(
            "quiz",
            PRETEST_SLUG,
            _("Pre-test: what do you know already?"),
            fields={
                "kind": QuizKind.PRE_TEST,
                "draw_count": QUESTIONS_DRAWN,
                "shuffle_questions": True,
                "shuffle_choices": True,
                # X-1f: without it, guessing inflates the baseline the knowledge gain is measured from.
                "allow_dont_know": True,
                # No intro of its own: the quiz page already says what a pre-test is for
                # (templates/courses/includes/quiz_kind.html); a second paragraph repeated it.
            },
            questions=bank,
        )
    ]
    for lesson in data["lessons"]:
        plan.append(
            PageSpec(
                "lesson",
                lesson["slug"],
                lesson["title"],
                fields={"body": lesson_body(lesson, sources)},
            )
        )
        if lesson.get("checks"):
            plan.append(
                PageSpec(
                    "quiz",
                    f"check-{lesson['slug']}"[:255],
                    (_("Check your understanding: %(title)s") % {"title": lesson["title"]})[:255],
                    # X-1a: the answers move around, so "always pick the first" stops working.
                    fields={"kind": QuizKind.KNOWLEDGE_CHECK, "shuffle_choices": True},
                    questions=[_question(q) for q in lesson["checks"]],
                )
            )
    # X-1f: pre and post draw separately from the same bank. The stratified draw matches the
    # two forms objective by objective; serving a learner the very items of their pre-test again
    # would partly measure memory of that test, and retakes need fresh forms anyway.
    plan.append(
        PageSpec(
            "quiz",
            POSTTEST_SLUG,
            _("Post-test"),
            fields={
                "kind": QuizKind.POST_TEST,
                "draw_count": QUESTIONS_DRAWN,
                "shuffle_questions": True,
                "shuffle_choices": True,
            },
            questions=bank,
        )
    )
    evaluation = data["evaluation"]
    plan.append(
        PageSpec(
            "evaluation",
            EVALUATION_SLUG,
            _("Course evaluation"),
            fields={
                "statements": list(evaluation["likert"]),
                "confidence_question": evaluation.get("confidence_before_after", ""),
                "comments_prompt": evaluation.get(
                    "comments_prompt", _("What would make this course better?")
                ),
            },
        )
    )
    return plan


def course_fields(course: dict) -> dict:
    """The course page's own fields (objectives and sources apart)."""
    return {
        "title": course["title"],
        "summary": course["summary"],
        "audiences": [course["audience"]],
        "topics": list(course["topics"]),
        "delivery_format": course["delivery_format"],
        "estimated_minutes": course["estimated_minutes"],
        "contact_hours": Decimal(str(course["contact_hours"])),
        "pass_mark": course["pass_mark"],
        "certificate_validity_months": course["certificate_validity_months"] or None,
        "lessons_in_order": course["lessons_in_order"],
        "evaluation_required": course["evaluation_required"],
        "last_clinical_review": datetime.date.fromisoformat(course["last_reviewed"]),
        "clinical_reviewer": course["reviewer"],
        "independent_review": course.get("independent_review", ""),
        "content_note": course.get("content_note", "").strip(),
    }


def set_objectives_and_sources(page: CoursePage, course: dict) -> None:
    page.objectives = [CourseObjective(text=text) for text in course["objectives"]]
    page.sources = [CourseSource(title=s["title"], url=s["url"]) for s in course["sources"]]


def lesson_body(lesson: dict, sources: dict) -> list[tuple[str, object]]:
    """The lesson's blocks, then its sources (headed in the active language)."""
    body = [_block(block) for block in lesson["blocks"]]
    body.append(("rich_text", _sources_html([sources[key] for key in lesson["sources"]])))
    return body


# Creating a course ------------------------------------------------------------------------


def build_course(catalog: CatalogPage, data: dict) -> CoursePage:
    course = CoursePage(slug=data["course"]["slug"], **course_fields(data["course"]))
    set_objectives_and_sources(course, data["course"])
    catalog.add_child(instance=course)
    course.save_revision().publish()
    pretest = None
    for spec in course_plan(data):
        page = add_page(course, spec, pretest=pretest)
        if spec.slug == PRETEST_SLUG:
            pretest = page
    return course


def add_page(course: CoursePage, spec: PageSpec, *, pretest=None):
    """Create and publish one planned page under `course`."""
    if spec.kind == "lesson":
        page = LessonPage(title=spec.title, slug=spec.slug, body=spec.fields["body"])
        course.add_child(instance=page)
        page.save_revision().publish()
        return page
    if spec.kind == "quiz":
        extra = {"paired_pretest": pretest} if spec.slug == POSTTEST_SLUG else {}
        return create_quiz(
            course,
            title=spec.title,
            slug=spec.slug,
            questions=spec.questions,
            **spec.fields,
            **extra,
        )
    return create_evaluation(
        course,
        title=spec.title,
        slug=spec.slug,
        statements=spec.fields["statements"],
        confidence_question=spec.fields["confidence_question"],
        comments_prompt=spec.fields["comments_prompt"],
    )


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
    return f"<p><b>{escape(_('Sources for this lesson'))}</b></p><ul>{items}</ul>"


def _question(question: dict) -> dict:
    return {
        "kind": question["kind"],
        "objective": question["objective"],
        "stem": question["stem"],
        "vignette": question.get("vignette", ""),
        "explanation": question["explanation"],
        "partial_credit": question.get("partial_credit", False),
        "always_include": question.get("always_include", False),
        "choices": [
            {"text": c["text"], "correct": c["correct"], "feedback": c["feedback"]}
            for c in question["choices"]
        ],
    }
