"""A learner's own side of organizations: join by code, accept an invitation, share, leave."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from basics import ratelimit

from ..adapter import OPENED_INVITATION_SESSION_KEY
from ..forms import JoinOrganizationForm, ProfileForm, ShareRecordsForm
from ..models import Invitation, Membership
from ..permissions import invitation_is_for
from ..services import (
    MembershipError,
    accept_invitation,
    add_member,
    leave_organization,
    set_record_sharing,
)


@login_required
def my_organizations(request):
    memberships = request.user.memberships.select_related("organization")
    return render(request, "accounts/my_organizations.html", {"memberships": memberships})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.language)  # say it in the language they just chose
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


# Wrong join codes, per 15 minutes: per account, and per network address (higher, because a
# whole training room may share one address). Past either, even the right code waits.
JOIN_PERIOD = 15 * 60


def _join_limits(request) -> list[tuple[str, int, str | None]]:
    return [
        ("join-account", settings.JOIN_CODE_FAILURES_PER_ACCOUNT, f"user-{request.user.pk}"),
        ("join-client", settings.JOIN_CODE_FAILURES_PER_CLIENT, None),
    ]


@login_required
def join(request):
    initial = {"code": request.GET.get("code", "")[:20]}
    form = JoinOrganizationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        # Every attempt is counted before the code is looked at, in one atomic step per limit
        # (checking first and counting after would let parallel guesses all through); an
        # attempt that was refused, or whose code was right, is given back afterwards (a right
        # code holds its place only for the milliseconds of its lookup).
        limits = _join_limits(request)
        waits = [
            ratelimit.hit(request, scope, limit=limit, period=JOIN_PERIOD, who=who)
            for scope, limit, who in limits
        ]
        if any(waits) or not (form.data.get("code") and "code" in form.errors):
            for scope, _limit, who in limits:
                ratelimit.give_back(request, scope, period=JOIN_PERIOD, who=who)
        if any(waits):  # refused before the code was looked up
            return ratelimit.too_many_requests(request, max(wait or 0 for wait in waits))
    if request.method == "POST" and form.is_valid():
        membership = add_member(
            request.user, form.organization, share_records=form.cleaned_data["share_records"]
        )
        messages.success(
            request, _("You are now a member of %(name)s.") % {"name": membership.organization}
        )
        return redirect("accounts:my_organizations")
    return render(request, "accounts/join.html", {"form": form})


def invitation(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("organization"), token=token)
    if not request.user.is_authenticated and invitation.is_usable:
        # Signing up with exactly this address, from this browser, may then need no second
        # email: the link reached that mailbox (the adapter's is_email_verified decides, with
        # invitation_link_proves_mailbox: not for managers). Any other address is confirmed
        # by allauth's email as usual.
        request.session[OPENED_INVITATION_SESSION_KEY] = invitation.token
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "form": ShareRecordsForm(initial={"share_records": False}),
            "is_for_them": invitation_is_for(request.user, invitation),
            "address_to_confirm": _unconfirmed_address(request.user, invitation),
            # The header's "Sign in" and "Create an account" come back here, as the page's own.
            "return_after_sign_in": request.path,
        },
    )


def _unconfirmed_address(user, invitation) -> EmailAddress | None:
    """The invited address, if it is on `user`'s account but not confirmed yet."""
    if not user.is_authenticated:
        return None
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=False
    ).first()


@require_POST
@login_required
def accept(request, token):
    invitation = get_object_or_404(Invitation, token=token)
    address = _unconfirmed_address(request.user, invitation)
    if address is not None and invitation.is_usable:
        # Theirs, perhaps, but not proved yet: allauth's confirmation email first.
        address.send_confirmation(request)
        messages.info(
            request,
            _(
                "We sent a link to %(email)s. Please open it to confirm the address, then "
                "accept the invitation here."
            )
            % {"email": address.email},
        )
        return redirect("accounts:invitation", token=token)
    form = ShareRecordsForm(request.POST)
    form.is_valid()  # A lone checkbox cannot be invalid; unticked means "do not share".
    try:
        membership = accept_invitation(
            invitation, request.user, share_records=form.cleaned_data.get("share_records", False)
        )
    except MembershipError as error:
        messages.error(request, str(error))
        return redirect("accounts:invitation", token=token)
    messages.success(
        request, _("You are now a member of %(name)s.") % {"name": membership.organization}
    )
    return redirect("accounts:my_organizations")


def _own_membership(request, code) -> Membership:
    return get_object_or_404(Membership, code=code, user=request.user)


@require_POST
@login_required
def set_sharing(request, code):
    membership = _own_membership(request, code)
    share = request.POST.get("share") == "yes"
    set_record_sharing(membership, share=share)
    if share:
        message = _("Managers at %(name)s can now see your training records.")
    else:
        message = _("Managers at %(name)s can no longer see your training records.")
    messages.success(request, message % {"name": membership.organization})
    return redirect("accounts:my_organizations")


@require_POST
@login_required
def leave(request, code):
    membership = _own_membership(request, code)
    try:
        leave_organization(membership)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You left %(name)s.") % {"name": membership.organization})
    return redirect("accounts:my_organizations")
