"""What a training plan means for a member: which plans apply, and each item's status.

:func:`item_status` is the one rule. An item is **done** while the member holds a completion
that still counts: a certificate for the course that is not revoked and not past its
``valid_until`` (certificates' own rule, ``Certificate.status_on``), or a completion whose
certificate has not been issued yet (the learner has not given a name for certificates).
A completion that never expires counts for good, unless the item recurs: then for
``recur_months`` after it. When the last completion stops counting, the course is due again on
the day it lapsed (or on the rule's date, if that is later). An item marked ``by_attending``
is also done once the member attended a closed session of the course (marked attended or
attended part), whatever the online part says. An item for one particular session is done
once the member's current record at that session, after it closed, earns credit (marked
attended, or attended part where the course's rule gives partial credit; ``trainings.credit``).
Otherwise the item is **overdue** after its due date, **in progress** while the member is
enrolled (for a session: holds a place), else **not started**.

The due date is the item's fixed date, or the member's joining day (``Membership.joined_at``)
plus the item's number of days. A course finished before the member joined counts at once.

:func:`learning_records` reads everything the rule needs for many members and courses in two
queries, so a page of any size costs the same.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from basics.dates import add_months
from certificates.models import Certificate
from courses.models import Enrollment
from trainings.credit import SESSION_FIELDS, CreditRule, credit_for
from trainings.models import Attendance, Registration, TrainingSession

from .models import PlanItem, TrainingPlan


class Status:
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"
    NOT_SHARED = "not_shared"

    LABELS = {
        DONE: _("Done"),
        IN_PROGRESS: _("In progress"),
        NOT_STARTED: _("Not started"),
        OVERDUE: _("Overdue"),
        NOT_SHARED: _("Not shared"),
    }
    # Overdue first, then what is still to do, done last (My learning, sorting by urgency).
    URGENCY = {OVERDUE: 0, IN_PROGRESS: 1, NOT_STARTED: 1, DONE: 2, NOT_SHARED: 3}

    @classmethod
    def choices(cls):
        return list(cls.LABELS.items())


@dataclass(frozen=True)
class Completion:
    completed_on: datetime.date
    counts_until: datetime.date | None  # the last day it counts; None: for good


@dataclass
class CourseRecord:
    completions: list[Completion] = field(default_factory=list)
    enrolled: bool = False  # a current, unfinished enrolment
    attended: list[datetime.date] = field(default_factory=list)  # closed sessions attended


@dataclass(frozen=True)
class ItemStatus:
    status: str
    due_on: datetime.date | None  # when to finish it by (for a done item: when it is due again)

    @property
    def label(self):
        return Status.LABELS[self.status]

    @property
    def is_done(self) -> bool:
        return self.status == Status.DONE


class LearningRecords(dict):
    """(user id, course id) -> CourseRecord; a missing pair has no records. Sessions credited
    (for items of one session) are kept apart: (user id, session id) -> the day it ended."""

    def __init__(self):
        super().__init__()
        self.credited_sessions: dict[tuple[int, int], datetime.date] = {}
        self.registered_sessions: set[tuple[int, int]] = set()  # (user id, session id)

    def of(self, user_id: int, course_id: int) -> CourseRecord:
        return self.get((user_id, course_id)) or CourseRecord()

    def of_item(self, user_id: int, item: PlanItem) -> CourseRecord:
        if item.session_id is None:
            return self.of(user_id, item.course_id)
        key = (user_id, item.session_id)
        ended = self.credited_sessions.get(key)
        return CourseRecord(
            completions=[Completion(ended, None)] if ended else [],
            enrolled=key in self.registered_sessions,
        )


def learning_records(
    user_ids: Iterable[int],
    course_ids: Iterable[int],
    attended_courses: Iterable[int] = (),
    session_ids: Iterable[int] = (),
) -> LearningRecords:
    """Certificates and enrolments of these people in these courses (two queries), and, for
    `attended_courses` (of items done by attending), the closed sessions of those courses they
    attended (one more query, only when there are such items), and which of `session_ids`
    (items of one session) gave them credit or hold a place for them (two more queries, only
    when there are such items; a place makes the item "in progress")."""
    user_ids, course_ids = list(user_ids), [pk for pk in course_ids if pk is not None]
    attended_courses = list(attended_courses)
    records = LearningRecords()
    if user_ids and session_ids:
        _add_credited_sessions(records, user_ids, set(session_ids))
    if not user_ids or not course_ids:
        return records
    certificates = (
        Certificate.objects.current()
        .exclude(status=Certificate.Status.REVOKED)
        .filter(learner_id__in=user_ids, course_id__in=course_ids)
        .values_list("learner_id", "course_id", "completion_date", "status", "valid_until")
    )
    for user_id, course_id, completed_on, status, valid_until in certificates:
        record = records.setdefault((user_id, course_id), CourseRecord())
        until = valid_until
        if status == Certificate.Status.EXPIRED and valid_until is None:
            until = completed_on  # marked expired without a date: it counts no longer
        record.completions.append(Completion(completed_on, until))
    has_certificate = Certificate.objects.filter(
        enrollment_id=OuterRef("pk"), completed_at=OuterRef("completed_at")
    )
    enrollments = (
        Enrollment.objects.current()
        .filter(user_id__in=user_ids, course_id__in=course_ids)
        .filter(Q(completed_at__isnull=True) | ~Exists(has_certificate))
        .values_list("user_id", "course_id", "completed_at", "course__certificate_validity_months")
    )
    for user_id, course_id, completed_at, validity in enrollments:
        record = records.setdefault((user_id, course_id), CourseRecord())
        if completed_at is None:
            record.enrolled = True
            continue
        # Completed, certificate not issued yet: it will be valid from the completion day.
        completed_on = timezone.localdate(completed_at)
        until = add_months(completed_on, validity) if validity else None
        record.completions.append(Completion(completed_on, until))
    if attended_courses:
        attended = (
            Attendance.objects.current()
            .filter(
                person_id__in=user_ids,
                session__course_id__in=attended_courses,
                session__status=TrainingSession.Status.CLOSED,
                mark__in=(Attendance.Mark.ATTENDED, Attendance.Mark.PARTIAL),
            )
            .values_list("person_id", "session__course_id", "session__end")
        )
        for user_id, course_id, ended in attended:
            record = records.setdefault((user_id, course_id), CourseRecord())
            record.attended.append(timezone.localdate(ended))
    return records


CREDIT_FIELDS = {f"session__{name}": name for name in SESSION_FIELDS}


def _add_credited_sessions(records: LearningRecords, user_ids, session_ids) -> None:
    records.registered_sessions.update(
        Registration.objects.registered()
        .filter(person_id__in=user_ids, session_id__in=session_ids)
        .values_list("person_id", "session_id")
    )
    rows = (
        Attendance.objects.current()
        .filter(
            person_id__in=user_ids,
            session_id__in=session_ids,
            session__status=TrainingSession.Status.CLOSED,
            mark__in=(Attendance.Mark.ATTENDED, Attendance.Mark.PARTIAL),
        )
        .values(
            "person_id",
            "mark",
            "minutes_attended",
            "session__course__live_minimum_percent",
            "session__course__live_partial_credit",
            *CREDIT_FIELDS,
        )
    )
    for row in rows:
        values = {name: row[key] for key, name in CREDIT_FIELDS.items()}
        rule = CreditRule()
        if values["course_id"] is not None:
            rule = CreditRule(
                row["session__course__live_minimum_percent"],
                row["session__course__live_partial_credit"],
            )
        credit = credit_for(
            mark=row["mark"], minutes=row["minutes_attended"], values=values, rule=rule
        )
        if credit is not None:
            records.credited_sessions[(row["person_id"], values["id"])] = timezone.localdate(
                values["end"]
            )


def attended_course_ids(items: Iterable[PlanItem]) -> set[int]:
    return {item.course_id for item in items if item.by_attending and item.course_id}


def course_ids(items: Iterable[PlanItem]) -> set[int]:
    return {item.course_id for item in items if item.course_id}


def session_ids(items: Iterable[PlanItem]) -> set[int]:
    return {item.session_id for item in items if item.session_id}


def records_for(user_ids: Iterable[int], items: list[PlanItem]) -> LearningRecords:
    """Everything :func:`item_status` needs for these people and items (at most five queries)."""
    return learning_records(
        user_ids, course_ids(items), attended_course_ids(items), session_ids(items)
    )


def joined_on(membership: Membership) -> datetime.date:
    return timezone.localdate(membership.joined_at)


def rule_due_on(item: PlanItem, membership: Membership) -> datetime.date:
    if item.due_on is not None:
        return item.due_on
    return joined_on(membership) + datetime.timedelta(days=item.due_within_days)


def _counts_until(completion: Completion, item: PlanItem) -> datetime.date | None:
    if completion.counts_until is None and item.recur_months:
        return add_months(completion.completed_on, item.recur_months)
    return completion.counts_until


def item_status(
    membership: Membership,
    item: PlanItem,
    *,
    today: datetime.date | None = None,
    records: LearningRecords | None = None,
) -> ItemStatus:
    """Done / in progress / not started / overdue, with the due date, for one member and item.

    Pass `records` (from :func:`learning_records`) when asking for many; without it this reads
    the member's records for the item's course.
    """
    today = today or timezone.localdate()
    if records is None:
        records = records_for([membership.user_id], [item])
    record = records.of_item(membership.user_id, item)
    due = rule_due_on(item, membership)
    lapsed: datetime.date | None = None
    counting: list[datetime.date | None] = []
    completions = list(record.completions)
    if (
        item.by_attending and item.course_id
    ):  # a session attended counts like a completion that never expires
        completions += [Completion(day, None) for day in record.attended]
    for completion in completions:
        until = _counts_until(completion, item)
        if until is None or until >= today:
            counting.append(until)
        else:
            lapsed = max(lapsed, until) if lapsed else until
    if counting:
        if None in counting:
            return ItemStatus(Status.DONE, None)
        return ItemStatus(Status.DONE, max(counting))
    if lapsed is not None:
        due = max(due, lapsed)
    if today > due:
        return ItemStatus(Status.OVERDUE, due)
    if record.enrolled:
        return ItemStatus(Status.IN_PROGRESS, due)
    return ItemStatus(Status.NOT_STARTED, due)


def applies_to(plan: TrainingPlan, membership: Membership, *, tag_ids=None) -> bool:
    """Is `plan` assigned to `membership`? (`tag_ids`: the member's tags, if already known.)"""
    if not plan.active or plan.organization_id != membership.organization_id:
        return False
    if plan.assign_to == TrainingPlan.AssignTo.ALL:
        return True
    if plan.assign_to == TrainingPlan.AssignTo.TAGS:
        if tag_ids is None:
            tag_ids = set(membership.tags.values_list("pk", flat=True))
        return any(tag.pk in tag_ids for tag in plan.tags.all())
    return any(named.pk == membership.pk for named in plan.members.all())


def assigned_memberships(plan: TrainingPlan) -> QuerySet[Membership]:
    """Everyone `plan` is assigned to (sharing their records or not)."""
    members = plan.organization.memberships.all()
    if plan.assign_to == TrainingPlan.AssignTo.TAGS:
        members = members.filter(tags__plans=plan).distinct()
    elif plan.assign_to == TrainingPlan.AssignTo.PEOPLE:
        members = members.filter(named_in_plans=plan)
    return members


def plans_with_items(plans: QuerySet[TrainingPlan]) -> list[TrainingPlan]:
    return list(
        plans.select_related("organization").prefetch_related(
            "tags", "members", "items__course", "items__session"
        )
    )


@dataclass(frozen=True)
class Assignment:
    """One course (or session) a member's organization asks of them (for My learning and reminders)."""

    membership: Membership
    plan: TrainingPlan
    item: PlanItem
    status: ItemStatus

    @property
    def sort_key(self):
        due = self.status.due_on or datetime.date.max
        return (
            Status.URGENCY[self.status.status],
            due,
            self.item.title.lower(),
            self.plan.name.lower(),
        )


def assignments_for(user, *, today: datetime.date | None = None) -> list[Assignment]:
    """Every plan item assigned to `user` by their organizations: overdue first, then by due
    date, done last. A course in two plans shows once per plan (each organization asks)."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    memberships = list(
        Membership.objects.filter(user=user).select_related("organization").prefetch_related("tags")
    )
    if not memberships:
        return []
    plans = plans_with_items(
        TrainingPlan.objects.filter(
            active=True, organization_id__in=[m.organization_id for m in memberships]
        )
    )
    items = [item for plan in plans for item in plan.items.all()]
    records = records_for([user.pk], items)
    assignments = []
    for membership in memberships:
        tag_ids = {tag.pk for tag in membership.tags.all()}
        for plan in plans:
            if not applies_to(plan, membership, tag_ids=tag_ids):
                continue
            for item in plan.items.all():
                status = item_status(membership, item, today=today, records=records)
                assignments.append(Assignment(membership, plan, item, status))
    return sorted(assignments, key=lambda assignment: assignment.sort_key)
