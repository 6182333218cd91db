"""The learner's hours page: hours by category and format, and progress toward the credential
tracks they chose. Signed-in learners see only their own records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import progress
from .forms import TrackChoiceForm
from .models import CredentialTrack, TrackCategoryMinimum


def _page(request, form=None, status=200):
    completed = progress.completed_courses(request.user)
    choices = request.user.credential_tracks.select_related("track").prefetch_related(
        Prefetch(
            "track__category_minimums",
            queryset=TrackCategoryMinimum.objects.select_related("category"),
        )
    )
    tracks = [
        progress.track_progress(choice.track, completed, choice.period_starts_on)
        for choice in choices
    ]
    form = form or TrackChoiceForm(user=request.user)
    return render(
        request,
        "transcripts/my_hours.html",
        {
            "completed": completed,
            "tracks": tracks,
            "form": form,
            "any_track": CredentialTrack.objects.filter(active=True).exists(),
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
