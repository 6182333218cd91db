"""Read-only panels for the course editor."""

from django.utils.html import format_html
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
