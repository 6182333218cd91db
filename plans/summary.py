"""The monthly summary email for managers who ask for it: for each active plan of their
organization, how many courses are done, in progress, not started and overdue among the
members who share their records, how many assigned members do not share, and a link to the
compliance page. No person is named in it, sharing or not.

Daily-safe like ``plans.reminders``: it goes out the first time the job runs in a month, once
per manager and month. The row saying it was sent is inserted before the email, in one
transaction, under a unique constraint, so a second run (or two at once) sends nothing more,
and a failed send is rolled back and retried by the next run.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from smtplib import SMTPException

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.language import in_language_of
from accounts.models import Membership
from basics.links import absolute_url

from .compliance import ComplianceFilterForm, compliance_rows, plan_items
from .models import SummarySent, SummarySubscription, TrainingPlan
from .services import Status

logger = logging.getLogger(__name__)

COUNTED = (Status.DONE, Status.IN_PROGRESS, Status.NOT_STARTED, Status.OVERDUE)


@dataclass
class PlanFigures:
    plan: TrainingPlan
    members: int = 0
    not_shared: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))

    @property
    def lines(self) -> list[tuple]:
        """(status label, count) in the order the email lists them."""
        return [(Status.LABELS[status], self.counts[status]) for status in COUNTED]


def plan_figures(plan: TrainingPlan, today: datetime.date) -> PlanFigures:
    figures = PlanFigures(plan)
    rows = compliance_rows(plan, plan_items(plan), ComplianceFilterForm({}, tags=[]), today=today)
    for row in rows:
        figures.members += 1
        if not row.shares:
            figures.not_shared += 1
            continue
        for status in row.statuses:
            figures.counts[status.status] += 1
    return figures


def month_of(today: datetime.date) -> datetime.date:
    return today.replace(day=1)


def due_summaries(today: datetime.date):
    """The subscribed managers (memberships) whose summary for this month has not gone out."""
    return (
        SummarySubscription.objects.filter(
            membership__role=Membership.Role.MANAGER, membership__user__is_active=True
        )
        .exclude(membership__plan_summaries_sent__month=month_of(today))
        .select_related("membership__user", "membership__organization")
        .order_by("membership__organization_id", "pk")
    )


def _send(membership: Membership, figures: list[PlanFigures], today: datetime.date) -> None:
    manager, organization = membership.user, membership.organization
    with in_language_of(manager):
        context = {
            "manager": manager,
            "organization": organization,
            "month": today,
            "plans": [
                (
                    each,
                    absolute_url(
                        reverse("plans:compliance", args=[organization.slug, each.plan.code])
                    ),
                )
                for each in figures
            ],
            "plans_url": absolute_url(reverse("plans:list", args=[organization.slug])),
        }
        subject = render_to_string("plans/email/summary_subject.txt", context)
        body = render_to_string("plans/email/summary_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [manager.email])


def send_monthly_summaries(today: datetime.date | None = None) -> dict:
    """Send this month's summary to every subscribed manager who has not had it."""
    today = today or timezone.localdate()
    result = {"sent": 0, "failed": 0}
    by_organization: dict[int, list[PlanFigures]] = {}
    for subscription in list(due_summaries(today)):
        membership = subscription.membership
        if membership.organization_id not in by_organization:
            plans = TrainingPlan.objects.filter(
                organization_id=membership.organization_id, active=True
            )
            by_organization[membership.organization_id] = [
                plan_figures(plan, today) for plan in plans
            ]
        try:
            with transaction.atomic():
                SummarySent.objects.create(membership=membership, month=month_of(today))
                _send(membership, by_organization[membership.organization_id], today)
        except IntegrityError:
            continue  # another run sent this one
        except (SMTPException, OSError):
            logger.exception("Plan summary for membership %s failed", membership.code)
            result["failed"] += 1
            continue
        result["sent"] += 1
    return result
