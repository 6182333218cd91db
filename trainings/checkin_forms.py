"""Forms of checking in: the session code typed by a participant, a walk-in added by the
facilitator, and a claim code typed from a walk-in's card."""

import re

from django import forms
from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _

from basics.codes import normalize_code

from .models import CHECK_IN_CODE_LENGTH, CODE_LENGTH

# Digits, spaces and the usual marks of a phone number, from 7 to 20 digits (local or +1...).
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-]+$")


class SessionCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Session code"),
        max_length=40,
        help_text=_("The facilitator says it or shows it, for example K7M-2Q9."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CHECK_IN_CODE_LENGTH:
            raise forms.ValidationError(
                _("A session code has 6 letters and numbers. Check it and try again.")
            )
        return code


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("Code on your card"),
        max_length=30,
        help_text=_("10 letters and numbers, for example K7M2Q-9XW4B."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(
                _("A claim code has 10 letters and numbers. Check the card.")
            )
        return code


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        required=False,
        validators=[EmailValidator(message=_("Enter an email address like name@example.org."))],
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write the person's name."))
        return name

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        digits = sum(ch.isdigit() for ch in phone)
        if phone and (not PHONE_CHARACTERS.match(phone) or not 7 <= digits <= 20):
            raise forms.ValidationError(
                _("Write a phone number with digits only, for example 555-123-4567.")
            )
        return phone
