"""Bring a course loaded earlier up to date with its changed curriculum file (X-1 loader update).

The loader records, per course (``LoadedCourse``), the file's SHA-256 and the revision it
published for every page. On a later run with a different file:

- if every page still has the loader's revision (and no page was added, moved out or removed),
  no one edited the course: it is updated in place and new revisions are published;
- otherwise a trainer changed it: nothing is touched, and the report says to review the new
  version (``--replace <slug>`` publishes the file's version anyway; the trainer's versions stay
  in each page's history).

Learners' records survive an update because nothing they point at is deleted: enrolments,
lesson progress and reflections point at pages, which are updated, never replaced (a lesson that
left the file is unpublished); an attempt is graded from its own snapshot of the questions served,
so a changed or removed question cannot change a stored or an open attempt. Questions whose
wording and answers are unchanged keep their id and answer ids, so item analysis keeps counting
them as one item; a question whose wording or answers changed is a new item. Scenario blocks
keep their ids (reflections point at them) and evaluation statements theirs (ratings do).
"""

from wagtail.blocks import StreamValue
from wagtail.models import Page, Revision

from ..models import CatalogPage, CoursePage, LoadedCourse, Question
from . import loader

REPLACE_HINT = "manage.py load_curriculum --replace {slug}"


def sync_course(
    catalog: CatalogPage, name: str, data: dict, digest: str, *, replace: bool = False
) -> tuple[str, str]:
    """Create, update or leave one course; returns (outcome, note for a person)."""
    slug = data["course"]["slug"]
    course = CoursePage.objects.child_of(catalog).filter(slug=slug).first()
    if course is None:
        course = loader.build_course(catalog, data)
        record_load(course, name, digest)
        return "created", ""
    record = LoadedCourse.objects.filter(course=course).first()
    if record is not None and record.sha256 == digest:
        return "unchanged", ""
    edited = edited_pages(course, record)
    if edited and not replace:
        return "needs_review", (
            f"changed by a trainer since the last load: review the new curriculum version in "
            f"courses/curriculum/{name} and apply it by hand (pages edited: {', '.join(edited)}). "
            f"Nothing was changed. To publish the file's version over those edits (they stay in "
            f"each page's history), run: {REPLACE_HINT.format(slug=slug)}"
        )
    update_course(course, data)
    record_load(course, name, digest)
    return "updated", ""


# Who changed what ---------------------------------------------------------------------------


def page_states(course: CoursePage) -> dict[str, dict]:
    pages = Page.objects.filter(path__startswith=course.path).only(
        "pk", "latest_revision_id", "live"
    )
    return {str(p.pk): {"revision": p.latest_revision_id, "live": p.live} for p in pages}


def record_load(course: CoursePage, name: str, digest: str) -> None:
    LoadedCourse.objects.update_or_create(
        course=course,
        defaults={"source_file": name, "sha256": digest, "pages": page_states(course)},
    )


def edited_pages(course: CoursePage, record: LoadedCourse | None) -> list[str]:
    """Titles of the pages someone other than the loader changed (empty: none did)."""
    if record is None:
        return _edited_before_records(course)
    now = page_states(course)
    changed = set(now) ^ set(record.pages)
    changed |= {pk for pk in now if pk in record.pages and now[pk] != record.pages[pk]}
    titles = dict(Page.objects.filter(pk__in=changed).values_list("pk", "title"))
    return sorted(titles.get(int(pk), f"a removed page ({pk})") for pk in changed)


def _edited_before_records(course: CoursePage) -> list[str]:
    """For a course loaded before the loader kept records: the loader published each page once,
    with no user, so a page with any other revision (or none) was edited by someone."""
    pages = dict(Page.objects.filter(path__startswith=course.path).values_list("pk", "title"))
    revisions: dict[int, list] = {pk: [] for pk in pages}
    for object_id, user_id in Revision.page_revisions.filter(
        object_id__in=[str(pk) for pk in pages]
    ).values_list("object_id", "user_id"):
        revisions[int(object_id)].append(user_id)
    return sorted(
        pages[pk] for pk, users in revisions.items() if len(users) != 1 or users[0] is not None
    )


# Updating in place ----------------------------------------------------------------------------


