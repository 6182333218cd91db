"""Who may download a certificate's PDF: the learner, their organization's managers (while the
learner shares records), site staff. Everyone else gets 404."""

import pytest
from django.urls import reverse

from accounts.models import Membership
from certificates import services
from tests.certificates.conftest import certificate_pdf
from tests.conftest import give_totp, sign_in_with_mfa, sign_in_with_password

pytestmark = pytest.mark.django_db


def download(client, certificate, code=None):
    return client.get(reverse("certificates:download", args=[code or certificate.display_code]))


def test_the_learner_downloads_their_pdf_with_a_readable_file_name(client, certificate):
    client.force_login(certificate.learner)
    response = download(client, certificate)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="open-door-certificate-naloxone-basics-{certificate.display_code}.pdf"'
    )
    assert b"".join(response.streaming_content) == certificate_pdf(certificate)
    assert "private" in response["Cache-Control"]


def test_any_spelling_of_the_code_works(client, certificate):
    client.force_login(certificate.learner)
    assert download(client, certificate, code=certificate.code.lower()).status_code == 200


def test_a_manager_of_an_organization_the_learner_shares_with_may_download(
    client, certificate, sharing_manager
):
    sign_in_with_mfa(client, sharing_manager)
    assert download(client, certificate).status_code == 200


def test_a_manager_loses_access_when_the_learner_stops_sharing(
    client, certificate, sharing_manager
):
    Membership.objects.filter(user=certificate.learner).update(records_shared_at=None)
    sign_in_with_mfa(client, sharing_manager)
    assert download(client, certificate).status_code == 404


def test_a_manager_of_another_organization_gets_404(
    client, certificate, sharing_manager, other_manager
):
    sign_in_with_mfa(client, other_manager)
    assert download(client, certificate).status_code == 404


def test_a_fellow_member_gets_404(client, certificate, sharing_manager, member):
    client.force_login(member)
    assert download(client, certificate).status_code == 404


def test_another_learner_gets_404(client, certificate, outsider):
    client.force_login(outsider)
    assert download(client, certificate).status_code == 404


def test_trainers_get_404(client, certificate, cms_trainer):
    sign_in_with_mfa(client, cms_trainer)
    assert download(client, certificate).status_code == 404


def test_site_staff_may_download(client, certificate, site_admin):
    sign_in_with_mfa(client, site_admin)
    assert download(client, certificate).status_code == 200


def test_an_anonymous_visitor_is_asked_to_sign_in(client, certificate):
    response = download(client, certificate)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_code_is_404(client, certificate):
    client.force_login(certificate.learner)
    assert download(client, certificate, code="0000-0000-0000").status_code == 404


def test_revoked_and_superseded_certificates_stay_downloadable_by_the_same_people(
    client, certificate, outsider
):
    new = services.correct_name(certificate, "Samantha Rivera", by=None)
    services.revoke_certificate(new, reason="Issued by mistake", by=None)
    client.force_login(certificate.learner)
    assert download(client, certificate).status_code == 200
    assert download(client, new).status_code == 200
    client.force_login(outsider)
    assert download(client, certificate).status_code == 404


def test_downloading_is_get_only(client, certificate):
    client.force_login(certificate.learner)
    url = reverse("certificates:download", args=[certificate.display_code])
    assert client.post(url).status_code == 405


def test_a_deleted_account_leaves_the_certificate_to_site_staff(client, certificate, site_admin):
    certificate.learner.delete()
    certificate.refresh_from_db()
    assert certificate.learner is None
    sign_in_with_mfa(client, site_admin)
    assert download(client, certificate).status_code == 200


# Powers count only once the session has used a second factor (accounts.mfa): until then
# staff and managers are plain learners here, who see their own certificates only.


def test_site_staff_who_signed_in_with_a_password_only_get_404(client, certificate, site_admin):
    sign_in_with_password(client, site_admin)
    assert download(client, certificate).status_code == 404


def test_a_sharing_manager_who_signed_in_with_a_password_only_gets_404(
    client, certificate, sharing_manager
):
    sign_in_with_password(client, sharing_manager)
    assert download(client, certificate).status_code == 404


def test_a_manager_whose_session_has_not_used_their_authenticator_gets_404(
    client, certificate, sharing_manager
):
    sign_in_with_password(client, sharing_manager)
    give_totp(sharing_manager)  # set up in another browser; this session never used it
    assert download(client, certificate).status_code == 404
    sign_in_with_mfa(client, sharing_manager)
    assert download(client, certificate).status_code == 200


def test_a_deleted_learners_certificate_needs_staff_with_a_second_factor(
    client, certificate, site_admin
):
    certificate.learner.delete()
    sign_in_with_password(client, site_admin)
    assert download(client, certificate).status_code == 404


def test_staff_without_a_second_factor_still_download_their_own(client, certificate):
    from django.contrib.auth.models import Group

    from accounts import roles

    certificate.learner.groups.add(Group.objects.get(name=roles.SITE_ADMINS))
    sign_in_with_password(client, certificate.learner)
    assert download(client, certificate).status_code == 200
