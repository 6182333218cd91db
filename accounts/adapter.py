from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext as _

from .language import is_supported, recipient_language
from .roles import LEARNERS

EMAIL_MAX_LENGTH = 254  # RFC 5321's limit, and the column's size.


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # allauth's forms do not cap the length; the database column does, so say it here.
        if len(email) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                _("An email address can be at most %(limit)d characters long.")
                % {"limit": EMAIL_MAX_LENGTH}
            )
        return super().clean_email(email)

    def save_user(self, request, user, form, commit=True):
        # The language they signed up in is the one we write to them in, until they change it.
        if not user.language and is_supported(translation.get_language()):
            user.language = translation.get_language()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Everyone who signs up is a learner; other roles are granted by a site admin.
            learners, _created = Group.objects.get_or_create(name=LEARNERS)
            user.groups.add(learners)
        return user

    def send_mail(self, template_prefix, email, context):
        # Every email allauth or we send through here (verification, password reset, security
        # notices, invitations) is written in the saved language of the person it goes to; for
        # someone without an account, in the language of whoever is acting.
        code = recipient_language(email, context.get("user")) or translation.get_language()
        with translation.override(code):
            super().send_mail(template_prefix, email, context)