def update_course(course: CoursePage, data: dict) -> None:
    course = CoursePage.objects.get(pk=course.pk)
    for name, value in loader.course_fields(data["course"]).items():
        setattr(course, name, value)
    loader.set_objectives_and_sources(course, data["course"])
    course.save_revision().publish()

    existing = {page.slug: page.specific for page in course.get_children()}
    plan = loader.course_plan(data)
    pretest = None
    for spec in plan:
        page = existing.get(spec.slug)
        if page is None:
            page = loader.add_page(course, spec, pretest=pretest)
        else:
            _update_page(page, spec, pretest=pretest)
        if spec.slug == loader.PRETEST_SLUG:
            pretest = page
    planned = {spec.slug for spec in plan}
    for slug, page in existing.items():
        if slug not in planned and page.live:
            page.unpublish()
    put_in_order(course, [spec.slug for spec in plan])


def _update_page(page, spec: loader.PageSpec, *, pretest=None) -> None:
    page.title = spec.title
    if spec.kind == "lesson":
        page.body = _with_kept_ids(page.body, spec.fields["body"])
    elif spec.kind == "quiz":
        for name, value in spec.fields.items():
            setattr(page, name, value)
        if spec.slug == loader.POSTTEST_SLUG:
            page.paired_pretest = pretest
        page.questions = _matched_questions(list(page.questions.all()), spec.questions)
        page.raise_if_not_publishable()
    else:
        kept = {str(child.value): child.id for child in page.statements}
        page.statements = StreamValue(
            page.statements.stream_block,
            [("statement", text, kept.get(text)) for text in spec.fields["statements"]],
        )
        page.confidence_question = spec.fields["confidence_question"]
        page.comments_prompt = spec.fields["comments_prompt"]
    page.save_revision().publish()


def _with_kept_ids(old_body, new_body: list[tuple[str, object]]) -> StreamValue:
    """The new body, each scenario keeping the id of the old one with the same prompt (else the
    same title), so learners' reflections stay with their scenario."""
    old = [child for child in old_body if child.block_type == "scenario"]
    by_prompt = {child.value["prompt"]: child.id for child in old}
    by_title = {child.value["title"]: child.id for child in old if child.value["title"]}
    used: set[str] = set()
    body = []
    for block_type, value in new_body:
        block_id = None
        if block_type == "scenario":
            block_id = by_prompt.get(value["prompt"]) or by_title.get(value["title"])
            if block_id in used:
                block_id = None
            if block_id:
                used.add(block_id)
        body.append((block_type, value, block_id))
    return StreamValue(old_body.stream_block, body)


def _identity(kind: str, stem: str, vignette: str, choices) -> tuple:
    """What makes a question the same item: its wording and its answers with their keys."""
    return (kind, stem, vignette, tuple(sorted((c["text"], bool(c["correct"])) for c in choices)))


def _matched_questions(current: list[Question], planned: list[dict]) -> list[Question]:
    """The planned questions, reusing the current row (and answer ids) of any unchanged item."""
    unused = {}
    for question in current:
        key = _identity(question.kind, question.stem, question.vignette, question.choice_data())
        unused.setdefault(key, []).append(question)
    questions = []
    for index, spec in enumerate(planned):
        same = unused.get(_identity(spec["kind"], spec["stem"], spec["vignette"], spec["choices"]))
        texts = [choice["text"] for choice in spec["choices"]]
        if not same or len(set(texts)) != len(texts):  # answer ids are matched by their text
            questions.append(Question.build(**spec, sort_order=index))
            continue
        question = same.pop(0)
        ids = {choice["text"]: choice["id"] for choice in question.choice_data()}
        rebuilt = Question.build(
            **{**spec, "choices": [{**c, "id": ids[c["text"]]} for c in spec["choices"]]},
            sort_order=index,
        )
        rebuilt.pk = question.pk
        questions.append(rebuilt)
    return questions


def put_in_order(course: CoursePage, slugs: list[str]) -> None:
    """Children in the plan's order; pages the file no longer has (unpublished) go last."""
    children = list(course.get_children())
    wanted = sorted(children, key=lambda p: slugs.index(p.slug) if p.slug in slugs else len(slugs))
    if [p.pk for p in children] == [p.pk for p in wanted]:
        return
    for page in wanted:
        Page.objects.get(pk=page.pk).move(CoursePage.objects.get(pk=course.pk), pos="last-child")
