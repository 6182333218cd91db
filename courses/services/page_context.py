"""What the course pages show: the context their ``get_context`` adds, built for one request.

The catalog, course and lesson page models call these; views render those pages through the
models, so nothing here imports a view.
"""

from .. import assessments, page_cache, permissions
from ..forms.learner import CatalogFilterForm, ReflectionForm
from ..localization import source_page
from ..models import CoursePage, Enrollment, Reflection
from ..permissions import LessonAccess
from .localized import load_progress_as_shown
from .progress import load_progress


def is_preview(request) -> bool:
    return bool(getattr(request, "is_preview", False))


def route_url(page, request, name: str) -> str:
    """The URL of one of the page's own routes (``enrol/``, ``complete/``…)."""
    base = page.get_url(request) or ""
    return (base if base.endswith("/") else base + "/") + page.reverse_subpage(name)


def resumes(enrollment, next_item) -> bool:
    """Whether the learner continues `next_item` rather than starts it: a quiz with answers
    saved on an attempt not handed in yet. (Asked only when the next item is a quiz.)"""
    if enrollment is None or next_item is None or next_item.page_id is None:
        return False
    saved = assessments.quizzes_with_saved_answers([enrollment], {next_item.page_id})
    return bool(saved)


# Catalog ---------------------------------------------------------------------------------


def catalog_context(catalog, request) -> dict:
    form = CatalogFilterForm(request.GET)
    courses = CoursePage.objects.live().public().child_of(catalog)
    if form.is_valid():
        courses = form.filter(courses)
    courses = list(courses)
    # A catalog in another language lists, after its own courses, those with no version in
    # it yet (in their source language), so a trainer's new English course is not hidden from
    # Spanish readers until someone translates it.
    source = source_page(catalog)
    if source is not None and source.pk != catalog.pk:
        untranslated = (
            CoursePage.objects.live()
            .public()
            .child_of(source)
            .exclude(translation_key__in=[course.translation_key for course in courses])
        )
        courses += list(form.filter(untranslated) if form.is_valid() else untranslated)
    status = {}
    if request.user.is_authenticated and courses:
        # By translation key: the record is the source course's, whatever language is shown.
        status = {
            key: "completed" if completed_at else "enrolled"
            for key, completed_at in Enrollment.objects.current()
            .filter(
                user=request.user,
                course__translation_key__in=[course.translation_key for course in courses],
            )
            .values_list("course__translation_key", "completed_at")
        }
    return {
        "filter_form": form,
        "is_filtered": form.is_valid() and any(form.cleaned_data.values()),
        "courses": [
            {
                "course": course,
                "status": status.get(course.translation_key),
                "in_other_language": course.locale_id != catalog.locale_id,
            }
            for course in courses
        ],
    }


# Course ----------------------------------------------------------------------------------


def course_context(course, request) -> dict:
    user = request.user
    preview = is_preview(request)
    enrollment = None if preview else permissions.enrollment_for(user, course)
    progress = load_progress_as_shown(course, enrollment)
    if preview or not course.pk:
        objectives, sources = list(course.objectives.all()), list(course.sources.all())
        prerequisites = permissions.prerequisites_of(course)
    else:
        extras = page_cache.course_extras(course)
        objectives, sources = extras["objectives"], extras["sources"]
        prerequisites = extras["prerequisites"]
    unmet = []
    if enrollment is None and user.is_authenticated and not preview:
        unmet = permissions.unmet_prerequisites(user, course, prerequisites)
    next_item = progress.next_item() if enrollment else None
    return {
        "is_preview": preview,
        "enrollment": enrollment,
        "progress": progress,
        "next_item": next_item,
        "resumes_next_item": resumes(enrollment, next_item),
        "objectives": objectives,
        "sources": sources,
        "prerequisites": prerequisites,
        "unmet_prerequisites": unmet,
        "can_enrol": not preview and user.is_authenticated and enrollment is None and not unmet,
        "enrol_url": "" if preview else route_url(course, request, "enrol"),
    }


# Lesson ----------------------------------------------------------------------------------


def lesson_context(lesson, request, access: LessonAccess | None, reflection_form=None) -> dict:
    """Context for a lesson page. Without `access` (a preview) nothing personal is shown."""
    if access is not None:
        course, enrollment, progress = access.course, access.enrollment, access.progress
    else:
        course, enrollment = lesson.course, None
        progress = load_progress(course) if course is not None else None
    previous, following = progress.neighbours(lesson) if progress else (None, None)
    state = progress.state_of(lesson) if progress else None

    reflection_forms = {}
    scenario_ids = lesson.scenario_block_ids() if enrollment is not None else set()
    if scenario_ids:
        saved = {
            reflection.block_id: reflection
            for reflection in Reflection.objects.filter(
                enrollment=enrollment, lesson=source_page(lesson)
            )
        }
        for block_id in scenario_ids:
            reflection = saved.get(block_id)
            form = ReflectionForm(
                initial={"block": block_id, "text": reflection.text if reflection else ""},
                auto_id=f"reflection-{block_id}-%s",
            )
            form.saved = reflection
            reflection_forms[block_id] = form
        if reflection_form is not None:
            block_id = reflection_form.data.get("block")
            reflection_form.saved = saved.get(block_id)
            reflection_forms[block_id] = reflection_form

    return {
        "course": course,
        "enrollment": enrollment,
        "progress": progress,
        "lesson_state": state,
        "previous_lesson": previous,
        "next_lesson": following,
        "next_lesson_locked": bool(following and progress.is_locked(following)),
        "is_first_lesson": bool(
            progress and progress.lessons and progress.lessons[0].pk == lesson.pk
        ),
        "reflection_forms": reflection_forms,
        "reflection_url": route_url(lesson, request, "reflection") if reflection_forms else "",
        "complete_url": route_url(lesson, request, "complete") if enrollment else "",
        "is_preview": is_preview(request),
    }
