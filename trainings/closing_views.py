"""The end of a session for the person running it: final marks, closing, corrections.

One page (``/trainings/<code>/close/``): before closing, the marks form, the summary and the
button that closes; afterwards, every record with its history and a correction form. Each
change is a POST; everyone else gets what ``permissions.get_session_to_run`` says.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from . import closing, credit
from .closing_forms import CorrectionForm, MarksForm
from .models import Attendance, TrainingSession
from .permissions import get_session_to_run


def _signed_in_first(code):
    """Signed-out people sign in, then come back to the closing page (a GET, never a POST)."""
    return redirect_to_login(reverse("trainings:close", args=[code]))


def _page(request, session, *, marks_form=None, correction_form=None, status=200):
    is_closed = session.status == TrainingSession.Status.CLOSED
    records = list(closing.roster(session))
    if marks_form is None and not is_closed:
        marks_form = MarksForm(session, records)
    summary = closing.summarize(session)
    rule = credit.rule_for(session)
    length = closing.session_minutes(session)
    context = {
        "session": session,
        "is_closed": is_closed,
        "marks_form": marks_form,
        "summary": summary,
        "refusal": closing.why_closing_is_refused(session, summary),
        "marking_refusal": closing.why_marking_is_refused(session),
        "history": closing.history(session) if is_closed else [],
        "correction_form": correction_form,
        "length": length,
        "needed_minutes": rule.minimum_minutes(length),
        "rule": rule,
        "mark_choices": Attendance.Mark.choices,
    }
    return render(request, "trainings/close.html", context, status=status)


@require_http_methods(["GET", "POST"])
def close(request, code):
    if not request.user.is_authenticated:
        return _signed_in_first(code)
    session = get_session_to_run(request.user, code)
    if request.method == "GET":
        return _page(request, session)
    try:
        summary = closing.close_session(session, by=request.user)
    except closing.ClosingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("trainings:close", code=session.code)
    messages.success(
        request,
        ngettext(
            "The session is closed. %(count)s person earned credit for attending.",
            "The session is closed. %(count)s people earned credit for attending.",
            summary.attended + summary.partial,
        )
        % {"count": summary.attended + summary.partial},
    )
    return redirect("trainings:close", code=session.code)


@require_POST
def save_marks(request, code):
    if not request.user.is_authenticated:
        return _signed_in_first(code)
    session = get_session_to_run(request.user, code)
    refusal = closing.why_marking_is_refused(session)
    if refusal:
        messages.error(request, refusal)
        return redirect("trainings:close", code=session.code)
    form = MarksForm(session, list(closing.roster(session)), request.POST)
    if not form.is_valid():
        return _page(request, session, marks_form=form, status=400)
    try:
        closing.save_marks(session, form.entries(), by=request.user)
    except closing.ClosingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("trainings:close", code=session.code)
    messages.success(request, _("The marks are saved. Close the session when they are final."))
    return redirect("trainings:close", code=session.code)


@require_POST
def correct(request, code):
    if not request.user.is_authenticated:
        return _signed_in_first(code)
    session = get_session_to_run(request.user, code)
    if session.status != TrainingSession.Status.CLOSED:
        messages.error(request, _("Until the session is closed, change the marks on the list."))
        return redirect("trainings:close", code=session.code)
    form = CorrectionForm(session, request.POST)
    if not form.is_valid():
        return _page(request, session, correction_form=form, status=400)
    try:
        closing.correct_mark(
            form.record,
            mark=form.cleaned_data["mark"],
            minutes=form.cleaned_data["minutes"],
            reason=form.cleaned_data["reason"].strip(),
            by=request.user,
        )
    except closing.ClosingRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("trainings:close", code=session.code)
    messages.success(request, _("The correction is saved. The original record is kept."))
    return redirect("trainings:close", code=session.code)
