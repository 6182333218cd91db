import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from basics.sanitize import contains_markup

# Zero-width (non-)joiners are part of correct spelling in Persian, Hindi and other scripts.
_JOINERS = {"\u200c", "\u200d"}


def validate_plain_name(value: str) -> None:
    """Names are plain text: any script, but no control or invisible formatting characters and
    no markup. A name is printed exactly as typed, so instead of cleaning tags or HTML codes
    away quietly (``basics.sanitize``), we ask the person to remove them.
    """
    if any(unicodedata.category(ch) in {"Cc", "Cf"} and ch not in _JOINERS for ch in value):
        raise ValidationError(
            _("Please use only letters, spaces and punctuation; remove any hidden characters."),
            code="control_characters",
        )
    if value != value.strip():
        raise ValidationError(_("Please remove spaces at the start or end."), code="padding")
    if contains_markup(value):
        raise ValidationError(
            _(
                "Please type the name as plain text, without tags such as <b> or codes such "
                "as &amp;."
            ),
            code="markup",
        )
