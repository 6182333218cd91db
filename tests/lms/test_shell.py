import pytest
from django.urls import reverse

from courses.localization import translated_catalog
from courses.models import CatalogPage
from tests.conftest import sign_in_with_mfa

pytestmark = pytest.mark.django_db


def test_the_home_page_has_a_skip_link_language_and_a_switcher(client):
    page = client.get("/").content.decode()

    assert '<html lang="en">' in page
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in page
    assert 'id="main"' in page
    # The switcher is a link to this page in Spanish, named in Spanish: no form, no token.
    assert '<a href="/es/" hreflang="es" lang="es">Español</a>' in page
    assert '<span aria-current="true" lang="en">English</span>' in page
    assert 'name="language"' not in page
    assert "csrfmiddlewaretoken" not in page


def test_the_switcher_links_to_the_same_page_and_query_in_the_other_language(client):
    page = client.get("/privacy/?from=email").content.decode()
    assert 'href="/es/privacy/?from=email" hreflang="es"' in page

    spanish = client.get("/es/privacy/?from=email").content.decode()
    assert '<html lang="es">' in spanish
    assert 'href="/privacy/?from=email" hreflang="en" lang="en">English</a>' in spanish


def test_following_the_spanish_link_switches_the_interface_language(client):
    # The site as load_curriculum leaves it: the home page and catalog have Spanish versions.
    translated_catalog(CatalogPage.objects.live().get(locale__language_code="en"), "es")
    english = client.get("/").content.decode()
    assert 'href="/es/"' in english

    page = client.get("/es/").content.decode()

    assert '<html lang="es">' in page
    assert '<span aria-current="true" lang="es">Español</span>' in page
    assert "Iniciar sesión" in page  # the header's sign-in link, in Spanish
    assert 'href="/es/courses/"' in page  # and the page's own links stay in Spanish


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
