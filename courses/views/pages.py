"""Request handling for the course pages (called from the page models' routes).

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

from .. import permissions, services
from ..forms.learner import ReflectionForm
from ..permissions import Access, LessonAccess

# Course ----------------------------------------------------------------------------------


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
    # In the language the learner is reading (the record is the source course's).
    next_item = services.load_progress_as_shown(access.course, enrollment).next_item(after=lesson)
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
