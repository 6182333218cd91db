"""Who may manage an organization's training plans and tags: its managers (and site admins).

Built on ``accounts.permissions.get_organization_for_manager``: outsiders (the managers of
another organization among them) get 404, members who are not managers 403, and a manager
whose session has not used a second factor is sent to their authenticator first. A plan or a
tag is found by its random code within that organization only, so another organization's code
is a 404 too.
"""

from django.shortcuts import get_object_or_404

from accounts.permissions import get_organization_for_manager

from .models import MemberTag, TrainingPlan


def get_plan_for_manager(user, slug: str, code: str) -> TrainingPlan:
    organization = get_organization_for_manager(user, slug)
    return get_object_or_404(
        TrainingPlan.objects.select_related("organization"), organization=organization, code=code
    )


def get_tag_for_manager(user, slug: str, code: str) -> MemberTag:
    organization = get_organization_for_manager(user, slug)
    return get_object_or_404(
        MemberTag.objects.select_related("organization"), organization=organization, code=code
    )
