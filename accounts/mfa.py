"""Powers over other people's records count only in a session that has used a second factor.

Anyone whose role lets them see or change other people's training records (site admins,
trainers, reviewers, Django staff; the managers of any organization, coalition leads among
them) is treated by every permission helper as a plain learner until this session has used
their authenticator: ``accounts.permissions`` asks :func:`used_second_factor` before it counts
a role, and so do the helpers built on it (certificates, partner and coalition pages). A
password alone, however it was obtained, opens nothing but the person's own learning.

"Used" is read from allauth's record of the session's authentication steps (the documented
``allauth.account.authentication.get_authentication_records``): an authenticator or recovery
code entered at sign-in or at allauth's "confirm it is you" step adds a record of method
``mfa``. Those records belong to the session and to the account signed in, so a session from
before the authenticator was set up, or made any other way, has none. Setting the
authenticator up in this session counts as well (the app's first code, typed into allauth's
set-up form, ``accounts.forms.ActivateTOTPForm``), so the person goes on to the page they were
opening without waiting 30 seconds for the app's next code.

Where a person with powers reaches a page that needs them, :class:`SecondFactorRequired`
(raised by the permission helpers) becomes a redirect to setting up an authenticator, or to
entering a code from it, with a message saying why; they come back to the page afterwards.
"""

from urllib.parse import urlencode, urlsplit

from allauth.account.authentication import get_authentication_records
from allauth.core import context
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import Membership, Organization
from .roles import STAFF_GROUPS

# Where to go back to once an authenticator is set up (allauth's set-up page does not carry
# a "next" address; our recovery codes page reads this to offer "Continue"), and what that
# page is, so the button can name it: {"cms": True} or {"organization": "<name>"}.
RETURN_TO_SESSION_KEY = "accounts_second_factor_return_to"
RETURN_PLACE_SESSION_KEY = "accounts_second_factor_return_place"
# The account whose authenticator was set up in this session (accounts.forms.ActivateTOTPForm):
# typing the app's first code proves the person holds it, as a code at sign-in does.
SET_UP_IN_SESSION_KEY = "accounts_second_factor_set_up_by"
CMS_PREFIXES = ("/cms/", "/django-admin/")


class SecondFactorRequired(PermissionDenied):
    """The person's role would allow this, but this session has not used a second factor."""


def has_staff_powers(user) -> bool:
    """Site admins, trainers, reviewers and Django staff: the CMS, reports, everyone's records."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()


def has_powers(user) -> bool:
    """Does this person's role let them see other people's records (staff, any manager or
    facilitator: a facilitator sees the names and contacts of the people at their sessions)?"""
    if has_staff_powers(user):
        return True
    return (
        user.is_authenticated
        and Membership.objects.filter(
            user=user, role__in=(Membership.Role.MANAGER, Membership.Role.FACILITATOR)
        ).exists()
    )


def used_second_factor(user) -> bool:
    """Has the current request's session, signed in as `user`, used a second factor?

    Outside a request there is no session to doubt, and the role alone decides: a background
    task (a certificates ZIP) or the rest of a streamed file (records.csv) carries out what a
    request that passed this check asked for, and a management command is run by whoever
    runs the server. Every request, the CMS's included, goes through allauth's middleware,
    which makes it the current one.
    """
    request = context.request
    if request is None:
        return True
    if not user.is_authenticated or not hasattr(request, "session"):
        return False
    if request.session.get(SET_UP_IN_SESSION_KEY) == str(user.pk) and is_mfa_enabled(user):
        return True  # set up here, and not removed since
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def _where_they_were_going(request) -> str:
    if request.method == "GET":
        return request.get_full_path()
    # A form sent without the second factor cannot be replayed; go back to the page it was on.
    referer = request.headers.get("referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _place(url: str) -> dict:
    path = urlsplit(url).path
    if path.startswith(CMS_PREFIXES):
        return {"cms": True}
    try:
        slug = resolve(path).kwargs.get("slug")
    except Resolver404:
        return {}
    organization = Organization.objects.filter(slug=slug).first() if slug else None
    return {"organization": organization.name} if organization else {}


def second_factor_step(request):
    """Send someone with powers to use their authenticator, or to set one up, and back."""
    next_url = _where_they_were_going(request)
    if is_mfa_enabled(request.user):
        request.session.pop(RETURN_TO_SESSION_KEY, None)
        request.session.pop(RETURN_PLACE_SESSION_KEY, None)
        messages.info(
            request,
            _(
                "Your role lets you see other people's training records. To keep them safe, "
                "please enter a code from your authenticator app to continue."
            ),
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}")
    request.session[RETURN_TO_SESSION_KEY] = next_url
    request.session[RETURN_PLACE_SESSION_KEY] = _place(next_url)
    messages.info(
        request,
        _(
            "Your role lets you see other people's training records, so your account needs "
            "two-factor authentication. Please set up an authenticator app to continue. "
            "Afterwards we take you back to the page you were opening."
        ),
    )
    return redirect("mfa_activate_totp")
