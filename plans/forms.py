"""The managers' forms: a training plan (its courses and sessions, one due rule, who it is
for) and tags.

A plan's form sets one due rule and one recurrence for all the courses ticked; courses that
need another rule go in another plan. Every mistake is reported next to its field, and nothing
is saved until the whole form is valid (``plans.views`` saves it in one transaction).
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_plain_name
from courses.models import CoursePage
from trainings.models import TrainingSession

from .models import (
    MAX_DUE_DAYS,
    MAX_RECURRENCE_MONTHS,
    PLAN_NAME_MAX_LENGTH,
    TAG_NAME_MAX_LENGTH,
    MemberTag,
    PlanItem,
    TrainingPlan,
)
from .permissions import sessions_for_plans

MAX_NAMED_MEMBERS = 500


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class CourseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class SessionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        day = date_format(timezone.localtime(obj.start, obj.zone), "DATE_FORMAT")
        return f"{obj.title} ({day}, {obj.organization.name})"


class TagChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PlanForm(forms.Form):
    name = forms.CharField(
        label=_("Plan name"),
        max_length=PLAN_NAME_MAX_LENGTH,
        validators=[validate_plain_name],
        help_text=_("For example “New outreach staff”."),
    )
    courses = CourseChoiceField(
        label=_("Courses"),
        queryset=CoursePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = SessionChoiceField(
        label=_("Particular live sessions"),
        queryset=TrainingSession.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Done once the member is marked as attending the session (or attending part, "
            "with credit) after it closes. Public sessions and your organization's own."
        ),
    )
    due_on = forms.DateField(
        label=_("Due on a date"), required=False, widget=DateInput, help_text=_("For everyone.")
    )
    due_within_days = forms.IntegerField(
        label=_("Or due within this many days of joining"),
        required=False,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DUE_DAYS)],
        help_text=_("From 1 to 3650. Fill in the date or the days, not both."),
    )
    recur_months = forms.IntegerField(
        label=_("Repeat every (months)"),
        initial=0,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RECURRENCE_MONTHS)],
        help_text=_(
            "0 to take it once; up to 120. A valid certificate counts until it expires, "
            "then the course is due again."
        ),
    )
    by_attending = forms.BooleanField(
        label=_("Attending a session of the course is enough"),
        required=False,
        help_text=_(
            "For live trainings: the course counts as done once the member attended one of its "
            "sessions, even without the online part."
        ),
    )
    assign_to = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=TrainingPlan.AssignTo.choices,
        initial=TrainingPlan.AssignTo.ALL,
        widget=forms.RadioSelect,
    )
    tags = TagChoiceField(
        label=_("Tags"),
        queryset=MemberTag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When the plan is for members with tags."),
    )
    member_emails = forms.CharField(
        label=_("Named members"),
        required=False,
        max_length=MAX_NAMED_MEMBERS * 260,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("When the plan is for named members: their email addresses, one per line."),
    )
    active = forms.BooleanField(
        label=_("Active (members see it and get reminders)"), required=False, initial=True
    )

    def __init__(self, *args, organization, plan: TrainingPlan | None = None, **kwargs):
        self.organization = organization
        self.plan = plan
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(plan)
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = (
            CoursePage.objects.live().defer_streamfields().order_by("title")
        )
        self.fields["tags"].queryset = organization.member_tags.order_by(Lower("name"))
        own_sessions = (
            plan.items.exclude(session=None).values_list("session_id", flat=True) if plan else []
        )
        self.fields["sessions"].queryset = sessions_for_plans(
            organization, keep=own_sessions
        ).select_related("organization")

    @staticmethod
    def initial_for(plan: TrainingPlan) -> dict:
        items = list(plan.items.all())
        first = items[0] if items else None
        return {
            "name": plan.name,
            "courses": [item.course_id for item in items if item.course_id],
            "sessions": [item.session_id for item in items if item.session_id],
            "due_on": first.due_on if first else None,
            "due_within_days": first.due_within_days if first else None,
            "recur_months": first.recur_months if first else 0,
            "by_attending": first.by_attending if first else False,
            "assign_to": plan.assign_to,
            "tags": list(plan.tags.all()),
            "member_emails": "\n".join(
                plan.members.select_related("user").values_list("user__email", flat=True)
            ),
            "active": plan.active,
        }

    def clean_member_emails(self):
        lines = [line.strip() for line in self.cleaned_data["member_emails"].splitlines()]
        emails = list(dict.fromkeys(line.lower() for line in lines if line))
        if len(emails) > MAX_NAMED_MEMBERS:
            raise forms.ValidationError(
                _("Please name at most %(count)d members.") % {"count": MAX_NAMED_MEMBERS}
            )
        found = {
            membership.email_lower: membership
            for membership in self.organization.memberships.select_related("user")
            .annotate(email_lower=Lower("user__email"))
            .filter(email_lower__in=emails)
        }
        unknown = [email for email in emails if email not in found]
        if unknown:
            raise forms.ValidationError(
                _("These addresses are not members of your organization: %(emails)s")
                % {"emails": ", ".join(unknown)}
            )
        return [found[email] for email in emails]

    def check_due_rule(self, cleaned) -> None:
        due_on, days = cleaned.get("due_on"), cleaned.get("due_within_days")
        if "due_on" in cleaned and "due_within_days" in cleaned:
            if due_on is None and days is None:
                self.add_error("due_on", _("Please give a due date or a number of days."))
            elif due_on is not None and days is not None:
                self.add_error(
                    "due_within_days",
                    _("Please give either a due date or a number of days, not both."),
                )

    def clean(self):
        cleaned = super().clean()
        self.check_due_rule(cleaned)
        chosen = "courses" in cleaned and "sessions" in cleaned
        if chosen and not cleaned["courses"] and not cleaned["sessions"]:
            self.add_error("courses", _("Please choose at least one course or session."))
        assign_to = cleaned.get("assign_to")
        if assign_to == TrainingPlan.AssignTo.TAGS and not cleaned.get("tags"):
            self.add_error("tags", _("Please choose at least one tag."))
        named = cleaned.get("member_emails")
        if assign_to == TrainingPlan.AssignTo.PEOPLE and not named and "member_emails" in cleaned:
            self.add_error("member_emails", _("Please name at least one member."))
        return cleaned

    @transaction.atomic
    def save(self) -> TrainingPlan:
        data = self.cleaned_data
        plan = self.plan or TrainingPlan(organization=self.organization)
        plan.name = data["name"]
        plan.active = data["active"]
        plan.assign_to = data["assign_to"]
        plan.save()
        is_tags = plan.assign_to == TrainingPlan.AssignTo.TAGS
        is_people = plan.assign_to == TrainingPlan.AssignTo.PEOPLE
        plan.tags.set(data["tags"] if is_tags else [])
        plan.members.set(data["member_emails"] if is_people else [])
        courses = list(data["courses"])
        # Items are the plan's courses with its rule: kept (their reminders too) where the
        # course stays, added or removed where it changes.
        sessions = list(data["sessions"])
        plan.items.filter(session=None).exclude(course__in=courses).delete()
        plan.items.filter(course=None).exclude(session__in=sessions).delete()
        for position, session in enumerate(sessions, start=len(courses)):
            PlanItem.objects.update_or_create(
                plan=plan,
                session=session,
                defaults={
                    "position": position,
                    "due_on": data["due_on"],
                    "due_within_days": data["due_within_days"],
                    "recur_months": data["recur_months"],
                },
            )
        for position, course in enumerate(courses):
            PlanItem.objects.update_or_create(
                plan=plan,
                course=course,
                defaults={
                    "position": position,
                    "due_on": data["due_on"],
                    "due_within_days": data["due_within_days"],
                    "recur_months": data["recur_months"],
                    "by_attending": data["by_attending"],
                },
            )
        return plan


class TagForm(forms.Form):
    name = forms.CharField(
        label=_("New tag"),
        max_length=TAG_NAME_MAX_LENGTH,
        validators=[validate_plain_name],
        help_text=_("For example “outreach” or “peer staff”."),
    )

    def __init__(self, *args, organization, **kwargs):
        self.organization = organization
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"]
        taken = self.organization.member_tags.annotate(lowered=Lower("name")).filter(
            lowered=name.lower()
        )
        if taken.exists():
            raise forms.ValidationError(_("Your organization already has this tag."))
        return name

    def save(self) -> MemberTag:
        return MemberTag.objects.create(organization=self.organization, **self.cleaned_data)


class MembershipChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user} ({obj.user.email})"


class TagMembersForm(forms.Form):
    members = MembershipChoiceField(
        label=_("Members with this tag"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, tag: MemberTag, **kwargs):
        self.tag = tag
        kwargs.setdefault("initial", {"members": list(tag.memberships.all())})
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = tag.organization.memberships.select_related(
            "user"
        ).order_by("user__email")

    @transaction.atomic
    def save(self) -> None:
        self.tag.memberships.set(self.cleaned_data["members"])
