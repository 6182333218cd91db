"""The participant's side of checking in: the door QR code's link, the session code typed in
(in the room or in a webinar), and claiming a walk-in's record with the code on its card.

Typed codes are rate-limited per account and per network address (a whole room may share
one); a code that works gives its count back, so a room full of people checking in at once is
never locked out by its own successes.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from basics import ratelimit
from basics.codes import normalize_code

from . import checkin, door, permissions
from .checkin_forms import ClaimForm, SessionCodeForm
from .models import CODE_LENGTH, Attendance, TrainingSession

# Wrong codes per 15 minutes, per account and per network address; settings may change them.
CODE_PERIOD = 15 * 60
CODE_FAILURES_PER_ACCOUNT = 10
CODE_FAILURES_PER_CLIENT = 60
DOOR_CHECK_INS_PER_MINUTE = 20


def _typed_code_limits(request, scope: str) -> list[tuple[str, int, str | None]]:
    per_account = getattr(
        settings, "TRAININGS_CODE_FAILURES_PER_ACCOUNT", CODE_FAILURES_PER_ACCOUNT
    )
    per_client = getattr(settings, "TRAININGS_CODE_FAILURES_PER_CLIENT", CODE_FAILURES_PER_CLIENT)
    return [
        (f"{scope}-account", per_account, f"user-{request.user.pk}"),
        (f"{scope}-client", per_client, None),
    ]


def _count_attempt(request, scope: str) -> int | None:
    """Count one typed code against both limits; the seconds to wait if either is passed."""
    waits = [
        ratelimit.hit(request, name, limit=limit, period=CODE_PERIOD, who=who)
        for name, limit, who in _typed_code_limits(request, scope)
    ]
    return max((wait for wait in waits if wait is not None), default=None)


def _give_attempt_back(request, scope: str) -> None:
    for name, _limit, who in _typed_code_limits(request, scope):
        ratelimit.give_back(request, name, period=CODE_PERIOD, who=who)


def _refused(request, session, message: str, status: int):
    context = {"session": session, "message": message}
    return render(request, "trainings/check_in_refused.html", context, status=status)


def _door_link_problem(request, session, stamp: str) -> tuple[str, int] | None:
    """Why this door link cannot check anyone in (message, status); None when it can."""
    found = door.read_stamp(session, stamp)
    if found is door.Stamp.GOOD:
        door.give_door_pass(request, session)
        return None
    if door.has_door_pass(request, session):
        return None
    if found is door.Stamp.EXPIRED:
        message = _(
            "This check-in code has expired: it changes every minute. Scan the code at the "
            "door again, or ask the facilitator to check you in."
        )
        return message, 410
    message = _(
        "This check-in link is not complete. Scan the code at the door again, or ask the "
        "facilitator to check you in."
    )
    return message, 400


@never_cache
def door_check_in(request, code, stamp):
    normalized = normalize_code(code or "")
    session = TrainingSession.objects.filter(code=normalized).select_related("organization")
    session = session.first() if len(normalized) == CODE_LENGTH else None
    if session is None:
        raise Http404
    visible = permissions.visible_sessions(request.user).filter(pk=session.pk).exists()
    if request.user.is_authenticated:
        attendance = checkin.current_attendance(session, request.user)
        if attendance is not None:
            return render(
                request, "trainings/door_check_in.html", {"session": session, "done": attendance}
            )
    problem = _door_link_problem(request, session, stamp)
    if problem is not None:
        if not visible:
            raise Http404  # a hidden session is shown only to someone at its door
        return _refused(request, session, *problem)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.path)
        return render(request, "trainings/door_check_in.html", {"session": session})
    if not visible:
        message = _(
            "This session is only for the staff of %(organization)s. Ask the facilitator to "
            "check you in."
        ) % {"organization": session.organization}
        return _refused(request, session, message, 403)
    refusal = permissions.why_check_in_is_refused(session)
    if refusal:
        return _refused(request, session, refusal, 409)
    if request.method != "POST":
        return render(request, "trainings/door_check_in.html", {"session": session})
    wait = ratelimit.hit(
        request,
        "trainings-door-check-in",
        limit=DOOR_CHECK_INS_PER_MINUTE,
        period=60,
        who=f"user-{request.user.pk}",
    )
    if wait is not None:
        return ratelimit.too_many_requests(request, wait)
    return _checked_in(request, session, Attendance.Method.DOOR_QR)


def _checked_in(request, session, method):
    try:
        outcome = checkin.check_in(session, request.user, method)
    except checkin.CheckInRefused as refusal:
        return _refused(request, session, str(refusal), 409)
    door.use_door_pass(request, session)
    if outcome.created:
        messages.success(request, _("You are checked in. Welcome!"))
    else:
        messages.info(request, _("You are already checked in."))
    return redirect("trainings:detail", code=session.code)


def _happening_session(user, typed_code: str):
    now = timezone.now()
    return (
        permissions.visible_sessions(user)
        .filter(
            check_in_code=typed_code,
            status=TrainingSession.Status.SCHEDULED,
            start__lte=now + permissions.CHECK_IN_OPENS_BEFORE,
            end__gte=now - permissions.CHECK_IN_CLOSES_AFTER,
        )
        .first()
    )


@never_cache
@login_required
def check_in_by_code(request):
    form = SessionCodeForm(request.POST or None)
    if request.method == "POST":
        wait = _count_attempt(request, "trainings-session-code")
        if wait is not None:
            return ratelimit.too_many_requests(request, wait)
        if form.is_valid():
            session = _happening_session(request.user, form.cleaned_data["code"])
            if session is not None:
                _give_attempt_back(request, "trainings-session-code")
                return _checked_in(request, session, Attendance.Method.SESSION_CODE)
            form.add_error(
                "code",
                _(
                    "No session happening now has this code. Check the code with the "
                    "facilitator and try again."
                ),
            )
    return render(request, "trainings/check_in_by_code.html", {"form": form})


@never_cache
@login_required
def claim(request):
    # A sign-in sheet's invitation links here with ?code= (trainings.community.claim_url).
    form = ClaimForm(request.POST or None, initial={"code": request.GET.get("code", "")[:40]})
    if request.method == "POST":
        wait = _count_attempt(request, "trainings-claim")
        if wait is not None:
            return ratelimit.too_many_requests(request, wait)
        if form.is_valid():
            try:
                record = checkin.claim(request.user, form.cleaned_data["code"])
            except checkin.ClaimRefused as refusal:
                form.add_error("code", str(refusal))
            else:
                _give_attempt_back(request, "trainings-claim")
                messages.success(
                    request,
                    _("Your attendance at “%(title)s” is now in your account.")
                    % {"title": record.session.title},
                )
                return redirect("trainings:claim")
    return render(request, "trainings/claim.html", {"form": form})
