"""Observed skills on phones: a learner finishes the real naloxone course online, a facilitator
of their organization observes the demonstration (one step needs practice), a second
observation signs it off, and the certificate (PDF and verification page) says who observed
it and when. The practice pages are scanned with axe and photographed.

The program's decision to require the demonstration ("required for the certificate", a tick in
the CMS form tested in tests/practice/test_checklists.py) is made in the set-up.
"""

import io

import pypdf
import pytest
from django.utils import formats, timezone
from wagtail.models import Locale

from accounts.models import Membership
from certificates.models import Certificate
from courses.choices import QuizKind
from courses.models import Attempt, CoursePage, QuizPage
from practice.models import Observation, SkillsChecklist
from tests.conftest import make_member, make_user

from .journeys import Pages, open_browser_for, sign_in, steady_settings, totp_secret

pytestmark = pytest.mark.django_db(transaction=True)

NALOXONE = "naloxone-overdose-response"
LEARNER_NAME = "Samantha Q. Rivera"


@pytest.fixture
def naloxone(curriculum, site_url, settings) -> CoursePage:
    steady_settings(settings)
    # The English course and its checklist (the Spanish versions share slug and translation key).
    course = CoursePage.objects.get(slug=NALOXONE, locale=Locale.get_default())
    checklist = SkillsChecklist.objects.get(course=course, locale=Locale.get_default())
    checklist.required = True
    checklist.save()
    return course


def submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def finish_online(page, course, learner) -> None:
    """Enrol, mark every lesson complete, pass the post-test and answer the evaluation."""
    page.goto(course.url)
    submit(page, "main form[action$='/enrol/'] button")
    for lesson in course.live_lessons():
        page.goto(lesson.url)
        submit(page, f"form[action='{lesson.url}complete/'] button")
    post_test = QuizPage.objects.child_of(course).get(kind=QuizKind.POST_TEST)
    page.goto(post_test.url)
    submit(page, ".quiz-actions form button")
    page.wait_for_url("**/attempt/*/")
    attempt = Attempt.objects.filter(enrollment__user=learner, quiz=post_test).latest("pk")
    for number, question in enumerate(attempt.snapshot["questions"], start=1):
        for choice in question["choices"]:
            if choice["correct"]:
                page.locator(f"input[name='q-{number}'][value='{choice['id']}']").check()
    submit(page, ".quiz-form button[type=submit]:not([value=save])")
    page.wait_for_url("**/result/")
    submit(page, "main a.button[href$='/course-evaluation/']")
    for question in page.locator(".evaluation-form fieldset.likert").all():
        question.locator("input[type=radio]").last.check()
    submit(page, ".evaluation-form button[type=submit]")


def observe(phone, pages, code: str, name: str, *, needs_practice: str = "") -> None:
    phone.goto("/practice/observe/")
    phone.get_by_label("The learner's code").fill(code)
    submit(phone, "main form button[type=submit]")
    pages.check(phone, f"{name}-form")
    for step in phone.locator("main fieldset").all():
        legend = step.locator("legend").inner_text()
        wanted = "Needs practice" if needs_practice and needs_practice in legend else "Done"
        step.get_by_label(wanted, exact=True).check()
        if wanted == "Needs practice":
            step.get_by_label("Comment for the learner (optional)").fill(
                "Push the nozzle in until your fingers touch the nose."
            )
    phone.get_by_label("Where are you observing?").fill("Riverside drop-in, group room")
    submit(phone, "main form button[type=submit]")
    pages.check(phone, f"{name}-saved")


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_facilitator_observes_on_a_phone_and_the_certificate_shows_it(
    browser, live_server, viewport, naloxone, organization
):
    learner = make_user("sam@example.org", display_name="Sam", certificate_name=LEARNER_NAME)
    make_member(learner, organization)
    facilitator = make_user(
        "lee@example.org", display_name="Lee", first_name="Lee", last_name="Okafor"
    )
    make_member(facilitator, organization, Membership.Role.FACILITATOR)
    pages = Pages("skills", viewport)

    sam = open_browser_for(browser, live_server, viewport)
    sign_in(sam, pages, learner.email, next_url=naloxone.url)
    finish_online(sam, naloxone, learner)
    sam.goto(naloxone.url)
    pages.check(sam, "course-waiting-for-sign-off")
    assert not Certificate.objects.exists()
    submit(sam, "main a.button:has-text('Skills sign-off: Naloxone demonstration')")
    pages.check(sam, "skills-page")
    submit(sam, "main form[action$='/code/'] button")
    first_code = sam.locator(".show-code").inner_text()

    lee = open_browser_for(browser, live_server, viewport)
    secret = totp_secret(facilitator)
    sign_in(lee, pages, facilitator.email, secret, next_url="/practice/observe/")
    lee.wait_for_url("**/practice/observe/")
    pages.check(lee, "enter-code")
    observe(lee, pages, first_code, "first", needs_practice="Gives the nasal spray correctly")
    assert "Not signed off yet" in lee.inner_text("main")

    sam.reload()
    pages.check(sam, "what-to-practise")
    to_practise = sam.locator("section[aria-labelledby='to-practise']").inner_text()
    assert "Gives the nasal spray correctly" in to_practise
    assert "Push the nozzle in until your fingers touch the nose." in to_practise
    assert not Certificate.objects.exists()
    submit(sam, "main form[action$='/code/'] button")
    second_code = sam.locator(".show-code").inner_text()
    assert second_code != first_code

    observe(lee, pages, second_code, "second")
    assert "Signed off" in lee.inner_text("main")
    assert [o.signed_off for o in Observation.objects.order_by("observed_at")] == [False, True]

    certificate = Certificate.objects.get(learner=learner)
    day = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    line = f"Skills observed: Naloxone demonstration by Lee Okafor, {day}"
    with certificate.pdf.open("rb") as file:
        reader = pypdf.PdfReader(io.BytesIO(file.read()))
    assert line in " ".join(" ".join(p.extract_text() for p in reader.pages).split())

    sam.goto(f"/verify/{certificate.display_code}/")
    pages.check(sam, "verification")
    assert line in sam.inner_text("main")
    sam.context.close()
    lee.context.close()
