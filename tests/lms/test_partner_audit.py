"""Every export and download a manager makes is one audit entry: who, which organization, which
filters, how many; no learner's name or email. Site admins read them in the site history."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from lms.models import PartnerExport
from lms.partners import audit
from tests.conftest import give_totp, sign_in_with_mfa

from .conftest import certify, person

pytestmark = pytest.mark.django_db

REPORT = reverse("wagtailadmin_reports:site_history")


def only_entry(action):
    found = list(ModelLogEntry.objects.filter(action=action))
    assert len(found) == 1, f"{action}: {len(found)} entries"
    return found[0]


def assert_no_personal_data(entry):
    text = f"{entry.data} {entry.message} {entry.label}"
    for private in ("Ana", "López", "ana@example.org"):
        assert private not in text


@pytest.fixture
def manager_client(manager):
    client = Client()
    sign_in_with_mfa(client, manager)
    return client


@pytest.fixture
def ana_certificate(organization, course):
    return certify(person("ana@example.org", organization, first="Ana", last="López"), course)


def test_the_training_records_csv_is_logged_with_its_filters(
    manager_client, manager, organization, course, ana_certificate
):
    response = manager_client.get(
        reverse("partners:records_csv", args=[organization.slug]),
        {"course": course.slug, "role": "member", "sort": "-name"},
    )
    b"".join(response.streaming_content)

    entry = only_entry(audit.RECORDS_CSV)
    assert entry.user == manager
    assert entry.object_id == str(organization.pk)
    assert entry.data == {"filters": {"course": course.slug, "role": "member"}}
    assert entry.message == (
        f"Downloaded the training-records CSV (course = {course.slug}, role = member)"
    )
    assert_no_personal_data(entry)


def test_the_certificates_zip_is_logged_with_filters_and_count(
    manager_client, manager, organization, ana_certificate
):
    response = manager_client.get(
        reverse("partners:certificates_zip", args=[organization.slug]), {"status": "valid"}
    )
    b"".join(response.streaming_content)

    entry = only_entry(audit.CERTIFICATES_ZIP)
    assert entry.user == manager
    assert entry.data == {"filters": {"status": "valid"}, "count": 1}
    assert_no_personal_data(entry)


def test_one_certificate_downloaded_by_a_manager_is_logged(
    manager_client, manager, organization, ana_certificate
):
    manager_client.get(
        reverse(
            "partners:certificate_download",
            args=[organization.slug, ana_certificate.display_code],
        )
    )

    entry = only_entry(audit.CERTIFICATE_PDF)
    assert (entry.user, entry.object_id) == (manager, str(organization.pk))
    assert entry.data == {"certificate": ana_certificate.display_code}
    assert_no_personal_data(entry)


def test_a_background_zip_is_logged_when_asked_for_and_when_downloaded(
    manager_client, manager, organization, ana_certificate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(reverse("partners:request_export", args=[organization.slug]))
    export = PartnerExport.objects.get()
    response = manager_client.get(
        reverse("partners:export_download", args=[organization.slug, export.code])
    )
    b"".join(response.streaming_content)

    asked = only_entry(audit.EXPORT_REQUEST)
    downloaded = only_entry(audit.EXPORT_DOWNLOAD)
    assert asked.user == downloaded.user == manager
    assert asked.data == {"filters": {}, "count": 1, "export": export.code}
    assert downloaded.data == {"filters": {}, "count": 1, "export": export.code}
    assert "(no filters)" in downloaded.message


def test_the_coalition_csv_is_logged_with_its_period(client, coalition_manager, coalition):
    sign_in_with_mfa(client, coalition_manager)
    response = client.get(
        reverse("partners:coalition_csv", args=[coalition.slug]),
        {"quarter": ""},
    )
    b"".join(response.streaming_content)

    entry = only_entry(audit.COALITION_CSV)
    assert entry.user == coalition_manager
    assert entry.object_id == str(coalition.pk)
    assert set(entry.data["filters"]) == {"quarter"}


def test_someone_elses_certificate_from_the_certificates_app_is_logged(
    manager_client, manager, ana_certificate
):
    url = reverse("certificates:download", args=[ana_certificate.display_code])
    assert manager_client.get(url).status_code == 200

    entry = only_entry("certificates.download")
    assert (entry.user, entry.object_id) == (manager, str(ana_certificate.pk))


def test_a_learner_downloading_their_own_certificate_is_not_an_audit_event(ana_certificate):
    client = Client()
    client.force_login(ana_certificate.learner)
    client.get(reverse("certificates:download", args=[ana_certificate.display_code]))

    assert not ModelLogEntry.objects.filter(action="certificates.download").exists()


def test_site_admins_see_downloads_in_the_site_history_and_trainers_do_not(
    client, manager_client, organization, ana_certificate, site_admin, cms_trainer
):
    manager_client.get(reverse("partners:certificates_zip", args=[organization.slug]))
    manager_client.get(reverse("certificates:download", args=[ana_certificate.display_code]))
    give_totp(site_admin)

    sign_in_with_mfa(client, site_admin)
    page = client.get(REPORT).content.decode()
    assert "Downloaded a ZIP of 1 certificate(s) (no filters)" in page
    # logged against the certificate: site admins may read certificates' trail too
    assert f"Downloaded certificate {ana_certificate.display_code} (not by the learner)" in page
    filtered = client.get(REPORT, {"action": audit.CERTIFICATES_ZIP}).content.decode()
    assert "Downloaded a ZIP" in filtered
    assert "not by the learner" not in filtered

    sign_in_with_mfa(client, cms_trainer)
    page = client.get(REPORT).content.decode()
    assert "Downloaded" not in page
