"""load_curriculum updates a course whose file changed, keeps learners' records and trainers' edits.

A site loaded before the NX-1 correction must get the corrected lesson; a trainer's edit must
never be overwritten silently; an unchanged file changes nothing (``make run`` loads every start).
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from certificates.models import Certificate
from certificates.services import issue_certificate
from courses import assessments, reports, services
from courses.choices import QuizKind
from courses.curriculum import loader
from courses.models import (
    Attempt,
    CatalogPage,
    CoursePage,
    Enrollment,
    LessonPage,
    LessonProgress,
    LoadedCourse,
    QuizPage,
    Reflection,
)
from tests.conftest import make_user
from tests.courses.conftest import answers_by_question
from tests.curriculum.course_fixture import NEW_RULE, OLD_RULE, course_toml, write

pytestmark = pytest.mark.django_db
SLUG = "fixture-overdose-course"


@pytest.fixture(autouse=True)
def _no_video_provider_calls(settings):
    settings.COURSES_VIDEO_EMBEDS = False


@pytest.fixture
def curriculum(tmp_path, monkeypatch):
    """`load(text)` writes the course file and runs the command on it; returns its output."""
    monkeypatch.setattr(loader, "CURRICULUM_DIR", tmp_path)
    monkeypatch.setattr(loader, "COURSE_FILES", ("course.toml",))

    def load(text: str, *args) -> str:
        write(tmp_path, text)
        out, err = StringIO(), StringIO()
        call_command("load_curriculum", *args, stdout=out, stderr=err)
        return out.getvalue() + err.getvalue()

    return load


def course() -> CoursePage:
    return CoursePage.objects.get(slug=SLUG)


def page(slug: str):
    return course().get_children().get(slug=slug).specific


def lesson_html(client, slug: str) -> str:
    return client.get(page(slug).url).content.decode()


@pytest.fixture
def learners(curriculum):
    """Loaded from the old file: one learner part-way (progress, a reflection, a pre-test, an
    open post-test with saved answers) and one who finished the course."""
    # Question 1 is on every form, so the finished learner's post-test served it.
    assert "Created: Fixture overdose course" in curriculum(course_toml(always=(1,)))
    part_way = services.enrol(make_user("part-way@example.org"), course())[0]
    breathing = page("breathing")
    services.complete_lesson(part_way, breathing)
    scenario_id = next(iter(breathing.scenario_block_ids()))
    services.save_reflection(part_way, breathing, scenario_id, "I would ask Jo how she is.")
    pre, _ = assessments.start_or_resume_attempt(part_way, page("pre-test"))
    assessments.submit_attempt(pre, answers_by_question(pre, right=False))
    services.complete_lesson(part_way, page("aftercare"))
    open_post, _ = assessments.start_or_resume_attempt(part_way, page("post-test"))
    assessments.save_answers(open_post, answers_by_question(open_post))

    done = services.enrol(make_user("done@example.org", certificate_name="Dana Done"), course())[0]
    for slug in ("breathing", "aftercare"):
        services.complete_lesson(done, page(slug))
    post, _ = assessments.start_or_resume_attempt(done, page("post-test"))
    assessments.submit_attempt(post, answers_by_question(post))
    done.refresh_from_db()
    assert done.completed_at is not None
    assert issue_certificate(done) is not None
    return {"part_way": part_way, "done": done, "open_post": open_post, "scenario": scenario_id}


def records():
    return {
        "enrolments": list(Enrollment.objects.values_list("pk", "completed_at").order_by("pk")),
        "progress": list(LessonProgress.objects.values_list("pk", "lesson_id", "completed_at")),
        "attempts": list(
            Attempt.objects.values_list("pk", "snapshot", "answers", "score").order_by("pk")
        ),
        "reflections": list(Reflection.objects.values_list("pk", "lesson_id", "block_id", "text")),
        "certificates": list(
            Certificate.objects.values_list("pk", "enrollment_id", "status", "course_title")
        ),
    }


NEW_LESSONS = [
    ("breathing", "Breathing", NEW_RULE),
    ("stimulants", "Stimulants", "Overamping needs cooling and 911."),
]


def test_a_changed_file_updates_the_course_in_place_and_keeps_learners_records(
    curriculum, learners, client
):
    before = records()
    assert len(before["certificates"]) == 1
    bank_before = {q.stem: q.pk for q in page("post-test").bank()}

    out = curriculum(course_toml(rule=NEW_RULE, lessons=NEW_LESSONS, changed_key=True, always=(1,)))

    assert "Updated to the new curriculum version: Fixture overdose course" in out
    assert records() == before
    client.force_login(learners["part_way"].user)
    html = lesson_html(client, "breathing")
    assert NEW_RULE in html and OLD_RULE not in html
    assert "I would ask Jo how she is." in html  # the reflection stays with its scenario
    # The removed lesson is unpublished, not deleted (progress points at it); the new one is in
    # place, in the file's order.
    assert not page("aftercare").live
    order = [p.slug for p in course().get_children().live()]
    assert order == [
        "pre-test",
        "breathing",
        "check-breathing",
        "stimulants",
        "check-stimulants",
        "post-test",
        "course-evaluation",
    ]
    # Unchanged questions keep their row; the one whose key changed is a new item.
    bank_after = {q.stem: q.pk for q in page("post-test").bank()}
    changed = "Bank question 1 about objective 1?"
    assert bank_after[changed] != bank_before[changed]
    assert {s: pk for s, pk in bank_after.items() if s != changed} == {
        s: pk for s, pk in bank_before.items() if s != changed
    }
    items = {item.stem: item for item in reports.item_analysis(page("post-test")).items}
    assert changed in items  # the old wording, as served, stays reportable, outside the bank
    assert {stem: item.in_bank for stem, item in items.items()} == {
        stem: stem != changed for stem in items
    }
    # The open attempt keeps what it served and is graded from it.
    open_post = Attempt.objects.get(pk=learners["open_post"].pk)
    graded, _ = assessments.submit_attempt(open_post, assessments.saved_answers(open_post))
    assert graded.percent == 100
    learners["done"].refresh_from_db()
    assert learners["done"].completed_at is not None


def test_a_trainers_edit_is_kept_and_the_report_asks_for_review(curriculum, trainer):
    curriculum(course_toml())
    lesson = page("breathing")
    lesson.body = [("rich_text", "<p>The trainer's own wording.</p>")]
    lesson.save_revision(user=trainer).publish()

    out = curriculum(course_toml(rule=NEW_RULE))

    assert "NEEDS REVIEW: Fixture overdose course: changed by a trainer since the last load" in out
    assert "review the new curriculum version" in out and "Breathing" in out
    assert f"--replace {SLUG}" in out
    assert "The trainer's own wording." in str(page("breathing").body)
    assert NEW_RULE not in str(page("breathing").body)
    # Still asked on the next start, until someone decides.
    assert "NEEDS REVIEW" in curriculum(course_toml(rule=NEW_RULE))

    out = curriculum(course_toml(rule=NEW_RULE), "--replace", SLUG)

    assert "Updated to the new curriculum version" in out
    assert NEW_RULE in str(page("breathing").body)
    assert Revision.page_revisions.filter(
        object_id=str(lesson.pk), user=trainer
    ).exists()  # the trainer's version stays in the history


def test_loading_the_same_file_again_changes_nothing_and_is_quick(
    curriculum, django_assert_max_num_queries
):
    curriculum(course_toml())
    revisions = Revision.objects.count()
    record = LoadedCourse.objects.get()

    # catalog, course, record (plus the savepoint pair of the per-course transaction)
    with django_assert_max_num_queries(5):
        out = curriculum(course_toml())

    assert out.strip() == "Unchanged: Fixture overdose course"
    assert Revision.objects.count() == revisions
    assert LoadedCourse.objects.get().loaded_at == record.loaded_at


def test_a_course_loaded_before_records_were_kept_is_updated_when_no_one_edited_it(curriculum):
    curriculum(course_toml())
    LoadedCourse.objects.all().delete()  # as on a site loaded by the old loader

    out = curriculum(course_toml(rule=NEW_RULE))

    assert "Updated to the new curriculum version" in out
    assert NEW_RULE in str(page("breathing").body)
    assert "Unchanged" in curriculum(course_toml(rule=NEW_RULE))


def test_a_course_loaded_before_records_were_kept_and_edited_needs_review(curriculum, trainer):
    curriculum(course_toml())
    LoadedCourse.objects.all().delete()
    edited = course()
    edited.summary = "A trainer's summary."
    edited.save_revision(user=trainer).publish()

    out = curriculum(course_toml(rule=NEW_RULE))

    assert "NEEDS REVIEW" in out and "Fixture overdose course" in out
    assert course().summary == "A trainer's summary."
    assert OLD_RULE in str(page("breathing").body)


def test_a_broken_new_file_changes_nothing_and_says_why(curriculum, tmp_path):
    curriculum(course_toml())
    loaded = LoadedCourse.objects.get().sha256
    broken = course_toml(rule=NEW_RULE, always=range(1, 12))  # 11 always-included > 10 drawn

    err = StringIO()
    with pytest.raises(CommandError, match="could not be loaded"):
        write(tmp_path, broken)
        call_command("load_curriculum", stdout=StringIO(), stderr=err)

    assert "Not loaded: Fixture overdose course" in err.getvalue()
    assert "11 questions are marked “always include”, but each attempt draws 10" in err.getvalue()

    assert OLD_RULE in str(page("breathing").body)
    assert LoadedCourse.objects.get().sha256 == loaded


def test_the_loader_reads_the_new_keys_and_sets_the_quiz_rules(curriculum):
    curriculum(course_toml(always=(1, 2)))

    post = page("post-test")
    assert [q.always_include for q in post.bank()][:3] == [True, True, False]
    assert course().independent_review == ""
    assert page("pre-test").allow_dont_know  # X-1f
    checks = QuizPage.objects.child_of(course()).filter(kind=QuizKind.KNOWLEDGE_CHECK)
    assert checks.count() == 2 and all(check.shuffle_choices for check in checks)  # X-1a
    assert isinstance(page("breathing"), LessonPage)
    assert CatalogPage.objects.count() == 1
