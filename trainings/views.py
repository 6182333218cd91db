"""Public pages of live sessions: the list, a session's page, and Register / Cancel (POST)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks

from basics import ratelimit

from . import permissions, services
from .models import Registration
from .signals import SESSION_PAGE_SECTIONS_HOOK

REGISTER_LIMIT = getattr(settings, "TRAININGS_REGISTER_RATE_LIMIT", 20)  # per person per minute


@require_GET
def session_list(request):
    sessions = permissions.listed_sessions(request.user)[:200]
    return render(request, "trainings/session_list.html", {"sessions": sessions})


def _sections_from_apps_above(request, session) -> str:
    """What the apps above trainings add to the page (``signals.SESSION_PAGE_SECTIONS_HOOK``)."""
    parts = [hook(request, session) for hook in hooks.get_hooks(SESSION_PAGE_SECTIONS_HOOK)]
    return mark_safe("".join(conditional_escape(part) for part in parts if part))  # noqa: S308


@require_GET
def session_detail(request, code):
    session = permissions.get_session_page(request.user, code)
    registration = permissions.active_registration(request.user, session)
    context = {
        "session": session,
        "registration": registration,
        "show_link": permissions.may_see_meeting_link(registration),
        "seats_left": services.seats_left(session),
        "refusal": permissions.why_registration_is_refused(session)
        or permissions.why_viewer_may_not_register(request.user, session),
        "may_run": permissions.may_run_session(request.user, session),
        "check_in_open": permissions.why_check_in_is_refused(session) is None,
        "sections": _sections_from_apps_above(request, session),
    }
    return render(request, "trainings/session_detail.html", context)


def _signed_in_first(request, code):
    """Anonymous people sign in and come back to the session's page (not to this POST-only
    address, which a browser would open with GET after signing in)."""
    return redirect_to_login(reverse("trainings:detail", args=[code]))


def _limited(request):
    return ratelimit.hit(
        request, "trainings-register", limit=REGISTER_LIMIT, period=60, who=str(request.user.pk)
    )


@require_POST
def register(request, code):
    if not request.user.is_authenticated:
        return _signed_in_first(request, code)
    session = permissions.get_session_for_viewer(request.user, code)
    retry_after = _limited(request)
    if retry_after is not None:
        return ratelimit.too_many_requests(request, retry_after)
    try:
        registration, _new = services.register(request.user, session)
    except services.RegistrationRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("trainings:detail", code=session.code)
    if registration.status == Registration.Status.REGISTERED:
        messages.success(request, _("You are registered. We sent you an email with the details."))
    else:
        messages.info(
            request,
            _(
                "The session is full, so you are on the waitlist. If a place opens, you get it "
                "and we email you."
            ),
        )
    return redirect("trainings:detail", code=session.code)


@require_POST
def cancel(request, code):
    if not request.user.is_authenticated:
        return _signed_in_first(request, code)
    session = permissions.get_session_for_viewer(request.user, code)
    retry_after = _limited(request)
    if retry_after is not None:
        return ratelimit.too_many_requests(request, retry_after)
    outcome = services.cancel(request.user, session)
    if outcome.cancelled is not None:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("trainings:detail", code=session.code)
