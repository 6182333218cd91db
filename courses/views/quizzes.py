"""Taking a quiz: overview, start (POST), the attempt form, submit (POST), the result.

Called from ``QuizPage``'s routes. Each handler asks ``courses.permissions`` (an attempt that is
not the signed-in learner's own is a 404), calls one ``courses.assessments`` function, then
renders or redirects. The form is built from the attempt's snapshot; only the picked choice ids
are read from the request.
"""

import math
import random
from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from .. import assessments, attempt_rules, grading, page_cache, permissions
from ..choices import QuizKind, ShowAnswers
from ..forms.learner import QuizAttemptForm
from ..localization import source_page
from ..models import Attempt, QuizPage
from ..models.learning import a_later_cycle
from ..objective_review import objectives_to_review, partial_counts, partial_credit_words
from ..permissions import Access, StepAccess
from ..services.localized import snapshot_as_shown
from ..services.page_context import route_url

# The value of the "Save my answers" button: keep the picks, hand nothing in.
SAVE_FOR_LATER = "save"

TEMPLATES = {
    "overview": "courses/quiz_page.html",
    "attempt": "courses/quiz_attempt.html",
    "result": "courses/quiz_result.html",
}


def _attempt_url(quiz, request, name: str, code: str) -> str:
    base = quiz.get_url(request) or ""
    return (base if base.endswith("/") else base + "/") + quiz.reverse_subpage(
        name, kwargs={"code": code}
    )


def _send_away(request, page, access: StepAccess):
    """Where to go instead of a quiz or evaluation the learner may not take (yet)."""
    course_url = access.course.get_url(request)
    if access.status is Access.SIGN_IN:
        return redirect_to_login(page.get_url(request))
    if access.status is Access.NOT_ENROLLED:
        messages.info(request, _("Enrol in this course to take its quizzes."))
        return redirect(course_url)
    next_item = access.progress.next_item()
    if access.step is not None and access.step.place == "anytime":
        # A knowledge check opens with its lesson.
        messages.info(
            request,
            _("This course is taken in order. Please finish “%(title)s” first.")
            % {"title": next_item.title if next_item else ""},
        )
    elif access.progress.all_lessons_done:
        messages.info(request, _("This opens once you have passed the post-test."))
    else:
        messages.info(request, _("This opens once you have finished all the lessons."))
    return redirect(next_item.get_url(request) if next_item else course_url)


def _open_access(request, page, attempt: Attempt | None = None):
    """(access, None) when the learner may take `page`, else (access, a redirect).

    With the learner's `attempt` (from ``_own_attempt``), its enrolment is not read again when
    it is the current cycle."""
    current = attempt.enrollment if attempt is not None and attempt.in_current_cycle else None
    access = permissions.step_access(request.user, page, current_enrollment=current)
    return access, None if access.allowed else _send_away(request, page, access)


def _own_attempt(request, quiz: QuizPage, code: str) -> Attempt:
    """The signed-in learner's attempt with this code at this quiz, or 404; it knows whether
    its enrolment is the learner's current cycle (``in_current_cycle``)."""
    permissions.published_course_of(quiz)
    return get_object_or_404(
        Attempt.objects.select_related("enrollment").annotate(
            in_current_cycle=~a_later_cycle("enrollment__")
        ),
        code=code,
        quiz=source_page(quiz),  # attempts are on the source quiz (one record per course)
        enrollment__user=request.user,
    )


def _require_current_cycle(attempt: Attempt, access) -> None:
    """An unfinished attempt from before a renewal cannot be carried on (404): the learner
    works in their current enrolment cycle; the old attempt stays in the records."""
    if attempt.enrollment_id != access.enrollment.pk:
        raise Http404


def _context(quiz, request, access, **extra) -> dict:
    context = quiz.get_context(request)
    context.update(
        course=access.course,
        enrollment=access.enrollment,
        progress=access.progress,
        step=access.step,
        is_preview=False,
        **extra,
    )
    return context


# Overview and start ----------------------------------------------------------------------


