"""Coached practice in the demo: the demo trainer coaches the motivational-interviewing course,
and the demo learner's practice set waits in their queue, so someone trying the demo signs in
as the trainer and finds "Practice to review (1 waiting)" in the header, rates it, and then,
as the learner, reads the feedback.

Idempotent: the assignment and the submission are made once (a learner who has any practice
on the set, rated or not, is left alone), after ``load_curriculum`` and
``load_practice_sets`` (``make demo`` runs them first).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from coaching import services as coaching_services
from coaching.models import (
    CoachAssignment,
    CourseCoaching,
    PracticeSet,
    PracticeSubmission,
    ResponseKind,
)
from coaching.seed import MI_COURSE_SLUG
from courses.models import CoursePage
from courses.services.records import enrol

DEMO_COACH = "trainer@example.org"
DEMO_LEARNER = "learner@example.org"
# What a learner part-way through the course might write: our own words, uneven on purpose, so
# the coach has something to rate and comment on.
DEMO_RESPONSES = {
    ResponseKind.SIMPLE_REFLECTION: "Thinking about the test makes you feel scared.",
    ResponseKind.COMPLEX_REFLECTION: (
        "You know your own use and you take care, and it hurts when she doesn't see that."
    ),
    ResponseKind.OPEN_QUESTION: "What helps you remember the strips on the days you do?",
    ResponseKind.AFFIRMATION: "You came back even after a hard week. That took something.",
    ResponseKind.SUMMARY: (
        "Smoking helps you sleep, and money and your son's questions weigh on you. Having "
        "somewhere to be in the mornings might make cutting down easier."
    ),
    ResponseKind.ASK_OFFER_ASK: (
        "Can I share what I know about using with a buddy? ... Naloxone still matters, because "
        "a buddy can overdose too. What do you make of that?"
    ),
}


@dataclass(frozen=True)
class DemoCoaching:
    ready: bool  # the course, its practice set and the demo people exist
    assigned: bool = False
    submitted: bool = False
    coach: str = DEMO_COACH
    course: str = ""


def _demo_practice_set() -> PracticeSet | None:
    course = CoursePage.objects.filter(slug=MI_COURSE_SLUG).first()
    if course is None:
        return None
    return (
        PracticeSet.objects.filter(course=course, is_open=True)
        .select_related("course")
        .order_by("pk")
        .first()
    )


def add_demo_coaching() -> DemoCoaching:
    practice_set = _demo_practice_set()
    coach = User.objects.filter(email=DEMO_COACH).first()
    learner = User.objects.filter(email=DEMO_LEARNER).first()
    if practice_set is None or coach is None or learner is None:
        return DemoCoaching(ready=False)
    course = practice_set.course
    with transaction.atomic():
        terms, _created = CourseCoaching.objects.get_or_create(course=course)
        _assignment, assigned = CoachAssignment.objects.get_or_create(
            course_coaching=terms, coach=coach, organization=None
        )
        enrollment, _created = enrol(learner, course)
    submitted = False
    if not PracticeSubmission.objects.filter(
        enrollment__user=learner, practice_set=practice_set
    ).exists():
        texts = {
            position: DEMO_RESPONSES.get(statement.kind, "I hear you.")
            for position, statement in enumerate(practice_set.statements.all(), start=1)
        }
        coaching_services.save(enrollment, practice_set, texts, submit=True)
        submitted = True
    return DemoCoaching(ready=True, assigned=assigned, submitted=submitted, course=course.title)
