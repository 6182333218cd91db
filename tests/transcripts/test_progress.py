"""A learner picks credential tracks and sees, per category, what their completed courses add
up to in the current period, and which courses do not count and why."""

import datetime

import pytest
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.conftest import complete
from tests.lms.conftest import certify
from transcripts.models import LearnerTrack

from .conftest import (
    CALMHSA,
    CCAPP,
    CRPA,
    approve,
    category_rows,
    choose,
    course_with_hours,
    days_ago,
    hours_page,
    track,
    track_section,
    words,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, learner):
    client.force_login(learner)
    return client


def test_the_seeded_tracks_are_offered_with_their_boards(signed_in):
    page = hours_page(signed_in)

    form = page.find("form", action=reverse("transcripts:choose_tracks"))
    offered = {words(label) for label in form.find_all("label")}
    assert {CALMHSA, CCAPP, CRPA} <= offered
    assert page.find("section") is None  # nothing chosen yet


def test_progress_per_category_for_the_current_period(signed_in, learner):
    law = course_with_hours("Peer law and ethics", "2", [("Law and ethics", "online", "1.5")])
    in_person = course_with_hours(
        "Ethics in the room",
        "3",
        [("Law and ethics", "in_person", "3")],
        delivery_format="live",
    )
    old = course_with_hours("Old ethics course", "4", [("Law and ethics", "online", "4")])
    complete(learner, law, when=days_ago(30))
    complete(learner, in_person, when=days_ago(10))
    complete(learner, old, when=days_ago(800))  # more than 24 months ago

    response = choose(signed_in, track(CALMHSA))
    assert response.status_code == 302
    section = track_section(hours_page(signed_in), CALMHSA)

    text = words(section)
    assert "5 of 20 hours" in text
    assert "Still needed in total: 15 hours." in text
    assert category_rows(section) == {"Law and ethics": ["6", "4.5", "1.5"]}
    assert "Online: 2" in text and "In person: 3" in text
    counted = words(section.find("h3", string="What counts").find_next("ul"))
    assert "Peer law and ethics" in counted and "Ethics in the room" in counted
    not_counted = words(section.find("h3", string="What does not count").find_next("ul"))
    assert "Old ethics course" in not_counted
    assert "Completed before this period began." in not_counted
    assert "Check with your board:" in text
    assert section.find("a", href=track(CALMHSA).source_url) is not None


def test_the_period_starts_on_the_day_the_learner_gives(signed_in, learner):
    course = course_with_hours("Law refresher", "2", [("Law and ethics", "online", "2")])
    complete(learner, course, when=days_ago(40))
    start = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()

    choose(signed_in, track(CALMHSA), starts={track(CALMHSA): start})
    section = track_section(hours_page(signed_in), CALMHSA)

    assert "0 of 20 hours" in words(section)
    assert "Law refresher" in words(section.find("h3", string="What does not count").parent)
    assert LearnerTrack.objects.get().period_starts_on.isoformat() == start


def test_a_track_needing_ce_approval_says_which_courses_do_not_count(signed_in, learner):
    approved = course_with_hours(
        "Approved peer ethics", "16", [("Ethics", "in_person", "16")], delivery_format="live"
    )
    approve(approved, "NYCB")
    unapproved = course_with_hours(
        "Coaching basics", "6", [("Recovery/peer support", "online", "6")]
    )
    other_board = course_with_hours(
        "MSR overview", "4", [("Medication-supported recovery", "online", "4")]
    )
    approve(other_board, "NAADAC")
    for course in (approved, unapproved, other_board):
        complete(learner, course, when=days_ago(5))

    choose(signed_in, track(CRPA))
    section = track_section(hours_page(signed_in), CRPA)

    text = words(section)
    assert "Counting every course you finished." in text
    assert "16 of 50 hours" in text
    assert category_rows(section) == {
        "Recovery/peer support": ["30", "0", "30"],
        "Ethics": ["16", "16", "Done"],
        "Medication-supported recovery": ["4", "0", "4"],
    }
    not_counted = words(section.find("h3", string="What does not count").find_next("ul"))
    assert "Coaching basics" in not_counted and "MSR overview" in not_counted
    assert not_counted.count("Not approved by NYCB when you completed it.") == 2


def test_an_approval_that_ended_before_completion_does_not_count(signed_in, learner):
    course = course_with_hours("Ethics", "16", [("Ethics", "online", "16")])
    approve(course, "NYCB", valid_until=datetime.date.today() - datetime.timedelta(days=30))
    complete(learner, course, when=days_ago(3))

    choose(signed_in, track(CRPA))
    section = track_section(hours_page(signed_in), CRPA)

    assert "0 of 50 hours" in words(section)
    assert "Not approved by NYCB" in words(section)


