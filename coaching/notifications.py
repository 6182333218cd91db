"""The two emails of coached practice: to each coach when practice arrives, and to the learner
when feedback is ready. Each is written in the recipient's saved language, with links on
SITE_URL; neither carries the learner's words (email is not private enough for them)."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.language import in_language_of
from basics.links import absolute_url

from . import permissions
from .models import PracticeSubmission, Review


def _send(person, kind: str, context: dict, url_name: str, code: str) -> None:
    with in_language_of(person):
        context = {**context, "person": person, "url": absolute_url(reverse(url_name, args=[code]))}
        subject = render_to_string(f"coaching/email/{kind}_subject.txt", context)
        body = render_to_string(f"coaching/email/{kind}_message.txt", context)
    EmailMessage(" ".join(subject.split()), body, None, [person.email]).send()


def send_work_arrived(submission_pk: int) -> None:
    submission = PracticeSubmission.objects.select_related(
        "practice_set__course", "enrollment__user"
    ).get(pk=submission_pk)
    coaching = getattr(submission.practice_set.course, "coaching", None)
    for coach in permissions.coaches_of(submission):
        _send(
            coach,
            "work_arrived",
            {
                "submission": submission,
                "course": submission.practice_set.course,
                "hours": coaching.target_response_hours if coaching else None,
            },
            "coaching:rate",
            submission.code,
        )


def send_feedback_ready(review_pk: int) -> None:
    review = Review.objects.select_related(
        "submission__practice_set__course", "submission__enrollment__user"
    ).get(pk=review_pk)
    submission = review.submission
    _send(
        submission.enrollment.user,
        "feedback_ready",
        {"submission": submission, "course": submission.practice_set.course},
        "coaching:submission",
        submission.code,
    )
