"""The account deletion form: the current password, and a typed word to confirm."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

# Accepted in any language, so that someone reading a translated page who types the English
# word is not turned away.
ENGLISH_CONFIRMATION_WORD = "DELETE"


def confirmation_word() -> str:
    """The word to type, in the active language (upper case as shown on the page)."""
    return pgettext("word typed to confirm deleting an account", "DELETE")


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["confirmation"].label = _("To confirm, type %(word)s") % {
            "word": confirmation_word()
        }

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That password is not right. Please type the password you sign in with.")
            )
        return password

    def clean_confirmation(self):
        typed = " ".join(self.cleaned_data["confirmation"].split()).casefold()
        accepted = {confirmation_word().casefold(), ENGLISH_CONFIRMATION_WORD.casefold()}
        if typed not in accepted:
            raise forms.ValidationError(
                _("Please type %(word)s to confirm that you want to delete your account.")
                % {"word": confirmation_word()}
            )
        return typed
