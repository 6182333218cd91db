"""Who may download their data and who may delete their own account, answered once.

Everyone signed in may download their own data, and only their own: the views pass the
signed-in user to the services, never an id from the request. Learners may delete their own
account. Staff accounts (Django staff, superusers, trainers, reviewers, site admins) may not:
they author and review content and see other people's records, so a site admin closes them,
keeping the audit trail of what they did intact.
"""

from accounts.roles import STAFF_GROUPS


def is_staff_account(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or user.groups.filter(name__in=STAFF_GROUPS).exists()


def can_delete_own_account(user) -> bool:
    return user.is_authenticated and not is_staff_account(user)
