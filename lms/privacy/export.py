"""Everything Open Door holds about one person, as plain data for their download.

:func:`collect` reads the signed-in person's own rows only (every query filters on them) in a
fixed number of queries, however many enrolments, attempts or certificates they have. Other
people never appear: not the manager who sent an invitation, not other members of an
organization, not invitations the person sent to others.

Quiz answers are exported as the attempt's snapshot recorded them. Whether the right answers,
feedback and explanations are included follows the quiz's own review setting, exactly as the
quiz's review page does, so the download cannot be used to lift a question bank's answer key.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils import timezone

from accounts.models import Invitation
from certificates.models import Certificate, NameCorrectionRequest
from certificates.rendering import verification_url
from coaching.models import PracticeResponse, ResponseRating
from courses.assessments import QuizStanding
from courses.models import Attempt, EvaluationResponse, LessonProgress, Reflection
from courses.models.evaluations import ConfidenceScale, LikertScale
from courses.services.progress import load_progress_many
from practice.services import exported_observations

FORMAT_VERSION = 1


def _label(choices, value) -> str | None:
    try:
        return str(choices(value).label)
    except ValueError:
        return None


def _profile(user) -> dict:
    profile = {
        "email": user.email,
        "display_name": user.display_name,
        "name_on_certificates": user.certificate_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "joined_at": user.date_joined,
        "last_signed_in_at": user.last_login,
    }
    # The language kept with the account, where the account keeps one.
    if (language := getattr(user, "language", None)) is not None:
        profile["language"] = language
    return profile


def _email_addresses(user) -> list[dict]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
    ]


def _two_factor(user) -> list[dict]:
    # Which methods are on and when they were used; never the secrets themselves.
    return [
        {
            "method": authenticator.get_type_display(),
            "added_at": authenticator.created_at,
            "last_used_at": authenticator.last_used_at,
        }
        for authenticator in Authenticator.objects.filter(user=user)
        .only("type", "created_at", "last_used_at")
        .order_by("created_at")
    ]


def _memberships(user) -> list[dict]:
    return [
        {
            "organization": membership.organization.name,
            "role": membership.get_role_display(),
            "joined_at": membership.joined_at,
            "shares_training_records": membership.shares_records,
            "agreed_to_share_at": membership.records_shared_at,
        }
        for membership in user.memberships.select_related("organization").order_by("joined_at")
    ]


def received_invitations(user, emails: list[str]):
    """Invitations this person accepted or that were sent to one of their addresses."""
    to_them = Q(accepted_by=user)
    for email in emails:
        to_them |= Q(email__iexact=email)
    return Invitation.objects.filter(to_them)


def _invitations(user, emails: list[str]) -> list[dict]:
    # Who sent the invitation is another person's data: it is left out.
    return [
        {
            "organization": invitation.organization.name,
            "sent_to": invitation.email,
            "role": invitation.get_role_display(),
            "sent_at": invitation.created_at,
            "accepted_at": invitation.accepted_at,
            "cancelled_at": invitation.cancelled_at,
            "expires_at": invitation.expires_at,
        }
        for invitation in received_invitations(user, emails)
        .select_related("organization")
        .order_by("created_at")
    ]


def _scenario_prompt(lesson, block_id: str) -> str:
    for block in lesson.body:
        if block.id == block_id and block.block_type == "scenario":
            return str(block.value.get("prompt") or "")
    return ""


def _attempt(attempt: Attempt, standing: QuizStanding) -> dict:
    show_answers = attempt.is_submitted and standing.shows_answers(attempt)
    questions = []
    # An unfinished attempt's picks are the ones the learner saved to finish later.
    saved = getattr(attempt, "saved_answers", None)
    answers = attempt.answers if attempt.is_submitted or saved is None else saved.answers
    for question in attempt.questions:
        picked = set(answers.get(question["id"], []))
        choices = []
        for choice in question["choices"]:
            item = {"text": choice["text"], "you_chose": choice["id"] in picked}
            if show_answers:
                item["correct"] = choice["correct"]
                if choice.get("feedback"):
                    item["feedback"] = choice["feedback"]
            choices.append(item)
        entry = {"question": question["stem"]}
        if question.get("vignette"):
            entry["situation"] = question["vignette"]
        entry["choices"] = choices
        # A mark per question is a key by elimination, so it is given only with the answers.
        if attempt.is_submitted and show_answers:
            entry["credit"] = attempt.credits.get(question["id"])
        if show_answers and question.get("explanation"):
            entry["explanation"] = question["explanation"]
        questions.append(entry)
    return {
        "quiz": attempt.quiz.title,
        "kind": attempt.quiz.get_kind_display(),
        "attempt_number": attempt.number,
        "started_at": attempt.started_at,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "out_of": attempt.max_score,
        "percent": attempt.percent,
        "passed": attempt.passed,
        "answers_shown": show_answers,
        "questions": questions,
    }


def _attempts_by_enrollment(user) -> dict[int, list[dict]]:
    attempts = (
        Attempt.objects.filter(enrollment__user=user)
        .select_related("quiz", "saved_answers")
        .order_by("enrollment_id", "quiz_id", "number")
    )
    result = defaultdict(list)
    for (enrollment_id, _quiz_id), group in groupby(
        attempts, key=lambda attempt: (attempt.enrollment_id, attempt.quiz_id)
    ):
        group = list(group)
        standing = QuizStanding(
            quiz=group[0].quiz,
            submitted=[attempt for attempt in group if attempt.is_submitted],
            open_attempt=next((attempt for attempt in group if not attempt.is_submitted), None),
        )
        result[enrollment_id].extend(_attempt(attempt, standing) for attempt in group)
    return result


def _evaluation(response: EvaluationResponse) -> dict:
    ratings = [
        {
            "statement": statement.get("text", ""),
            "rating": response.ratings.get(statement.get("id")),
            "rating_label": _label(LikertScale, response.ratings.get(statement.get("id"))),
        }
        for statement in response.statements
    ]
    return {
        "evaluation": response.evaluation.title,
        "submitted_at": response.submitted_at,
        "ratings": ratings,
        "confidence_question": response.confidence_question,
        "confidence_before": _label(ConfidenceScale, response.confidence_before),
        "confidence_after": _label(ConfidenceScale, response.confidence_after),
        "comments": response.comments,
    }


def _coached_practice(user) -> dict[int, list[dict]]:
    """Each enrolment's practice submissions: the statements, the person's responses and every
    coach's rating and feedback (the coach is another person: not named). Two queries."""
    ratings = defaultdict(list)
    reviews = {}
    for rating in (
        ResponseRating.objects.filter(review__submission__enrollment__user=user)
        .select_related("review")
        .order_by("review__created_at", "review_id", "response__position")
    ):
        review = rating.review
        reviews.setdefault(review.submission_id, {})[review.pk] = {
            "rated_at": review.created_at,
            "score_out_of_6": review.score,
            "feedback": review.feedback,
        }
        ratings[review.pk].append(
            {
                "response_id": rating.response_id,  # becomes "statement_number" below
                "scores": {str(question): score for question, score in rating.scored},
                "comment": rating.comment,
            }
        )
    submissions: dict[int, dict] = {}
    positions = {}
    for response in (
        PracticeResponse.objects.filter(submission__enrollment__user=user)
        .select_related("submission__practice_set")
        .order_by("submission__practice_set_id", "submission__number", "position")
    ):
        submission = response.submission
        positions[response.pk] = response.position
        entry = submissions.setdefault(
            submission.pk,
            {
                "enrollment_id": submission.enrollment_id,
                "practice_set": submission.practice_set.title,
                "set_number": submission.number,
                "started_at": submission.started_at,
                "submitted_at": submission.submitted_at,
                "responses": [],
            },
        )
        entry["responses"].append(
            {
                "statement": response.statement_text,
                "respond_with": response.get_kind_display(),
                "your_response": response.text,
            }
        )
    result = defaultdict(list)
    for submission_pk, entry in submissions.items():
        entry["ratings"] = []
        for review_pk, review in reviews.get(submission_pk, {}).items():
            for rating in ratings[review_pk]:
                rating["statement_number"] = positions.get(rating.pop("response_id"))
            entry["ratings"].append({**review, "per_response": ratings[review_pk]})
        result[entry.pop("enrollment_id")].append(entry)
    return result


