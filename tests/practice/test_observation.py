"""Observing a learner: the learner's code, the observer's code box and form, one observation.

Every new address has a row per kind of person: a trainer, a facilitator of the learner's
organization, a facilitator of another organization, a manager of the learner's organization,
a plain member, an outsider, someone signed out, and a facilitator without a second factor.
"""

import pytest
from django.test import Client
from django.urls import reverse

from practice.models import Observation, ObservationIsFinal, ObservationMark, ObservationRequest

from .conftest import marks_form, signed_in, with_mfa

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/login/"
SECOND_FACTOR = "/accounts/2fa/"


def client_for(kind, people) -> Client:
    """A browser signed in as `kind` the way that person signs in."""
    if kind == "signed_out":
        return Client()
    if kind == "no_second_factor":
        return signed_in(people["facilitator"])
    user = people[kind]
    if kind in ("member", "outsider", "learner"):
        return signed_in(user)
    return with_mfa(user)


@pytest.fixture
def people(learner_in_org, trainer, facilitator, other_facilitator, manager, member, outsider):
    return {
        "learner": learner_in_org,
        "trainer": trainer,
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "manager": manager,
        "member": member,
        "outsider": outsider,
    }


def where(response) -> str:
    return response.get("Location", "")


# The learner's own page and code -----------------------------------------------------------


def test_the_learner_gets_a_code_to_show_from_their_skills_page(client, enrollment, checklist):
    client.force_login(enrollment.user)
    page = client.get(reverse("practice:checklist", args=[checklist.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Checks if the person responds" in html and "Get my code to be observed" in html

    response = client.post(reverse("practice:new_code", args=[checklist.code]))
    assert response.status_code == 302
    code = ObservationRequest.objects.get(learner=enrollment.user).show_code
    html = client.get(reverse("practice:checklist", args=[checklist.code])).content.decode()
    assert code in html and "It works once" in html

    client.post(reverse("practice:new_code", args=[checklist.code]))
    assert ObservationRequest.objects.count() == 1  # a new code replaces the old one
    assert not ObservationRequest.objects.filter(show_code=code).exists()


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("learner", 200),
        ("trainer", 200),
        ("facilitator", 200),
        ("other_facilitator", 200),
        ("manager", 200),
        ("member", 200),
        ("outsider", 200),
        ("no_second_factor", 200),
        ("signed_out", 302),
    ],
)
def test_who_opens_a_skills_page(kind, expected, people, enrollment, checklist, show_request):
    response = client_for(kind, people).get(reverse("practice:checklist", args=[checklist.code]))
    assert response.status_code == expected
    if expected == 302:
        assert where(response).startswith(SIGN_IN)
    elif kind != "learner":
        # Everyone may read the steps; only the learner sees their own code and record.
        html = response.content.decode()
        assert show_request.show_code not in html
        assert "Enrol in the course first" in html


def test_a_skills_page_of_an_unknown_or_unpublished_course_is_not_found(
    client, enrollment, checklist
):
    client.force_login(enrollment.user)
    assert client.get(reverse("practice:checklist", args=["NOSUCHCODE"])).status_code == 404
    checklist.course.unpublish()
    assert client.get(reverse("practice:checklist", args=[checklist.code])).status_code == 404


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("learner", 302),
        ("trainer", 302),
        ("facilitator", 302),
        ("other_facilitator", 302),
        ("manager", 302),
        ("member", 302),
        ("outsider", 302),
        ("no_second_factor", 302),
        ("signed_out", 302),
    ],
)
def test_who_gets_a_code(kind, expected, people, enrollment, checklist):
    response = client_for(kind, people).post(reverse("practice:new_code", args=[checklist.code]))
    assert response.status_code == expected
    # Only someone enrolled in the course gets a code: the others are told to enrol.
    made = ObservationRequest.objects.values_list("learner_id", flat=True)
    assert list(made) == ([people["learner"].pk] if kind == "learner" else [])
    if kind == "signed_out":
        assert where(response).startswith(SIGN_IN)


def test_getting_a_code_is_post_only(client, enrollment, checklist):
    client.force_login(enrollment.user)
    assert client.get(reverse("practice:new_code", args=[checklist.code])).status_code == 405
    assert not ObservationRequest.objects.exists()


