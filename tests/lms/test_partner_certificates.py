"""The certificates list, one PDF, and the ZIP of all that match (streamed or in the background)."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.services import leave_organization, set_record_sharing
from certificates.models import Certificate
from lms.models import PartnerExport
from lms.partners import background
from tests.conftest import make_member, make_user, sign_in_with_mfa

from .conftest import certify, person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def manager_client(client, manager):
    sign_in_with_mfa(client, manager)
    return client


@pytest.fixture
def staff(organization, other_organization, course, second_course):
    """Two sharing members with certificates, one who does not share, one elsewhere."""
    ana = person("ana@example.org", organization, first="Ana", last="López")
    bo = person("bo@example.org", organization, first="Bo", last="Chen")
    private = person("private@example.org", organization, shares=False, first="Pri", last="Vate")
    elsewhere = person("else@example.org", other_organization, first="Els", last="Where")
    return {
        "ana": certify(ana, course),
        "ana_mi": certify(ana, second_course, valid_until=TODAY + datetime.timedelta(days=10)),
        "bo": certify(bo, course, completed_at=timezone.now() - datetime.timedelta(days=90)),
        "private": certify(private, course),
        "elsewhere": certify(elsewhere, course),
    }


def zip_of(response) -> zipfile.ZipFile:
    assert response.streaming
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def manifest_rows(archive) -> list[dict]:
    text = archive.read("manifest.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_list_shows_sharing_members_certificates_only(manager_client, organization, staff):
    response = manager_client.get(reverse("partners:certificates", args=[organization.slug]))

    codes = {certificate.code for certificate in response.context["page"].object_list}
    assert codes == {staff["ana"].code, staff["ana_mi"].code, staff["bo"].code}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"course": "naloxone-basics"}, {"ana", "bo"}),
        ({"status": "expiring"}, {"ana_mi"}),
        ({"status": "valid"}, {"ana", "bo"}),
        ({"completed_to": (TODAY - datetime.timedelta(days=30)).isoformat()}, {"bo"}),
        ({"completed_from": (TODAY - datetime.timedelta(days=1)).isoformat()}, {"ana", "ana_mi"}),
    ],
)
def test_the_filters(manager_client, organization, staff, params, expected):
    response = manager_client.get(
        reverse("partners:certificates", args=[organization.slug]), params
    )

    codes = {certificate.code for certificate in response.context["page"].object_list}
    assert codes == {staff[key].code for key in expected}


def test_a_manager_downloads_one_pdf(manager_client, organization, staff):
    url = reverse(
        "partners:certificate_download", args=[organization.slug, staff["ana"].display_code]
    )

    response = manager_client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("whose", ["private", "elsewhere"])
def test_no_certificate_of_someone_not_sharing_here_by_editing_the_url(
    manager_client, organization, staff, whose
):
    code = staff[whose].code
    for typed in (code, code.lower(), staff[whose].display_code):
        url = reverse("partners:certificate_download", args=[organization.slug, typed])
        assert manager_client.get(url).status_code == 404


def test_no_certificate_of_another_organization_through_its_own_url(
    manager_client, other_organization, staff
):
    url = reverse(
        "partners:certificate_download",
        args=[other_organization.slug, staff["elsewhere"].display_code],
    )

    assert manager_client.get(url).status_code == 404


def test_the_zip_holds_every_matching_pdf_and_a_manifest(manager_client, organization, staff):
    response = manager_client.get(reverse("partners:certificates_zip", args=[organization.slug]))

    archive = zip_of(response)
    ana = staff["ana"]
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert f"lopez-ana-naloxone-basics-{ana.display_code}.pdf" in archive.namelist()
    assert len(archive.namelist()) == 4  # three PDFs and the manifest
    assert archive.testzip() is None
    for info in archive.infolist():
        assert info.compress_type == zipfile.ZIP_STORED
    rows = manifest_rows(archive)
    assert {row["Certificate code"] for row in rows} == {
        staff[key].display_code for key in ("ana", "ana_mi", "bo")
    }
    ana_row = next(row for row in rows if row["Certificate code"] == ana.display_code)
    assert ana_row["Verification URL"] == f"https://opendoor.test/verify/{ana.display_code}/"
    assert ana_row["Name on certificate"] == "Ana López"
    assert archive.read(ana_row["File"]).startswith(b"%PDF")


def test_the_zip_follows_the_filters(manager_client, organization, staff):
    response = manager_client.get(
        reverse("partners:certificates_zip", args=[organization.slug]), {"status": "expiring"}
    )

    rows = manifest_rows(zip_of(response))
    assert [row["Certificate code"] for row in rows] == [staff["ana_mi"].display_code]


def test_editing_the_zip_filters_never_adds_anyone(manager_client, organization, staff):
    private, elsewhere = staff["private"], staff["elsewhere"]
    response = manager_client.get(
        reverse("partners:certificates_zip", args=[organization.slug]),
        {
            "course": "naloxone-basics",
            "learner": private.learner_id,
            "code": elsewhere.code,
            "organization": "valley-health",
            "status": "anything",
        },
    )

    codes = {row["Certificate code"] for row in manifest_rows(zip_of(response))}
    assert private.display_code not in codes
    assert elsewhere.display_code not in codes
    assert codes == {staff["ana"].display_code, staff["bo"].display_code}


def test_a_member_who_withdraws_is_left_out_of_the_list_and_the_zip(
    manager_client, organization, staff
):
    set_record_sharing(Membership.objects.get(user=staff["bo"].learner), share=False)

    listing = manager_client.get(reverse("partners:certificates", args=[organization.slug]))
    archive = zip_of(
        manager_client.get(reverse("partners:certificates_zip", args=[organization.slug]))
    )
    download = manager_client.get(
        reverse("partners:certificate_download", args=[organization.slug, staff["bo"].code])
    )

    assert staff["bo"] not in listing.context["page"].object_list
    assert staff["bo"].display_code not in {
        row["Certificate code"] for row in manifest_rows(archive)
    }
    assert download.status_code == 404


def test_a_missing_pdf_is_noted_in_the_manifest_not_a_crash(manager_client, organization, staff):
    staff["bo"].pdf.storage.delete(staff["bo"].pdf.name)

    archive = zip_of(
        manager_client.get(reverse("partners:certificates_zip", args=[organization.slug]))
    )

    bo_row = next(
        row for row in manifest_rows(archive) if row["Certificate code"] == staff["bo"].display_code
    )
    assert bo_row["File"] == ""
    assert "missing" in bo_row["Note"]


def test_superseded_versions_are_left_out(manager_client, organization, staff):
    Certificate.objects.filter(pk=staff["bo"].pk).update(status=Certificate.Status.SUPERSEDED)

    response = manager_client.get(reverse("partners:certificates", args=[organization.slug]))

    assert staff["bo"] not in response.context["page"].object_list


# Above the threshold: prepared in the background ------------------------------------------


@pytest.fixture
def small_threshold(settings):
    settings.PARTNER_ZIP_BACKGROUND_THRESHOLD = 2


def test_above_the_threshold_the_page_offers_to_prepare_the_zip(
    manager_client, organization, staff, small_threshold
):
    listing = manager_client.get(reverse("partners:certificates", args=[organization.slug]))
    direct = manager_client.get(reverse("partners:certificates_zip", args=[organization.slug]))

    assert "Prepare a ZIP of all 3 certificates" in listing.content.decode()
    assert direct.status_code == 200
    assert not direct.streaming
    assert "This ZIP would hold 3 certificates" in direct.content.decode()


def request_export(client, organization, captured, **filters):
    with captured(execute=True):
        return client.post(reverse("partners:request_export", args=[organization.slug]), filters)


def test_the_background_zip_is_built_emailed_and_downloadable(
    manager_client,
    manager,
    organization,
    staff,
    small_threshold,
    django_capture_on_commit_callbacks,
):
    response = request_export(manager_client, organization, django_capture_on_commit_callbacks)

    export = PartnerExport.objects.get()
    assert response["Location"] == reverse("partners:export", args=[organization.slug, export.code])
    assert export.status == PartnerExport.Status.READY
    assert (export.total, export.progress) == (3, 3)
    assert export.requested_by == manager
    assert export.expires_at > timezone.now() + datetime.timedelta(days=6)
    assert mail.outbox[0].to == [manager.email]
    assert f"/org/riverside/exports/{export.code}/" in mail.outbox[0].body
    page = manager_client.get(response["Location"]).content.decode()
    assert "Download the ZIP" in page
    download = manager_client.get(
        reverse("partners:export_download", args=[organization.slug, export.code])
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(manifest_rows(archive)) == 3


def test_the_zip_page_says_when_it_was_requested_with_one_full_stop(
    manager_client,
    organization,
    staff,
    small_threshold,
    django_capture_on_commit_callbacks,
):
    response = request_export(manager_client, organization, django_capture_on_commit_callbacks)
    evening = timezone.make_aware(datetime.datetime(2026, 11, 30, 19, 43))
    PartnerExport.objects.update(created_at=evening)
    page = manager_client.get(response["Location"]).content.decode()
    assert "Requested Nov. 30, 2026, 7:43 p.m.</p>" in page
    assert "p.m.." not in page


def test_a_double_click_prepares_one_zip(
    manager_client, organization, staff, small_threshold, django_capture_on_commit_callbacks
):
    request_export(manager_client, organization, django_capture_on_commit_callbacks)
    request_export(manager_client, organization, django_capture_on_commit_callbacks)

    assert PartnerExport.objects.count() == 1


def test_the_background_zip_keeps_the_filters(
    manager_client, organization, staff, small_threshold, django_capture_on_commit_callbacks
):
    request_export(
        manager_client, organization, django_capture_on_commit_callbacks, status="expiring"
    )

    export = PartnerExport.objects.get()
    assert export.filters == {"status": "expiring"}
    with export.file.open("rb") as file:
        rows = manifest_rows(zipfile.ZipFile(io.BytesIO(file.read())))
    assert [row["Certificate code"] for row in rows] == [staff["ana_mi"].display_code]


def test_while_it_is_prepared_the_page_shows_progress_and_refreshes(
    manager_client, manager, organization
):
    export = PartnerExport.objects.create(
        organization=organization,
        requested_by=manager,
        status=PartnerExport.Status.RUNNING,
        total=800,
        progress=200,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    url = reverse("partners:export", args=[organization.slug, export.code])

    page = manager_client.get(url).content.decode()
    calm = manager_client.get(url, {"refresh": "off"}).content.decode()

    assert '<progress id="export-progress" max="100" value="25">' in page
    assert "200 of 800 certificates added" in page
    assert '<meta http-equiv="refresh" content="10">' in page
    assert "Check again" in page
    assert 'http-equiv="refresh"' not in calm


@pytest.mark.parametrize(
    "change",
    [
        lambda membership: set_record_sharing(membership, share=False),
        leave_organization,
    ],
    ids=["withdraws consent", "leaves"],
)
def test_a_ready_zip_is_deleted_once_someone_in_it_stops_sharing(
    manager_client,
    organization,
    staff,
    small_threshold,
    django_capture_on_commit_callbacks,
    change,
):
    request_export(manager_client, organization, django_capture_on_commit_callbacks)
    export = PartnerExport.objects.get()
    storage, name = export.file.storage, export.file.name

    with django_capture_on_commit_callbacks(execute=True):
        change(Membership.objects.get(user=staff["bo"].learner))

    # Gone when consent changed, before anyone asks for it.
    export.refresh_from_db()
    assert export.status == PartnerExport.Status.WITHDRAWN
    assert not storage.exists(name)
    response = manager_client.get(
        reverse("partners:export_download", args=[organization.slug, export.code])
    )
    assert response.status_code == 302
    page = manager_client.get(response["Location"]).content.decode()
    assert "stopped sharing their records or left" in page


def test_a_zip_stays_when_someone_else_in_the_organization_stops_sharing(
    manager_client, organization, staff, small_threshold, django_capture_on_commit_callbacks
):
    request_export(manager_client, organization, django_capture_on_commit_callbacks)
    export = PartnerExport.objects.get()
    outside_the_file = make_member(make_user("new@example.org"), organization)

    with django_capture_on_commit_callbacks(execute=True):
        set_record_sharing(outside_the_file, share=False)

    export.refresh_from_db()
    assert export.status == PartnerExport.Status.READY
    assert export.file.storage.exists(export.file.name)


def test_viewing_a_zip_past_its_date_deletes_and_writes_nothing(
    manager_client,
    organization,
    staff,
    small_threshold,
    django_capture_on_commit_callbacks,
):
    request_export(manager_client, organization, django_capture_on_commit_callbacks)
    export = PartnerExport.objects.get()
    PartnerExport.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    urls = [
        reverse(name, args=[organization.slug, export.code])
        for name in ("partners:export", "partners:export_download")
    ]

    with CaptureQueriesContext(connection) as queries:
        page = manager_client.get(urls[0])
        download = manager_client.get(urls[1])

    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    assert writes == []
    assert "This ZIP has expired" in page.content.decode()
    assert download.status_code == 302
    export.refresh_from_db()
    assert export.status == PartnerExport.Status.READY  # the command records the expiry
    assert export.file.storage.exists(export.file.name)


def test_a_manager_cannot_open_another_organizations_export(
    client, other_manager, manager, organization, other_organization, staff
):
    export = PartnerExport.objects.create(
        organization=organization,
        requested_by=manager,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    sign_in_with_mfa(client, other_manager)

    for name in ("export", "export_download"):
        url = reverse(f"partners:{name}", args=[other_organization.slug, export.code])
        assert client.get(url).status_code == 404


def test_expired_files_are_deleted_by_the_command_and_it_can_run_again(
    manager_client,
    organization,
    staff,
    small_threshold,
    django_capture_on_commit_callbacks,
    capsys,
):
    request_export(manager_client, organization, django_capture_on_commit_callbacks)
    export = PartnerExport.objects.get()
    storage, name = export.file.storage, export.file.name
    PartnerExport.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):  # the command commits as it goes
        call_command("delete_expired_exports")
        call_command("delete_expired_exports")

    export.refresh_from_db()
    assert export.status == PartnerExport.Status.EXPIRED
    assert not storage.exists(name)
    assert capsys.readouterr().out.splitlines() == [
        "Deleted 1 expired certificates ZIP file.",
        "Deleted 0 expired certificates ZIP files.",
    ]
    page = manager_client.get(reverse("partners:export", args=[organization.slug, export.code]))
    assert "This ZIP has expired" in page.content.decode()


def test_a_task_that_runs_twice_builds_once(manager, organization, staff):
    export = PartnerExport.objects.create(
        organization=organization,
        requested_by=manager,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )

    assert background.build_export(export.pk) == PartnerExport.Status.READY
    assert background.build_export(export.pk) == PartnerExport.Status.READY
    assert len(mail.outbox) == 1


def test_a_manager_who_lost_the_role_gets_an_empty_zip_not_the_certificates(
    manager, organization, staff
):
    export = PartnerExport.objects.create(
        organization=organization,
        requested_by=manager,
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    Membership.objects.filter(user=manager).update(role=Membership.Role.MEMBER)

    background.build_export(export.pk)

    export.refresh_from_db()
    assert export.progress == 0
    with export.file.open("rb") as file:
        assert manifest_rows(zipfile.ZipFile(io.BytesIO(file.read()))) == []
