"""The learner's skills page and code, the observer's code box and form, and one observation.

Every change is a POST. The observer's pages need an observer role and a second factor
(``permissions``); the learner's pages are their own.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from basics import ratelimit
from courses.localization import paired_by_key, snippet_in, source_snippet

from . import permissions, services
from .forms import ObservationForm, ShowCodeForm
from .models import SkillsChecklist

# Typing codes: per client and per account, so neither more browsers nor more accounts help.
CODE_TRIES_PER_MINUTE = getattr(settings, "PRACTICE_CODE_RATE_LIMIT", 10)
NEW_CODES_PER_MINUTE = 10


def _checklist(code: str) -> SkillsChecklist:
    """The source checklist at `code` (a translation's address leads to its source: codes,
    observations and sign-offs belong to the source)."""
    found = source_snippet(
        SkillsChecklist.objects.select_related("course").filter(code=code).first()
    )
    if found is None or not found.course.live:
        raise Http404
    return found


def _shown_steps(checklist: SkillsChecklist, shown: SkillsChecklist) -> list:
    """The steps as the reader's language has them (English where a step has no version)."""
    return [step for _source, step in paired_by_key(checklist.items.all(), shown.items.all())]


@login_required
@require_http_methods(["GET", "HEAD"])
def checklist_page(request, code):
    checklist = _checklist(code)
    enrollment = services.current_enrollment(request.user, checklist)
    observations = services.observations_of(request.user, checklist)
    in_this_enrollment = [
        o for o in observations if enrollment and o.enrollment_id == enrollment.pk
    ]
    shown = snippet_in(checklist)
    context = {
        "checklist": checklist,
        "shown": shown,
        "items": _shown_steps(checklist, shown),
        "enrollment": enrollment,
        "show_request": services.usable_request(request.user, checklist) if enrollment else None,
        "observations": observations,
        "latest": observations[0] if observations else None,
        "signed_off": next((o for o in in_this_enrollment if o.signed_off), None),
    }
    return render(request, "practice/checklist.html", context)


@require_POST
def new_show_code(request, code):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("practice:checklist", args=[code]))
    checklist = _checklist(code)
    retry_after = ratelimit.hit(
        request,
        "practice-new-code",
        limit=NEW_CODES_PER_MINUTE,
        period=60,
        who=str(request.user.pk),
    )
    if retry_after is not None:
        return ratelimit.too_many_requests(request, retry_after)
    enrollment = services.current_enrollment(request.user, checklist)
    if enrollment is None:
        messages.error(request, _("Enrol in the course first, then ask to be observed."))
    else:
        services.request_observation(enrollment, checklist)
    return redirect("practice:checklist", code)


def _too_many_tries(request):
    for who in (None, f"user:{request.user.pk}"):
        retry_after = ratelimit.hit(
            request, "practice-show-code", limit=CODE_TRIES_PER_MINUTE, period=60, who=who
        )
        if retry_after is not None:
            return ratelimit.too_many_requests(request, retry_after)
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def enter_code(request):
    permissions.require_observer(request.user)
    form = ShowCodeForm(request.POST or None)
    if request.method == "POST":
        refused = _too_many_tries(request)
        if refused is not None:
            return refused
        if form.is_valid():
            found = permissions.find_request_by_show_code(request.user, form.cleaned_data["code"])
            if found is not None:
                return redirect("practice:observe", found.token)
            form.add_error(
                "code",
                _(
                    "No learner you can observe has this code. Check it with them: a code "
                    "works for 2 hours, once."
                ),
            )
    return render(request, "practice/enter_code.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def observe(request, token):
    waiting, standing = permissions.get_request_to_observe(request.user, token)
    at_session = waiting.session_id is not None
    shown = snippet_in(waiting.checklist)
    form = ObservationForm(
        waiting.checklist, request.POST or None, at_session=at_session, shown=shown
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # Locked, so a second press of "Save" finds the code used and records nothing.
            locked, standing = permissions.get_request_to_observe(
                request.user, token, for_update=True
            )
            observation = services.record_observation(
                locked,
                request.user,
                standing,
                place=form.cleaned_data.get("place", ""),
                marks=form.marks(),
            )
        return redirect("practice:observation", observation.code)
    context = {
        "waiting": waiting,
        "checklist": waiting.checklist,
        "shown": shown,
        "form": form,
        "place": services.session_place(waiting.session) if at_session else "",
    }
    return render(request, "practice/observe.html", context)


@require_POST
def observe_at_session(request, code):
    """The roster's "Observe skills" button: opens the observation form for one person
    checked in to the session, with the session as the place."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("trainings:roster", args=[code]))
    session, attendance, checklist = permissions.get_attendee_to_observe(
        request.user, code, request.POST.get("attendance", ""), request.POST.get("checklist", "")
    )
    enrollment = services.current_enrollment(attendance.person, checklist)
    if enrollment is None:
        messages.error(
            request,
            _(
                "%(person)s is not enrolled in %(course)s yet. They enrol on the course page; "
                "then you can observe them."
            )
            % {"person": attendance.person, "course": checklist.course.title},
        )
        return redirect("trainings:roster", code=session.code)
    waiting = services.request_observation_at_session(enrollment, checklist, session)
    return redirect("practice:observe", waiting.token)


@login_required
@require_http_methods(["GET", "HEAD"])
def observation_page(request, code):
    observation = permissions.get_observation_for_viewer(request.user, code)
    context = {
        "observation": observation,
        "marks": list(observation.marks.all()),
        "is_learner": observation.learner_id == request.user.pk,
    }
    return render(request, "practice/observation.html", context)
