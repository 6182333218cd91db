from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext as _

from .language import is_supported, recipient_language
from .roles import LEARNERS

EMAIL_MAX_LENGTH = 254  # RFC 5321's limit, and the column's size.
# The token of the invitation whose link this browser opened last (accounts.views.membership).
OPENED_INVITATION_SESSION_KEY = "accounts_opened_invitation"


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

    def is_email_verified(self, request, email: str) -> bool:
        # allauth asks this of the address someone signs up with. Yes only for exactly the
        # address of an invitation whose link this browser opened, and only while that
        # invitation may still be accepted and its link counts as proof of the mailbox
        # (accounts.permissions.invitation_link_proves_mailbox). Not allauth's "stashed
        # verified email": that marks the stashed address verified on any sign-up in the
        # session, whatever address was typed.
        from .models import Invitation
        from .permissions import invitation_link_proves_mailbox

        token = request.session.get(OPENED_INVITATION_SESSION_KEY) if request else None
        if not token:
            return False
        invitation = Invitation.objects.filter(token=token, email__iexact=email).first()
        return invitation is not None and invitation_link_proves_mailbox(invitation)

    def send_mail(self, template_prefix, email, context):
        # Every email allauth or we send through here (verification, password reset, security
        # notices, invitations) is written in the saved language of the person it goes to; for
        # someone without an account, in the language of whoever is acting.
        code = recipient_language(email, context.get("user")) or translation.get_language()
        with translation.override(code):
            super().send_mail(template_prefix, email, context)
