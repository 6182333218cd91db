"""Pages for an organization's managers: members, invitations, join code."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..forms import InviteForm, RoleForm
from ..models import Invitation, Membership
from ..permissions import get_organization_for_manager
from ..services import (
    MembershipError,
    cancel_invitation,
    change_role,
    invite_many,
    join_url,
    leave_organization,
    resend_invitation,
)


@login_required
def members(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    memberships = organization.memberships.select_related("user").order_by("user__email")
    return render(
        request,
        "accounts/organization/members.html",
        {
            "organization": organization,
            "memberships": memberships,
            "pending_invitations": organization.invitations.pending(),
            "role_choices": Membership.Role.choices,
        },
    )


@login_required
def invite_member(request, slug):
    """Invite one person or many (typed one per line, or a CSV file).

    Every row is checked first; then all valid rows are invited in one transaction, so a
    failure part-way leaves no invitation behind. Rows that could not be invited are listed
    back with the reason, and put back in the box to correct.
    """
    organization = get_organization_for_manager(request.user, slug)
    form = InviteForm(request.POST or None, request.FILES or None, organization=organization)
    invalid_rows = []
    if request.method == "POST" and form.is_valid():
        invite_many(
            organization,
            [row.email for row in form.valid_rows],
            role=form.cleaned_data["role"],
            invited_by=request.user,
        )
        if form.valid_rows:
            messages.success(
                request,
                ngettext(
                    "Invitation sent to %(count)d person.",
                    "Invitations sent to %(count)d people.",
                    len(form.valid_rows),
                )
                % {"count": len(form.valid_rows)},
            )
        if not form.invalid_rows:
            return redirect("accounts:organization_members", slug=slug)
        invalid_rows = form.invalid_rows
        form = InviteForm(
            initial={
                "emails": "\n".join(row.as_line for row in invalid_rows),
                "role": form.cleaned_data["role"],
            },
            organization=organization,
        )
    return render(
        request,
        "accounts/organization/invite.html",
        {
            "organization": organization,
            "form": form,
            "invalid_rows": invalid_rows,
            "pending_invitations": organization.invitations.pending(),
        },
    )


def _pending_invitation(organization, code) -> Invitation:
    return get_object_or_404(organization.invitations.pending(), code=code)


@require_POST
@login_required
def resend(request, slug, code):
    organization = get_organization_for_manager(request.user, slug)
    invitation = _pending_invitation(organization, code)
    resend_invitation(invitation, by=request.user)
    messages.success(
        request, _("Invitation sent again to %(email)s.") % {"email": invitation.email}
    )
    return redirect("accounts:organization_members", slug=slug)


@require_POST
@login_required
def cancel(request, slug, code):
    organization = get_organization_for_manager(request.user, slug)
    invitation = _pending_invitation(organization, code)
    cancel_invitation(invitation, by=request.user)
    messages.success(request, _("Invitation to %(email)s cancelled.") % {"email": invitation.email})
    return redirect("accounts:organization_members", slug=slug)


@require_POST
@login_required
def set_role(request, slug, code):
    organization = get_organization_for_manager(request.user, slug)
    membership = get_object_or_404(organization.memberships, code=code)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise MembershipError(_("Please choose a valid role."))
        change_role(membership, form.cleaned_data["role"], by=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Role updated for %(person)s.") % {"person": membership.user})
    return redirect("accounts:organization_members", slug=slug)


@require_POST
@login_required
def remove_member(request, slug, code):
    organization = get_organization_for_manager(request.user, slug)
    membership = get_object_or_404(organization.memberships, code=code)
    try:
        leave_organization(membership, by=request.user)
    except MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(person)s was removed.") % {"person": membership.user})
    return redirect("accounts:organization_members", slug=slug)


@login_required
def join_code(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    return render(
        request,
        "accounts/organization/join_code.html",
        {"organization": organization, "join_url": join_url(organization)},
    )


@login_required
def join_code_qr(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    qr = segno.make(join_url(organization), error="m")
    svg = qr.svg_inline(scale=6, title=_("QR code to join %(name)s") % {"name": organization})
    return HttpResponse(svg, content_type="image/svg+xml")


@require_POST
@login_required
def regenerate_join_code(request, slug):
    organization = get_organization_for_manager(request.user, slug)
    organization.regenerate_join_code()
    messages.success(request, _("A new join code was made. The old code no longer works."))
    return redirect("accounts:organization_join_code", slug=slug)
