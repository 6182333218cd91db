import pytest
from django.urls import reverse

from accounts import roles
from accounts.models import Organization, User
from tests.conftest import give_totp, make_user, sign_in_with_mfa

pytestmark = pytest.mark.django_db

SCRIPT_NAME = '<script>alert("x")</script>&Co'


def test_an_over_long_display_name_at_sign_up_is_a_form_error(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "a@example.org",
            "password1": "a-long-test-passphrase-42",
            "display_name": "x" * 81,
        },
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 80 characters" in response.content.decode()
    assert not User.objects.exists()


def test_an_over_long_email_at_sign_up_is_a_form_error(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "a" * 250 + "@example.org", "password1": "a-long-test-passphrase-42"},
    )

    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert not User.objects.exists()


def test_an_over_long_email_in_email_change_is_a_form_error(client, learner):
    client.force_login(learner)

    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "b" * 250 + "@example.org"}
    )

    assert response.status_code == 200
    assert "at most 254 characters" in response.content.decode()
    assert learner.emailaddress_set.count() == 1


def test_a_script_as_display_name_is_refused_and_echoed_escaped(client, learner):
    client.force_login(learner)

    response = client.post(reverse("accounts:profile"), {"display_name": SCRIPT_NAME})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Please type the name as plain text" in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;Co" in page
    learner.refresh_from_db()
    assert learner.display_name == "Sam"


def test_a_script_stored_as_display_name_is_rendered_escaped(client, learner):
    # Rows saved before names were checked, or by an import, are still only text on output.
    learner.display_name = SCRIPT_NAME
    learner.save()
    client.force_login(learner)

    home = client.get("/").content.decode()

    assert "<script>alert" not in home
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;Co" in home


def test_control_characters_in_a_name_are_a_form_error(client, learner):
    client.force_login(learner)

    response = client.post(reverse("accounts:profile"), {"display_name": "Sam\u202eevil"})

    assert response.status_code == 200
    assert "remove any hidden characters" in response.content.decode()
    learner.refresh_from_db()
    assert learner.display_name == "Sam"


def test_names_in_any_script_are_accepted(client, learner):
    client.force_login(learner)
    for name in ["José Núñez", "Олена Коваль", "نور الهدى", "王小明", "Nilufar\u200cZadeh"]:
        client.post(reverse("accounts:profile"), {"display_name": name})
        learner.refresh_from_db()
        assert learner.display_name == name


def test_an_over_long_join_code_is_a_form_error(client, learner):
    client.force_login(learner)

    response = client.post(reverse("accounts:join"), {"code": "A" * 500})

    assert response.status_code == 200
    assert "at most 20 characters" in response.content.decode()


@pytest.fixture
def cms_site_admin(db):
    admin = make_user("site-admin@example.org", group=roles.SITE_ADMINS)
    give_totp(admin)
    return admin


def test_an_organization_slug_collision_is_a_form_error_in_the_cms(
    client, cms_site_admin, organization
):
    sign_in_with_mfa(client, cms_site_admin)

    response = client.post(
        reverse("wagtailsnippets_accounts_organization:add"),
        {"name": "Another Riverside", "slug": organization.slug, "kind": "other"},
    )

    assert response.status_code == 200
    assert "Organization with this Slug already exists." in response.content.decode()
    assert Organization.objects.count() == 1


def test_an_organization_name_with_markup_is_a_form_error_in_the_cms(client, cms_site_admin):
    sign_in_with_mfa(client, cms_site_admin)

    response = client.post(
        reverse("wagtailsnippets_accounts_organization:add"),
        {"name": "<img src=x onerror=alert(1)>Harbor", "slug": "harbor", "kind": "other"},
    )

    assert response.status_code == 200
    assert "Please type the name as plain text" in response.content.decode()
    assert not Organization.objects.filter(slug="harbor").exists()


def test_a_site_admin_can_create_an_organization_in_the_cms(client, cms_site_admin):
    sign_in_with_mfa(client, cms_site_admin)

    response = client.post(
        reverse("wagtailsnippets_accounts_organization:add"),
        {"name": "Harbor Drop-in Center", "slug": "harbor", "kind": "community_organization"},
    )

    assert response.status_code == 302
    assert Organization.objects.get(slug="harbor").join_code
