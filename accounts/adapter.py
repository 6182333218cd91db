import hashlib
import time
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from basics import ratelimit
from basics.links import SiteOfUrl, absolute_url

from .language import address_in, is_supported, recipient_language, saved_language
from .roles import LEARNERS

EMAIL_MAX_LENGTH = 254  # RFC 5321's limit, and the column's size.
LOGIN_FAILURES_PERIOD = 5 * 60
# The token of the invitation whose link this browser opened last (accounts.views.membership).
OPENED_INVITATION_SESSION_KEY = "accounts_opened_invitation"


# Wrong passwords per address *from one network*, per 5 minutes (settings.LOGIN_FAILURES_*):
# someone guessing from one place cannot lock the owner out of every other place. allauth's
# own limits (ACCOUNT_RATE_LIMITS["login_failed"]) stay on top, per network and, looser, per
# address, against guessing from many networks; whoever is locked out can sign in with a code
# emailed to them (ACCOUNT_LOGIN_BY_CODE_ENABLED).
LOGIN_FAILURES_SCOPE = "login-failed-address-network"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _lazy(
            "Too many failed sign-in attempts. Please try again later, or sign in with a code "
            "we email you."
        ),
    }

    def pre_authenticate(self, request, **credentials):
        address = credentials.get("email", credentials.get("username", "")).strip().lower()
        wait = ratelimit.hit(
            request,
            LOGIN_FAILURES_SCOPE,
            limit=settings.LOGIN_FAILURES_PER_ADDRESS_AND_NETWORK,
            period=LOGIN_FAILURES_PERIOD,
            who=_address_and_network(request, address),
        )
        try:
            if wait is not None:
                raise self.validation_error("too_many_login_attempts")
            super().pre_authenticate(request, **credentials)  # allauth's own limits
        except forms.ValidationError:
            self._give_back_login_failure(request, address)  # a refusal is not a guess
            raise

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            # Counted before the password was checked (parallel guesses cannot slip through);
            # a right password gives its place back.
            address = credentials.get("email", credentials.get("username", "")).strip().lower()
            self._give_back_login_failure(request, address)
        return user

    def _give_back_login_failure(self, request, address: str) -> None:
        ratelimit.give_back(
            request,
            LOGIN_FAILURES_SCOPE,
            period=LOGIN_FAILURES_PERIOD,
            who=_address_and_network(request, address),
        )

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

    def is_reauthentication_required(self, *, app, **kwargs):
        # allauth asks for the password again before a security change (setting up an
        # authenticator) unless the person *re*-authenticated lately; signing in counts too,
        # so someone sent to set one up right after signing in is not asked twice.
        if super().is_reauthentication_required(app=app, **kwargs) is False:
            return False
        request = context.request
        if request is None or not request.user.is_authenticated:
            return True
        timeout = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        signed_in_at = [
            record.get("at", 0) for record in get_authentication_records(request, request.user)
        ]
        return not signed_in_at or time.time() - max(signed_in_at) >= timeout

    # Links in allauth's emails are built on SITE_URL (basics.links), like every other link
    # the site sends, not on the host header of the request that caused the email.
    def get_email_confirmation_url(self, request, emailconfirmation):
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def post_login(self, request, user, **kwargs):
        # Signing in lands on the page asked for (or My learning) in the account's language,
        # whichever language the sign-in page was read in: the language follows the person
        # from device to device. (allauth's own redirect, with its `next` checks, is kept.)
        response = super().post_login(request, user, **kwargs)
        code = saved_language(user)
        if code and response.has_header("Location"):
            response["Location"] = address_in(response["Location"], code)
        return response

    def get_logout_redirect_url(self, request):
        # Signing out keeps the language the person was reading.
        return address_in(super().get_logout_redirect_url(request), translation.get_language())

    def send_mail(self, template_prefix, email, context):
        # Every email allauth or we send through here (verification, password reset, security
        # notices, invitations) is written in the saved language of the person it goes to; for
        # someone without an account, in the language of whoever is acting.
        code = recipient_language(email, context.get("user")) or translation.get_language()
        # allauth's "unknown account" and "account already exists" emails link to these two
        # pages, built from the request by allauth; and every email names the site's domain.
        site_links = {
            "signup_url": "account_signup",
            "password_reset_url": "account_reset_password",
        }
        context = {
            **context,
            **{
                key: absolute_url(reverse(name))
                for key, name in site_links.items()
                if key in context and template_prefix != "account/email/password_reset_key"
            },
            "current_site": SiteOfUrl.current(),
        }
        with translation.override(code):
            super().send_mail(template_prefix, email, context)


def _address_and_network(request, address: str) -> str:
    network = ratelimit.client_key(request)  # already a hash: no raw addresses in the cache
    return hashlib.sha256(f"{address}|{network}".encode()).hexdigest()[:32]
