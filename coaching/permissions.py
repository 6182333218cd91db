"""Who may read a learner's practice and who may rate it; answered once here.

Practice responses and coaches' comments are seen by three kinds of people only: the learner,
the coaches assigned to them (``CoachAssignment``: a trainer for the whole course, or a
trainer, facilitator or manager for one organization's members) and site reviewers. Partner
managers see the course's status (through progress), never the words. A role counts only in
a session that used a second factor (``accounts.mfa``). Anyone else gets 404: they do not
learn the practice exists. Nobody rates their own practice.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.mfa import SecondFactorRequired, has_powers, used_second_factor
from accounts.models import Membership
from accounts.roles import REVIEWERS, TRAINERS
from basics.codes import normalize_code

from .models import CODE_LENGTH, CoachAssignment, PracticeSubmission

FACILITATING_ROLES = (Membership.Role.FACILITATOR, Membership.Role.MANAGER)


def is_site_reviewer(user) -> bool:
    return (
        user.is_authenticated
        and used_second_factor(user)
        and user.groups.filter(name=REVIEWERS).exists()
    )


def _is_trainer(user) -> bool:
    return user.groups.filter(name=TRAINERS).exists()


def coaching_scopes(user) -> list[tuple[int, int | None]]:
    """(course id, organization id or None for every learner) pairs `user` coaches now.

    An assignment counts while the role that allowed it holds: a trainer for any assignment,
    a facilitator or manager for their own organization's (roles can change after assigning).
    """
    if not user.is_authenticated or not used_second_factor(user):
        return []
    assignments = CoachAssignment.objects.filter(coach=user).values_list(
        "course_coaching__course_id", "organization_id"
    )
    if _is_trainer(user):
        return sorted(set(assignments))
    facilitated = set(
        Membership.objects.filter(user=user, role__in=FACILITATING_ROLES).values_list(
            "organization_id", flat=True
        )
    )
    return sorted(
        {(course, org) for course, org in assignments if org is not None and org in facilitated}
    )


def _member_of(organization_id: int) -> Exists:
    return Exists(
        Membership.objects.filter(
            user_id=OuterRef("enrollment__user_id"), organization_id=organization_id
        )
    )


def _within(scopes) -> Q | None:
    if not scopes:
        return None
    within = Q()
    for course_id, organization_id in scopes:
        scope = Q(practice_set__course_id=course_id)
        if organization_id is not None:
            scope &= _member_of(organization_id)
        within |= scope
    return within


def coached_submissions(user, scopes=None) -> QuerySet[PracticeSubmission]:
    """Submitted practice `user` may rate: within their scopes (:func:`coaching_scopes`, or
    the ones given), never their own."""
    within = _within(coaching_scopes(user) if scopes is None else scopes)
    if within is None:
        return PracticeSubmission.objects.none()
    return (
        PracticeSubmission.objects.filter(submitted_at__isnull=False)
        .filter(within)
        .exclude(enrollment__user=user)
    )


def waiting_submissions(user, scopes=None) -> QuerySet[PracticeSubmission]:
    """The coach's queue: submitted practice `user` may rate that nobody has rated yet."""
    return coached_submissions(user, scopes).filter(reviews__isnull=True)


def coaches_now() -> Exists:
    """Is the user row (``OuterRef("pk")``) a coach whose role still allows an assignment: a
    trainer with any, a facilitator or manager with one for their own organization? Read
    before the second factor, for the header (the queue asks for it)."""
    return Exists(
        CoachAssignment.objects.filter(coach=OuterRef("pk")).filter(
            Q(coach__groups__name=TRAINERS)
            | Q(
                organization__memberships__user=OuterRef("pk"),
                organization__memberships__role__in=FACILITATING_ROLES,
            )
        )
    )


def may_coach_anyone(user) -> bool:
    return bool(coaching_scopes(user))


def may_rate(user, submission: PracticeSubmission) -> bool:
    return coached_submissions(user).filter(pk=submission.pk).exists()


def coaches_of(submission: PracticeSubmission) -> list:
    """Everyone who may rate `submission` (for the email saying it arrived)."""
    course_id = submission.practice_set.course_id
    learner_id = submission.enrollment.user_id
    organizations = set(
        Membership.objects.filter(user_id=learner_id).values_list("organization_id", flat=True)
    )
    candidates = [
        assignment
        for assignment in CoachAssignment.objects.filter(
            course_coaching__course_id=course_id
        ).select_related("coach")
        if assignment.organization_id is None or assignment.organization_id in organizations
    ]
    coach_ids = [assignment.coach_id for assignment in candidates]
    trainers = set(
        get_user_model()
        .objects.filter(pk__in=coach_ids, groups__name=TRAINERS)
        .values_list("pk", flat=True)
    )
    facilitating = set(
        Membership.objects.filter(user_id__in=coach_ids, role__in=FACILITATING_ROLES).values_list(
            "user_id", "organization_id"
        )
    )
    coaches = {}
    for assignment in candidates:
        coach = assignment.coach
        if coach.pk == learner_id or not coach.is_active:
            continue
        if coach.pk in trainers or (coach.pk, assignment.organization_id) in facilitating:
            coaches[coach.pk] = coach
    return list(coaches.values())


def _find(code: str) -> PracticeSubmission:
    normalized = normalize_code(code or "")
    if len(normalized) != CODE_LENGTH:
        raise Http404
    found = (
        PracticeSubmission.objects.select_related(
            "practice_set__course", "enrollment__user", "enrollment__course"
        )
        .filter(code=normalized)
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_submission_for_reader(user, code: str) -> PracticeSubmission:
    """The submission at `code` for its learner, a coach who may rate it or a site reviewer;
    the second-factor step for people whose role might open it; 404 for everyone else."""
    if not user.is_authenticated:
        raise Http404
    submission = _find(code)
    if submission.enrollment.user_id == user.pk:
        return submission
    if has_powers(user) and not used_second_factor(user):
        raise SecondFactorRequired
    if is_site_reviewer(user) or may_rate(user, submission):
        return submission
    raise Http404


def get_submission_to_rate(user, code: str) -> PracticeSubmission:
    """The submitted practice at `code` for a coach who may rate it; 403 for its own learner
    (nobody rates their own practice) and for reviewers (they read, they do not rate)."""
    submission = get_submission_for_reader(user, code)
    if not submission.is_submitted:
        raise Http404
    if submission.enrollment.user_id == user.pk or not may_rate(user, submission):
        raise PermissionDenied
    return submission


def require_coach(user) -> None:
    """For the queue: 404 for people who coach nobody, the second-factor step for roles."""
    if not user.is_authenticated:
        raise Http404
    if may_coach_anyone(user):
        return
    if has_powers(user) and not used_second_factor(user):
        raise SecondFactorRequired
    raise Http404
