"""The hours a certificate prints: the course's, plus what its learner earned at a live session.

Blended and live courses' certificates show their hours by format (online, in person or live
online) and the total; ``trainings.credit`` says what the session earned under the course's rule.
Every certificate also keeps the course's hours by category as they were at issue, so a trainer
editing the course later changes no learner's past hours (``transcripts.progress`` reads them).
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.choices import DeliveryFormat
from courses.models import Enrollment
from trainings.credit import live_credit_for
from trainings.models import TrainingSession

# How each kind of live session's hours are named on a certificate.
LIVE_FORMAT_LABELS = {
    TrainingSession.Format.IN_PERSON: gettext_lazy("In person"),
    TrainingSession.Format.ONLINE: gettext_lazy("Live online"),
    TrainingSession.Format.HYBRID: gettext_lazy("Live, in person or online"),
}


def hours_for(enrollment: Enrollment) -> tuple[Decimal, list[dict]]:
    """The contact hours `enrollment`'s certificate prints, and their parts by format.

    A course with a live session adds the hours its learner earned at the session (all of
    them, or the minutes attended where the course allows partial credit) to the course's
    online hours; a live-only course has the session's alone. Labels are in the active
    language (the caller picks the certificate's).
    """
    course = enrollment.course
    live = live_credit_for(enrollment)
    if live is None:
        return course.contact_hours, []
    parts = (
        []
        if course.delivery_format == DeliveryFormat.LIVE
        else [(_("Online"), course.contact_hours)]
    )
    parts.append((str(LIVE_FORMAT_LABELS[live.session_format]), live.hours))
    total = sum((hours for _label, hours in parts), Decimal(0))
    return total, [
        {"label": str(label), "hours": format(hours.normalize(), "f"), "one": hours == 1}
        for label, hours in parts
    ]


def category_rows(course) -> list[dict]:
    """The course's hours by category and format now, as a certificate keeps them: category
    id and name, format key (``courses.models.HoursFormat``) and hours as a plain string."""
    return [
        {
            "category": row.category_id,
            "name": row.category.name,
            "format": row.format,
            "hours": format(row.hours.normalize(), "f"),
        }
        for row in course.hours_by_category.select_related("category")
    ]
