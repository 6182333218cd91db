"""The facilitator's side of checking in, on a phone: the roster, the door screen, checking a
registered person in or out, and walk-ins with their printed claim cards.

Every page opens with ``permissions.get_session_to_run`` (404 for people who may not see the
session, 403 for those who may see it but not run it, the second-factor step for roles that
need one). Changes are POST only and go through ``trainings.checkin``.
"""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks

from basics.codes import group_code
from basics.links import absolute_url

from . import checkin, door, permissions
from .checkin_forms import WalkInForm
from .models import Attendance, Registration
from .signals import ROSTER_ACTIONS_HOOK


def _door_qr_svg(session) -> str:
    qr = segno.make(door.door_link(session), error="m", micro=False)
    svg = qr.svg_inline(
        scale=6,
        border=4,  # the quiet zone cameras need around the code
        dark="#000",
        light="#fff",
        omitsize=True,  # a viewBox instead of a fixed size: the page's CSS sizes it
        title=_("QR code to check in to %(title)s") % {"title": session.title},
        svgclass="qr",
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def _door_context(session) -> dict:
    refusal = permissions.why_check_in_is_refused(session)
    return {
        "session": session,
        "check_in_refusal": refusal,
        "door_qr": None if refusal else _door_qr_svg(session),
        "check_in_code": group_code(session.check_in_code, 3),
        "door_link_minutes": door.DOOR_LINK_SECONDS // 60,
        "check_in_address": absolute_url(reverse("trainings:check_in_by_code")),
    }


def roster_rows(session) -> dict:
    """Everyone the facilitator needs to see: registered, waitlisted, and checked in."""
    attendances = list(
        Attendance.objects.current().filter(session=session).select_related("person")
    )
    by_person = {a.person_id: a for a in attendances if a.person_id is not None}
    registrations = list(
        Registration.objects.active().filter(session=session).select_related("person")
    )
    registered_ids = {r.person_id for r in registrations}
    rows = [
        {"registration": r, "person": r.person, "attendance": by_person.get(r.person_id)}
        for r in registrations
    ]
    others = [
        {"registration": None, "person": a.person, "attendance": a}
        for a in attendances
        if a.person_id is None or a.person_id not in registered_ids
    ]
    return {
        "registered": [
            row for row in rows if row["registration"].status == Registration.Status.REGISTERED
        ],
        "waitlisted": [
            row for row in rows if row["registration"].status == Registration.Status.WAITLISTED
        ],
        "others": others,
        "checked_in_count": len(attendances),
    }


def with_actions_of_other_apps(request, session, rows: dict) -> dict:
    """`rows` with each checked-in person's buttons from the apps above (ROSTER_ACTIONS_HOOK)."""
    attendances = [
        row["attendance"]
        for group in ("registered", "waitlisted", "others")
        for row in rows[group]
        if row["attendance"] is not None and row["attendance"].person_id is not None
    ]
    if not attendances:
        return rows
    actions: dict[str, list[str]] = {}
    for actions_for in hooks.get_hooks(ROSTER_ACTIONS_HOOK):
        for attendance_code, html in actions_for(request, session, attendances).items():
            actions.setdefault(attendance_code, []).append(html)
    for group in ("registered", "waitlisted", "others"):
        for row in rows[group]:
            if row["attendance"] is not None:
                row["actions"] = actions.get(row["attendance"].code, [])
    return rows


def _roster_context(request, session, walk_in_form) -> dict:
    rows = with_actions_of_other_apps(request, session, roster_rows(session))
    return {**_door_context(session), **rows, "walk_in_form": walk_in_form}


@never_cache
@login_required
@require_GET
def roster(request, code):
    session = permissions.get_session_to_run(request.user, code)
    return render(request, "trainings/roster.html", _roster_context(request, session, WalkInForm()))


@never_cache
@login_required
@require_GET
def door_screen(request, code):
    session = permissions.get_session_to_run(request.user, code)
    context = {**_door_context(session), "renews_seconds": door.DOOR_CODE_RENEWS_SECONDS}
    return render(request, "trainings/door_screen.html", context)


def _back_to_roster(session):
    return redirect("trainings:roster", code=session.code)


def _session_to_change(request, code):
    """The session for a roster POST; anonymous people sign in and land on the roster."""
    if not request.user.is_authenticated:
        return None, redirect_to_login(reverse("trainings:roster", args=[code]))
    return permissions.get_session_to_run(request.user, code), None


@require_POST
def roster_check_in(request, code):
    session, elsewhere = _session_to_change(request, code)
    if elsewhere:
        return elsewhere
    registration = (
        Registration.objects.active()
        .filter(session=session, code=str(request.POST.get("registration", ""))[:20])
        .select_related("person")
        .first()
    )
    if registration is None:
        raise Http404
    try:
        outcome = checkin.check_in(
            session, registration.person, Attendance.Method.FACILITATOR, by=request.user
        )
    except checkin.CheckInRefused as refusal:
        messages.error(request, str(refusal))
        return _back_to_roster(session)
    person = registration.person
    if outcome.created:
        messages.success(request, _("%(person)s is checked in.") % {"person": person})
    else:
        messages.info(request, _("%(person)s was already checked in.") % {"person": person})
    return _back_to_roster(session)


def _posted_attendance(request, session) -> Attendance:
    """The session's current record the roster's button names (404 when it names none)."""
    attendance = (
        Attendance.objects.current()
        .filter(session=session, code=str(request.POST.get("attendance", ""))[:20])
        .select_related("person")
        .first()
    )
    if attendance is None:
        raise Http404
    return attendance


def _change_posted_attendance(request, code, change, changed: str, unchanged: str):
    """Apply `change` (``checkin.check_out`` or ``check_back_in``: True when it changed the
    record) to the attendance the roster's button names, and say which happened."""
    session, elsewhere = _session_to_change(request, code)
    if elsewhere:
        return elsewhere
    attendance = _posted_attendance(request, session)
    who = attendance.person or attendance.name
    try:
        done_now = change(attendance)
    except checkin.CheckInRefused as refusal:
        messages.error(request, str(refusal))
        return _back_to_roster(session)
    if done_now:
        messages.success(request, str(changed) % {"person": who})
    else:
        messages.info(request, str(unchanged) % {"person": who})
    return _back_to_roster(session)


@require_POST
def roster_check_out(request, code):
    return _change_posted_attendance(
        request,
        code,
        checkin.check_out,
        gettext_lazy("%(person)s is checked out."),
        gettext_lazy("%(person)s was already checked out."),
    )


@require_POST
def roster_back_in(request, code):
    """Check back in someone who checked out and returned (their minutes add up)."""
    return _change_posted_attendance(
        request,
        code,
        checkin.check_back_in,
        gettext_lazy("%(person)s is back in."),
        gettext_lazy("%(person)s had not checked out."),
    )


@require_POST
def walk_in(request, code):
    session, elsewhere = _session_to_change(request, code)
    if elsewhere:
        return elsewhere
    form = WalkInForm(request.POST)
    if not form.is_valid():
        context = _roster_context(request, session, form)
        return render(request, "trainings/roster.html", context, status=400)
    try:
        attendance = checkin.add_walk_in(session, **form.cleaned_data, by=request.user)
    except checkin.CheckInRefused as refusal:
        messages.error(request, str(refusal))
        return _back_to_roster(session)
    messages.success(
        request,
        _("%(person)s is checked in. Print their card so they can claim the record later.")
        % {"person": attendance.name},
    )
    return redirect("trainings:claim_card", code=session.code, attendance=attendance.code)


@never_cache
@login_required
@require_GET
def claim_card(request, code, attendance):
    session = permissions.get_session_to_run(request.user, code)
    walk_in = (
        Attendance.objects.current()
        .filter(session=session, code=attendance[:20], person=None)
        .exclude(claim_code=None)
        .first()
    )
    if walk_in is None:
        raise Http404
    context = {
        "session": session,
        "walk_in": walk_in,
        "claim_code": group_code(walk_in.claim_code),
        "claim_address": absolute_url(reverse("trainings:claim")),
    }
    return render(request, "trainings/claim_card.html", context)
