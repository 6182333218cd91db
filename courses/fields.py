"""A model field for a few values from a fixed vocabulary, filterable on SQLite and PostgreSQL."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

DELIMITER = "|"


class ChoiceListField(models.CharField):
    """A list of choice values stored in one text column as ``|value|value|``.

    The leading and trailing delimiters make "has this value" an ordinary ``contains`` lookup
    (see :meth:`lookup`), which behaves the same on every database; no JSON or array support is
    needed. Values are kept in vocabulary order, so equal lists store equal strings.
    """

    description = _("List of choices")

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        if kwargs.get("default") is list:
            del kwargs["default"]
        return name, path, args, kwargs

    @property
    def allowed_values(self) -> list[str]:
        return [value for value, _label in self.item_choices]

    def lookup(self, value: str) -> dict[str, str]:
        """Filter arguments for "rows whose list includes `value`"."""
        return {f"{self.name}__contains": f"{DELIMITER}{value}{DELIMITER}"}

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, str):
            return [item for item in value.split(DELIMITER) if item]
        return [str(item) for item in value]

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value  # already stored form (also the right-hand side of a lookup)
        items = set(self.to_python(value))
        ordered = [v for v in self.allowed_values if v in items]
        ordered += sorted(items - set(ordered))
        return f"{DELIMITER}{DELIMITER.join(ordered)}{DELIMITER}" if ordered else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        values = self.to_python(value)
        if not values and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        unknown = [v for v in values if v not in self.allowed_values]
        if unknown:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": unknown[0]},
            )

    def formfield(self, **kwargs):
        kwargs.pop("form_class", None)
        kwargs.pop("choices_form_class", None)
        kwargs.pop("max_length", None)
        defaults = {
            "choices": self.item_choices,
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        return forms.MultipleChoiceField(**defaults)
