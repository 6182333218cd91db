"""Every "may this user see or manage this organization or member" question, answered once.

Views, templates and the admin ask here; nothing else decides access to organizations.
Outsiders get 404 (they must not learn an organization's pages exist), members who are not
managers get 403.

A role counts only in a session that has used a second factor (``accounts.mfa``): until then
a site admin or a manager is answered here as the plain learner they also are, and a page only
their role opens raises ``SecondFactorRequired``, which sends them to their authenticator.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .mfa import SecondFactorRequired, used_second_factor
from .models import Membership, Organization
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


def managed_organizations(user) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    if is_site_admin(user):
        return Organization.objects.all()
    return Organization.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.MANAGER
    )


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


def visible_members(user, organization: Organization) -> QuerySet[Membership]:
    """Memberships whose training records `user` may see in `organization`.

    Only members who agreed to share their records, and only for the organization's managers.
    """
    if not can_manage_organization(user, organization):
        return Membership.objects.none()
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

