"""The course requirement "practice rated at least N" and the practice section of the course
report (distribution of ratings, change between a learner's first and last submission)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coaching import course_map, reports, services
from coaching.requirements import practice_requirements
from courses import services as course_services
from courses.services.progress import load_progress_many
from tests.conftest import make_user

from .conftest import assign, client_for, enrol, make_course

pytestmark = pytest.mark.django_db


def submit(enrollment, practice_set, texts=("One.", "Two.")):
    return services.save(enrollment, practice_set, dict(enumerate(texts, start=1)), submit=True)


def rate_all(coach, submission, score: int, feedback="Keep going."):
    return services.rate(
        coach,
        submission,
        [
            services.ResponseScores(response, score, score, score)
            for response in submission.responses.all()
        ],
        feedback,
    )


def finish_lessons(enrollment):
    for lesson in enrollment.course.live_lessons():
        course_services.complete_lesson(enrollment, lesson)
    enrollment.refresh_from_db()


def test_a_required_pass_mark_holds_completion_until_a_rating_reaches_it(
    course, practice_set, trainer, learner
):
    assign(course, trainer, pass_mark=4)
    enrollment = enrol(learner, course)
    finish_lessons(enrollment)
    assert enrollment.completed_at is None

    html = client_for(learner).get(course.url).content.decode()
    assert "Coached practice: Reflections practice (rated at least 4 of 6)" in html
    assert reverse("coaching:practice", args=[practice_set.code]) in html

    first = submit(enrollment, practice_set)
    rate_all(trainer, first, 1)  # 3 of 6: under the mark
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None

    second = submit(enrollment, practice_set, ("Better one.", "Better two."))
    rate_all(trainer, second, 2)  # 6 of 6: the rating completes the course
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None


def test_without_a_pass_mark_practice_is_listed_as_optional_and_does_not_hold_completion(
    course, practice_set, trainer, learner
):
    assign(course, trainer)
    enrollment = enrol(learner, course)
    html = client_for(learner).get(course.url).content.decode()
    assert "Coached practice: Reflections practice (optional)" in html
    finish_lessons(enrollment)
    assert enrollment.completed_at is not None


def test_the_gate_reads_a_fixed_number_of_queries_and_none_for_courses_without_practice(
    catalog, course, practice_set, trainer
):
    assign(course, trainer, pass_mark=4)
    plain = make_course(catalog, "No practice here", lessons=1)
    learners = [make_user(f"l{n}@example.org") for n in range(6)]
    enrollments = [enrol(person, course) for person in learners]
    for enrollment in enrollments:
        rate_all(trainer, submit(enrollment, practice_set), 2)
    without = [enrol(person, plain) for person in learners]
    course_map.courses_with_practice()  # kept, as after the first page of the day

    with CaptureQueriesContext(connection) as plain_pairs:
        found = practice_requirements([(plain, e) for e in without])
    assert found == [[] for _ in without]
    assert len(plain_pairs) == 0

    with CaptureQueriesContext(connection) as one:
        practice_requirements([(course, enrollments[0])])
    with CaptureQueriesContext(connection) as many:
        statuses = practice_requirements([(course, e) for e in enrollments])
    assert len(one) == len(many) == 1
    assert all(each[0].met and each[0].required for each in statuses)

    progress = load_progress_many(enrollments + without)
    assert all(progress[e.pk].requirements[-1].met for e in enrollments)
    assert all(progress[e.pk].requirements == [] for e in without)


def test_closing_a_set_drops_it_from_the_requirement(course, practice_set, trainer, learner):
    assign(course, trainer, pass_mark=4)
    enrollment = enrol(learner, course)
    assert practice_requirements([(course, enrollment)])[0]
    practice_set.is_open = False
    practice_set.save()
    assert practice_requirements([(course, enrollment)]) == [[]]


def test_the_report_shows_the_distribution_and_the_change_from_first_to_last(
    course, practice_set, trainer
):
    assign(course, trainer)
    improver, steady = make_user("improver@example.org"), make_user("steady@example.org")
    improving, staying = enrol(improver, course), enrol(steady, course)
    rate_all(trainer, submit(improving, practice_set), 1)  # 3.0
    rate_all(trainer, submit(improving, practice_set), 2)  # 6.0
    only = submit(staying, practice_set)
    rate_all(trainer, only, 0)
    rate_all(trainer, only, 1)  # rated again: only the latest (3.0) counts

    (report,) = reports.practice_reports(course)
    assert (report.learners, report.rated_submissions, report.revised_learners) == (2, 3, 1)
    # 3 current reviews x 2 responses: scores 1,1 (first), 2,2 (second), 1,1 (steady).
    assert [c.counts for c in report.criteria] == [{0: 0, 1: 4, 2: 2}] * 3
    assert report.bands == {0: 0, 1: 0, 2: 0, 3: 2, 4: 0, 5: 1}
    assert (str(report.mean_first), str(report.mean_last), str(report.mean_change)) == (
        "3.0",
        "6.0",
        "3.0",
    )


def test_the_course_report_in_the_cms_shows_practice_beside_knowledge_gain(
    course, practice_set, trainer, cms_trainer
):
    assign(course, trainer)
    person = make_user("p@example.org")
    enrollment = enrol(person, course)
    rate_all(trainer, submit(enrollment, practice_set), 1)
    rate_all(trainer, submit(enrollment, practice_set), 2)
    html = (
        client_for(cms_trainer, mfa=True)
        .get(reverse("courses_assessment_report", args=[course.pk]))
        .content.decode()
    )
    gain, practice, items = (
        html.index("Knowledge gain"),
        html.index('id="practice-heading"'),
        html.index("Item analysis"),
    )
    assert gain < practice < items
    section = html[practice:items]
    assert "Reflections practice" in section
    assert "Mean change (last minus first)</th><td>+3.0</td>" in section
    assert "p@example.org" not in section  # no learner is named