def test_ccapp_counts_approved_hours_and_all_hours_apart(signed_in, learner):
    approved = course_with_hours(
        "Counselor ethics",
        "9",
        [("Ethics", "online", "6"), ("Cultural responsiveness", "online", "3")],
    )
    approve(approved, "CCAPP")
    other = course_with_hours("Harm reduction today", "5", [("Harm reduction", "online", "5")])
    complete(learner, approved, when=days_ago(60))
    complete(learner, other, when=days_ago(50))

    choose(signed_in, track(CCAPP))
    section = track_section(hours_page(signed_in), CCAPP)

    text = words(section)
    assert "14 of 50 hours" in text
    assert "From courses approved by CCAPP: 9 of at least 40 hours." in text
    assert category_rows(section) == {
        "Ethics": ["9", "6", "3"],
        "Cultural responsiveness": ["3", "3", "Done"],
    }
    assert "part of the 9 ethics hours" in text  # the note: check with your board


def test_a_revoked_certificate_takes_the_course_out(signed_in, learner):
    course = course_with_hours("Law basics", "6", [("Law and ethics", "online", "6")])
    certify(learner, course, completed_at=days_ago(9), status=Certificate.Status.REVOKED)

    choose(signed_in, track(CALMHSA))
    page = hours_page(signed_in)
    section = track_section(page, CALMHSA)

    assert "0 of 20 hours" in words(section)
    assert "Its certificate was revoked." in words(section)
    finished = page.find("caption", string="Your finished courses and their hours").parent
    assert "Law basics" in words(finished) and "(Revoked)" in words(finished)


def test_every_finished_course_is_listed_with_hours_and_certificate(signed_in, learner):
    course = course_with_hours("Naloxone basics", "1.5", [("Harm reduction", "online", "1")])
    certificate = certify(learner, course, completed_at=days_ago(2))

    page = hours_page(signed_in)
    row = (
        page.find("caption", string="Your finished courses and their hours")
        .find_parent("table")
        .tbody.tr
    )

    cells = [words(cell) for cell in row.find_all(["th", "td"])]
    assert cells[0] == "Naloxone basics"
    assert cells[2] == "1.5"
    assert cells[3] == "Harm reduction (Online): 1"
    assert cells[4] == f"{certificate.display_code} (Valid)"


def test_meeting_every_figure_says_so(signed_in, learner):
    course = course_with_hours("Long law course", "20", [("Law and ethics", "online", "6")])
    complete(learner, course, when=days_ago(1))

    choose(signed_in, track(CALMHSA))
    section = track_section(hours_page(signed_in), CALMHSA)

    assert "You have the hours this track asks for." in words(section)


def test_unticking_a_track_stops_following_it(signed_in, learner):
    choose(signed_in, track(CALMHSA), track(CCAPP))
    assert LearnerTrack.objects.filter(user=learner).count() == 2

    choose(signed_in, track(CCAPP))

    assert list(
        LearnerTrack.objects.filter(user=learner).values_list("track__name", flat=True)
    ) == [CCAPP]
    page = hours_page(signed_in)
    assert page.find("h2", string=CALMHSA) is None


def test_a_bad_date_is_a_clear_error_and_saves_nothing(signed_in, learner):
    choose(signed_in, track(CCAPP))
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()

    response = choose(signed_in, track(CALMHSA), starts={track(CALMHSA): tomorrow})

    assert response.status_code == 400
    assert "Please give a date between 1990 and today." in response.content.decode()
    assert list(
        LearnerTrack.objects.filter(user=learner).values_list("track__name", flat=True)
    ) == [CCAPP]


def test_an_unknown_or_retired_track_is_refused(signed_in, learner):
    retired = track(CRPA)
    retired.active = False
    retired.save()

    response = choose(signed_in, retired)

    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not LearnerTrack.objects.filter(user=learner).exists()


def test_another_learners_courses_do_not_count(signed_in, learner, outsider):
    course = course_with_hours("Law basics", "6", [("Law and ethics", "online", "6")])
    complete(outsider, course, when=days_ago(3))

    choose(signed_in, track(CALMHSA))

    assert "0 of 20 hours" in words(track_section(hours_page(signed_in), CALMHSA))


def test_the_page_costs_the_same_queries_for_2_and_12_courses(signed_in, learner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def finish(first, count):
        for n in range(first, first + count):
            course = course_with_hours(f"Course {n}", "2", [("Ethics", "online", "1")])
            approve(course, "CCAPP")
            complete(learner, course, when=days_ago(n + 1))

    def queries():
        with CaptureQueriesContext(connection) as captured:
            hours_page(signed_in)
        return len(captured)

    choose(signed_in, track(CALMHSA), track(CCAPP))
    finish(0, 2)
    few = queries()
    finish(2, 10)
    many = queries()

    assert few == many
