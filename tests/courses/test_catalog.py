"""The catalog lists published courses and filters them with a plain GET form."""

import pytest

from tests.courses.conftest import enrol, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_courses(catalog):
    return {
        "naloxone": make_course(catalog, "Naloxone basics", lessons=1),
        "mi": make_course(
            catalog,
            "Motivational interviewing",
            lessons=1,
            topics=["motivational_interviewing"],
            audiences=["clinical"],
            contact_hours="2.00",
            estimated_minutes=150,
        ),
        "stigma": make_course(
            catalog, "Stigma and language", lessons=1, topics=["anti_stigma"], audiences=["general"]
        ),
    }


def titles(response) -> list[str]:
    return [item["course"].title for item in response.context["courses"]]


def test_it_lists_published_courses_with_hours_and_time(client, catalog, three_courses):
    response = client.get(catalog.url)

    assert response.status_code == 200
    assert titles(response) == [
        "Naloxone basics",
        "Motivational interviewing",
        "Stigma and language",
    ]
    html = response.content.decode()
    assert "<dt>Contact hours</dt><dd>2</dd>" in html
    assert "2 hours 30 minutes" in html


def test_it_leaves_out_draft_courses(client, catalog, three_courses):
    make_course(catalog, "Not ready yet", live=False)

    response = client.get(catalog.url)

    assert "Not ready yet" not in titles(response)


def test_it_filters_by_topic(client, catalog, three_courses):
    response = client.get(catalog.url, {"topic": "motivational_interviewing"})

    assert titles(response) == ["Motivational interviewing"]


def test_it_filters_by_audience_and_keeps_courses_for_everyone(client, catalog, three_courses):
    response = client.get(catalog.url, {"audience": "peer"})

    assert titles(response) == ["Naloxone basics", "Stigma and language"]


def test_it_combines_filters(client, catalog, three_courses):
    response = client.get(catalog.url, {"audience": "clinical", "topic": "naloxone"})

    assert titles(response) == []
    assert "No courses match these filters" in response.content.decode()


def test_an_unknown_filter_value_shows_every_course_and_an_error(client, catalog, three_courses):
    response = client.get(catalog.url, {"topic": "<script>"})

    assert response.status_code == 200
    assert len(titles(response)) == 3
    assert "<script>" not in response.content.decode()


def test_the_filter_form_is_a_plain_labelled_get_form(client, catalog):
    html = client.get(catalog.url).content.decode()

    assert '<form method="get"' in html
    assert '<label for="id_topic">Topic</label>' in html
    assert '<label for="id_audience">Audience</label>' in html


def test_it_marks_the_courses_a_learner_is_taking(learner_client, learner, catalog, three_courses):
    enrol(learner, three_courses["mi"])

    html = learner_client.get(catalog.url).content.decode()

    assert html.count("You are enrolled") == 1