# The observer's code box ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("trainer", 200),
        ("facilitator", 200),
        ("other_facilitator", 200),
        ("manager", 200),
        ("member", 403),
        ("outsider", 403),
        ("learner", 403),
        ("signed_out", 302),
        ("no_second_factor", 302),
    ],
)
def test_who_opens_the_code_box(kind, expected, people):
    response = client_for(kind, people).get(reverse("practice:enter_code"))
    assert response.status_code == expected
    if kind == "signed_out":
        assert where(response).startswith(SIGN_IN)
    if kind == "no_second_factor":
        assert where(response).startswith(SECOND_FACTOR)


@pytest.mark.parametrize(
    "kind, outcome",
    [
        ("trainer", "form"),
        ("facilitator", "form"),
        ("manager", "form"),  # a manager can do what a facilitator can
        ("other_facilitator", "not yours"),
        ("member", 403),
        ("outsider", 403),
        ("signed_out", "sign in"),
        ("no_second_factor", "second factor"),
    ],
)
def test_who_opens_a_learners_checklist_with_their_code(kind, outcome, people, show_request):
    typed = show_request.show_code.lower()[:3] + " " + show_request.show_code[3:]  # as typed
    response = client_for(kind, people).post(reverse("practice:enter_code"), {"code": typed})
    if outcome == "form":
        assert where(response) == reverse("practice:observe", args=[show_request.token])
    elif outcome == "not yours":
        assert response.status_code == 200
        assert "No learner you can observe has this code" in response.content.decode()
    elif outcome == "sign in":
        assert where(response).startswith(SIGN_IN)
    elif outcome == "second factor":
        assert where(response).startswith(SECOND_FACTOR)
    else:
        assert response.status_code == outcome


def test_a_wrong_code_says_so_and_typing_codes_is_rate_limited(people, show_request, settings):
    observer = with_mfa(people["facilitator"])
    wrong = observer.post(reverse("practice:enter_code"), {"code": "ZZZZZZ"})
    assert "No learner you can observe has this code" in wrong.content.decode()
    for _try in range(9):
        observer.post(reverse("practice:enter_code"), {"code": "ZZZZZZ"})
    limited = observer.post(reverse("practice:enter_code"), {"code": show_request.show_code})
    assert limited.status_code == 429


def test_an_expired_code_opens_nothing(people, show_request):
    ObservationRequest.objects.filter(pk=show_request.pk).delete()
    show_request.pk = None
    show_request.expires_at = show_request.created_at
    show_request.save()
    observer = with_mfa(people["trainer"])
    response = observer.post(reverse("practice:enter_code"), {"code": show_request.show_code})
    assert "No learner you can observe has this code" in response.content.decode()
    assert observer.get(reverse("practice:observe", args=[show_request.token])).status_code == 404


# The observer's form -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("trainer", 200),
        ("facilitator", 200),
        ("manager", 200),
        ("other_facilitator", 404),
        ("member", 403),
        ("outsider", 403),
        ("learner", 403),
        ("signed_out", 302),
        ("no_second_factor", 302),
    ],
)
def test_who_opens_the_observation_form(kind, expected, people, show_request, checklist):
    url = reverse("practice:observe", args=[show_request.token])
    response = client_for(kind, people).get(url)
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "Checks if the person responds" in html
        assert 'type="radio"' in html and "<script" not in html.split("<main")[1]
    posted = client_for(kind, people).post(url, marks_form(checklist))
    assert Observation.objects.count() == (1 if expected == 200 else 0)
    if expected != 200:
        assert posted.status_code == expected


def test_the_observation_form_takes_only_get_and_post(people, show_request):
    observer = with_mfa(people["facilitator"])
    url = reverse("practice:observe", args=[show_request.token])
    assert observer.put(url).status_code == 405
    assert observer.delete(url).status_code == 405


def test_a_learner_who_is_a_facilitator_cannot_observe_themselves(
    people, show_request, organization
):
    from accounts.models import Membership

    Membership.objects.filter(user=people["learner"]).update(role=Membership.Role.FACILITATOR)
    learner = with_mfa(people["learner"])
    url = reverse("practice:observe", args=[show_request.token])
    assert learner.get(url).status_code == 404
    typed = learner.post(reverse("practice:enter_code"), {"code": show_request.show_code})
    assert "No learner you can observe has this code" in typed.content.decode()


