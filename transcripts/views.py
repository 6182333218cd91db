"""The learner's hours page (hours by category and format, progress toward the credential
tracks they chose), their transcripts, and the transcripts' public verification page.
Signed-in learners see and download only their own records; an organization's managers may
have a transcript made for a member who shares their records with it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.audit import log_for_organization
from basics.codes import group_code, normalize_code
from basics.ratelimit import rate_limit
from certificates.models.records import CODE_GROUP, CODE_LENGTH
from certificates.views import VERIFY_LIMIT

from . import audit, issuing, progress
from .forms import TrackChoiceForm
from .models import CredentialTrack, Transcript
from .permissions import get_sharing_member_for_manager


def _page(request, form=None, status=200):
    completed = progress.completed_courses(request.user)
    tracks = progress.learner_tracks(request.user, completed)
    form = form or TrackChoiceForm(user=request.user)
    return render(
        request,
        "transcripts/my_hours.html",
        {
            "completed": completed,
            "tracks": tracks,
            "form": form,
            "any_track": CredentialTrack.objects.filter(active=True).exists(),
            "transcripts": request.user.transcripts.all()[:10],
        },
        status=status,
    )


@login_required
@require_GET
def my_hours(request):
    return _page(request)


@login_required
@require_POST
def choose_tracks(request):
    form = TrackChoiceForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    chosen = form.save()
    if chosen:
        messages.success(request, _("Your credential tracks are saved."))
    else:
        messages.success(request, _("You are not following any credential track now."))
    return redirect("transcripts:my_hours")


@login_required
@require_POST
def issue(request):
    if not request.user.certificate_name:
        messages.error(
            request,
            _("Please tell us the name to print on your certificates first, on My certificates."),
        )
        return redirect("transcripts:my_hours")
    transcript = issuing.issue_transcript(request.user, translation.get_language() or "en")
    return redirect("transcripts:download", code=transcript.display_code)


def _pdf_response(transcript):
    try:
        pdf = transcript.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        pdf,
        as_attachment=True,
        filename=f"open-door-transcript-{transcript.display_code}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download(request, code):
    transcript = get_object_or_404(
        Transcript, user=request.user, code=normalize_code(code)[:CODE_LENGTH]
    )
    return _pdf_response(transcript)


@login_required
@require_POST
def member_transcript(request, slug, code):
    """A manager's copy of a sharing member's transcript, made now from the member's records
    (POST: it issues a transcript with its own verification code) and logged like a
    certificate download."""
    membership = get_sharing_member_for_manager(request.user, slug, code)
    member = membership.user
    if not member.certificate_name:
        messages.error(
            request,
            _(
                "This member has not given the name to print on their certificates yet, so we "
                "cannot make a transcript. Ask them to add it on My certificates."
            ),
        )
        return redirect("partners:staff", slug=slug)
    transcript = issuing.issue_transcript(member, translation.get_language() or "en")
    log_for_organization(
        membership.organization,
        audit.MEMBER_TRANSCRIPT,
        by=request.user,
        transcript=transcript.display_code,
        member_id=member.pk,
        membership=membership.code,
    )
    return _pdf_response(transcript)


@require_GET
@rate_limit("verify", limit=VERIFY_LIMIT)
def verify(request, code):
    """Name, date of issue, and the courses with their dates and hours; nothing else."""
    normalized = normalize_code(code)[: CODE_LENGTH * 2]
    canonical = group_code(normalized, CODE_GROUP)
    if len(normalized) == CODE_LENGTH and code != canonical:
        return redirect("transcripts:verify", code=canonical)
    transcript = Transcript.objects.filter(code=normalized).first()
    if transcript is None:
        response = render(
            request, "transcripts/verify_not_found.html", {"code": code[:40]}, status=404
        )
    else:
        response = render(request, "transcripts/verify.html", {"transcript": transcript})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response
