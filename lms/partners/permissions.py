"""Access to the coalition pages, on top of ``accounts.permissions``.

A coalition's figures are for the managers of that coalition (an organization of kind
coalition) and site admins: outsiders get 404, its members who are not managers 403, exactly
as ``get_organization_for_manager`` decides. Any other kind of organization has no coalition
pages (404), even for its managers. A lead or an admin whose session has not used a second
factor is sent to their authenticator first (``accounts.mfa.SecondFactorRequired``).
"""

from django.http import Http404

from accounts.models import Organization
from accounts.permissions import get_organization_for_manager


def get_coalition_for_manager(user, slug: str) -> Organization:
    organization = get_organization_for_manager(user, slug)
    if organization.kind != Organization.Kind.COALITION:
        raise Http404
    return organization
