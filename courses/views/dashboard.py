"""The learner's own page: courses in progress and completed. Routed by the lms layer
(``lms.views.my_learning``, /my-learning/), which adds the certificates to it."""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse

from .. import assessments
from ..localization import catalog_in_active_language
from ..models import Enrollment
from ..services.progress import load_progress_many


@login_required
def my_learning(request):
    # Current cycles only: a course being renewed shows as in progress, once.
    enrollments = list(
        Enrollment.objects.current()
        .filter(user=request.user)
        .select_related("course")
        .order_by("-enrolled_at")
    )
    progress = load_progress_many(enrollments)
    in_progress = [
        {"enrollment": e, "progress": progress[e.pk], "next_item": progress[e.pk].next_item()}
        for e in enrollments
        if not e.is_complete
    ]
    # "Continue" rather than "Start" where answers are saved on the quiz that comes next.
    next_quizzes = {item["next_item"].page_id for item in in_progress if item["next_item"]}
    saved = assessments.quizzes_with_saved_answers(
        [item["enrollment"] for item in in_progress], next_quizzes - {None}
    )
    for item in in_progress:
        page_id = item["next_item"].page_id if item["next_item"] else None
        item["resumes"] = (item["enrollment"].pk, page_id) in saved
    completed = sorted(
        ({"enrollment": e, "progress": progress[e.pk]} for e in enrollments if e.is_complete),
        key=lambda item: item["enrollment"].completed_at,
        reverse=True,
    )
    # A TemplateResponse, so the lms layer can add the certificates before it is rendered.
    return TemplateResponse(
        request,
        "courses/my_learning.html",
        {
            "in_progress": in_progress,
            "completed": completed,
            "catalog": catalog_in_active_language(),
        },
    )
