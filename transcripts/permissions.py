"""Who may have a transcript made of someone else's records: the managers of an organization
the person belongs to and shares their records with (with a second factor).

Built on ``accounts.permissions.get_organization_for_manager`` (404 for outsiders, 403 for
members, the second-factor step for a manager who has not used one). A member is found by
their membership's random code among the organization's *sharing* members only, so a member
who does not share, or who stopped sharing a moment ago, is a 404 like a code that never was.
"""

from django.shortcuts import get_object_or_404

from accounts.models import Membership
from accounts.permissions import get_organization_for_manager


def get_sharing_member_for_manager(user, slug: str, code: str) -> Membership:
    organization = get_organization_for_manager(user, slug)
    return get_object_or_404(
        organization.memberships.sharing_records().select_related("user", "organization"),
        code=code,
    )
