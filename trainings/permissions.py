"""Who may see a live session, register for it, and see its meeting link; answered once here.

Public sessions are open to everyone to look at; invitation-only ones exist only for members
of the hosting organization (anyone else, signed in or not, gets 404, so they do not learn the
session exists). Registering needs an account; when registering is refused the reason is said
in plain words (:func:`why_registration_is_refused`).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.mfa import SecondFactorRequired, has_powers, has_staff_powers, used_second_factor
from accounts.models import Membership, Organization
from basics.codes import normalize_code

from .models import CODE_LENGTH, Registration, TrainingSession


def _organization_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).values_list("organization_id", flat=True))


def visible_sessions(user) -> QuerySet[TrainingSession]:
    """Every session `user` may see: the public ones, and their own organizations' others."""
    return TrainingSession.objects.filter(
        Q(invitation_only=False) | Q(organization_id__in=_organization_ids(user))
    )


def listed_sessions(user, now=None) -> QuerySet[TrainingSession]:
    """What the list of upcoming sessions shows `user`: visible, not over, not cancelled."""
    return (
        visible_sessions(user)
        .upcoming(now)
        .exclude(status=TrainingSession.Status.CANCELLED)
        .select_related("organization")
    )


def _session_at(sessions: QuerySet[TrainingSession], code: str) -> TrainingSession:
    normalized = normalize_code(code or "")
    if len(normalized) != CODE_LENGTH:
        raise Http404
    found = sessions.select_related("organization", "course").filter(code=normalized).first()
    if found is None:
        raise Http404
    return found


def get_session_for_viewer(user, code: str) -> TrainingSession:
    """The session at `code`, if `user` may see it; else 404 (unknown and hidden look alike)."""
    return _session_at(visible_sessions(user), code)


def get_session_page(user, code: str) -> TrainingSession:
    """The session's public page: for whoever may see it, and for whoever may run it (staff
    on an invitation-only session come back to it from its roster); else 404."""
    try:
        return get_session_for_viewer(user, code)
    except Http404:
        session = _session_at(TrainingSession.objects.all(), code)
        if may_run_session(user, session):
            return session
        raise


def why_registration_is_refused(session: TrainingSession, now=None) -> str | None:
    """The reason nobody may register for `session` now, in plain words; None when they may."""
    now = now or timezone.now()
    if session.status == TrainingSession.Status.CANCELLED:
        return _("This session was cancelled. You cannot register for it.")
    if session.status == TrainingSession.Status.CLOSED or session.end <= now:
        return _("This session is over. You cannot register for it any more.")
    if now < session.registration_opens:
        return _("Registration has not opened yet.")
    if now >= session.registration_deadline:
        return _("Registration for this session has closed.")
    return None


def why_viewer_may_not_register(user, session: TrainingSession) -> str | None:
    """Staff who see an invitation-only session's page to run it are not its members."""
    if session.invitation_only and not visible_sessions(user).filter(pk=session.pk).exists():
        return _("Only members of the hosting organization can register for this session.")
    return None


def active_registration(user, session: TrainingSession) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.active().filter(session=session, person=user).first()


def may_see_meeting_link(registration: Registration | None) -> bool:
    """The meeting link is for people with a place, not for the waitlist or the public."""
    return registration is not None and registration.status == Registration.Status.REGISTERED


def may_run_session(user, session: TrainingSession) -> bool:
    """May `user` see `session`'s roster and check people in (and, later, close it)?

    Its listed facilitators and the hosting organization's managers, and staff (trainers and
    site admins author sessions in the CMS); each only in a session that used a second factor.
    """
    if not user.is_authenticated or not used_second_factor(user):
        return False
    if has_staff_powers(user):
        return True
    if session.facilitators.filter(pk=user.pk).exists():
        return True
    return Membership.objects.filter(
        user=user, organization_id=session.organization_id, role=Membership.Role.MANAGER
    ).exists()


def get_session_to_run(user, code: str) -> TrainingSession:
    """The session at `code` for the person running it: 404 for anyone else who may not see it
    (staff and its listed facilitators always know of it), 403 for people who may see it but
    not run it, and the second-factor step for those whose role would let them once they use
    it."""
    session = _session_at(TrainingSession.objects.all(), code)
    if may_run_session(user, session):
        return session
    # Staff run invitation-only sessions they are not members for (trainers schedule them in
    # the CMS), and a listed facilitator may come from elsewhere: neither is an outsider.
    knows_of_it = (
        has_staff_powers(user)
        or (user.is_authenticated and session.facilitators.filter(pk=user.pk).exists())
        or visible_sessions(user).filter(pk=session.pk).exists()
    )
    if not knows_of_it:
        raise Http404
    if has_powers(user) and not used_second_factor(user):
        raise SecondFactorRequired
    raise PermissionDenied


# Scheduling on the public site, and recording community trainings from a sign-in sheet:
# the organization's facilitators and managers, each only in a session that used a second
# factor. Site staff schedule in the CMS.
RUNNING_ROLES = (Membership.Role.FACILITATOR, Membership.Role.MANAGER)


def _organizations_with_running_role(user) -> QuerySet[Organization]:
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__role__in=RUNNING_ROLES
    ).order_by("name")


def get_organizations_to_schedule_for(user) -> QuerySet[Organization]:
    """The organizations `user` runs sessions for: 403 when none, the second-factor step when
    the role is there but this session has not used one."""
    organizations = _organizations_with_running_role(user)
    if not organizations.exists():
        raise PermissionDenied
    if not used_second_factor(user):
        raise SecondFactorRequired
    return organizations


def sessions_run_by(user, organizations) -> QuerySet[TrainingSession]:
    """'Sessions I run': the ones `user` facilitates and the ones `organizations` host."""
    return (
        TrainingSession.objects.filter(Q(facilitators=user) | Q(organization__in=organizations))
        .distinct()
        .select_related("organization", "course")
        .order_by("-start", "pk")
    )


def may_schedule_for(user, organization) -> bool:
    return (
        user.is_authenticated
        and used_second_factor(user)
        and Membership.objects.filter(
            user=user, organization=organization, role__in=RUNNING_ROLES
        ).exists()
    )


def get_session_to_edit(user, code: str) -> TrainingSession:
    """The session at `code` for a facilitator or manager of its hosting organization: 404 for
    whoever may not see it, 403 for the others, the second-factor step for those whose role
    would let them."""
    session = get_session_for_viewer(user, code)
    if may_schedule_for(user, session.organization):
        return session
    if _organizations_with_running_role(user).filter(pk=session.organization_id).exists():
        raise SecondFactorRequired
    raise PermissionDenied


# People arrive early and webinars read their code out near the end: check-in is open from an
# hour before the start to a quarter of an hour after the end.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(hours=1)
CHECK_IN_CLOSES_AFTER = datetime.timedelta(minutes=15)


def why_check_in_is_refused(session: TrainingSession, now=None) -> str | None:
    """The reason nobody may check in to `session` now, in plain words; None when they may.

    A closed session's records change only by a correction (trainings.models.Attendance).
    """
    now = now or timezone.now()
    if session.status == TrainingSession.Status.CANCELLED:
        return _("This session was cancelled.")
    if session.status == TrainingSession.Status.CLOSED:
        return _("This session is closed. Its attendance can no longer be changed here.")
    if now < session.start - CHECK_IN_OPENS_BEFORE:
        return _("Check-in opens one hour before the session starts.")
    if now > session.end + CHECK_IN_CLOSES_AFTER:
        return _("This session is over, so check-in has closed.")
    return None
