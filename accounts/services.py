"""What people do with organizations: join, invite, accept, share, leave, manage roles.

Each change to who belongs, in which role, and who shares their records writes an audit entry
(``accounts.audit``); `by` is the person acting, when it is not the member themself.
"""

from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from basics.codes import normalize_code
from basics.links import absolute_url

from . import audit
from .language import in_language_of
from .models import Invitation, Membership, Organization
from .permissions import invitation_is_for


class MembershipError(Exception):
    """A request about membership that cannot be carried out; the message is for the user."""


def join_url(organization: Organization) -> str:
    return absolute_url(reverse("accounts:join") + f"?code={organization.join_code}")


def find_organization_by_join_code(typed_code: str) -> Organization | None:
    return Organization.objects.filter(join_code=normalize_code(typed_code)).first()


def add_member(
    user,
    organization: Organization,
    *,
    share_records: bool,
    role: str = Membership.Role.MEMBER,
    action: str = audit.MEMBER_JOIN,
) -> Membership:
    """Make `user` a member of `organization`; joining twice keeps the one membership.

    An existing membership keeps its role (a manager who uses the join code stays a manager);
    sharing is only ever switched on here, never off: withdrawing consent is its own act.
    `action` names how they joined in the audit trail.
    """
    now = timezone.now()
    try:
        with transaction.atomic():
            membership, created = Membership.objects.get_or_create(
                user=user,
                organization=organization,
                defaults={"role": role, "records_shared_at": now if share_records else None},
            )
    except IntegrityError:
        # Two requests raced to create the same membership; the other one won.
        membership, created = Membership.objects.get(user=user, organization=organization), False
    if created:
        audit.log_membership(membership, action, by=user, role=membership.role)
        if membership.shares_records:
            audit.log_membership(membership, audit.CONSENT_GIVE, by=user)
    elif share_records and not membership.shares_records:
        membership.records_shared_at = now
        membership.save(update_fields=["records_shared_at"])
        audit.log_membership(membership, audit.CONSENT_GIVE, by=user)
    return membership


def invite(organization: Organization, email: str, *, role: str, invited_by) -> Invitation:
    """Create an invitation (or renew the pending one for that address); email the link on commit."""
    email = email.strip().lower()
    with transaction.atomic():
        invitation = (
            Invitation.objects.pending()
            .select_for_update()
            .filter(organization=organization, email__iexact=email)
            .first()
        )
        if invitation is None:
            invitation = Invitation.objects.create(
                organization=organization, email=email, role=role, invited_by=invited_by
            )
        elif invitation.role != role:
            invitation.role = role
            invitation.save(update_fields=["role"])
        # Only once the invitation is saved for good: a bulk invite that fails part-way rolls
        # back every row, and no one gets a link that leads nowhere. A mail server failure
        # is logged; the invitation stays pending, where the manager can resend it.
        _on_commit_as_now(lambda: send_invitation(invitation))
    return invitation


def _on_commit_as_now(send) -> None:
    """Run `send` once the transaction commits, in today's request and language.

    allauth builds the site name and links from the current request; keep the one of the
    moment the email was decided, however late the commit comes.
    """
    request = allauth_context.request
    language = translation.get_language()

    def run():
        with allauth_context.request_context(request), translation.override(language):
            send()

    transaction.on_commit(run, robust=True)


def invite_many(organization: Organization, emails: list[str], *, role: str, invited_by) -> int:
    """Invite everyone in `emails` in one transaction; one audit entry says how many."""
    with transaction.atomic():
        for email in emails:
            invite(organization, email, role=role, invited_by=invited_by)
        if emails:
            audit.log_for_organization(
                organization, audit.INVITE_SEND, by=invited_by, count=len(emails), role=role
            )
    return len(emails)


def resend_invitation(invitation: Invitation, *, by) -> None:
    send_invitation(invitation)
    audit.log_for_organization(
        invitation.organization,
        audit.INVITE_SEND,
        by=by,
        count=1,
        role=invitation.role,
        invitation=invitation.code,
        resent=True,
    )


