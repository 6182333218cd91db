"""Authoring in the CMS: trainers give a course its hours by category and format; site admins
keep credential tracks (with minimums by category) as data. Bad input saves nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html

from accounts import roles
from courses.models import CatalogPage, CoursePage, HoursCategory
from tests.conftest import make_user, sign_in_with_mfa
from tests.courses.test_authoring import post_course
from transcripts.models import CredentialTrack

pytestmark = pytest.mark.django_db


def hours_rows(*rows):
    return nested_form_data(
        {
            "hours_by_category": {
                "TOTAL_FORMS": str(len(rows)),
                "INITIAL_FORMS": "0",
                "MIN_NUM_FORMS": "0",
                "MAX_NUM_FORMS": "1000",
                **{
                    str(i): {
                        "category": str(HoursCategory.objects.get(name=name).pk),
                        "format": format_,
                        "hours": hours,
                        "ORDER": str(i),
                        "DELETE": "",
                        "id": "",
                    }
                    for i, (name, format_, hours) in enumerate(rows)
                },
            }
        }
    )


@pytest.fixture
def catalog(db):
    return CatalogPage.objects.get()


def test_a_trainer_gives_a_course_hours_by_category_and_format(client, cms_trainer, catalog):
    sign_in_with_mfa(client, cms_trainer)

    response = post_course(
        client,
        catalog,
        "action-submit",
        contact_hours="2",
        **hours_rows(("Harm reduction", "online", "1.5"), ("Ethics", "in_person", "0.5")),
    )

    assert response.status_code == 302
    course = CoursePage.objects.get(slug="overdose-response")
    rows = [(h.category.name, h.format, h.hours) for h in course.hours_by_category.all()]
    assert rows == [
        ("Harm reduction", "online", Decimal("1.50")),
        ("Ethics", "in_person", Decimal("0.50")),
    ]


def test_hours_by_category_cannot_add_up_to_more_than_the_contact_hours(
    client, cms_trainer, catalog
):
    sign_in_with_mfa(client, cms_trainer)

    response = post_course(
        client,
        catalog,
        "action-submit",
        contact_hours="1",
        **hours_rows(("Harm reduction", "online", "1"), ("Ethics", "online", "0.5")),
    )

    assert response.status_code == 200
    assert (
        "The hours by category add up to 1.5, but the course has 1 contact hours."
        in response.content.decode()
    )
    assert not CoursePage.objects.filter(slug="overdose-response").exists()


def test_a_category_and_format_listed_twice_is_refused(client, cms_trainer, catalog):
    sign_in_with_mfa(client, cms_trainer)

    response = post_course(
        client,
        catalog,
        "action-submit",
        contact_hours="3",
        **hours_rows(("Ethics", "online", "1"), ("Ethics", "online", "1")),
    )

    assert response.status_code == 200
    assert "Each category and format can be listed once." in response.content.decode()
    assert not CoursePage.objects.filter(slug="overdose-response").exists()


@pytest.fixture
def site_admin(db):
    return make_user("admin@example.org", group=roles.SITE_ADMINS, display_name="Ada")


def track_form(client, **values):
    url = reverse("transcripts_track:add")
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data.update(
        {
            "name": "Pennsylvania CRS renewal",
            "issuing_board": "Pennsylvania Certification Board",
            "period_months": "24",
            "total_hours": "30",
            "approving_body": "",
            "approved_hours_minimum": "",
            "source_url": "https://www.pacertboard.org/recertification-information",
            "check_note": "",
            "active": "on",
            **nested_form_data(
                {
                    "category_minimums": {
                        "TOTAL_FORMS": "1",
                        "INITIAL_FORMS": "0",
                        "MIN_NUM_FORMS": "0",
                        "MAX_NUM_FORMS": "1000",
                        "0": {
                            "category": str(HoursCategory.objects.get(name="Ethics").pk),
                            "minimum_hours": "6",
                            "ORDER": "0",
                            "DELETE": "",
                            "id": "",
                        },
                    }
                }
            ),
            **values,
        }
    )
    return client.post(url, data)


def test_a_site_admin_adds_a_track_with_minimums_by_category(client, site_admin):
    sign_in_with_mfa(client, site_admin)

    response = track_form(client)

    assert response.status_code == 302
    track = CredentialTrack.objects.get(name="Pennsylvania CRS renewal")
    assert track.period_months == 24 and track.total_hours == Decimal("30")
    assert [(m.category.name, m.minimum_hours) for m in track.category_minimums.all()] == [
        ("Ethics", Decimal("6.00"))
    ]


def test_a_track_asking_more_approved_hours_than_its_total_is_refused(client, site_admin):
    sign_in_with_mfa(client, site_admin)

    response = track_form(client, approved_hours_minimum="40")

    assert response.status_code == 200
    assert "This is more than the total hours." in response.content.decode()
    assert not CredentialTrack.objects.filter(name="Pennsylvania CRS renewal").exists()


def test_trainers_and_learners_cannot_edit_tracks(client, cms_trainer, learner):
    sign_in_with_mfa(client, cms_trainer)
    assert client.get(reverse("transcripts_track:add")).status_code in (302, 403)
    assert client.get(reverse("transcripts_track:index")).status_code in (302, 403)

    client.logout()
    client.force_login(learner)
    assert client.get(reverse("transcripts_track:index")).status_code == 302


def test_the_seeded_tracks_carry_their_sources_and_notes(client, site_admin):
    sign_in_with_mfa(client, site_admin)

    page = client.get(reverse("transcripts_track:index")).content.decode()

    assert "CCAPP counselor renewal" in page
    sources = dict(CredentialTrack.objects.values_list("name", "source_url"))
    assert all(url.startswith("https://") for url in sources.values()) and len(sources) == 3
    assert all(CredentialTrack.objects.values_list("check_note", flat=True))
