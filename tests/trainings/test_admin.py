"""Trainers schedule sessions in the CMS, with the checks a session needs."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import sign_in_with_mfa
from trainings.models import TrainingSession

pytestmark = pytest.mark.django_db


def form_data(organization, **changes):
    return {
        "title": "Naloxone at the drop-in center",
        "course": "",
        "organization": organization.pk,
        "start": "2031-05-06 10:00",
        "end": "2031-05-06 12:30",
        "time_zone": "America/Los_Angeles",
        "format": "in_person",
        "address": "55 Hope Street",
        "room": "Back room",
        "accessibility_notes": "Step-free entrance on Elm Street.",
        "meeting_link": "",
        "capacity": "25",
        "contact_hours": "2.5",
        "language": "en",
        "registration_opens": "2031-04-01 09:00",
        "registration_closes": "2031-05-05 17:00",
        "status": "scheduled",
        # The hours-by-category rows' management form, as the page sends it with no rows.
        "hours_by_category-TOTAL_FORMS": "0",
        "hours_by_category-INITIAL_FORMS": "0",
        "hours_by_category-MIN_NUM_FORMS": "0",
        "hours_by_category-MAX_NUM_FORMS": "1000",
        **changes,
    }


def test_a_trainer_schedules_a_session_in_the_cms(client, trainer, organization):
    sign_in_with_mfa(client, trainer)
    add_url = reverse("trainings_session:add")
    assert client.get(add_url).status_code == 200

    response = client.post(add_url, form_data(organization))

    assert response.status_code == 302, response.content.decode()[:2000]
    session = TrainingSession.objects.get()
    assert session.title == "Naloxone at the drop-in center"
    assert session.capacity == 25 and str(session.contact_hours) == "2.50"
    assert len(session.code) == 10 and not session.code.isdigit()
    # Typed as the time where the session happens: 10:00 in Los Angeles is 17:00 UTC in May.
    assert session.start == datetime.datetime(2031, 5, 6, 17, 0, tzinfo=datetime.UTC)
    edit = client.get(reverse("trainings_session:edit", args=[session.pk])).content.decode()
    assert 'value="2031-05-06 10:00"' in edit
    public = client.get(reverse("trainings:detail", args=[session.code])).content.decode()
    assert "55 Hope Street, Back room" in public


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end": "2031-05-06 09:00"}, "end", "The session must end after it starts."),
        (
            {"registration_closes": "2031-03-01 09:00"},
            "registration_closes",
            "Registration must close after it opens.",
        ),
        (
            {"registration_closes": "2031-05-07 09:00"},
            "registration_closes",
            "Registration must close before the session ends.",
        ),
        (
            {"registration_opens": "2031-05-06 11:00", "registration_closes": ""},
            "registration_opens",
            "Registration must open before the session starts.",
        ),
        ({"capacity": "0"}, "capacity", "Ensure this value is greater than or equal to 1."),
        (
            {"contact_hours": "1.3"},
            "contact_hours",
            "Contact hours go in quarter hours: for example 1.5 or 2.75.",
        ),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "is not a time zone name"),
        ({"address": ""}, "address", "Give the address of a session that happens in a room."),
        ({"meeting_link": "javascript:alert(1)"}, "meeting_link", "Enter a valid URL."),
    ],
)
def test_the_cms_refuses_a_session_that_cannot_work(
    client, trainer, organization, changes, field, message
):
    sign_in_with_mfa(client, trainer)
    response = client.post(reverse("trainings_session:add"), form_data(organization, **changes))
    assert response.status_code == 200
    assert message in " ".join(str(e) for e in response.context["form"].errors[field])
    assert not TrainingSession.objects.exists()


def test_a_learner_cannot_open_the_cms_page(client, learner):
    client.force_login(learner)
    response = client.get(reverse("trainings_session:add"))
    assert response.status_code in {302, 403}
    assert "Naloxone" not in response.content.decode()


def test_a_trainer_without_a_second_factor_is_not_let_in(client, trainer):
    client.force_login(trainer)
    response = client.get(reverse("trainings_session:add"))
    assert response.status_code in {302, 403}


def test_an_organization_that_hosts_sessions_is_kept_with_a_clear_message(client, organization):
    from accounts import roles
    from accounts.models import Organization
    from tests.conftest import make_user

    from .conftest import make_session

    admin = make_user("admin@example.org", group=roles.SITE_ADMINS)
    make_session(organization)
    sign_in_with_mfa(client, admin)
    url = reverse("wagtailsnippets_accounts_organization:delete", args=[organization.pk])

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert (
        "Riverside Syringe Services hosts live training sessions, so it cannot be deleted."
        in response.content.decode()
    )
    assert Organization.objects.filter(pk=organization.pk).exists()


def test_more_places_go_to_the_waitlist_in_order(client, trainer, organization):
    from django.core import mail

    from tests.conftest import make_user
    from trainings import services

    from .conftest import make_session

    session = make_session(organization, capacity=1)
    people = [make_user(f"p{n}@example.org") for n in range(4)]
    for person in people:
        services.register(person, session)
    mail.outbox.clear()
    sign_in_with_mfa(client, trainer)
    edit_url = reverse("trainings_session:edit", args=[session.pk])
    form = client.get(edit_url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(course="", capacity="3")
    data.update({k: v for k, v in form_data(organization).items() if k.startswith("hours_by")})
    data["start"], data["end"] = form["start"].value(), form["end"].value()

    response = client.post(edit_url, data)

    assert response.status_code == 302, response.context["form"].errors
    statuses = [session.registrations.get(person=p).status for p in people]
    assert statuses == ["registered", "registered", "registered", "waitlisted"]
    assert sorted(m.to[0] for m in mail.outbox) == ["p1@example.org", "p2@example.org"]
    assert all(m.subject.startswith("A place opened for you") for m in mail.outbox)
