"""Read-only panels for the course editor."""

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from wagtail.admin.panels import HelpPanel


class IndependentReviewStatusPanel(HelpPanel):
    """Whether an independent clinician has reviewed the course, for trainers and reviewers.

    Only the CMS shows this. Learner pages say who wrote the course from which sources and
    when it was last checked; a "pending" note on every page would tell them nothing they can
    act on (issue 15, "Sources and review status").
    """

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            review = (self.instance.independent_review or "").strip()
            if review:
                status = _("Independent clinical review: %(review)s") % {"review": review}
                style = "help-info"
            else:
                status = _("Independent clinical review: pending")
                style = "help-warning"
            self.content = format_html(
                '<div class="help-block {}"><p><strong>{}</strong></p><p>{}</p></div>',
                style,
                status,
                _(
                    "Only trainers and reviewers see this. Record the reviewer's name and the "
                    "date under “Clinical review”."
                ),
            )


class WholeCourseReviewPanel(HelpPanel):
    """Where the whole course's clinical review stands, with the reviewer's last comment, and a
    link to the page where the whole course is submitted, approved or sent back."""

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.content = self.describe() if self.instance.pk else ""

        def is_shown(self):
            # A course being added has nothing to review yet.
            return bool(self.instance.pk) and super().is_shown()

        def describe(self):
            # Imported here: the review service imports the page models this panel is part of.
            from wagtail.admin.templatetags.wagtailadmin_tags import user_display_name
            from wagtail.models import TaskState

            from .course_review import course_task_state, latest_feedback

            link = format_html(
                '<a href="{}">{}</a>',
                reverse("courses_course_review", args=[self.instance.pk]),
                _("Open the review of the whole course"),
            )
            feedback = latest_feedback(self.instance)
            if course_task_state(self.instance) is not None:
                heading = _("The whole course is waiting for clinical review.")
                style = "help-info"
            elif feedback is not None and feedback.status == TaskState.STATUS_REJECTED:
                heading = _("Changes requested by %(name)s on %(date)s") % {
                    "name": user_display_name(feedback.finished_by),
                    "date": date_format(localtime(feedback.finished_at)),
                }
                style = "help-warning"
            elif feedback is not None:
                heading = _("Approved by %(name)s on %(date)s") % {
                    "name": user_display_name(feedback.finished_by),
                    "date": date_format(localtime(feedback.finished_at)),
                }
                style = "help-info"
            else:
                heading = _(
                    "Send the course, its lessons, quizzes and evaluation to clinical review in "
                    "one step."
                )
                style = "help-info"
            comment = ""
            if feedback is not None and feedback.comment:
                comment = format_html(
                    "<p>{}</p><blockquote>{}</blockquote>",
                    _("Reviewer's comment:"),
                    linebreaksbr(feedback.comment),
                )
            return format_html(
                '<div class="help-block {}" id="whole-course-review-status"><p><strong>{}</strong>'
                "</p>{}<p>{}</p></div>",
                style,
                heading,
                comment,
                link,
            )
