"""Load a course file's translation (``naloxone.es.toml``) as the translated version of the course.

The translated file mirrors the English one (``translations.mirror_differences``), so each of its
pages is paired with the English page of the same slug, and each question, answer, lesson block
and evaluation statement with the English one at the same position. The translated pages are
translations in Wagtail's sense (same ``translation_key``, made with ``copy_for_translation``),
and every paired item keeps the English item's id: answer choices, scenario blocks (reflections)
and statements (ratings) are the same items in both languages, so learners' records are one
record per course (``courses.localization``).

Like the English update (``updater``), the loader records what it published for the translated
course (its own ``LoadedCourse`` row) and leaves a translated course that a trainer edited since,
reporting it for review instead.
"""

from django.core.exceptions import ValidationError
from wagtail.blocks import StreamValue
from wagtail.models import Locale

from ..localization import translated_catalog
from ..models import CatalogPage, CoursePage, LoadedCourse, Question
from . import loader, updater


def sync_translation(
    catalog: CatalogPage,
    english: CoursePage,
    name: str,
    data: dict,
    digest: str,
    language: str,
    *,
    english_changed: bool,
    replace: bool = False,
) -> tuple[str, str]:
    """Create, update or leave the `language` version of `english`; (outcome, note)."""
    locale = Locale.objects.get(language_code=language)
    current = english.get_translation_or_none(locale)
    if current is None:
        translated_catalog(catalog, language)
        course = apply_translation(english, data, locale)
        updater.record_load(course, name, digest)
        return "created", ""
    current = current.specific
    record = LoadedCourse.objects.filter(course=current).first()
    if not english_changed and record is not None and record.sha256 == digest:
        return "unchanged", ""
    edited = updater.edited_pages(current, record)
    if edited and not replace:
        return "needs_review", (
            f"changed by a trainer since the last load: review the new version in "
            f"courses/curriculum/{name} and apply it by hand (pages edited: {', '.join(edited)}). "
            f"Nothing was changed in this language. To publish the file's version over those "
            f"edits, run: {updater.REPLACE_HINT.format(slug=english.slug)}"
        )
    course = apply_translation(english, data, locale)
    updater.record_load(course, name, digest)
    return "updated", ""


def apply_translation(english: CoursePage, data: dict, locale: Locale) -> CoursePage:
    """Make or update the translated course and its pages from the translated file's `data`."""
    english = CoursePage.objects.get(pk=english.pk)
    course = _translation_of(english, locale)
    for field_name, value in loader.course_fields(data["course"]).items():
        setattr(course, field_name, value)
    loader.set_objectives_and_sources(course, data["course"])
    course.save_revision().publish()

    english_pages = {page.slug: page.specific for page in english.get_children()}
    plan = loader.course_plan(data, locale.language_code)
    pretest = None
    for spec in plan:
        source = english_pages.get(spec.slug)
        if source is None:
            raise ValidationError(
                f"the English course has no page {spec.slug!r}: load the English file first"
            )
        page = _translation_of(source, locale)
        _apply_page(page, source, spec, pretest=pretest)
        if spec.slug == loader.PRETEST_SLUG:
            pretest = page
    planned = {spec.slug for spec in plan}
    for page in course.get_children().specific():
        if page.slug not in planned and page.live:
            page.unpublish()
    updater.put_in_order(course, [spec.slug for spec in plan])
    return CoursePage.objects.get(pk=course.pk)


def _translation_of(source, locale: Locale):
    found = source.get_translation_or_none(locale)
    if found is not None:
        return found.specific
    return source.copy_for_translation(locale).specific


def _apply_page(page, source, spec: loader.PageSpec, *, pretest=None) -> None:
    page.title = spec.title
    if spec.kind == "lesson":
        page.body = _with_ids_of(source.body, spec.fields["body"])
    elif spec.kind == "quiz":
        for field_name, value in spec.fields.items():
            setattr(page, field_name, value)
        if spec.slug == loader.POSTTEST_SLUG:
            page.paired_pretest = pretest
        page.questions = _paired_questions(
            list(source.questions.all()), list(page.questions.all()), spec.questions
        )
        page.raise_if_not_publishable()
    else:
        ids = [child.id for child in source.statements]
        page.statements = StreamValue(
            page.statements.stream_block,
            [
                ("statement", text, ids[index] if index < len(ids) else None)
                for index, text in enumerate(spec.fields["statements"])
            ],
        )
        page.confidence_question = spec.fields["confidence_question"]
        page.comments_prompt = spec.fields["comments_prompt"]
    page.save_revision().publish()


def _with_ids_of(source_body, new_body: list[tuple[str, object]]) -> StreamValue:
    """The translated body, each block with the id of the English block at its position (the
    files mirror each other), so a reflection on a scenario is the same in both languages."""
    ids = [(child.block_type, child.id) for child in source_body]
    body = []
    for index, (block_type, value) in enumerate(new_body):
        same = index < len(ids) and ids[index][0] == block_type
        body.append((block_type, value, ids[index][1] if same else None))
    return StreamValue(source_body.stream_block, body)


def _paired_questions(
    source: list[Question], current: list[Question], planned: list[dict]
) -> list[Question]:
    """The translated questions, each answer with the id of the English answer at its position;
    rows are reused by position."""
    if len(source) != len(planned):
        raise ValidationError(
            f"{len(planned)} questions in the translation, the English quiz has {len(source)}"
        )
    questions = []
    for index, (english, spec) in enumerate(zip(source, planned, strict=True)):
        ids = [choice["id"] for choice in english.choice_data()]
        if len(ids) != len(spec["choices"]):
            raise ValidationError(f"question {index + 1}: not the English question's answers")
        question = Question.build(
            **{
                **spec,
                "choices": [{**c, "id": i} for c, i in zip(spec["choices"], ids, strict=True)],
            },
            sort_order=index,
        )
        if index < len(current):
            question.pk = current[index].pk
        questions.append(question)
    return questions
