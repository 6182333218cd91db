"""Training plans: the courses an organization asks its members to take, and by when.

A plan belongs to one organization and is assigned to all its members, to members with any of
some tags, or to named members. Each item is a course with a due rule: a fixed date, or a
number of days after the member joined; with a recurrence, a completion counts only until its
certificate expires (or, for a certificate that never expires, for that many months), and the
course is then due again. ``plans.services`` says what an item means for one member.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from accounts.models import PUBLIC_CODE_LENGTH, Membership, Organization, new_public_code
from accounts.validators import validate_plain_name

TAG_NAME_MAX_LENGTH = 60
PLAN_NAME_MAX_LENGTH = 120
MAX_DUE_DAYS = 3650
MAX_RECURRENCE_MONTHS = 120


class MemberTag(models.Model):
    """A label a manager gives members ("outreach", "peer staff") to assign plans by."""

    code = models.CharField(
        max_length=PUBLIC_CODE_LENGTH, unique=True, default=new_public_code, editable=False
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="member_tags"
    )
    name = models.CharField(
        _("name"), max_length=TAG_NAME_MAX_LENGTH, validators=[validate_plain_name]
    )
    memberships = models.ManyToManyField(
        Membership, blank=True, related_name="tags", verbose_name=_("members")
    )

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                "organization", Lower("name"), name="plans_one_tag_name_per_organization"
            )
        ]

    def __str__(self):
        return self.name


class TrainingPlan(models.Model):
    class AssignTo(models.TextChoices):
        ALL = "all", _("Everyone in the organization")
        TAGS = "tags", _("Members with any of these tags")
        PEOPLE = "people", _("Named members")

    code = models.CharField(
        max_length=PUBLIC_CODE_LENGTH, unique=True, default=new_public_code, editable=False
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="training_plans"
    )
    name = models.CharField(
        _("name"), max_length=PLAN_NAME_MAX_LENGTH, validators=[validate_plain_name]
    )
    active = models.BooleanField(_("active"), default=True)
    assign_to = models.CharField(
        _("assigned to"), max_length=10, choices=AssignTo.choices, default=AssignTo.ALL
    )
    tags = models.ManyToManyField(MemberTag, blank=True, related_name="plans")
    members = models.ManyToManyField(Membership, blank=True, related_name="named_in_plans")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("name"), "pk"]

    def __str__(self):
        return self.name


class PlanItem(models.Model):
    """One course, or one particular live session, of a plan with its due rule (exactly one
    of a date or a number of days). A session item is done once the member's current record
    at that session, after it closed, earns credit (``plans.services``)."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    session = models.ForeignKey(
        "trainings.TrainingSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_items",
    )
    position = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_within_days = models.PositiveSmallIntegerField(
        _("due within (days of joining)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DUE_DAYS)],
    )
    recur_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"),
        default=0,
        validators=[MaxValueValidator(MAX_RECURRENCE_MONTHS)],
        help_text=_("0: once. Otherwise due again when the certificate expires."),
    )
    by_attending = models.BooleanField(
        _("attending any session of the course is enough"),
        default=False,
        help_text=_("Done once the member attended a closed session of the course."),
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "course"], name="plans_course_once_per_plan"),
            models.UniqueConstraint(fields=["plan", "session"], name="plans_session_once_per_plan"),
            models.CheckConstraint(
                condition=(Q(course__isnull=False) & Q(session__isnull=True))
                | (Q(course__isnull=True) & Q(session__isnull=False)),
                name="plans_item_is_a_course_or_a_session",
            ),
            models.CheckConstraint(
                condition=(Q(due_on__isnull=False) & Q(due_within_days__isnull=True))
                | (Q(due_on__isnull=True) & Q(due_within_days__isnull=False)),
                name="plans_item_has_one_due_rule",
            ),
            models.CheckConstraint(
                condition=Q(due_within_days__isnull=True)
                | Q(due_within_days__gte=1, due_within_days__lte=MAX_DUE_DAYS),
                name="plans_item_due_days_range",
            ),
            models.CheckConstraint(
                condition=Q(recur_months__lte=MAX_RECURRENCE_MONTHS),
                name="plans_item_recurrence_range",
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.title}"

    @property
    def title(self) -> str:
        return self.session.title if self.session_id else self.course.title


class PlanReminder(models.Model):
    """A reminder email sent for one member, item and due date: the row makes it once only."""

    class Kind(models.TextChoices):
        FOURTEEN_DAYS = "14", _("14 days before")
        TWO_DAYS = "2", _("2 days before")
        OVERDUE = "overdue", _("Overdue")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="plan_reminders"
    )
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="reminders")
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "item", "due_on", "kind"], name="plans_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.membership_id} · {self.item_id} · {self.kind} ({self.due_on})"


class SummarySubscription(models.Model):
    """A manager asked for the monthly summary of their organization's plans by email."""

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="plan_summary_subscription"
    )
    subscribed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.membership_id} · monthly summary"


class SummarySent(models.Model):
    """The monthly summary that went to one manager for one month: the row makes it once only."""

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="plan_summaries_sent"
    )
    month = models.DateField(help_text="The first day of the month the summary is for.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "month"], name="plans_summary_once")
        ]

    def __str__(self):
        return f"{self.membership_id} · {self.month:%Y-%m}"


class PlanTemplate(models.Model):
    """A plan a coalition's leads suggest to their member organizations: courses with one due
    rule and recurrence. A member organization's manager copies it into a plan of their own,
    which they then edit freely; the copy keeps no link to the template."""

    code = models.CharField(
        max_length=PUBLIC_CODE_LENGTH, unique=True, default=new_public_code, editable=False
    )
    coalition = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="plan_templates"
    )
    name = models.CharField(
        _("name"), max_length=PLAN_NAME_MAX_LENGTH, validators=[validate_plain_name]
    )
    courses = models.ManyToManyField(
        "courses.CoursePage", through="PlanTemplateCourse", related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    due_within_days = models.PositiveSmallIntegerField(
        _("due within (days of joining)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DUE_DAYS)],
    )
    recur_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"),
        default=0,
        validators=[MaxValueValidator(MAX_RECURRENCE_MONTHS)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(due_on__isnull=False) & Q(due_within_days__isnull=True))
                | (Q(due_on__isnull=True) & Q(due_within_days__isnull=False)),
                name="plans_template_has_one_due_rule",
            ),
        ]

    def __str__(self):
        return self.name


class PlanTemplateCourse(models.Model):
    template = models.ForeignKey(PlanTemplate, on_delete=models.CASCADE, related_name="entries")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "course"], name="plans_course_once_per_template"
            )
        ]

    def __str__(self):
        return f"{self.template} · {self.course_id}"


DEFAULT_RETENTION_YEARS = 6  # R13: the strictest rule found (New Hampshire)
MAX_RETENTION_YEARS = 30


class RecordsPolicy(models.Model):
    """How long an organization keeps its training records for audits (R13)."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="records_policy"
    )
    retention_years = models.PositiveSmallIntegerField(
        _("keep records for (years)"),
        default=DEFAULT_RETENTION_YEARS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_YEARS)],
        help_text=_("Ask your funder or board; 6 years covers the strictest rule we know of."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_years__gte=1, retention_years__lte=MAX_RETENTION_YEARS),
                name="plans_retention_years_range",
            )
        ]

    def __str__(self):
        return f"{self.organization_id} · {self.retention_years} years"


def retention_years(organization) -> int:
    policy = RecordsPolicy.objects.filter(organization=organization).first()
    return policy.retention_years if policy else DEFAULT_RETENTION_YEARS
