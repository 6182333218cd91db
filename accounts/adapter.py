from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

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
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Everyone who signs up is a learner; other roles are granted by a site admin.
            learners, _created = Group.objects.get_or_create(name=LEARNERS)
            user.groups.add(learners)
        return user