def test_one_step_needs_practice_then_a_second_observation_signs_off(
    people, enrollment, checklist, organization
):
    learner = signed_in(people["learner"])
    observer = with_mfa(people["facilitator"])

    learner.post(reverse("practice:new_code", args=[checklist.code]))
    first_code = ObservationRequest.objects.get().show_code
    opened = observer.post(reverse("practice:enter_code"), {"code": first_code})
    form = marks_form(checklist, {1: "needs_practice"})
    spray = checklist.items.all()[1]
    form[f"comment_{spray.pk}"] = "Push the plunger all the way <b>firmly</b>."
    saved = observer.post(where(opened), form)
    first = Observation.objects.get()
    assert where(saved) == reverse("practice:observation", args=[first.code])
    assert first.signed_off is False
    assert first.observer_name == "Lee Okafor" and first.capacity == "facilitator"
    assert first.organization == organization and first.place == "Riverside, group room"
    assert not ObservationRequest.objects.exists()  # the code works once
    assert observer.post(where(opened), marks_form(checklist)).status_code == 404

    page = learner.get(reverse("practice:checklist", args=[checklist.code])).content.decode()
    to_practise = page.split('id="to-practise"')[1].split("</section>")[0]
    assert "Gives the nasal spray correctly" in to_practise
    assert "Push the plunger all the way firmly." in to_practise  # kept as plain text
    assert "Checks if the person responds" not in to_practise
    assert "Not signed off yet" in page

    # The recovery position is not critical: needing practice there still signs off.
    learner.post(reverse("practice:new_code", args=[checklist.code]))
    second_code = ObservationRequest.objects.get().show_code
    opened = observer.post(reverse("practice:enter_code"), {"code": second_code})
    observer.post(where(opened), marks_form(checklist, {2: "needs_practice"}, place="By video"))
    second = Observation.objects.latest("observed_at")
    assert second.signed_off is True
    page = learner.get(reverse("practice:checklist", args=[checklist.code])).content.decode()
    assert "Signed off by Lee Okafor" in page
    assert Observation.objects.count() == 2  # the first one kept as it was
    first_again = Observation.objects.get(pk=first.pk)
    assert (first_again.signed_off, first_again.place) == (False, "Riverside, group room")


def test_a_missing_choice_is_an_error_that_keeps_what_was_typed(people, show_request, checklist):
    observer = with_mfa(people["facilitator"])
    form = marks_form(checklist)
    first = checklist.items.all()[0]
    del form[f"result_{first.pk}"]
    form[f"comment_{first.pk}"] = "Good loud voice."
    response = observer.post(reverse("practice:observe", args=[show_request.token]), form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose Done or Needs practice for this step." in html
    assert "Good loud voice." in html
    assert not Observation.objects.exists() and ObservationRequest.objects.exists()


# One observation ------------------------------------------------------------------------------


@pytest.fixture
def observation(people, show_request, checklist):
    observer = with_mfa(people["facilitator"])
    url = reverse("practice:observe", args=[show_request.token])
    observer.post(url, marks_form(checklist, {0: "needs_practice"}))
    return Observation.objects.get()


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("learner", 200),
        ("facilitator", 200),  # who made it
        ("trainer", 200),  # staff
        ("other_facilitator", 404),
        ("manager", 404),  # partner managers see status only, never the marks
        ("member", 404),
        ("outsider", 404),
        ("no_second_factor", 404),
        ("signed_out", 302),
    ],
)
def test_who_sees_an_observation(kind, expected, people, observation):
    url = reverse("practice:observation", args=[observation.code])
    response = client_for(kind, people).get(url)
    assert response.status_code == expected
    if expected == 200:
        assert "Checks if the person responds" in response.content.decode()
    assert client_for(kind, people).post(url).status_code in (405, 302)


def test_an_observation_is_never_edited_in_place(observation):
    observation.place = "Somewhere else"
    with pytest.raises(ObservationIsFinal):
        observation.save()
    with pytest.raises(ObservationIsFinal):
        Observation.objects.filter(pk=observation.pk).update(signed_off=True)
    mark = observation.marks.first()
    mark.result = ObservationMark.Result.DONE
    with pytest.raises(ObservationIsFinal):
        mark.save()
    with pytest.raises(ObservationIsFinal):
        ObservationMark.objects.filter(observation=observation).update(comment="changed")
    kept = Observation.objects.get(pk=observation.pk)
    assert (kept.place, kept.signed_off) == ("Riverside, group room", False)
    assert kept.marks.first().result == ObservationMark.Result.NEEDS_PRACTICE


def test_an_observation_stays_when_the_checklist_is_reworded(observation, checklist):
    item = checklist.items.first()
    item.step = "Checks responsiveness"
    item.save()
    assert observation.marks.first().step == "Checks if the person responds"
