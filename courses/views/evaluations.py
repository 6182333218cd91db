"""The course evaluation: the form (GET), submit (POST), and a thank-you once answered.

Called from ``EvaluationPage``'s routes. A response is stored once and never edited; a second
submission (a double click, another tab) shows the thank-you again.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import assessments
from ..forms.learner import EvaluationForm
from ..services.page_context import route_url
from .quizzes import _open_access

TEMPLATE = "courses/evaluation_page.html"


def _render(request, evaluation, access, form=None, response=None, status=200):
    context = evaluation.get_context(request)
    next_item = access.progress.next_item() if access and access.progress else None
    context.update(
        course=access.course if access else evaluation.course,
        enrollment=access.enrollment if access else None,
        progress=access.progress if access else None,
        form=form,
        response=response,
        submit_url=route_url(evaluation, request, "submit") if access else "",
        next_item=next_item,
        is_preview=access is None,
    )
    return TemplateResponse(request, TEMPLATE, context, status=status)


def evaluation_form(request, evaluation):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    access, away = _open_access(request, evaluation)
    if away:
        return away
    response = assessments.response_for(access.enrollment)
    form = None if response else EvaluationForm(evaluation)
    return _render(request, evaluation, access, form=form, response=response)


def submit_evaluation(request, evaluation):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(evaluation.get_url(request))
    access, away = _open_access(request, evaluation)
    if away:
        return away
    if assessments.response_for(access.enrollment) is not None:
        messages.info(request, _("You have already answered the evaluation. Thank you."))
        return redirect(evaluation.get_url(request))
    form = EvaluationForm(evaluation, request.POST)
    if not form.is_valid():
        return _render(request, evaluation, access, form=form, status=400 if form.tampered else 200)
    enrollment = access.enrollment
    was_complete = enrollment.is_complete
    assessments.submit_evaluation(
        enrollment,
        evaluation,
        ratings=form.ratings(),
        confidence_before=form.cleaned_data.get("confidence_before"),
        confidence_after=form.cleaned_data.get("confidence_after"),
        comments=form.cleaned_data.get("comments", ""),
    )
    if enrollment.is_complete and not was_complete:
        messages.success(
            request,
            _("Thank you. You completed “%(title)s”.") % {"title": access.course.title},
        )
        return redirect(access.course.get_url(request))
    messages.success(request, _("Thank you for your answers."))
    return redirect(evaluation.get_url(request))


def preview_evaluation(request, evaluation):
    return _render(request, evaluation, None, form=EvaluationForm(evaluation))
