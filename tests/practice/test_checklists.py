"""Skills checklists: written in the CMS with their steps in order, and the naloxone
demonstration loaded with the curriculum once (a trainer's edits are kept on the next load)."""

import pytest
from django.urls import reverse

from courses.curriculum.loader import load_curriculum
from practice.models import SkillsChecklist
from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db

NALOXONE = ("naloxone.toml",)


def test_the_naloxone_demonstration_loads_with_the_curriculum_once():
    first = load_curriculum(files=NALOXONE)
    assert first.notes == [
        "Skills checklist created: Naloxone demonstration "
        "(Responding to an opioid overdose: naloxone administration)",
        "Skills checklist created: Demostración de naloxona [es]",
    ]
    checklist = SkillsChecklist.objects.get(locale__language_code="en")
    assert checklist.course.slug == "naloxone-overdose-response"
    steps = [(item.step, item.critical) for item in checklist.items.all()]
    assert steps == [
        ("Checks if the person responds", True),
        ("Calls 911 and says what to tell them", True),
        ("Gives the nasal spray correctly", True),
        ("Supports breathing the way the course teaches", True),
        ("Gives a second dose if there is no response", True),
        ("Places the person in the recovery position", False),
        ("Stays and explains what comes next", True),
    ]
    text = " ".join(item.done_looks_like for item in checklist.items.all())
    # The corrected course's rules (clinical review NX-1): no pulse check, CPR for "not
    # breathing or only gasping", hands-only without rescue-breath training, 2-3 minutes.
    assert "Does not look for a pulse" in text
    assert "only gasping" in text and "hands-only CPR" in text
    assert "2 to 3 minutes" in text and "other nostril" in text
    assert "30 to 90 minutes" in text
    assert checklist.required is False  # a program turns the gate on (see the file)

    checklist.title = "Naloxone demonstration (our program)"
    checklist.save()
    second = load_curriculum(files=NALOXONE)
    assert second.notes == [
        "Skills checklist unchanged: Naloxone demonstration "
        "(Responding to an opioid overdose: naloxone administration)",
        "Skills checklist unchanged: Demostración de naloxona [es]",
    ]
    assert SkillsChecklist.objects.get(locale__language_code="en").title == (
        "Naloxone demonstration (our program)"
    )


def test_the_command_says_what_it_did_with_the_checklists(monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from courses.curriculum import loader

    monkeypatch.setattr(loader, "COURSE_FILES", NALOXONE)
    out = StringIO()
    call_command("load_curriculum", stdout=out)
    assert "Skills checklist created: Naloxone demonstration" in out.getvalue()


def test_trainers_write_checklists_in_the_cms_and_learners_cannot(
    client, cms_trainer, checklist, learner
):
    sign_in_with_mfa(client, cms_trainer)
    listing = client.get(reverse("practice_checklist:list"))
    assert listing.status_code == 200
    assert "Naloxone demonstration" in listing.content.decode()
    edit = client.get(reverse("practice_checklist:edit", args=[checklist.pk]))
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "Checks if the person responds" in html and "What &#x27;done&#x27; looks like" in html

    client.force_login(learner)
    assert client.get(reverse("practice_checklist:list")).status_code == 302  # to sign-in


def test_a_trainer_adds_a_checklist_with_ordered_steps(client, cms_trainer, course):
    sign_in_with_mfa(client, cms_trainer)
    data = {
        "course": course.pk,
        "title": "Rescue breathing",
        "introduction": "",
        "required": "on",
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "1000",
    }
    for position, step in enumerate(["Opens the airway", "Gives a breath every 5 seconds"]):
        data |= {
            f"items-{position}-step": step,
            f"items-{position}-done_looks_like": f"{step}, as taught.",
            f"items-{position}-critical": "on",
            f"items-{position}-ORDER": str(position + 1),
            f"items-{position}-id": "",
            f"items-{position}-DELETE": "",
        }
    response = client.post(reverse("practice_checklist:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = SkillsChecklist.objects.get(title="Rescue breathing")
    assert [item.step for item in added.items.all()] == [
        "Opens the airway",
        "Gives a breath every 5 seconds",
    ]