def _enrollments(user) -> list[dict]:
    enrollments = list(user.enrollments.select_related("course").order_by("enrolled_at", "pk"))
    progress = load_progress_many(enrollments)

    lessons = defaultdict(list)
    for row in (
        LessonProgress.objects.filter(enrollment__user=user)
        .order_by("first_viewed_at", "pk")
        .values("enrollment_id", "lesson__title", "first_viewed_at", "completed_at")
    ):
        lessons[row["enrollment_id"]].append(
            {
                "lesson": row["lesson__title"],
                "first_opened_at": row["first_viewed_at"],
                "completed_at": row["completed_at"],
            }
        )

    reflections = defaultdict(list)
    for reflection in (
        Reflection.objects.filter(enrollment__user=user)
        .select_related("lesson")
        .order_by("created_at", "pk")
    ):
        reflections[reflection.enrollment_id].append(
            {
                "lesson": reflection.lesson.title,
                "prompt": _scenario_prompt(reflection.lesson, reflection.block_id),
                "your_reflection": reflection.text,
                "written_at": reflection.created_at,
                "last_changed_at": reflection.updated_at,
            }
        )

    attempts = _attempts_by_enrollment(user)
    practice = _coached_practice(user)
    evaluations = defaultdict(list)
    for response in (
        EvaluationResponse.objects.filter(enrollment__user=user)
        .select_related("evaluation")
        .order_by("submitted_at", "pk")
    ):
        evaluations[response.enrollment_id].append(_evaluation(response))

    return [
        {
            "course": enrollment.course.title,
            "cycle": enrollment.cycle,
            "enrolled_at": enrollment.enrolled_at,
            "completed_at": enrollment.completed_at,
            "progress_percent": progress[enrollment.pk].percent,
            "lessons": lessons[enrollment.pk],
            "reflections": reflections[enrollment.pk],
            "quiz_attempts": attempts[enrollment.pk],
            "evaluation": (evaluations[enrollment.pk] or [None])[0],
            "coached_practice": practice[enrollment.pk],
        }
        for enrollment in enrollments
    ]


