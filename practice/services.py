"""Asking to be observed, recording an observation, and what a learner has been signed off on."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from basics.sanitize import clean_user_text
from courses.models import Enrollment
from courses.services.records import evaluate_completion

from .models import (
    COMMENT_MAX_LENGTH,
    PLACE_MAX_LENGTH,
    ChecklistItem,
    Observation,
    ObservationMark,
    ObservationRequest,
    SkillsChecklist,
)
from .permissions import ObserverStanding

CODE_ATTEMPTS = 5


def current_enrollment(user, checklist: SkillsChecklist) -> Enrollment | None:
    """The learner's latest enrolment in the checklist's course (a sign-off counts for it)."""
    if not user.is_authenticated:
        return None
    return Enrollment.objects.current_for(user, checklist.course)


def _new_request(enrollment, checklist, session=None) -> ObservationRequest:
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return ObservationRequest.objects.create(
                    checklist=checklist,
                    learner=enrollment.user,
                    enrollment=enrollment,
                    session=session,
                )
        except IntegrityError:  # two live short codes collided: draw another
            continue
    raise RuntimeError("Could not draw a free observation code")


def request_observation(enrollment: Enrollment, checklist: SkillsChecklist) -> ObservationRequest:
    """A fresh short code for the learner to show; their earlier codes for it stop working
    (a form a facilitator opened from a roster keeps working)."""
    ObservationRequest.objects.filter(expires_at__lte=timezone.now()).delete()
    ObservationRequest.objects.filter(
        learner=enrollment.user, checklist=checklist, session=None
    ).delete()
    return _new_request(enrollment, checklist)


def request_observation_at_session(
    enrollment: Enrollment, checklist: SkillsChecklist, session
) -> ObservationRequest:
    """The observation form for a person checked in to `session`, opened from its roster: the
    one already open for them there (a second tap reuses it), else a new one."""
    now = timezone.now()
    ObservationRequest.objects.filter(expires_at__lte=now).delete()
    open_already = ObservationRequest.objects.filter(
        learner=enrollment.user,
        checklist=checklist,
        enrollment=enrollment,
        session=session,
        expires_at__gt=now,
    ).first()
    return open_already or _new_request(enrollment, checklist, session)


def usable_request(user, checklist: SkillsChecklist) -> ObservationRequest | None:
    """The learner's own code to show (never one a facilitator opened from a roster)."""
    return (
        ObservationRequest.objects.filter(
            learner=user, checklist=checklist, session=None, expires_at__gt=timezone.now()
        )
        .order_by("-created_at")
        .first()
    )


def session_place(session) -> str:
    """Where an observation at `session` happened, in the words its page uses."""
    if session.happens_in_a_room:
        where = ", ".join(part for part in (session.room, session.address) if part)
    else:
        where = _("online")
    return f"{session.title} ({where})" if where else session.title


def printed_name(person) -> str:
    """The observer's name as printed on a certificate: never their email address."""
    name = person.certificate_name or person.get_full_name() or person.display_name or ""
    return name.strip()[:150]


@dataclass(frozen=True)
class MarkInput:
    item: ChecklistItem
    done: bool
    comment: str


def record_observation(
    request_row: ObservationRequest,
    observer,
    standing: ObserverStanding,
    *,
    place: str = "",
    marks: list[MarkInput],
) -> Observation:
    """Keep what the observer saw as a new observation, use up the learner's code, and, when
    every critical step was done, let the course decide whether it is now complete.

    A request opened from a session's roster records that session, and it is the place.
    Call inside a transaction that locked `request_row`."""
    checklist = request_row.checklist
    if request_row.session is not None:
        place = session_place(request_row.session)
    signed_off = all(mark.done for mark in marks if mark.item.critical)
    observation = Observation.objects.create(
        checklist=checklist,
        learner=request_row.learner,
        enrollment=request_row.enrollment,
        observer=observer,
        observer_name=printed_name(observer),
        capacity=standing.capacity,
        organization=standing.organization,
        place=clean_user_text(place, max_length=PLACE_MAX_LENGTH),
        session=request_row.session,
        checklist_title=checklist.title,
        signed_off=signed_off,
    )
    ObservationMark.objects.bulk_create(
        ObservationMark(
            observation=observation,
            item=mark.item,
            step=mark.item.step,
            critical=mark.item.critical,
            result=ObservationMark.Result.DONE
            if mark.done
            else ObservationMark.Result.NEEDS_PRACTICE,
            comment=clean_user_text(mark.comment, max_length=COMMENT_MAX_LENGTH),
            position=position,
        )
        for position, mark in enumerate(marks)
    )
    ObservationRequest.objects.filter(pk=request_row.pk).delete()
    if signed_off:
        evaluate_completion(request_row.enrollment)
    return observation


def observations_of(user, checklist: SkillsChecklist) -> list[Observation]:
    """The learner's observations on `checklist`, newest first, with their marks."""
    return list(
        Observation.objects.filter(learner=user, checklist=checklist).prefetch_related("marks")
    )


def exported_observations(user) -> list[dict]:
    """The learner's observations for their data download: every step's mark and comment."""
    return [
        {
            "checklist": observation.checklist_title,
            "course": observation.checklist.course.title,
            "observed_at": observation.observed_at,
            "observed_by": observation.observer_name,
            "observed_as": observation.get_capacity_display(),
            "organization": observation.organization.name if observation.organization else None,
            "where": observation.place,
            "signed_off": observation.signed_off,
            "steps": [
                {
                    "step": mark.step,
                    "critical": mark.critical,
                    "result": mark.get_result_display(),
                    "comment": mark.comment,
                }
                for mark in observation.marks.all()
            ],
        }
        for observation in Observation.objects.filter(learner=user)
        .select_related("checklist__course", "organization")
        .prefetch_related("marks")
        .order_by("observed_at", "pk")
    ]
