"""Which language a certificate prints in (issue 21).

A certificate prints in the learner's language when the course's version in that language is
approved for continuing education (``CoursePage.ce_languages``); otherwise in English, with a
short note in the learner's language saying why. The course title prints as that language's
version of the course has it. Approval statements print as written, each marked with the
language its approval names (``Approval.language``).
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.language import saved_language
from courses.localization import live_translation, locale_id_for, source_page
from practice.models import SkillsChecklist

ENGLISH_ONLY_NOTE = gettext_noop(
    "This certificate is in English: the continuing-education approval for this course "
    "covers its English version."
)


def certificate_language(course, learner) -> tuple[str, str]:
    """(the language to print in, a note for the learner or "")."""
    wanted = saved_language(learner) or settings.LANGUAGE_CODE
    approved = list(getattr(source_page(course), "ce_languages", None) or [settings.LANGUAGE_CODE])
    if wanted in approved:
        return wanted, ""
    fallback = settings.LANGUAGE_CODE
    if wanted == fallback:
        return fallback, ""
    with translation.override(wanted):
        return fallback, _(ENGLISH_ONLY_NOTE)


def course_title_in(course, language: str) -> str:
    """The title of `course`'s version in `language` (its own title when there is none)."""
    translated = live_translation(course, language)
    return translated.title if translated is not None else course.title


def checklist_title_in(skill: dict, language: str) -> str:
    """A signed-off checklist's title (one of ``Certificate.observed_skills``) as its version
    in `language` has it; else as printed when the certificate was issued (English, or a
    certificate from before checklists had languages)."""
    key, locale = skill.get("translation_key"), locale_id_for(language)
    translated = (
        SkillsChecklist.objects.filter(translation_key=key, locale_id=locale).first()
        if key and locale
        else None
    )
    return translated.title if translated is not None else skill["checklist"]


def statements_in(approvals, language: str) -> list:
    """The approvals whose statements print on a certificate in `language`: where one body
    approved the course with statements in several languages (the same provider number in
    English and in Spanish), only the one in `language`, else every one as written."""
    groups: dict[tuple, list] = {}
    for approval in approvals:
        groups.setdefault((approval.approving_body, approval.provider_number), []).append(approval)
    chosen = []
    for group in groups.values():
        in_language = [approval for approval in group if approval.language == language]
        chosen.extend(in_language or group)
    return chosen