def quiz_overview(request, quiz):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    access, away = _open_access(request, quiz)
    if away:
        return away
    standing = assessments.standing(access.enrollment, quiz)
    bank_size = len(quiz.bank())
    context = _context(
        quiz,
        request,
        access,
        standing=standing,
        question_count=min(quiz.draw_count or bank_size, bank_size),
        rules=attempt_rules.retry_rules(quiz, bank_size),
        start_url=route_url(quiz, request, "start"),
        resume_url=_attempt_url(quiz, request, "attempt", standing.open_attempt.code)
        if standing.open_attempt
        else "",
        attempt_rows=[
            (attempt, _attempt_url(quiz, request, "result", attempt.code))
            for attempt in standing.submitted
        ],
    )
    return TemplateResponse(request, TEMPLATES["overview"], context)


def start_attempt(request, quiz):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    access, away = _open_access(request, quiz)
    if away:
        return away
    try:
        attempt, _created = assessments.start_or_resume_attempt(access.enrollment, quiz)
    except assessments.AttemptRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(quiz.get_url(request))
    return redirect(_attempt_url(quiz, request, "attempt", attempt.code))


# The attempt -----------------------------------------------------------------------------


def _render_attempt(request, quiz, access, attempt, form, status=200):
    context = _context(
        quiz,
        request,
        access,
        attempt=attempt,
        form=form,
        submit_url=_attempt_url(quiz, request, "submit", attempt.code),
        save_action=SAVE_FOR_LATER,
    )
    return TemplateResponse(request, TEMPLATES["attempt"], context, status=status)


def attempt_form(request, quiz, code):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.get_url(request))
    attempt = _own_attempt(request, quiz, code)
    if attempt.is_submitted:
        return redirect(_attempt_url(quiz, request, "result", attempt.code))
    access, away = _open_access(request, quiz, attempt)
    if away:
        return away
    _require_current_cycle(attempt, access)
    form = QuizAttemptForm(
        snapshot_as_shown(attempt.snapshot, quiz), saved=assessments.saved_answers(attempt)
    )
    return _render_attempt(request, quiz, access, attempt, form)


def submit_attempt(request, quiz, code):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.get_url(request))
    attempt = _own_attempt(request, quiz, code)
    result_url = _attempt_url(quiz, request, "result", attempt.code)
    if attempt.is_submitted:
        messages.info(request, _("These answers were already handed in. Here is your result."))
        return redirect(result_url)
    access, away = _open_access(request, quiz, attempt)
    if away:
        return away
    _require_current_cycle(attempt, access)
    form = QuizAttemptForm(snapshot_as_shown(attempt.snapshot, quiz), request.POST)
    valid = form.is_valid()
    if form.tampered:
        return _render_attempt(request, quiz, access, attempt, form, status=400)
    if request.POST.get("action") == SAVE_FOR_LATER:
        if not assessments.save_answers(attempt, form.picks()):
            messages.info(request, _("These answers were already handed in. Here is your result."))
            return redirect(result_url)
        messages.success(
            request, _("Your answers are saved. Come back to this page to finish and hand them in.")
        )
        return redirect(_attempt_url(quiz, request, "attempt", attempt.code))
    if not valid:
        # Keep what was picked so far, so nothing is lost if the learner leaves now.
        assessments.save_answers(attempt, form.picks())
        return _render_attempt(request, quiz, access, attempt, form)
    attempt.enrollment.course = source_page(access.course)  # the record is the source's
    # On a translated quiz the steps name the translation's pages, so the shortcut finds no
    # step for the source quiz and completion is decided from fresh rows, as without it.
    _attempt, graded = assessments.submit_attempt(
        attempt, form.answers(), progress_before=access.progress
    )
    if not graded:
        messages.info(request, _("These answers were already handed in. Here is your result."))
    return redirect(result_url)


# The result ------------------------------------------------------------------------------


def review_items(attempt: Attempt, show_answers: bool, questions=None) -> list[dict]:
    """Each served question with the learner's picks; answers and feedback when allowed.
    `questions`: the served questions as shown (in the page's language), else as served."""
    credits = assessments.attempt_credits(attempt)
    items = []
    for number, question in enumerate(questions or attempt.questions, start=1):
        picked = set(attempt.answers.get(question["id"], ()))
        credit = credits.get(question["id"], Fraction(0))
        partly = 0 < credit < 1
        items.append(
            {
                "number": number,
                "question": question,
                "outcome": "correct" if credit == 1 else "partly" if partly else "incorrect",
                "partial": partial_credit_words(partial_counts(question, picked)) if partly else "",
                "dont_know": grading.DONT_KNOW in picked,
                "choices": [
                    {
                        "id": choice["id"],
                        "text": choice["text"],
                        "picked": choice["id"] in picked,
                        "correct": show_answers and choice["correct"],
                        "feedback": choice["feedback"]
                        if show_answers and choice["id"] in picked
                        else "",
                    }
                    for choice in question["choices"]
                ],
            }
        )
    return items


