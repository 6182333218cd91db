"""Double taps and two tabs: saving or submitting the same practice at once makes one draft
and submits it once, with one email per coach (PostgreSQL)."""

from django.core import mail

from coaching import services
from coaching.models import PracticeSubmission
from tests.concurrency import on_postgresql_only, run_at_once

from .conftest import assign, enrol, make_practice_set

pytestmark = on_postgresql_only("Row locks need a database that has them")


def test_saving_a_first_draft_at_once_makes_one_draft(course, learner):
    practice_set = make_practice_set(course)
    enrollment = enrol(learner, course)
    _results, errors = run_at_once(
        lambda: services.save(enrollment, practice_set, {1: "Draft."}, submit=False), 8
    )
    assert errors == []
    assert PracticeSubmission.objects.count() == 1


def test_submitting_at_once_submits_once_and_tells_each_coach_once(course, learner, trainer):
    practice_set = make_practice_set(course)
    assign(course, trainer)
    enrollment = enrol(learner, course)
    services.save(enrollment, practice_set, {1: "One.", 2: "Two."}, submit=False)
    mail.outbox.clear()

    results, errors = run_at_once(
        lambda: services.save(enrollment, practice_set, {1: "One.", 2: "Two."}, submit=True), 8
    )
    # The first submits; the others find it with a coach (a refusal, or a new draft is not
    # allowed before feedback), never a second submission.
    assert all(isinstance(error, services.PracticeRefused) for error in errors)
    assert len(results) == 1
    assert PracticeSubmission.objects.filter(submitted_at__isnull=False).count() == 1
    assert PracticeSubmission.objects.count() == 1
    assert [message.to for message in mail.outbox] == [[trainer.email]]
