"""Coached MI practice on a phone: a learner writes and submits a practice set, a coach rates
it, the learner revises, the second rating is higher, and the course report shows the change.
Every page of ours is scanned with axe and photographed in var/screenshots/.

The practice set and the coach are set up in code with the helpers of tests/coaching (the CMS
forms are Wagtail's own ModelViewSet forms).
"""

import re

import pytest
from django.core import mail
from django.urls import reverse

from courses.models import CatalogPage
from tests.coaching.conftest import assign, enrol, make_practice_set
from tests.conftest import make_user
from tests.courses.conftest import make_course

from .journeys import Pages, open_browser_for, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)


def rate_everything(coach, pages, score: int, feedback: str) -> None:
    for position in (1, 2):
        for criterion in ("kind_asked", "meaning", "righting"):
            coach.locator(f'input[name="r{position}_{criterion}"][value="{score}"]').check()
    coach.get_by_label("Feedback for the learner").fill(feedback)
    coach.get_by_role("button", name="Save the rating").click()
    coach.get_by_text("Rating saved.").wait_for()


def link_in_last_email_to(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return re.search(r"https?://\S+", message.body).group(0)


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_learner_is_coached_revises_and_the_report_shows_the_gain(
    browser, live_server, viewport, settings, site_url
):
    steady_settings(settings)
    course = make_course(
        CatalogPage.objects.get(locale__language_code="en"), "Talking about change", lessons=1
    )
    practice_set = make_practice_set(course)
    coach_user = make_user("coach@example.org", group="Trainers", display_name="Casey")
    secret = totp_secret(coach_user)
    assign(course, coach_user, target_response_hours=48)
    learner_user = make_user("rosa@example.org", display_name="Rosa")
    enrol(learner_user, course)
    pages = Pages("coached-practice", viewport)

    learner = open_browser_for(browser, live_server, viewport)
    sign_in(learner, pages, learner_user.email)
    learner.goto(reverse("coaching:practice", args=[practice_set.code]))
    pages.check(learner, "practice-set")
    learner.get_by_label("Respond with: A simple reflection").fill("You should get tested.")
    learner.get_by_role("button", name="Save draft").click()
    learner.get_by_text("Draft saved.").wait_for()
    learner.get_by_label("Respond with: A complex reflection").fill("Your sister is right.")
    learner.get_by_role("button", name="Submit to a coach").click()
    learner.get_by_text("Waiting for a coach to rate it.").wait_for()
    pages.check(learner, "submitted")

    coach = open_browser_for(browser, live_server, viewport)
    queue_link = link_in_last_email_to(coach_user.email)  # "Practice to rate"
    sign_in(coach, pages, coach_user.email, secret, next_url=reverse("coaching:queue"))
    coach.wait_for_url(f"**{reverse('coaching:queue')}")
    assert "Rosa" in coach.inner_text("main")
    pages.check(coach, "queue")
    coach.get_by_role("link", name="Reflections practice (set 1)").click()
    assert coach.url.endswith(queue_link.split(live_server.url)[-1])
    pages.check(coach, "rate")
    rate_everything(coach, pages, 1, "You jumped to advice. Try saying back the fear first.")
    pages.check(coach, "queue-empty")

    learner.goto(link_in_last_email_to(learner_user.email))  # "Feedback on your practice"
    learner.get_by_text("Rated 3.0 of 6").wait_for()
    assert "Try saying back the fear first." in learner.inner_text("main")
    pages.check(learner, "first-feedback")

    learner.goto(reverse("coaching:practice", args=[practice_set.code]))
    learner.get_by_role("heading", name="Revise your responses").wait_for()
    learner.get_by_label("Respond with: A simple reflection").fill(
        "Thinking about the test makes your stomach drop."
    )
    learner.get_by_label("Respond with: A complex reflection").fill(
        "Being careful matters to you, and you want her to see that."
    )
    learner.get_by_role("button", name="Submit to a coach").click()
    learner.get_by_text("Waiting for a coach to rate it.").wait_for()

    coach.goto(reverse("coaching:queue"))
    coach.get_by_role("link", name="Reflections practice (set 2)").click()
    rate_everything(coach, pages, 2, "Both stay with what the person meant.")

    learner.goto(link_in_last_email_to(learner_user.email))
    learner.get_by_text("Rated 6.0 of 6").wait_for()
    learner.goto(reverse("coaching:practice", args=[practice_set.code]))
    sent = learner.inner_text("main")
    assert "rated 6.0 of 6" in sent and "rated 3.0 of 6" in sent  # both kept
    pages.check(learner, "both-sets")

    coach.goto(reverse("courses_assessment_report", args=[course.pk]))
    change = coach.locator("table.practice-change")
    assert "Mean score of the first submission\t3.0" in change.inner_text()
    assert "Mean score of the last submission\t6.0" in change.inner_text()
    assert "Mean change (last minus first)\t+3.0" in change.inner_text()
    for page in (learner, coach):
        page.context.close()
