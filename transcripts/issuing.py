"""Issuing a transcript: every completed course with its dates, hours by category and format,
certificate codes and statuses, and progress on the learner's tracks, as a tagged PDF with its
own code and QR code, stored with the few facts its verification page shows.

Rendered with the certificates' renderer parts (the local-only URL fetcher, the same fonts,
PDF/UA-1), so a transcript can load nothing from the network either.
"""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from basics.codes import group_code
from basics.links import absolute_url
from basics.numbers import plain_number
from certificates.models.records import CODE_GROUP
from certificates.qr import qr_svg_data_uri
from certificates.rendering import LocalOnlyURLFetcher, base_url, static_file_url

from . import progress
from .models import Transcript, new_certificate_code, transcript_storage_name

TEMPLATE_NAME = "transcripts/pdf/transcript.html"
STYLESHEET = "css/transcript.css"


def verification_url(code: str) -> str:
    return absolute_url(reverse("transcripts:verify", args=[group_code(code, CODE_GROUP)]))


def render_transcript_pdf(context: dict) -> bytes:
    font_config = FontConfiguration()
    fetcher = LocalOnlyURLFetcher()
    stylesheet = CSS(url=static_file_url(STYLESHEET), url_fetcher=fetcher, font_config=font_config)
    html = HTML(
        string=render_to_string(TEMPLATE_NAME, context),
        base_url=base_url(),
        url_fetcher=fetcher,
    )
    return html.write_pdf(stylesheets=[stylesheet], font_config=font_config, pdf_variant="pdf/ua-1")


def issue_transcript(user, language: str) -> Transcript:
    """A new transcript for `user` (who has a certificate name), in `language`."""
    completed = progress.completed_courses(user)
    tracks = progress.learner_tracks(user, completed)
    code = new_certificate_code()
    now = timezone.now()
    standing = [course for course in completed if not course.certificate_revoked]
    with translation.override(language):
        context = {
            "learner_name": user.certificate_name,
            "issued_on": formats.date_format(timezone.localdate(now), "DATE_FORMAT"),
            "completed": completed,
            "totals": progress.hours_by_category_and_format(completed),
            "total_hours": sum((course.contact_hours for course in standing), start=0),
            "tracks": tracks,
            "code": group_code(code, CODE_GROUP),
            "verify_url": verification_url(code),
            "qr_data_uri": qr_svg_data_uri(verification_url(code)),
            "language": language,
        }
        pdf = render_transcript_pdf(context)
    with transaction.atomic():
        transcript = Transcript(
            code=code,
            user=user,
            learner_name=user.certificate_name,
            issued_at=now,
            courses=[
                {
                    "title": course.title,
                    "completed_on": course.completed_on.isoformat(),
                    "hours": plain_number(course.contact_hours),
                }
                for course in standing
            ],
            total_hours=context["total_hours"],
            language=language,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        )
        transcript.pdf.name = default_storage.save(transcript_storage_name(code), ContentFile(pdf))
        transcript.save(force_insert=True)
    return transcript
