"""Learners' practice pages and coaches' queue and rating pages. Changes are POST-only."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership
from basics.codes import normalize_code
from courses.localization import snippet_in, source_snippet
from courses.models import Enrollment

from . import permissions, services
from .forms import PracticeForm, RatingForm
from .models import CourseCoaching, PracticeResponse, PracticeSet
from .rubric import CRITERIA, POINTS_PER_RESPONSE

QUEUE_LENGTH = 200


def _practice_set(code: str) -> PracticeSet:
    """The source set at `code` (a translation's address leads to its source: submissions,
    responses and ratings belong to the source)."""
    found = source_snippet(
        PracticeSet.objects.select_related("course")
        .filter(code=normalize_code(code or ""), course__live=True)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _unsaved_responses(practice_set, previous) -> list[PracticeResponse]:
    """What the form shows before a draft exists: the statements, and a revision's last words."""
    earlier = {r.statement_id: r.text for r in previous.responses.all()} if previous else {}
    return [
        PracticeResponse(
            statement=statement,
            position=position,
            statement_setting=shown.setting,
            statement_text=shown.text,
            kind=statement.kind,
            text=earlier.get(statement.pk, ""),
        )
        for position, (statement, shown) in enumerate(
            services.statements_to_show(practice_set), start=1
        )
    ]


def _practice_context(request, practice_set, enrollment, form=None) -> dict:
    context = {
        "practice_set": practice_set,
        "shown": snippet_in(practice_set),
        "enrollment": enrollment,
        "form": form,
    }
    if enrollment is None:
        return context
    submissions = services.submissions_of(enrollment, practice_set)
    draft = next((s for s in submissions if not s.is_submitted), None)
    rated = [(s, services.current_review(s)) for s in submissions if s.is_submitted]
    may_write = practice_set.is_open and (
        draft is not None or services.may_start_revision(submissions)
    )
    if form is None and may_write:
        responses = (
            list(draft.responses.all())
            if draft
            else _unsaved_responses(practice_set, submissions[-1] if submissions else None)
        )
        form = PracticeForm(responses=responses)
    context.update(
        form=form if may_write else None,
        draft=draft,
        submissions=list(reversed(rated)),
        waiting=bool(submissions) and submissions[-1].is_submitted and not may_write,
        max_points=POINTS_PER_RESPONSE,
    )
    return context


@require_GET
@login_required
def practice(request, code):
    practice_set = _practice_set(code)
    enrollment = Enrollment.objects.current_for(request.user, practice_set.course)
    return render(
        request,
        "coaching/practice.html",
        _practice_context(request, practice_set, enrollment),
    )


@require_POST
@login_required
def save_practice(request, code):
    practice_set = _practice_set(code)
    enrollment = Enrollment.objects.current_for(request.user, practice_set.course)
    if enrollment is None or not practice_set.is_open:
        messages.error(request, _("Enrol in the course to practise."))
        return redirect("coaching:practice", code=practice_set.code)
    context = _practice_context(request, practice_set, enrollment)
    if context["form"] is None:
        messages.error(
            request,
            _("Your practice is with a coach. You can revise it when their feedback is ready."),
        )
        return redirect("coaching:practice", code=practice_set.code)
    form = PracticeForm(request.POST, responses=context["form"].responses)
    if not form.is_valid():
        context["form"] = form
        return render(request, "coaching/practice.html", context, status=400)
    submit = "submit" in request.POST
    try:
        submission = services.save(enrollment, practice_set, form.texts(), submit=submit)
    except services.PracticeRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("coaching:practice", code=practice_set.code)
    if submit:
        messages.success(request, _("Sent. A coach will rate it, and we email you when they do."))
        return redirect("coaching:submission", code=submission.code)
    messages.success(request, _("Draft saved. Only you can see it until you submit it."))
    return redirect("coaching:practice", code=practice_set.code)


@require_GET
@login_required
def submission(request, code):
    found = permissions.get_submission_for_reader(request.user, code)
    reviews = list(found.reviews.prefetch_related("ratings").select_related("coach"))
    review = services.current_review(found)
    ratings = {r.response_id: r for r in review.ratings.all()} if review else {}
    context = {
        "submission": found,
        "practice_set": found.practice_set,
        "review": review,
        "earlier_reviews": len(reviews) - 1 if reviews else 0,
        "items": [(r, ratings.get(r.pk)) for r in found.responses.all()],
        "criteria": CRITERIA,
        "is_learner": found.enrollment.user_id == request.user.pk,
        "may_rate": found.enrollment.user_id != request.user.pk
        and found.is_submitted
        and permissions.may_rate(request.user, found),
        "max_points": POINTS_PER_RESPONSE,
    }
    return render(request, "coaching/submission.html", context)


@require_GET
@login_required
def queue(request):
    permissions.require_coach(request.user)
    waiting = list(
        permissions.waiting_submissions(request.user)
        .select_related("practice_set__course", "enrollment__user")
        .order_by("submitted_at", "pk")[:QUEUE_LENGTH]
    )
    learner_ids = {s.enrollment.user_id for s in waiting}
    organizations = defaultdict(list)
    for user_id, name in (
        Membership.objects.filter(user_id__in=learner_ids)
        .order_by("organization__name")
        .values_list("user_id", "organization__name")
    ):
        organizations[user_id].append(name)
    hours = dict(
        CourseCoaching.objects.filter(
            course_id__in={s.practice_set.course_id for s in waiting}
        ).values_list("course_id", "target_response_hours")
    )
    now = timezone.now()
    rows = []
    for each in waiting:
        target = hours.get(each.practice_set.course_id)
        due = each.submitted_at + timedelta(hours=target) if target else None
        rows.append(
            {
                "submission": each,
                "organizations": organizations[each.enrollment.user_id],
                "due": due,
                "overdue": due is not None and now > due,
            }
        )
    return render(request, "coaching/queue.html", {"rows": rows})


def _rating_page(request, found, form, status=200):
    context = {
        "submission": found,
        "form": form,
        "criteria": CRITERIA,
        "earlier_reviews": found.reviews.count(),
    }
    return render(request, "coaching/rate.html", context, status=status)


@require_GET
@login_required
def rate(request, code):
    found = permissions.get_submission_to_rate(request.user, code)
    return _rating_page(request, found, RatingForm(responses=list(found.responses.all())))


@require_POST
@login_required
def save_rating(request, code):
    found = permissions.get_submission_to_rate(request.user, code)
    form = RatingForm(request.POST, responses=list(found.responses.all()))
    if not form.is_valid():
        return _rating_page(request, found, form, status=400)
    try:
        services.rate(request.user, found, form.scores(), form.cleaned_data["feedback"])
    except services.PracticeRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("coaching:rate", code=found.code)
    messages.success(request, _("Rating saved. We emailed the learner that feedback is ready."))
    return redirect("coaching:queue")
