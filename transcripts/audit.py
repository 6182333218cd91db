"""Audit actions: a manager took a member's transcript out of the site (ids and codes only; the
report shows the member's current name, as for other membership entries)."""

from django.utils.translation import gettext_lazy as _

MEMBER_TRANSCRIPT = "transcripts.member_transcript"

ACTIONS = [
    (
        MEMBER_TRANSCRIPT,
        _("Download a member's transcript"),
        _("Downloaded transcript %(transcript)s of %(member)s"),
    ),
]
