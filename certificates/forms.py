from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from basics.codes import CROCKFORD_ALPHABET, group_code, normalize_code
from basics.sanitize import clean_user_text

from .models import CODE_LENGTH, NameCorrectionRequest
from .models.records import CODE_GROUP

NAME_FIELD = User._meta.get_field("certificate_name")
NAME_HELP = _(
    "We print this name on your certificates exactly as you type it, in any alphabet. Use the "
    "name your employer or licensing board knows you by. We only use it on certificates."
)


def clean_name(value: str) -> str:
    """Runs after the model field's checks (length, no hidden characters): tidy the spaces
    and make sure there is a name in it at all."""
    value = " ".join(value.split())
    if not any(ch.isalpha() for ch in value):
        raise forms.ValidationError(_("Please enter your name."), code="no_letters")
    return value


def _required_text(value: str) -> str:
    """Staff reasons are plain text; one that was only markup is asked for again."""
    value = clean_user_text(value)
    if not value:
        raise forms.ValidationError(_("Please write the reason in words."), code="empty")
    return value


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate or transcript code"),
        max_length=40,
        help_text=_(
            "The 12 letters and numbers printed on the certificate or transcript, "
            "e.g. K7M2-Q9XW-4BTR."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH or any(ch not in CROCKFORD_ALPHABET for ch in code):
            raise forms.ValidationError(
                _("A certificate code has 12 letters and numbers. Please check it and try again.")
            )
        return group_code(code, CODE_GROUP)


class CertificateNameForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["certificate_name"]
        help_texts = {"certificate_name": NAME_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate_name"].required = True
        self.fields["certificate_name"].widget.attrs.update(
            {"autocomplete": "name", "spellcheck": "false"}
        )

    def clean_certificate_name(self):
        return clean_name(self.cleaned_data["certificate_name"])


class NameCorrectionForm(forms.ModelForm):
    class Meta:
        model = NameCorrectionRequest
        fields = ["requested_name", "note"]
        labels = {"requested_name": _("Your name as it should be printed")}
        help_texts = {
            "note": _("Optional: anything that helps us, e.g. “my surname was misspelt”."),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_name"].widget.attrs.update({"spellcheck": "false"})

    def clean_requested_name(self):
        return clean_name(self.cleaned_data["requested_name"])

    def clean_note(self):
        return clean_user_text(self.cleaned_data["note"])


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the audit log and shown to staff. The public page only says revoked."),
    )

    def clean_reason(self):
        return _required_text(self.cleaned_data["reason"])


class DeclineCorrectionForm(forms.Form):
    note = forms.CharField(
        label=_("Reason for declining"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_note(self):
        return _required_text(self.cleaned_data["note"])