def pdf_path(certificate: Certificate) -> str:
    """Where the certificate's PDF sits inside the download."""
    return f"certificates/{certificate.download_filename}"


def certificates_of(user) -> list[Certificate]:
    return list(
        Certificate.objects.filter(learner=user)
        .select_related("course", "replaces")
        .order_by("issued_at", "pk")
    )


def _certificate(certificate: Certificate, pdf_included: bool) -> dict:
    return {
        "code": certificate.display_code,
        "check_it_at": verification_url(certificate.code),
        "title": certificate.get_kind_display(),
        "name_printed": certificate.learner_name,
        "course": certificate.course_title,
        "contact_hours": certificate.contact_hours,
        "delivery_format": certificate.delivery_format,
        "completed_on": certificate.completion_date,
        "issued_at": certificate.issued_at,
        "valid_until": certificate.valid_until,
        "status": certificate.get_current_status_display(),
        "replaces": certificate.replaces.display_code if certificate.replaces else None,
        "approvals": certificate.approvals,
        "issued_by": certificate.issuer_name,
        "pdf": pdf_path(certificate) if pdf_included else None,
        "pdf_sha256": certificate.pdf_sha256,
    }


def _name_corrections(user) -> list[dict]:
    return [
        {
            "certificate": correction.certificate.display_code,
            "name_asked_for": correction.requested_name,
            "your_note": correction.note,
            "asked_at": correction.created_at,
            "status": correction.get_status_display(),
            "decided_at": correction.decided_at,
            "reason_given": correction.decision_note,
        }
        for correction in NameCorrectionRequest.objects.filter(requested_by=user)
        .select_related("certificate")
        .order_by("created_at", "pk")
    ]


def collect(user, certificates: list[Certificate], pdfs_included: set[int]) -> dict:
    """The person's data. `certificates` are theirs (:func:`certificates_of`); the PDFs of
    those whose pk is in `pdfs_included` are in the download."""
    addresses = _email_addresses(user)
    emails = [address["email"] for address in addresses]
    if user.email not in emails:
        emails.insert(0, user.email)
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "profile": _profile(user),
        "email_addresses": addresses,
        "two_factor_methods": _two_factor(user),
        "memberships": _memberships(user),
        "invitations_received": _invitations(user, emails),
        "enrolments": _enrollments(user),
        "certificates": [
            _certificate(certificate, certificate.pk in pdfs_included)
            for certificate in certificates
        ],
        "name_correction_requests": _name_corrections(user),
        "skills_observations": exported_observations(user),
    }
