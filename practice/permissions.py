"""Who may observe whom, and who sees an observation; answered once here.

Observers are trainers and site admins (any learner), and the facilitators and managers of an
organization (its members only), each only in a session that used a second factor: they see
and record another person's skills. Nobody observes themselves. A learner sees their own
observations; an observer sees the ones they recorded; staff with a second factor see all.

From a live session's roster (``trainings``), the people who may run that session observe the
people checked in to it, whatever their organization: trainers as trainers, the others as
facilitators of the hosting organization. The form they reach is the same, at a token the
learner never sees.

Looking up a learner's code answers "no such code" alike for an unknown code, an expired one
and one the person may not use, so an observer from another organization learns nothing about
who asked (the typing page is rate-limited, so codes cannot be tried in bulk).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.mfa import SecondFactorRequired, has_powers, has_staff_powers, used_second_factor
from accounts.models import Membership, Organization
from accounts.roles import SITE_ADMINS, TRAINERS
from basics.codes import normalize_code
from courses.localization import source_snippet
from trainings.models import Attendance, TrainingSession
from trainings.permissions import get_session_to_run, may_run_session

from .models import CODE_LENGTH, SHOW_CODE_LENGTH, Observation, ObservationRequest, SkillsChecklist


def _holds_trainer_role(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name__in=(TRAINERS, SITE_ADMINS)).exists()


def _facilitated_organization_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(
            user=user, role__in=(Membership.Role.FACILITATOR, Membership.Role.MANAGER)
        ).values_list("organization_id", flat=True)
    )


def holds_observer_role(user) -> bool:
    """The role alone, whatever this session did: ask :func:`may_observe` for access."""
    return _holds_trainer_role(user) or bool(_facilitated_organization_ids(user))


def require_observer(user) -> None:
    """The page for typing a learner's code: observers only (403 for others), and only after
    a second factor (the step to use one for those whose role would let them)."""
    if not holds_observer_role(user):
        raise PermissionDenied
    if not used_second_factor(user):
        raise SecondFactorRequired


@dataclass(frozen=True)
class ObserverStanding:
    """In what capacity `user` may observe one learner: as a trainer, or as a facilitator of
    `organization` (an organization the learner belongs to)."""

    capacity: str
    organization: Organization | None = None


def standing_to_observe(user, learner) -> ObserverStanding | None:
    if not user.is_authenticated or user.pk == learner.pk or not used_second_factor(user):
        return None
    if _holds_trainer_role(user):
        return ObserverStanding(Observation.Capacity.TRAINER)
    shared = (
        Membership.objects.filter(
            user=learner, organization_id__in=_facilitated_organization_ids(user)
        )
        .select_related("organization")
        .order_by("organization__name")
        .first()
    )
    if shared is None:
        return None
    return ObserverStanding(Observation.Capacity.FACILITATOR, shared.organization)


def find_request_by_show_code(user, typed: str) -> ObservationRequest | None:
    """The learner's usable request with the code `typed`, if `user` may observe them."""
    code = normalize_code(typed or "")
    if len(code) != SHOW_CODE_LENGTH:
        return None
    found = (
        ObservationRequest.objects.select_related("learner", "checklist")
        .filter(show_code=code, session=None)  # a roster's code is never typed
        .first()
    )
    if found is None or not found.is_usable or standing_to_observe(user, found.learner) is None:
        return None
    return found


def standing_at_session(user, session: TrainingSession) -> ObserverStanding | None:
    """In what capacity `user` observes people at `session`: only if they may run it."""
    if not may_run_session(user, session):
        return None
    if _holds_trainer_role(user):
        return ObserverStanding(Observation.Capacity.TRAINER)
    return ObserverStanding(Observation.Capacity.FACILITATOR, session.organization)


def _standing_for_roster_request(user, found: ObservationRequest) -> ObserverStanding:
    if found.learner_id == user.pk:
        raise Http404
    standing = standing_at_session(user, found.session)
    if standing is not None:
        return standing
    if has_powers(user) and not used_second_factor(user):
        raise SecondFactorRequired
    raise Http404


def get_request_to_observe(user, token: str, *, for_update: bool = False):
    """The request at `token` and the observer's standing: 404 for anyone who may not observe
    this learner (or when the code was used or ran out), the second-factor step for an
    observer who has not used one. A request made from a session's roster is for the people
    who may run that session."""
    requests = ObservationRequest.objects.select_related(
        "learner", "checklist", "checklist__course", "enrollment", "session__organization"
    )
    if for_update:
        requests = requests.select_for_update(of=("self",))
    found = requests.filter(token=token).first()
    if found is not None and found.session_id is not None:
        standing = _standing_for_roster_request(user, found)
    else:
        require_observer(user)
        standing = standing_to_observe(user, found.learner) if found is not None else None
    if found is None or not found.is_usable or standing is None:
        raise Http404
    return found, standing


def get_attendee_to_observe(user, session_code: str, attendance_code: str, checklist_code: str):
    """For the "Observe skills" button of a session's roster: the session (404 / 403 / the
    second-factor step as its roster answers), the current attendance of a person with an
    account at it, and one checklist of the session's course. Nobody observes themselves
    (403). The form it opens asks :func:`standing_at_session` again."""
    session = get_session_to_run(user, session_code)
    checklist = source_snippet(
        SkillsChecklist.objects.select_related("course")
        .filter(code=normalize_code(checklist_code or "")[:CODE_LENGTH])
        .first()
    )
    attendance = (
        Attendance.objects.current()
        .filter(session=session, code=str(attendance_code or "")[:20], person__isnull=False)
        .select_related("person")
        .first()
    )
    if (
        checklist is None
        or attendance is None
        or session.course_id is None
        or checklist.course_id != session.course_id
    ):
        raise Http404
    if attendance.person_id == user.pk:
        raise PermissionDenied
    return session, attendance, checklist


def may_see_observation(user, observation: Observation) -> bool:
    if not user.is_authenticated:
        return False
    if user.pk in (observation.learner_id, observation.observer_id):
        return user.pk == observation.learner_id or used_second_factor(user)
    return used_second_factor(user) and has_staff_powers(user)


def get_observation_for_viewer(user, code: str) -> Observation:
    observation = (
        Observation.objects.select_related("checklist", "checklist__course", "learner", "session")
        .filter(code=normalize_code(code or ""))
        .first()
    )
    if observation is None or not may_see_observation(user, observation):
        raise Http404
    return observation
