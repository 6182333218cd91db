"""Request handling for the course pages (called from the page models' routes and contexts).

Each handler: ask ``courses.permissions``, call one ``courses.services`` function, then render or
redirect. State changes are POST-only (405 otherwise), need a signed-in learner and go through
Django's CSRF middleware like any other view.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import page_cache, permissions, services
from ..forms import CatalogFilterForm, ReflectionForm
from ..models import CoursePage, Enrollment, Reflection
from ..permissions import Access, LessonAccess
from ..services.progress import load_progress


def _is_preview(request) -> bool:
    return bool(getattr(request, "is_preview", False))


def _route_url(page, request, name: str) -> str:
    """The URL of one of the page's own routes (``enrol/``, ``complete/``…)."""
    base = page.get_url(request) or ""
    return (base if base.endswith("/") else base + "/") + page.reverse_subpage(name)


# Catalog ---------------------------------------------------------------------------------


def catalog_context(catalog, request) -> dict:
    form = CatalogFilterForm(request.GET)
    courses = CoursePage.objects.live().public().child_of(catalog)
    if form.is_valid():
        courses = form.filter(courses)
    courses = list(courses)
    status = {}
    if request.user.is_authenticated and courses:
        status = {
            course_id: "completed" if completed_at else "enrolled"
            for course_id, completed_at in Enrollment.objects.current()
            .filter(user=request.user, course__in=courses)
            .values_list("course_id", "completed_at")
        }
    return {
        "filter_form": form,
        "is_filtered": form.is_valid() and any(form.cleaned_data.values()),
        "courses": [{"course": course, "status": status.get(course.pk)} for course in courses],
    }


# Course ----------------------------------------------------------------------------------


def course_context(course, request) -> dict:
    user = request.user
    preview = _is_preview(request)
    enrollment = None if preview else permissions.enrollment_for(user, course)
    progress = load_progress(course, enrollment)
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
    return {
        "is_preview": preview,
        "enrollment": enrollment,
        "progress": progress,
        "next_item": progress.next_item() if enrollment else None,
        "objectives": objectives,
        "sources": sources,
        "prerequisites": prerequisites,
        "unmet_prerequisites": unmet,
        "can_enrol": not preview and user.is_authenticated and enrollment is None and not unmet,
        "enrol_url": "" if preview else _route_url(course, request, "enrol"),
    }


def enrol(request, course):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    course_url = course.get_url(request)
    if not request.user.is_authenticated:
        return redirect_to_login(course_url)
    if permissions.unmet_prerequisites(request.user, course):
        messages.error(request, _("Please complete the courses listed under “Before you start”."))
        return redirect(course_url)
    _enrollment, created = services.enrol(request.user, course)
    if created:
        messages.success(
            request,
            _("You are enrolled in “%(title)s”. Start whenever you are ready.")
            % {"title": course.title},
        )
    return redirect(course_url)


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
            for reflection in Reflection.objects.filter(enrollment=enrollment, lesson=lesson)
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
        "reflection_url": _route_url(lesson, request, "reflection") if reflection_forms else "",
        "complete_url": _route_url(lesson, request, "complete") if enrollment else "",
        "is_preview": _is_preview(request),
    }


def _render_lesson(request, lesson, access, reflection_form=None):
    context = lesson.get_context(request, access=access, reflection_form=reflection_form)
    return TemplateResponse(request, lesson.get_template(request), context)


def _send_away(request, lesson, access: LessonAccess):
    """Where to go instead of a lesson the learner may not open (yet)."""
    course_url = access.course.get_url(request)
    if access.status is Access.LOCKED:
        next_item = access.progress.next_item()
        messages.info(
            request,
            _("This course is taken in order. Please finish “%(title)s” first.")
            % {"title": next_item.title if next_item else ""},
        )
        return redirect(next_item.get_url(request) if next_item else course_url)
    if access.status is Access.SIGN_IN:
        messages.info(request, _("Sign in and enrol in this course to read its lessons."))
    else:
        messages.info(request, _("Enrol in this course to read its lessons."))
    return redirect(course_url)


def read_lesson(request, lesson):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    access = permissions.lesson_access(request.user, lesson)
    if not access.allowed:
        return _send_away(request, lesson, access)
    if lesson.pk not in access.progress.rows:  # first visit: start the clock
        services.note_first_view(access.enrollment, lesson)
    return _render_lesson(request, lesson, access)


def complete_lesson(request, lesson):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    access = permissions.lesson_access(request.user, lesson)
    if not access.allowed:
        return _send_away(request, lesson, access)
    enrollment = access.enrollment
    was_complete = enrollment.is_complete
    services.complete_lesson(enrollment, lesson)
    if enrollment.is_complete and not was_complete:
        messages.success(
            request,
            _("Well done: you completed “%(title)s”.") % {"title": access.course.title},
        )
        return redirect(access.course.get_url(request))
    next_item = services.next_item_for(enrollment, after=lesson)
    if next_item is None:
        return redirect(access.course.get_url(request))
    return redirect(next_item.get_url(request))


def save_reflection(request, lesson):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.get_url(request))
    access = permissions.lesson_access(request.user, lesson)
    if not access.allowed:
        return _send_away(request, lesson, access)
    block_ids = lesson.scenario_block_ids()
    block_id = request.POST.get("block", "")
    if block_id not in block_ids:
        raise Http404
    form = ReflectionForm(request.POST, block_ids=block_ids, auto_id=f"reflection-{block_id}-%s")
    if not form.is_valid():
        return _render_lesson(request, lesson, access, reflection_form=form)
    reflection = services.save_reflection(
        access.enrollment, lesson, form.cleaned_data["block"], form.cleaned_data["text"]
    )
    if reflection is None:
        messages.success(request, _("Your reflection was deleted."))
    else:
        messages.success(request, _("Your reflection was saved. Only you can see it."))
    return redirect(f"{lesson.get_url(request)}#scenario-{block_id}")
