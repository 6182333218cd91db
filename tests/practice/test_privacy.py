"""A learner's observations are theirs: in their data download, gone with their account (their
certificate keeps its printed line); partner managers see only whether skills are signed off,
and only for members who share their records."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from accounts.models import Membership
from certificates.models import Certificate
from lms.privacy.services import delete_account
from practice.models import Observation, ObservationMark, ObservationRequest
from tests.conftest import PASSWORD

from .conftest import finish_online_part, marks_form, signed_in, with_mfa

pytestmark = pytest.mark.django_db


def observe(observer_client, show_request, checklist, results=None, place="Riverside, room 2"):
    url = reverse("practice:observe", args=[show_request.token])
    return observer_client.post(url, marks_form(checklist, results, place=place))


def test_the_data_download_has_the_learners_observations(
    enrollment, checklist, show_request, facilitator
):
    form_results = {1: "needs_practice"}
    observer = with_mfa(facilitator)
    data = marks_form(checklist, form_results, place="Riverside, room 2")
    spray = checklist.items.all()[1]
    data[f"comment_{spray.pk}"] = "Press firmly."
    observer.post(reverse("practice:observe", args=[show_request.token]), data)

    response = signed_in(enrollment.user).post(reverse("privacy:download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    exported = json.loads(archive.read("data.json"))["skills_observations"]
    assert len(exported) == 1
    observation = exported[0]
    assert observation["checklist"] == "Naloxone demonstration"
    assert observation["observed_by"] == "Lee Okafor"
    assert observation["where"] == "Riverside, room 2"
    assert observation["signed_off"] is False
    assert observation["steps"][1] == {
        "step": "Gives the nasal spray correctly",
        "critical": True,
        "result": "Needs practice",
        "comment": "Press firmly.",
    }
    assert "skills observations" in archive.read("README.txt").decode()


def test_the_privacy_pages_say_what_happens_to_observations(client, learner):
    page = client.get(reverse("privacy:page")).content.decode()
    assert "<strong>Skills observations</strong>" in page
    assert "see only whether your skills are signed off" in page
    client.force_login(learner)
    deleting = client.get("/account/delete/").content.decode()
    assert "Your skills observations" in deleting


def test_observations_go_with_the_account_and_the_certificate_keeps_its_line(
    enrollment, checklist, show_request, facilitator, django_capture_on_commit_callbacks
):
    finish_online_part(enrollment)
    observer = with_mfa(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        observe(observer, show_request, checklist)
    certificate = Certificate.objects.get(enrollment=enrollment)
    learner = signed_in(enrollment.user)
    learner.post(reverse("practice:new_code", args=[checklist.code]))
    assert ObservationRequest.objects.exists()

    deleted = learner.post("/account/delete/", {"password": PASSWORD, "confirmation": "DELETE"})
    assert deleted.status_code == 302
    assert not Observation.objects.exists()
    assert not ObservationMark.objects.exists()
    assert not ObservationRequest.objects.exists()
    certificate.refresh_from_db()
    assert certificate.learner is None
    assert certificate.observed_skills[0]["observer"] == "Lee Okafor"


def test_an_observers_deleted_account_leaves_the_observation(
    enrollment, checklist, show_request, facilitator
):
    observe(with_mfa(facilitator), show_request, checklist)
    delete_account(facilitator)
    observation = Observation.objects.get()
    assert observation.observer is None and observation.observer_name == "Lee Okafor"


def test_managers_see_only_the_sign_off_status_of_sharing_members(
    enrollment, checklist, show_request, facilitator, manager, organization
):
    staff_url = reverse("partners:staff", args=[organization.slug])
    observe(with_mfa(facilitator), show_request, checklist, {0: "needs_practice"})
    manager_client = with_mfa(manager)
    html = manager_client.get(staff_url).content.decode()
    assert "skills not signed off yet" in html
    assert "Riverside, room 2" not in html and "Needs practice" not in html

    Membership.objects.filter(user=enrollment.user).update(records_shared_at=None)
    html = manager_client.get(staff_url).content.decode()
    assert "skills not signed off yet" not in html
    assert enrollment.user.email not in html
