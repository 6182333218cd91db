"""Coalition plan templates: the lead's form, and copying a template into a member
organization's own plan.

A template holds what a plan's form holds apart from who it is for: a name, courses, one due
rule and a recurrence. A copy is an ordinary plan of the member organization (for everyone,
paused until its manager has looked at it), with no link back: the coalition editing the
template later changes no copy, and the manager may change anything in theirs.
"""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage

from .forms import PlanForm
from .models import PlanItem, PlanTemplate, PlanTemplateCourse, TrainingPlan

TEMPLATE_FIELDS = ("name", "courses", "due_on", "due_within_days", "recur_months")


class PlanTemplateForm(PlanForm):
    """The plan form's courses, due rule and recurrence, without who it is for."""

    def __init__(self, *args, coalition, template: PlanTemplate | None = None, **kwargs):
        self.coalition = coalition
        self.template = template
        if template is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for_template(template)
        super().__init__(*args, organization=coalition, **kwargs)
        for name in list(self.fields):
            if name not in TEMPLATE_FIELDS:
                del self.fields[name]
        self.fields["name"].label = _("Template name")

    @staticmethod
    def initial_for_template(template: PlanTemplate) -> dict:
        return {
            "name": template.name,
            "courses": [entry.course_id for entry in template.entries.all()],
            "due_on": template.due_on,
            "due_within_days": template.due_within_days,
            "recur_months": template.recur_months,
        }

    def clean(self):
        cleaned = forms.Form.clean(self)
        self.check_due_rule(cleaned)
        return cleaned

    @transaction.atomic
    def save(self) -> PlanTemplate:
        data = self.cleaned_data
        template = self.template or PlanTemplate(coalition=self.coalition)
        template.name = data["name"]
        template.due_on = data["due_on"]
        template.due_within_days = data["due_within_days"]
        template.recur_months = data["recur_months"]
        template.save()
        courses = list(data["courses"])
        template.entries.exclude(course__in=courses).delete()
        for position, course in enumerate(courses):
            PlanTemplateCourse.objects.update_or_create(
                template=template, course=course, defaults={"position": position}
            )
        return template


@transaction.atomic
def copy_template(template: PlanTemplate, organization) -> TrainingPlan:
    """A new, paused plan of `organization` with the template's courses (those still live)
    and rule, for everyone until its manager says otherwise."""
    plan = TrainingPlan.objects.create(
        organization=organization,
        name=template.name,
        active=False,
        assign_to=TrainingPlan.AssignTo.ALL,
    )
    live = set(CoursePage.objects.live().values_list("pk", flat=True))
    entries = [entry for entry in template.entries.all() if entry.course_id in live]
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            course_id=entry.course_id,
            position=position,
            due_on=template.due_on,
            due_within_days=template.due_within_days,
            recur_months=template.recur_months,
        )
        for position, entry in enumerate(entries)
    )
    return plan
