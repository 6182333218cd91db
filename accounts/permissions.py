"""Every "may this user see or manage this organization or member" question, answered once.

Views, templates and the admin ask here; nothing else decides access to organizations.
Outsiders get 404 (they must not learn an organization's pages exist), members who are not
managers get 403.

A role counts only in a session that has used a second factor (``accounts.mfa``): until then
a site admin or a manager is answered here as the plain learner they also are, and a page only
their role opens raises ``SecondFactorRequired``, which sends them to their authenticator.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail import hooks

from .mfa import SecondFactorRequired, used_second_factor
from .models import Invitation, Membership, Organization
from .roles import SITE_ADMINS


def holds_site_admin_role(user) -> bool:
    """The role alone, whatever this session did: ask :func:`is_site_admin` for access."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=SITE_ADMINS).exists()


def is_site_admin(user) -> bool:
    return used_second_factor(user) and holds_site_admin_role(user)


def membership_of(user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def can_manage_organization(user, organization: Organization) -> bool:
    if not used_second_factor(user):
        return False
    if holds_site_admin_role(user):
        return True
    membership = membership_of(user, organization)
    return membership is not None and membership.is_manager


def get_organization_for_manager(user, slug: str) -> Organization:
    """The organization at `slug`, if `user` may manage it: 404 for outsiders, 403 for members."""
    organization = get_object_or_404(Organization, slug=slug)
    if not holds_site_admin_role(user):
        membership = membership_of(user, organization)
        if membership is None:
            raise Http404
        if not membership.is_manager:
            raise PermissionDenied
    if not used_second_factor(user):
        raise SecondFactorRequired
    return organization


def get_organization_and_members_for_manager(
    user, slug: str
) -> tuple[Organization, QuerySet[Membership]]:
    """:func:`get_organization_for_manager` and the members whose records `user` may see
    there (:func:`visible_members`), without asking twice whether `user` manages it."""
    organization = get_organization_for_manager(user, slug)
    return organization, _sharing_members(organization)


def visible_members(user, organization: Organization) -> QuerySet[Membership]:
    """Memberships whose training records `user` may see in `organization`.

    Only members who agreed to share their records, and only for the organization's managers.
    """
    if not can_manage_organization(user, organization):
        return Membership.objects.none()
    return _sharing_members(organization)


def _sharing_members(organization: Organization) -> QuerySet[Membership]:
    return organization.memberships.sharing_records().select_related("user")


def can_see_records_of(viewer, learner) -> bool:
    """May `viewer` see `learner`'s training records (progress, certificates)?"""
    if not viewer.is_authenticated:
        return False
    if viewer.pk == learner.pk:
        return True
    if not used_second_factor(viewer):
        return False
    if holds_site_admin_role(viewer):
        return True
    return Membership.objects.filter(
        user=learner,
        records_shared_at__isnull=False,
        organization__memberships__user=viewer,
        organization__memberships__role=Membership.Role.MANAGER,
    ).exists()


def has_verified_address(user, email: str) -> bool:
    """Has `user` proved, through allauth's confirmation, that they read mail at `email`?"""
    if not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def invitation_is_for(user, invitation: Invitation) -> bool:
    """Only the person the invitation was sent to accepts it: their confirmed address."""
    return has_verified_address(user, invitation.email)


def invitation_link_proves_mailbox(invitation: Invitation) -> bool:
    """May opening this invitation's link count as confirming its address at sign-up?

    The link's token is random, secret and reached only that mailbox, so following it proves
    reading mail there as well as allauth's own confirmation link would; people invited as
    members are spared a second email. Not for managers: a manager sees other people's
    records, and invitation links get forwarded ("join us with this link") far more often than
    confirmation links, so a manager's address is confirmed by allauth's email, always.
    """
    return invitation.is_usable and invitation.role == Membership.Role.MEMBER


def opens_cms(user) -> bool:
    """Does Wagtail let this person into the CMS (its own ``access_admin`` permission)?

    One query for the header of every signed-in page, where ``perms.wagtailadmin.access_admin``
    would load all of the person's permissions (two). Roles give permissions through groups only.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser
        or user.groups.filter(
            permissions__codename="access_admin",
            permissions__content_type__app_label="wagtailadmin",
        ).exists()
    )


# The Wagtail hook a higher app registers to offer one more header link to some people (the
# coach queue): ``fn() -> HeaderLink``. Its ``offered_to`` is an expression over the user row
# (an ``Exists`` on ``OuterRef("pk")``), folded into the header's one query, so nobody pays a
# query for a link they are not offered; ``describe(user)`` runs only for the people it is
# offered to and returns ``{"url": ..., "label": ...}``, or None for no link after all.
HEADER_LINKS_HOOK = "accounts_header_links"


@dataclass(frozen=True)
class HeaderLink:
    offered_to: Exists
    describe: Callable[..., dict | None]


def header_links(user) -> dict:
    """Which links the header of every signed-in page offers, in one query: the CMS (as
    :func:`opens_cms` decides), "Sessions I run" (a facilitator or manager somewhere; the
    page itself asks for the second factor), and those of the apps above (HEADER_LINKS_HOOK),
    in the order they registered."""
    nothing = {"cms": False, "runs_sessions": False, "more": []}
    if not user.is_authenticated or not user.is_active:
        return nothing
    offered = [hook() for hook in hooks.get_hooks(HEADER_LINKS_HOOK)]
    found = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            cms=Exists(
                Group.objects.filter(
                    user=OuterRef("pk"),
                    permissions__codename="access_admin",
                    permissions__content_type__app_label="wagtailadmin",
                )
            ),
            runs_sessions=Exists(
                Membership.objects.filter(
                    user=OuterRef("pk"),
                    role__in=(Membership.Role.FACILITATOR, Membership.Role.MANAGER),
                )
            ),
            **{f"offered_{n}": link.offered_to for n, link in enumerate(offered)},
        )
        .values("cms", "runs_sessions", *(f"offered_{n}" for n in range(len(offered))))
        .first()
    )
    if found is None:
        return nothing
    more = [
        described
        for n, link in enumerate(offered)
        if found[f"offered_{n}"] and (described := link.describe(user)) is not None
    ]
    return {
        "cms": user.is_superuser or found["cms"],
        "runs_sessions": found["runs_sessions"],
        "more": more,
    }
