"""The Wagtail editor's forms for course pages and quizzes.

The quiz form shows objectives as a drop-down, limits the pre-test pair to this course, and runs
the publishing checks (``courses.publishing_checks``) when a quiz is submitted for review or
published. Models import this module (``base_form_class``), so it reaches models through the
form's instance and Django's app registry, never by importing them.
"""

from django import forms
from django.apps import apps
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from basics.numbers import plain_number

from ..choices import QuizKind
from ..publishing_checks import quiz_problems


class CoursePageForm(WagtailAdminPageForm):
    """A course cannot be its own prerequisite, and its hours by category fit in its contact
    hours."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("prerequisites")
        if field is not None and self.instance.pk:
            field.queryset = field.queryset.exclude(pk=self.instance.pk)

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("hours_by_category")
        if formset is not None and formset.is_valid():
            self._check_hours_by_category(formset, cleaned.get("contact_hours"))
        return cleaned

    def _check_hours_by_category(self, formset, contact_hours):
        """Hours by category are parts of the contact hours: no more in total, each pair of
        category and format once (a board would count a repeated row twice)."""
        rows = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        pairs = [(row["category"].pk, row["format"]) for row in rows if row.get("category")]
        if len(pairs) != len(set(pairs)):
            self.add_error(
                None,
                _("Each category and format can be listed once. Add the hours together instead."),
            )
        total = sum((row["hours"] for row in rows if row.get("hours")), start=0)
        if contact_hours is not None and total > contact_hours:
            self.add_error(
                "contact_hours",
                gettext(
                    "The hours by category add up to %(total)s, but the course has %(hours)s "
                    "contact hours. Lower them or raise the contact hours."
                )
                % {"total": plain_number(total), "hours": plain_number(contact_hours)},
            )


def _objective_choices(objectives: list[str]) -> list[tuple]:
    return [("", "---------")] + [
        (
            number,
            gettext("Objective %(number)d: %(text)s")
            % {"number": number, "text": Truncator(text).chars(70)},
        )
        for number, text in enumerate(objectives, start=1)
    ]


def _with_objective_choices(form_class, objectives: list[str]):
    """The question form class, its objective field a drop-down of this course's objectives."""
    field = forms.TypedChoiceField(
        label=_("Learning objective"),
        choices=_objective_choices(objectives),
        coerce=int,
        help_text=_("The course objective this question tests."),
    )
    return type(form_class)(form_class.__name__, (form_class,), {"objective": field})


def _question_data(cleaned: dict) -> dict:
    choices = cleaned.get("choices") or []
    return {
        "kind": cleaned.get("kind"),
        "objective": cleaned.get("objective"),
        "vignette": cleaned.get("vignette") or "",
        "partial_credit": bool(cleaned.get("partial_credit")),
        "always_include": bool(cleaned.get("always_include")),
        "choices": [
            {"text": child.value.get("text"), "correct": bool(child.value.get("correct"))}
            for child in choices
            if child.block_type == "choice"
        ],
    }


class QuizPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = self._find_course()
        self.objectives = [o.text for o in self.course.objectives.all()] if self.course else []
        formset = self.formsets.get("questions")
        if formset is not None:
            formset.form = _with_objective_choices(formset.form, self.objectives)
        field = self.fields.get("paired_pretest")
        if field is not None:
            field.queryset = self._pretests()

    def _find_course(self):
        course_page = apps.get_model("courses", "CoursePage")
        parent = self.parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        if parent is None:
            return None
        parent = parent.specific
        return parent if isinstance(parent, course_page) else None

    def _pretests(self):
        quiz_page = type(self.instance)
        if self.course is None:
            return quiz_page.objects.none()
        pretests = quiz_page.objects.child_of(self.course).filter(kind=QuizKind.PRE_TEST)
        if self.instance.pk:
            pretests = pretests.exclude(pk=self.instance.pk)
        return pretests

    def _post_clean(self):
        super()._post_clean()
        # A new page has no place in the tree yet, so the model's clean() could not check the
        # rules that need its course; check them here with the parent the editor is adding to.
        if not self.instance.path and self.course is not None:
            for name, message in self.instance.pairing_problems(self.course).items():
                self.add_error(name if name in self.fields else None, message)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid and not self.is_deferred_validation:
            valid = self._check_publishable()
        return valid

    def _check_publishable(self) -> bool:
        formset = self.formsets["questions"]
        kept = [
            form
            for form in formset.forms
            if form.cleaned_data and not formset._should_delete_form(form)
        ]
        pretest = self.cleaned_data.get("paired_pretest")
        problems = quiz_problems(
            kind=self.cleaned_data.get("kind"),
            questions=[_question_data(form.cleaned_data) for form in kept],
            objective_count=len(self.objectives),
            draw_count=self.cleaned_data.get("draw_count"),
            pass_mark=self.course.pass_mark if self.course else None,
            uses_pretest_questions=bool(self.cleaned_data.get("uses_pretest_questions")),
            pretest_bank_size=pretest.questions.count() if pretest else None,
        )
        for index, fields in problems.questions.items():
            form = kept[index]
            for name, messages in fields.items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        for name, messages in problems.quiz.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        return not problems
