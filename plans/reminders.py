"""Plan reminders: an email 14 days and 2 days before a course of a plan is due, and one
when it is overdue; once each per due date, in the learner's saved language.

As ``certificates.reminders``: safe to run as often as you like. The reminder row is inserted
before the email is sent, in one transaction, and a unique constraint lets only one run insert
it; if sending fails the row is rolled back and the next run tries again. A course due again
(a recurring item whose certificate expired) has a new due date, so its reminders go out anew.
Done courses get none (their certificate's own expiry reminders cover renewing).
"""

from __future__ import annotations

import datetime
import logging
from smtplib import SMTPException

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.language import in_language_of
from accounts.models import Membership
from basics.links import absolute_url

from .models import PlanReminder, TrainingPlan
from .services import (
    Status,
    applies_to,
    item_status,
    plans_with_items,
    records_for,
)

logger = logging.getLogger(__name__)

REMINDER_DAYS = (14, 2)


def reminder_kind(due_on: datetime.date, today: datetime.date) -> str | None:
    """Which reminder a course due on `due_on` should have today, if any.

    The windows do not overlap: 14 down to 3 days left is the 14-day one, 2 down to 0 the
    2-day one, after the day it is overdue; a plan made 10 days before the date sends only the
    14-day reminder, one made the day before only the 2-day one.
    """
    days_left = (due_on - today).days
    if days_left < 0:
        return PlanReminder.Kind.OVERDUE
    if days_left <= REMINDER_DAYS[1]:
        return PlanReminder.Kind.TWO_DAYS
    if days_left <= REMINDER_DAYS[0]:
        return PlanReminder.Kind.FOURTEEN_DAYS
    return None


def due_reminders(today: datetime.date):
    """(membership, plan, item, status, kind) for every reminder due today and not yet sent."""
    plans = plans_with_items(TrainingPlan.objects.filter(active=True))
    by_organization: dict[int, list[TrainingPlan]] = {}
    for plan in plans:
        by_organization.setdefault(plan.organization_id, []).append(plan)
    memberships = list(
        Membership.objects.filter(organization_id__in=by_organization, user__is_active=True)
        .select_related("user", "organization")
        .prefetch_related("tags")
    )
    items = [item for plan in plans for item in plan.items.all()]
    records = records_for({m.user_id for m in memberships}, items)
    sent = set(
        PlanReminder.objects.filter(membership__in=memberships).values_list(
            "membership_id", "item_id", "due_on", "kind"
        )
    )
    for membership in memberships:
        tag_ids = {tag.pk for tag in membership.tags.all()}
        for plan in by_organization[membership.organization_id]:
            if not applies_to(plan, membership, tag_ids=tag_ids):
                continue
            for item in plan.items.all():
                status = item_status(membership, item, today=today, records=records)
                if status.status == Status.DONE or status.due_on is None:
                    continue
                kind = reminder_kind(status.due_on, today)
                if kind and (membership.pk, item.pk, status.due_on, kind) not in sent:
                    yield membership, plan, item, status, kind


def item_url(item) -> str:
    """Where the learner goes for the item: the course page, or the session's page."""
    if item.session_id:
        return absolute_url(reverse("trainings:detail", args=[item.session.code]))
    return absolute_url(item.course.url) if item.course.live else ""


def _send(membership, plan, item, status, kind) -> None:
    learner = membership.user
    context = {
        "learner": learner,
        "organization": membership.organization,
        "plan": plan,
        "course": item.course,
        "item_title": item.title,
        "is_session": item.session_id is not None,
        "due_on": status.due_on,
        "overdue": kind == PlanReminder.Kind.OVERDUE,
    }
    with in_language_of(learner):
        context["my_learning_url"] = absolute_url(reverse("my_learning") + "#assigned")
        context["course_url"] = item_url(item)
        subject = render_to_string("plans/email/reminder_subject.txt", context)
        body = render_to_string("plans/email/reminder_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [learner.email])


def send_plan_reminders(today: datetime.date | None = None) -> dict:
    """Send every plan reminder due `today`; returns how many of each kind went out."""
    today = today or timezone.localdate()
    result = {"sent": {kind.value: 0 for kind in PlanReminder.Kind}, "failed": 0}
    for membership, plan, item, status, kind in list(due_reminders(today)):
        try:
            with transaction.atomic():
                PlanReminder.objects.create(
                    membership=membership, item=item, due_on=status.due_on, kind=kind
                )
                _send(membership, plan, item, status, kind)
        except IntegrityError:
            continue  # another run sent this one
        except (SMTPException, OSError):
            logger.exception("Plan reminder for membership %s failed", membership.code)
            result["failed"] += 1
            continue
        result["sent"][kind] += 1
    return result
