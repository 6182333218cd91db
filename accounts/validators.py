import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Zero-width (non-)joiners are part of correct spelling in Persian, Hindi and other scripts.
_JOINERS = {"\u200c", "\u200d"}


def validate_plain_name(value: str) -> None:
    """Names are plain text: any script, but no control or invisible formatting characters.

    Markup such as ``<b>`` is allowed as text: it is stored as typed and escaped on output.
    """
    if any(unicodedata.category(ch) in {"Cc", "Cf"} and ch not in _JOINERS for ch in value):
        raise ValidationError(
            _("Please use only letters, spaces and punctuation; remove any hidden characters."),
            code="control_characters",
        )
    if value != value.strip():
        raise ValidationError(_("Please remove spaces at the start or end."), code="padding")
