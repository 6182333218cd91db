"""Every "may this user see or manage this organization or member" question, answered once.

Views, templates and the admin ask here; nothing else decides access to organizations.
Outsiders get 404 (they must not learn an organization's pages exist), members who are not
managers get 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Membership, Organization
from .roles import SITE_ADMINS, STAFF_GROUPS


def is_site_admin(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=SITE_ADMINS).exists()


def requires_mfa(user) -> bool:
    """Staff, trainers, reviewers and site admins must protect their account with MFA."""
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()


def membership_of(user, organization: Organization) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organization=organization).first()


def can_manage_organization(user, organization: Organization) -> bool:
    if is_site_admin(user):
        return True
    membership = membership_of(user, organization)
    return membership is not None and membership.is_manager


def get_organization_for_manager(user, slug: str) -> Organization:
    """The organization at `slug`, if `user` may manage it: 404 for outsiders, 403 for members."""
    organization = get_object_or_404(Organization, slug=slug)
    if is_site_admin(user):
        return organization
    membership = membership_of(user, organization)
    if membership is None:
        raise Http404
    if not membership.is_manager:
        raise PermissionDenied
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
    if viewer.pk == learner.pk or is_site_admin(viewer):
        return True
    return Membership.objects.filter(
        user=learner,
        records_shared_at__isnull=False,
        organization__memberships__user=viewer,
        organization__memberships__role=Membership.Role.MANAGER,
    ).exists()
