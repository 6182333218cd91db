"""A learner's progress shown on the language version of a course they are reading.

Records point at the source (English) pages (``courses.localization``). Progress is decided on
the source course by ``courses.services.progress``, unchanged; this module then shows that same
progress with the pages of the course's translation (a Spanish lesson in place of its English
page, the Spanish post-test's address and title), so a learner who switches language keeps
their place, and the links lead on in the language they are reading. A page with no
translation yet is shown in English.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import replace

from ..localization import source_page, translations_by_source
from ..models import CoursePage, Enrollment
from .progress import CourseProgress, load_progress


def load_progress_as_shown(course: CoursePage, enrollment: Enrollment | None = None):
    """``load_progress`` for `course` in whatever language it is: decided on the source
    course, shown with `course`'s language versions of the pages."""
    source = source_page(course)
    progress = load_progress(source, enrollment)
    if source.pk == course.pk:
        return progress
    return shown_in(progress, course)


def shown_in(progress: CourseProgress, course: CoursePage) -> CourseProgress:
    """`progress` (decided on the source course) with the pages of `course`, its translation."""
    step_ids = [step.page_id for step in progress.requirements if step.page_id]
    sources = list(progress.lessons)
    if step_ids:
        from wagtail.models import Page

        sources += list(Page.objects.filter(pk__in=step_ids))
    translated = {
        pk: page for pk, page in translations_by_source(sources, course.locale).items() if page.live
    }
    titles = {page.pk: page.title for page in sources}
    lessons = [translated.get(lesson.pk, lesson) for lesson in progress.lessons]
    requirements = []
    for step in progress.requirements:
        page = translated.get(step.page_id)
        if page is None:
            requirements.append(step)
            continue
        label = step.label.replace(titles.get(step.page_id, ""), page.title, 1)
        requirements.append(replace(step, label=label, url=page.get_url(), page_id=page.pk))
    rows = {(translated[pk].pk if pk in translated else pk): at for pk, at in progress.rows.items()}
    shown = CourseProgress(
        course=course,
        enrollment=progress.enrollment,
        lessons=lessons,
        rows=rows,
        requirements=requirements,
    )
    # Which lesson each knowledge check follows is decided by the source course's page order,
    # not the translation's (a trainer may translate the pages in any order).
    shown.check_lessons = {
        key: translated.get(lesson.pk, lesson) for key, lesson in progress.check_lessons.items()
    }
    return shown


def snapshot_as_shown(snapshot: dict, quiz) -> dict:
    """An attempt's snapshot (taken from the source quiz) in `quiz`'s language: each question's
    wording and each answer's text and feedback from the translation, paired by the question's
    position in the bank and by answer id (the same in every language). Grading never reads
    this copy; it reads the attempt's own snapshot."""
    source = source_page(quiz)
    if source is None or source.pk == quiz.pk:
        return snapshot
    shown = list(quiz.questions.all())
    by_source_id = {
        str(question.pk): shown[index]
        for index, question in enumerate(source.questions.all())
        if index < len(shown)
    }
    copy = deepcopy(snapshot)
    for question in copy.get("questions", []):
        translated = by_source_id.get(str(question.get("id")))
        if translated is None:
            continue
        question["stem"] = translated.stem
        question["vignette"] = translated.vignette
        question["explanation"] = translated.explanation
        answers = {choice["id"]: choice for choice in translated.choice_data()}
        for choice in question.get("choices", []):
            answer = answers.get(choice.get("id"))
            if answer is not None:
                choice["text"], choice["feedback"] = answer["text"], answer["feedback"]
    return copy
