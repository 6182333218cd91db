import pytest
from django.urls import reverse

from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db


def test_the_home_page_has_a_skip_link_language_and_a_switcher(client):
    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert 'id="main"' in page
    assert f'action="{reverse("set_language")}"' in page
    assert '<option value="es" lang="es"' in page


def test_choosing_spanish_switches_the_interface_language(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"}, follow=True)

    page = response.content.decode()
    assert '<html lang="es">' in page
    # Django's own Spanish catalog already covers the sign-in link text from allauth.
    assert 'lang="es" selected' in page


def test_wagtail_lives_at_cms_and_not_admin(client):
    assert client.get("/admin/").status_code == 404
    response = client.get("/cms/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_django_admin_signs_in_through_allauth_and_is_for_superusers_only(client, learner):
    anonymous = client.get("/django-admin/")
    assert anonymous.status_code == 302

    client.force_login(learner)
    assert client.get("/django-admin/").status_code in (302, 403)


def test_a_superuser_reaches_the_django_admin_after_setting_up_mfa(client):
    from tests.conftest import make_user, sign_in_with_password

    admin = make_user("root@example.org", group=None, is_superuser=True, is_staff=True)
    sign_in_with_password(client, admin)
    assert client.get("/django-admin/")["Location"] == reverse("mfa_activate_totp")

    sign_in_with_mfa(client, admin)  # sets up an authenticator, then signs in with it
    assert client.get("/django-admin/").status_code == 200


def test_staff_who_are_not_superusers_are_kept_out_of_the_django_admin(client):
    from tests.conftest import give_totp, make_user

    staff = make_user("staff@example.org", is_staff=True)
    give_totp(staff)
    sign_in_with_mfa(client, staff)

    response = client.get("/django-admin/", follow=True)

    assert "but are not authorized to access this page" in response.content.decode()


def test_a_superuser_can_add_a_user_in_wagtail(client):
    from tests.conftest import make_user

    admin = make_user("root@example.org", group=None, is_superuser=True, is_staff=True)
    sign_in_with_mfa(client, admin)

    assert client.get("/cms/users/").status_code == 200
    assert client.get(reverse("wagtailusers_users:add")).status_code == 200


def test_the_home_page_leads_to_the_course_catalog(client):
    page = client.get("/").content.decode()

    assert 'href="/courses/"' in page
    assert "Browse the courses" in page
