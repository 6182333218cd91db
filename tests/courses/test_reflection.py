"""Scenario reflections: private to the learner, stored as plain text, rendered escaped."""

import pytest
from django.test import Client

from courses.models import Reflection
from courses.models.learning import REFLECTION_MAX_LENGTH
from tests.courses.conftest import SCENARIO_ID, enrol, make_lesson, scenario_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario_lesson(catalog):
    from tests.courses.conftest import make_course

    course = make_course(catalog, "Conversations", lessons=0)
    return make_lesson(course, "Talking with Jo", body=scenario_body())


@pytest.fixture
def enrolled(learner, scenario_lesson):
    return enrol(learner, scenario_lesson.course)


def reflection_url(lesson) -> str:
    return f"{lesson.url}reflection/"


def post(client, lesson, text, block=SCENARIO_ID):
    return client.post(reflection_url(lesson), {"block": block, "text": text})


def test_the_lesson_shows_a_labelled_reflection_box(learner_client, enrolled, scenario_lesson):
    html = learner_client.get(scenario_lesson.url).content.decode()

    assert "What would you say to Jo first?" in html
    assert f'<label for="reflection-{SCENARIO_ID}-text">Your reflection' in html
    assert f'action="{reflection_url(scenario_lesson)}"' in html


def test_it_saves_the_reflection_and_returns_to_the_scenario(
    learner_client, enrolled, scenario_lesson
):
    response = post(learner_client, scenario_lesson, "I would ask Jo how they are doing.")

    assert response.status_code == 302
    assert response["Location"] == f"{scenario_lesson.url}#scenario-{SCENARIO_ID}"
    reflection = Reflection.objects.get(enrollment=enrolled)
    assert reflection.text == "I would ask Jo how they are doing."
    assert (
        "I would ask Jo how they are doing."
        in learner_client.get(scenario_lesson.url).content.decode()
    )


def test_saving_again_updates_the_same_reflection(learner_client, enrolled, scenario_lesson):
    post(learner_client, scenario_lesson, "First thought.")
    post(learner_client, scenario_lesson, "Second thought.")

    assert list(Reflection.objects.values_list("text", flat=True)) == ["Second thought."]


def test_saving_an_empty_box_deletes_the_reflection(learner_client, enrolled, scenario_lesson):
    post(learner_client, scenario_lesson, "Something personal.")
    post(learner_client, scenario_lesson, "   ")

    assert not Reflection.objects.exists()


def test_script_laden_text_is_stored_as_plain_text_and_rendered_escaped(
    learner_client, enrolled, scenario_lesson
):
    post(
        learner_client,
        scenario_lesson,
        '<script>alert("x")</script>I would <b>listen</b> & ask. &lt;img src=x onerror=alert(1)&gt;',
    )

    stored = Reflection.objects.get().text
    assert "<" not in stored and ">" not in stored
    assert "I would listen & ask." in stored
    html = learner_client.get(scenario_lesson.url).content.decode()
    assert "<script>alert" not in html
    assert "onerror=alert(1)>" not in html
    assert "I would listen &amp; ask." in html


def test_an_over_long_reflection_is_refused_with_a_clear_message(
    learner_client, enrolled, scenario_lesson
):
    response = post(learner_client, scenario_lesson, "x" * (REFLECTION_MAX_LENGTH + 1))

    assert response.status_code == 200
    assert "Please shorten your reflection to 4000 characters" in response.content.decode()
    assert not Reflection.objects.exists()


def test_another_learner_never_sees_it(client, learner, outsider, enrolled, scenario_lesson):
    client.force_login(learner)
    post(client, scenario_lesson, "My private note.")
    enrol(outsider, scenario_lesson.course)
    client.force_login(outsider)

    html = client.get(scenario_lesson.url).content.decode()

    assert "My private note." not in html


def test_an_unknown_scenario_is_not_found(learner_client, enrolled, scenario_lesson):
    response = post(learner_client, scenario_lesson, "Hello", block="not-a-scenario")

    assert response.status_code == 404
    assert not Reflection.objects.exists()


def test_it_rejects_get(learner_client, enrolled, scenario_lesson):
    assert learner_client.get(reflection_url(scenario_lesson)).status_code == 405


def test_it_requires_sign_in(client, scenario_lesson):
    response = post(client, scenario_lesson, "Hello")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Reflection.objects.exists()


def test_it_requires_the_csrf_token(learner, enrolled, scenario_lesson):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)

    assert post(client, scenario_lesson, "Hello").status_code == 403
    assert not Reflection.objects.exists()


def test_a_learner_who_is_not_enrolled_cannot_save_one(learner_client, scenario_lesson):
    response = post(learner_client, scenario_lesson, "Hello")

    assert response.status_code == 302
    assert not Reflection.objects.exists()
