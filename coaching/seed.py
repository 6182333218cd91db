"""The first practice set for the motivational-interviewing course, in Open Door's own words.

Every statement was written for this project from everyday harm-reduction work (the window of a
syringe services program, a drop-in, an outreach van, a peer group); none is taken from a
published instrument or training set. :func:`load_mi_practice` is idempotent: it makes the set
and the course's coaching terms once (for a course with no practice set yet) and never
overwrites what trainers changed in the CMS.

Its Spanish version (``coaching.seed_es``) is made beside it once: with the English set, or
later for a seeded English set that nobody has changed (a changed one is translated in the
CMS instead, so the Spanish statements never pair with English ones they do not match).
Statements pair across languages by ``translation_key``, copied here from the English
statement in the same position.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale

from courses.localization import source_locale_id
from courses.models import CoursePage

from . import seed_es
from .models import CourseCoaching, PracticeSet, PracticeStatement, ResponseKind

MI_COURSE_SLUG = "motivational-interviewing-foundations"
TITLE = "Reflections, questions and affirmations at the program"
INSTRUCTIONS = (
    "Read what each person says. Write what you would say back, in one to three sentences, "
    "using the kind of response asked for. Write the way you talk: there is no single right "
    "answer."
)
KIND = ResponseKind
STATEMENTS = [
    (
        "At the syringe services window",
        "I keep meaning to get tested for hep C. Every time I think about it my stomach drops, "
        "so I just don't.",
        KIND.SIMPLE_REFLECTION,
    ),
    (
        "At the drop-in",
        "My sister keeps telling me to go to rehab. She doesn't get it. I'm careful. I only "
        "needed Narcan once this whole year.",
        KIND.COMPLEX_REFLECTION,
    ),
    (
        "At the outreach van",
        "After my friend died I started testing with the strips. I don't always remember to, "
        "though.",
        KIND.OPEN_QUESTION,
    ),
    (
        "In the peer group",
        "I came back this week even though I walked out mad last time. I almost didn't come.",
        KIND.AFFIRMATION,
    ),
    (
        "At the drop-in",
        "Smoking helps me sleep, I'm not going to lie. But my money's gone by Tuesday, and my "
        "son keeps asking where I go at night. Maybe I'd cut down if I had somewhere to be in "
        "the mornings.",
        KIND.SUMMARY,
    ),
    (
        "At the syringe services window",
        "Somebody told me if I use with a buddy I don't need to carry naloxone. Is that right?",
        KIND.ASK_OFFER_ASK,
    ),
    (
        "At the clinic's front desk",
        "Every place I go acts like I'm lying about my pain. Why would this be any different?",
        KIND.COMPLEX_REFLECTION,
    ),
    (
        "At the outreach van",
        "I've been thinking about methadone. But people say it's harder to come off than dope.",
        KIND.OPEN_QUESTION,
    ),
]


@dataclass(frozen=True)
class SeedResult:
    course_found: bool
    set_created: bool
    terms_created: bool
    translations_created: tuple[str, ...] = ()


TRANSLATIONS = {"es": seed_es}


def _is_unchanged_seed(practice_set: PracticeSet) -> bool:
    seeded = [(s.setting, s.text, s.kind) for s in practice_set.statements.all()]
    return practice_set.title == TITLE and seeded == [tuple(row) for row in STATEMENTS]


def _add_translations(course, practice_set: PracticeSet) -> tuple[str, ...]:
    made = []
    for language, words in TRANSLATIONS.items():
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None or PracticeSet.objects.filter(
            translation_key=practice_set.translation_key, locale=locale
        ):
            continue
        english = list(practice_set.statements.all())
        translated = PracticeSet.objects.create(
            course=course.get_translation_or_none(locale) or course,
            title=words.TITLE,
            instructions=words.INSTRUCTIONS,
            is_open=practice_set.is_open,
            locale=locale,
            translation_key=practice_set.translation_key,
        )
        PracticeStatement.objects.bulk_create(
            PracticeStatement(
                practice_set=translated,
                sort_order=statement.sort_order,
                setting=setting,
                text=text,
                kind=statement.kind,
                locale=locale,
                translation_key=statement.translation_key,
            )
            for statement, (setting, text) in zip(english, words.STATEMENTS, strict=True)
        )
        made.append(language)
    return tuple(made)


@transaction.atomic
def load_mi_practice() -> SeedResult:
    course = CoursePage.objects.filter(slug=MI_COURSE_SLUG, locale_id=source_locale_id()).first()
    if course is None:
        return SeedResult(course_found=False, set_created=False, terms_created=False)
    # Practice stays optional here (no pass mark): a trainer sets one in the CMS to require it.
    _terms, terms_created = CourseCoaching.objects.get_or_create(course=course)
    # Once per course: a course that has any practice set (this one, renamed or edited in the
    # CMS, or the trainers' own) is left as it is.
    sets = PracticeSet.objects.filter(course=course, locale_id=source_locale_id())
    set_created = not sets.exists()
    if set_created:
        practice_set = PracticeSet.objects.create(
            course=course, title=TITLE, instructions=INSTRUCTIONS
        )
        PracticeStatement.objects.bulk_create(
            PracticeStatement(
                practice_set=practice_set,
                sort_order=order,
                setting=setting,
                text=text,
                kind=kind,
                locale_id=practice_set.locale_id,
            )
            for order, (setting, text, kind) in enumerate(STATEMENTS)
        )
    translations = ()
    seeded = [found for found in sets.order_by("pk") if _is_unchanged_seed(found)]
    if seeded:
        translations = _add_translations(course, seeded[0])
    return SeedResult(
        course_found=True,
        set_created=set_created,
        terms_created=terms_created,
        translations_created=translations,
    )
