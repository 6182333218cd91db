"""The "Skills sign-off" step a course with a checklist gets, and what a certificate prints.

``courses`` asks every app above it for steps met outside the online course
(``courses.signals.OUTSIDE_REQUIREMENTS_HOOK``, registered in ``wagtail_hooks``). A required
checklist's step holds completion back until it is signed off; an optional one is listed (so
the learner finds their skills page from the course page) and counts for nothing. Which courses
have a checklist is kept in the page cache's outside-steps generation (``courses.page_cache``: renewed
whenever a checklist is saved or deleted, and each process keeps a copy), so a course without
one costs no query at all, and the learners' sign-offs cost one query however
many courses and enrolments are asked about.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import page_cache
from courses.localization import source_locale_id
from courses.services.progress import RequirementStatus

from .models import Observation, SkillsChecklist

KEY_PREFIX = "skills-"


def course_checklists() -> dict[int, list[tuple[int, str, str, bool]]]:
    """course id -> [(checklist id, code, title, required)] for every source checklist (its
    translations are other language versions of the same step, not steps of their own)."""
    cache_key = page_cache.outside_steps_key("course-checklists")
    found = page_cache.read(cache_key)
    if found is None:
        found = {}
        rows = (
            SkillsChecklist.objects.filter(locale_id=source_locale_id())
            .order_by("-required", "title", "pk")
            .values_list("pk", "code", "title", "required", "course_id")
        )
        for pk, code, title, required, course_id in rows:
            found.setdefault(course_id, []).append((pk, code, title, required))
        page_cache.keep(cache_key, found)
    return found


def forget_course_checklists(**kwargs) -> None:
    page_cache.outside_steps_changed()


def _label(title: str, required: bool) -> str:
    if required:
        return _("Skills sign-off: %(title)s") % {"title": title}
    return _("Skills sign-off: %(title)s (optional)") % {"title": title}


def skills_requirements(pairs) -> list[list[RequirementStatus]]:
    by_course = course_checklists()
    enrollment_ids = [
        enrollment.pk
        for course, enrollment in pairs
        if enrollment is not None and course.pk in by_course
    ]
    signed_off = set()
    if enrollment_ids:
        signed_off = set(
            Observation.objects.filter(enrollment_id__in=enrollment_ids, signed_off=True)
            .order_by()
            .values_list("enrollment_id", "checklist_id")
        )
    return [
        [
            RequirementStatus(
                f"{KEY_PREFIX}{code}",
                _label(title, required),
                met=enrollment is not None and (enrollment.pk, pk) in signed_off,
                url=reverse("practice:checklist", args=[code]),
                required=required,
                place="alongside",
            )
            for pk, code, title, required in by_course.get(course.pk, [])
        ]
        for course, enrollment in pairs
    ]


def required_sign_offs_met(progress) -> bool | None:
    """For a partner manager's status column: None when the course has no required checklist,
    else whether every required one is signed off (read from the progress already loaded)."""
    steps = [
        step for step in progress.requirements if step.key.startswith(KEY_PREFIX) and step.required
    ]
    if not steps:
        return None
    return all(step.met for step in steps)


def observed_skills_for(enrollment) -> list[dict]:
    """What a certificate for `enrollment` prints: for each checklist signed off in it, the
    first sign-off's checklist, observer and date (ISO), kept on the certificate as issued,
    and the checklist's translation key, which finds its title in the certificate's language
    (``certificates.languages.checklist_title_in``)."""
    printed = {}
    for observation in (
        Observation.objects.filter(enrollment=enrollment, signed_off=True)
        .select_related("checklist")
        .order_by("observed_at", "pk")
    ):
        printed.setdefault(
            observation.checklist_id,
            {
                "checklist": observation.checklist_title,
                "translation_key": str(observation.checklist.translation_key),
                "observer": observation.observer_name,
                "date": timezone.localdate(observation.observed_at).isoformat(),
            },
        )
    return list(printed.values())
