"""Skills checklists in Spanish: the Spanish file loads beside the English one (once, and a
trainer's edits stay), a learner and an observer on /es/ read the Spanish steps (English where
there is no Spanish version), the marks made on the Spanish form are recorded on the source
steps, and the certificate names the checklist in its own language."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.models import Locale

from certificates.models import Certificate
from courses.curriculum.loader import load_curriculum
from practice.models import Observation, ObservationRequest, SkillsChecklist

from .conftest import finish_online_part, marks_form, signed_in, with_mfa
from .test_gate import pdf_text

pytestmark = pytest.mark.django_db

NALOXONE = ("naloxone.toml",)
SPANISH_STEPS = [
    ("Ve si la persona responde", "Bien hecho: le habla y le frota el esternón."),
    ("Da el aerosol nasal bien", "Bien hecho: una fosa nasal, presiona una vez."),
    ("Pone a la persona en la posición de recuperación", "Bien hecho: de lado."),
]


def spanish_version(checklist, steps=SPANISH_STEPS) -> SkillsChecklist:
    """The checklist's Spanish version made as the CMS makes it (Wagtail's
    copy_for_translation, which wagtail-localize uses), with Spanish words in it."""
    translated = checklist.copy_for_translation(Locale.objects.get(language_code="es"))
    translated.title = "Demostración de naloxona"
    translated.introduction = "Hable en voz alta mientras lo hace."
    for item, (step, done) in zip(translated.items.all(), steps, strict=True):
        item.step, item.done_looks_like = step, done
    translated.save()
    return translated


def in_spanish(name, *args) -> str:
    with translation.override("es"):
        return reverse(name, args=args)


def test_the_spanish_demonstration_loads_beside_the_english_once_and_keeps_edits():
    load_curriculum(files=NALOXONE)
    english = SkillsChecklist.objects.get(locale__language_code="en")
    spanish = SkillsChecklist.objects.get(locale__language_code="es")
    assert spanish.translation_key == english.translation_key
    assert spanish.code != english.code
    assert spanish.course.locale.language_code == "es"  # the Spanish course page
    assert spanish.course.translation_key == english.course.translation_key
    pairs = list(zip(english.items.all(), spanish.items.all(), strict=True))
    assert len(pairs) == 7
    # Steps pair by translation key (copied by position); "critical" is the English one's.
    assert all(en.translation_key == es.translation_key for en, es in pairs)
    assert [es.critical for _en, es in pairs] == [en.critical for en, _es in pairs]
    assert pairs[0][1].step == "Ve si la persona responde"
    text = " ".join(es.done_looks_like for _en, es in pairs)
    assert "No busca el pulso" in text and "RCP solo con las manos" in text
    assert "2 a 3 minutos" in text and "30 a 90 minutos" in text

    spanish.title = "Demostración de naloxona (nuestro programa)"
    spanish.save()
    again = load_curriculum(files=NALOXONE)
    assert "Skills checklist unchanged: Demostración de naloxona [es]" in again.notes
    assert SkillsChecklist.objects.filter(locale__language_code="es").count() == 1
    assert SkillsChecklist.objects.get(locale__language_code="es").title.endswith("programa)")
    # The course's "Skills sign-off" step is the English checklist only, not a second step.
    learner_course = SkillsChecklist.objects.filter(course=english.course)
    assert list(learner_course) == [english]


def test_a_learner_on_es_reads_the_spanish_steps_and_english_ones_stay_english(
    enrollment, checklist
):
    english_url = reverse("practice:checklist", args=[checklist.code])
    spanish_url = in_spanish("practice:checklist", checklist.code)
    learner = signed_in(enrollment.user)
    before = learner.get(spanish_url).content.decode()
    assert "Checks if the person responds" in before  # no Spanish version yet: English

    translated = spanish_version(checklist)
    page = learner.get(spanish_url).content.decode()
    assert "<h1>Demostración de naloxona</h1>" in page
    assert "Ve si la persona responde" in page and "Bien hecho: de lado." in page
    assert "Checks if the person responds" not in page
    english = learner.get(english_url).content.decode()
    assert "Checks if the person responds" in english and "Ve si la persona" not in english
    # The Spanish version's own address leads to the same (source) page and code.
    same = learner.get(in_spanish("practice:checklist", translated.code))
    assert same.status_code == 200 and "Ve si la persona responde" in same.content.decode()
    learner.post(in_spanish("practice:new_code", translated.code))
    assert ObservationRequest.objects.get().checklist == checklist


def test_marks_made_on_the_spanish_form_are_recorded_on_the_source_steps(
    enrollment, checklist, facilitator
):
    spanish_version(checklist)
    learner = signed_in(enrollment.user)
    learner.post(in_spanish("practice:new_code", checklist.code))
    code = ObservationRequest.objects.get().show_code
    observer = with_mfa(facilitator)
    opened = observer.post(in_spanish("practice:enter_code"), {"code": code})
    form = observer.get(opened["Location"]).content.decode()
    assert "<h1>Demostración de naloxona</h1>" in form
    assert "Ve si la persona responde" in form and "Checks if the person" not in form

    sent = observer.post(opened["Location"], marks_form(checklist, {1: "needs_practice"}))
    assert sent.status_code == 302
    observation = Observation.objects.get()
    assert observation.checklist == checklist  # the source, not the Spanish version
    assert not observation.signed_off  # a critical step needs practice
    marks = list(observation.marks.all())
    assert [mark.item for mark in marks] == list(checklist.items.all())
    assert [mark.result for mark in marks] == ["done", "needs_practice", "done"]


def test_the_certificate_and_verification_name_the_checklist_in_their_language(
    enrollment, checklist, facilitator, client, django_capture_on_commit_callbacks
):
    spanish_version(checklist)
    course = enrollment.course
    course.ce_languages = ["en", "es"]
    course.save_revision().publish()
    learner_account = enrollment.user
    learner_account.language = "es"
    learner_account.save(update_fields=["language"])
    learner = signed_in(learner_account)
    learner.post(in_spanish("practice:new_code", checklist.code))
    code = ObservationRequest.objects.get().show_code
    observer = with_mfa(facilitator)
    opened = observer.post(reverse("practice:enter_code"), {"code": code})
    with django_capture_on_commit_callbacks(execute=True):
        observer.post(opened["Location"], marks_form(checklist))
        finish_online_part(enrollment)
    certificate = Certificate.objects.get(enrollment=enrollment)
    assert certificate.language == "es"
    with translation.override("es"):
        day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    spanish_line = f"Habilidades observadas: Demostración de naloxona, por Lee Okafor, {day}"
    assert spanish_line in " ".join(pdf_text(certificate).split())

    verify_es = client.get(in_spanish("certificates:verify", certificate.display_code))
    assert "Demostración de naloxona" in verify_es.content.decode()
    with translation.override("en"):
        english_url = reverse("certificates:verify", args=[certificate.display_code])
    verify_en = client.get(english_url).content.decode()
    assert "Skills observed: Naloxone demonstration by Lee Okafor" in verify_en


def test_wagtail_localize_translates_a_checklist_with_its_steps(checklist, cms_trainer, client):
    from wagtail_localize.models import TranslationSource

    from tests.conftest import sign_in_with_mfa

    spanish = Locale.objects.get(language_code="es")
    source, _created = TranslationSource.get_or_create_from_instance(checklist)
    translated, _created = source.create_or_update_translation(spanish, fallback=True)
    assert translated.locale == spanish and translated.translation_key == checklist.translation_key
    assert translated.code != checklist.code
    keys = [item.translation_key for item in translated.items.all()]
    assert keys == [item.translation_key for item in checklist.items.all()]
    assert {item.locale_id for item in translated.items.all()} == {spanish.pk}

    sign_in_with_mfa(client, cms_trainer)
    with translation.override("en"):
        listing_url = reverse("practice_checklist:list")
    listing = client.get(listing_url).content.decode()
    assert "Naloxone demonstration" in listing
