"""A session's contact hours by category, authored in the CMS like a course's: rows of
category and hours that together may not come to more than the session's contact hours."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from courses.models import HoursCategory
from tests.conftest import sign_in_with_mfa
from trainings.models import TrainingSession

from .test_admin import form_data

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
                        "hours": hours,
                        "ORDER": str(i),
                        "DELETE": "",
                        "id": "",
                    }
                    for i, (name, hours) in enumerate(rows)
                },
            }
        }
    )


def test_a_trainer_gives_a_session_hours_by_category(client, trainer, organization):
    sign_in_with_mfa(client, trainer)
    add_url = reverse("trainings_session:add")
    page = client.get(add_url).content.decode()
    assert "Hours by category" in page and 'name="hours_by_category-TOTAL_FORMS"' in page

    response = client.post(
        add_url,
        {
            **form_data(organization, contact_hours="2.5"),
            **hours_rows(("Harm reduction", "1.5"), ("Ethics", "0.5")),
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    session = TrainingSession.objects.get()
    rows = [(row.category.name, row.hours) for row in session.hours_by_category.all()]
    assert rows == [("Harm reduction", Decimal("1.50")), ("Ethics", Decimal("0.50"))]
    edit = client.get(reverse("trainings_session:edit", args=[session.pk])).content.decode()
    assert 'name="hours_by_category-0-hours"' in edit and 'value="1.50"' in edit


def test_hours_by_category_cannot_add_up_to_more_than_the_session_has(
    client, trainer, organization
):
    sign_in_with_mfa(client, trainer)

    response = client.post(
        reverse("trainings_session:add"),
        {
            **form_data(organization, contact_hours="2"),
            **hours_rows(("Harm reduction", "1.5"), ("Ethics", "1")),
        },
    )

    assert response.status_code == 200
    assert (
        "The hours by category add up to 2.5, but the session has 2 contact hours."
        in response.content.decode()
    )
    assert not TrainingSession.objects.exists()


def test_lowering_the_contact_hours_below_the_rows_is_refused_and_keeps_them(
    client, trainer, organization
):
    sign_in_with_mfa(client, trainer)
    client.post(
        reverse("trainings_session:add"),
        {**form_data(organization, contact_hours="3"), **hours_rows(("Ethics", "2"))},
    )
    session = TrainingSession.objects.get()
    edit_url = reverse("trainings_session:edit", args=[session.pk])
    row_id = session.hours_by_category.get().pk

    response = client.post(
        edit_url,
        {
            **form_data(organization, contact_hours="1"),
            **hours_rows(("Ethics", "2")),
            "hours_by_category-INITIAL_FORMS": "1",
            "hours_by_category-0-id": str(row_id),
        },
    )

    assert response.status_code == 200
    assert "add up to 2, but the session has 1 contact hours" in response.content.decode()
    session.refresh_from_db()
    assert session.contact_hours == Decimal("3")
    assert [row.hours for row in session.hours_by_category.all()] == [Decimal("2")]


def test_a_category_listed_twice_is_refused(client, trainer, organization):
    sign_in_with_mfa(client, trainer)

    response = client.post(
        reverse("trainings_session:add"),
        {
            **form_data(organization, contact_hours="3"),
            **hours_rows(("Ethics", "1"), ("Ethics", "1")),
        },
    )

    assert response.status_code == 200
    assert "Each category can be listed once." in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_the_public_form_cannot_lower_the_hours_below_the_categories(client, organization):
    """A facilitator's form has no rows of its own; it refuses contact hours fewer than the
    hours the CMS put in categories, and keeps the session as it was."""
    from accounts.models import Membership
    from tests.conftest import make_member, make_user
    from trainings.models import SessionHours

    from .conftest import make_session

    facilitator = make_user("fac@example.org", display_name="Dana")
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    session = make_session(organization, contact_hours=Decimal("3"))
    SessionHours.objects.create(
        session=session, category=HoursCategory.objects.get(name="Ethics"), hours="2"
    )
    sign_in_with_mfa(client, facilitator)
    edit_url = reverse("trainings:edit_session", args=[session.code])
    form = client.get(edit_url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for name in ("start", "end", "registration_opens"):
        data[name] = form[name].value().strftime("%Y-%m-%dT%H:%M")

    refused = client.post(edit_url, {**data, "contact_hours": "1.5"})

    assert refused.status_code == 200
    [error] = refused.context["form"].errors["contact_hours"]
    assert error.startswith("2 of this session's hours are in categories")
    session.refresh_from_db()
    assert session.contact_hours == Decimal("3")
    assert client.post(edit_url, {**data, "contact_hours": "2"}).status_code == 302