def send_invitation(invitation: Invitation) -> None:
    link = absolute_url(reverse("accounts:invitation", args=[invitation.token]))
    # In the inviter's language, unless the address belongs to someone who chose one (the
    # adapter checks that).
    with in_language_of(invitation.invited_by):
        get_adapter().send_mail(
            "accounts/email/invitation",
            invitation.email,
            {"invitation": invitation, "organization": invitation.organization, "link": link},
        )


def accept_invitation(invitation: Invitation, user, *, share_records: bool) -> Membership:
    """Turn a usable invitation into a membership, exactly once."""
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise MembershipError(_("This invitation has already been used."))
        if locked.cancelled_at is not None:
            raise MembershipError(_("This invitation was cancelled by the organization."))
        if locked.is_expired:
            raise MembershipError(
                _("This invitation has expired. Please ask the organization for a new one.")
            )
        if not invitation_is_for(user, locked):  # only its addressee, by a confirmed address
            raise MembershipError(
                _(
                    "This invitation was sent to another address. Please sign in with the "
                    "address it was sent to, or add that address to your account and confirm it."
                )
            )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        return add_member(
            user,
            locked.organization,
            share_records=share_records,
            role=locked.role,
            action=audit.MEMBER_ACCEPT,
        )


def cancel_invitation(invitation: Invitation, *, by=None) -> None:
    if invitation.cancelled_at is None and invitation.accepted_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        audit.log_for_organization(
            invitation.organization,
            audit.INVITE_CANCEL,
            by=by,
            count=1,
            invitation=invitation.code,
        )


def set_record_sharing(membership: Membership, *, share: bool) -> None:
    """Give or withdraw consent; managers see records only while it is given."""
    if share == membership.shares_records:
        return
    membership.records_shared_at = timezone.now() if share else None
    membership.save(update_fields=["records_shared_at"])
    action = audit.CONSENT_GIVE if share else audit.CONSENT_WITHDRAW
    audit.log_membership(membership, action, by=membership.user)


def _is_last_manager(membership: Membership) -> bool:
    if not membership.is_manager:
        return False
    return not membership.organization.memberships.managers().exclude(pk=membership.pk).exists()


def _locked_for_manager_change(membership: Membership) -> Membership:
    """Inside a transaction: lock the organization's row, then re-read `membership`.

    Every change that can take a manager away (leave, remove, demote, deleting an account in
    lms.privacy) locks the organization first, so two of them at once run one after the other
    and the second counts the managers the first left; else both could see "another manager
    remains" and leave none. Raises MembershipError if the membership is gone meanwhile.
    """
    list(Organization.objects.select_for_update().filter(pk=membership.organization_id).only("pk"))
    current = Membership.objects.filter(pk=membership.pk).select_related("organization").first()
    if current is None:
        raise MembershipError(_("This person is no longer a member of the organization."))
    membership.role = current.role
    return current


def leave_organization(membership: Membership, *, by=None) -> None:
    """Remove a membership; its managers no longer see the person's records from now on.

    `by` is the manager who removed the person, or None (or the person) when they left.
    """
    left = by is None or by.pk == membership.user_id
    with transaction.atomic():
        membership = _locked_for_manager_change(membership)
        if _is_last_manager(membership):
            raise MembershipError(
                _(
                    "You are the only manager of %(organization)s. Make someone else a manager first."
                )
                % {"organization": membership.organization}
            )
        audit.log_membership(
            membership,
            audit.MEMBER_LEAVE if left else audit.MEMBER_REMOVE,
            by=membership.user if left else by,
            role=membership.role,
            shared_records=membership.shares_records,
        )
        membership.delete()


def change_role(membership: Membership, role: str, *, by=None) -> None:
    if role not in Membership.Role.values:
        raise MembershipError(_("Please choose a valid role."))
    with transaction.atomic():
        current = _locked_for_manager_change(membership)
        if role == current.role:
            return
        if _is_last_manager(current):
            raise MembershipError(_("An organization needs at least one manager."))
        old_role = current.role
        current.role = membership.role = role
        current.save(update_fields=["role"])
        audit.log_membership(current, audit.MEMBER_ROLE, by=by, role=role, old_role=old_role)
