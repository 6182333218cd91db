from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.sanitize import clean_user_text

from .choices import Audience, Topic
from .models.learning import REFLECTION_MAX_LENGTH


class CatalogFilterForm(forms.Form):
    """The catalog's filters: a plain GET form that works without JavaScript."""

    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    audience = forms.ChoiceField(
        label=_("Audience"),
        required=False,
        choices=[
            ("", _("All audiences")),
            *[c for c in Audience.choices if c[0] != Audience.GENERAL],
        ],
    )

    def filter(self, courses):
        """Narrow a CoursePage queryset; call after is_valid()."""
        from .models import CoursePage

        field = CoursePage._meta.get_field("topics")
        if topic := self.cleaned_data.get("topic"):
            courses = courses.filter(**field.lookup(topic))
        if audience := self.cleaned_data.get("audience"):
            audiences = CoursePage._meta.get_field("audiences")
            # Courses written for everyone suit every audience.
            courses = courses.filter(
                Q(**audiences.lookup(audience)) | Q(**audiences.lookup(Audience.GENERAL))
            )
        return courses


class ReflectionForm(forms.Form):
    """A learner's private answer to a scenario prompt; stored as plain text."""

    block = forms.CharField(widget=forms.HiddenInput, max_length=64)
    text = forms.CharField(
        label=_("Your reflection"),
        required=False,
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": REFLECTION_MAX_LENGTH}),
        error_messages={
            "max_length": _(
                "Please shorten your reflection to %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
    )

    def __init__(self, *args, block_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.block_ids = set(block_ids)
        self.fields["text"].help_text = gettext(
            "Only you can see this. To delete it, empty the box and save. "
            "Up to %(limit)s characters."
        ) % {"limit": f"{REFLECTION_MAX_LENGTH:,}"}

    def clean_block(self):
        block = self.cleaned_data["block"]
        if block not in self.block_ids:
            raise forms.ValidationError(_("This reflection box is no longer part of the lesson."))
        return block

    def clean_text(self):
        return clean_user_text(self.cleaned_data["text"], max_length=REFLECTION_MAX_LENGTH)
