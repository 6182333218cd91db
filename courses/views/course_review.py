"""The whole course's clinical review in the Wagtail admin: one page to submit it all, and one
to approve it all or send it back with a comment (``courses.course_review`` does the work)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .. import course_review
from ..course_review import APPROVE, REQUEST_CHANGES, CourseReviewError, Part
from ..models import CoursePage
from ..permissions import may_review_course, may_submit_course_for_review

SUBMIT = "submit"
# Parts a submission would change: what to offer the trainer the button for.
SUBMITTABLE = {Part.GOES_INTO_REVIEW, Part.JOINS_FROM_OWN_REVIEW, Part.RESUBMITTED, Part.SENT_BACK}
PART_LABELS = {
    Part.GOES_INTO_REVIEW: gettext_lazy("Goes into review with the course"),
    Part.JOINS_FROM_OWN_REVIEW: gettext_lazy(
        "Waiting for review on its own: joins the course's review when you submit"
    ),
    Part.RESUBMITTED: gettext_lazy(
        "Changes were requested on its own: goes back into review when you submit"
    ),
    Part.IN_COURSE_REVIEW: gettext_lazy("Waiting for review with the course"),
    Part.SENT_BACK: gettext_lazy("Changes requested"),
    Part.UNCHANGED: gettext_lazy("Published, no changes since: not reviewed again"),
    Part.IN_OTHER_WORKFLOW: gettext_lazy("In another workflow: left as it is"),
}


def review_url(course) -> str:
    return reverse("courses_course_review", args=[course.pk])


class CourseReviewView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "tasks"
    template_name = "courses/admin/course_review.html"

    def dispatch(self, request, *args, **kwargs):
        self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"]).specific
        self.can_submit = may_submit_course_for_review(request.user, self.course)
        self.can_review = may_review_course(request.user, self.course)
        if not (self.can_submit or self.can_review):
            raise PermissionDenied
        self.problems: list[str] = []
        self.comment = ""
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Review of the whole course: %(title)s") % {"title": self.course.title}

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.course.pk]),
                "label": self.course.title,
            },
            {"url": "", "label": _("Review of the whole course")},
        ]

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        self.comment = request.POST.get("comment", "")
        try:
            if action == SUBMIT:
                if not self.can_submit:
                    return self.refuse(_("Only trainers who may edit this course can submit it."))
                course_review.submit_course(self.course, request.user)
                done = _("The whole course was submitted for clinical review.")
            elif action in (APPROVE, REQUEST_CHANGES):
                if not self.can_review:
                    return self.refuse(
                        _("Only clinical reviewers can approve a course or request changes.")
                    )
                course_review.act_on_course(self.course, request.user, action, self.comment)
                done = (
                    _("The whole course was approved and published.")
                    if action == APPROVE
                    else _("Changes were requested. The trainer sees your comment.")
                )
            else:
                self.problems = [_("Choose what to do with the course.")]
                return self.render_to_response(self.get_context_data(), status=400)
        except CourseReviewError as error:
            self.problems = error.problems
            return self.render_to_response(self.get_context_data())
        messages.success(request, done)
        return redirect(review_url(self.course))

    def refuse(self, reason: str):
        # Wagtail's admin turns PermissionDenied into a redirect home; say why, here, with a 403.
        self.problems = [reason]
        return self.render_to_response(self.get_context_data(), status=403)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        parts = course_review.parts(self.course)
        waiting = course_review.course_task_state(self.course) is not None
        context.update(
            course=self.course,
            parts=[(entry, PART_LABELS[entry.part]) for entry in parts],
            waiting=waiting,
            show_submit=self.can_submit and any(entry.part in SUBMITTABLE for entry in parts),
            show_review=self.can_review and waiting,
            feedback=course_review.latest_feedback(self.course),
            problems=self.problems,
            comment=self.comment,
            actions={"submit": SUBMIT, "approve": APPROVE, "request_changes": REQUEST_CHANGES},
        )
        return context