def _baseline(access, quiz, attempt):
    """The learner's own pre-test score, to show their knowledge gain after a post-test.

    In whole percentages, each rounded down as shown, and the change between those two
    figures, so the three numbers on the page add up.
    """
    quiz = source_page(quiz)  # the attempts are on the source pages
    if not quiz.is_post_test or not quiz.paired_pretest_id:
        return None
    pre = (
        Attempt.objects.filter(
            enrollment=access.enrollment, quiz_id=quiz.paired_pretest_id, submitted_at__isnull=False
        )
        .order_by("number")
        .first()
    )
    if pre is None:
        return None
    pre_whole, post_whole = math.floor(pre.percent), math.floor(attempt.percent)
    gain = post_whole - pre_whole
    return {"pre": pre_whole, "post": post_whole, "gain": gain, "size": abs(gain)}


def attempt_result(request, quiz, code):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not request.user.is_authenticated:
        return redirect_to_login(quiz.get_url(request))
    attempt = _own_attempt(request, quiz, code)
    if not attempt.is_submitted:
        return redirect(_attempt_url(quiz, request, "attempt", attempt.code))
    access = permissions.step_access(
        request.user,
        quiz,
        current_enrollment=attempt.enrollment if attempt.in_current_cycle else None,
    )
    if access.enrollment is None:
        raise Http404
    standing = assessments.standing(access.enrollment, quiz)
    show = standing.shows_answers(attempt)
    refusal = standing.refusal
    next_item = access.progress.next_item() if access.progress else None
    objectives = [
        o.text for o in page_cache.course_extras(access.course, "objectives")["objectives"]
    ]
    # While the answers are hidden, the review goes by objective: the learner's own picks,
    # marked without naming a key, and the lessons to read again (courses.objective_review).
    by_objective = [] if show else objectives_to_review(attempt, access.course, objectives)
    can_retry = refusal is None and quiz.kind != QuizKind.PRE_TEST and not standing.passed
    context = _context(
        quiz,
        request,
        access,
        attempt=attempt,
        standing=standing,
        show_answers=show,
        hidden_reason=""
        if show
        else (
            _("Correct answers are shown once you pass.")
            if quiz.review_policy == ShowAnswers.AFTER_PASSING
            else _("This test does not show the correct answers, so they stay fair for everyone.")
        ),
        items=review_items(attempt, show, snapshot_as_shown(attempt.snapshot, quiz)["questions"])
        if show
        else [],
        # Marks on a pre-test would hand out keys of the bank the post-test draws from.
        by_objective=by_objective if quiz.is_post_test else [],
        to_review=[objective for objective in by_objective if objective.needs_review],
        objectives=objectives,
        can_retry=can_retry,
        refusal=refusal,
        rules=attempt_rules.retry_rules(quiz, len(quiz.bank())) if attempt.passed is False else [],
        start_url=route_url(quiz, request, "start"),
        next_item=next_item,
        baseline=_baseline(access, quiz, attempt),
    )
    return TemplateResponse(request, TEMPLATES["result"], context)


# Preview (trainers, in Wagtail) -----------------------------------------------------------


def preview_quiz(request, quiz):
    """The form as a learner would see it, drawn from the unsaved page; nothing can be sent."""
    course = quiz.course
    snapshot = grading.build_snapshot(
        quiz.bank_data(),
        rng=random.Random(0),  # noqa: S311 - a stable preview, not a secret
        draw=quiz.draw_count,
        shuffle_questions=quiz.shuffle_questions,
        shuffle_choices=quiz.shuffle_choices,
        dont_know=quiz.allow_dont_know,
        dont_know_text=_("I don't know"),
        settings=quiz.snapshot_settings(course) if course else {},
    )
    context = quiz.get_context(request)
    context.update(
        course=course,
        form=QuizAttemptForm(snapshot),
        attempt=None,
        submit_url="",
        is_preview=True,
    )
    return TemplateResponse(request, TEMPLATES["attempt"], context)
