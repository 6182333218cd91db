"""Certificates ZIPs too large to stream at once: requested, built in the background, kept 7 days.

The task takes the export's id and loads everything fresh; it asks
``accounts.permissions`` again at build time (through :func:`organization_certificates`), so a
manager who lost their role, or a member who stopped sharing, is respected. When a member in a
ready file withdraws consent or leaves, the file is deleted then (:func:`withdraw_exports_with`,
on Membership's own signals); before a file is served, the people inside it are checked again
against who shares records *now*, so it is never handed out past that moment. Viewing or
downloading never deletes anything: expired files go with ``manage.py delete_expired_exports``.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import tempfile
from smtplib import SMTPException

from django.core.files import File
from django.core.mail import send_mail
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.language import in_language_of
from accounts.models import Membership
from accounts.permissions import visible_members
from basics.links import absolute_url
from courses.models import CoursePage
from lms.models import PartnerExport

from .certificate_queries import filtered_certificates
from .exports import download_name, stream_zip, zip_items
from .filters import CertificateFilterForm

logger = logging.getLogger(__name__)

KEEP_DAYS = 7
PROGRESS_EVERY = 25
REUSE_WITHIN = datetime.timedelta(minutes=30)  # a double click does not build two ZIPs


def certificate_form(filters: dict, courses) -> CertificateFilterForm:
    form = CertificateFilterForm(filters, courses=courses)
    form.is_valid()
    return form


def _storage_name(export: PartnerExport) -> str:
    # A random folder: the file's address is not guessable from the export's code.
    name = download_name(export.organization.slug, "certificates", extension="zip")
    return f"partner-exports/{secrets.token_hex(16)}/{name}"


def build_export(export_id: int) -> str:
    """Build the ZIP of export `export_id` once; returns the export's final status."""
    claimed = PartnerExport.objects.filter(
        pk=export_id, status=PartnerExport.Status.PENDING
    ).update(status=PartnerExport.Status.RUNNING)
    export = PartnerExport.objects.select_related("organization", "requested_by").get(pk=export_id)
    if not claimed:  # another worker has it, or it is finished
        return export.status
    if export.requested_by is None:  # the manager's account was deleted meanwhile
        _fail(export, "The person who asked for this file no longer has an account.")
        return export.status
    try:
        _build(export)
    except Exception as error:
        _fail(export, str(error))
        logger.exception("Certificates ZIP %s failed", export.code)
        raise
    _email_when_ready(export)
    return export.status


def _fail(export: PartnerExport, reason: str) -> None:
    export.status = PartnerExport.Status.FAILED
    export.error = reason[:300]
    export.finished_at = timezone.now()
    export.save(update_fields=["status", "error", "finished_at"])


class _Progress:
    """Counts the certificates added (saved every few) and whose they are."""

    def __init__(self, export_id: int):
        self.export_id = export_id
        self.done = 0
        self.learner_ids: set[int] = set()

    def advance(self, item) -> None:
        self.done += 1
        if item.learner_id is not None:
            self.learner_ids.add(item.learner_id)
        if self.done % PROGRESS_EVERY == 0:
            PartnerExport.objects.filter(pk=self.export_id).update(progress=self.done)


def _build(export: PartnerExport) -> None:
    courses = CoursePage.objects.order_by("path").defer_streamfields()
    form = certificate_form(export.filters, courses)
    # Asked again now: whoever stopped sharing since the request is left out.
    certificates = filtered_certificates(export.requested_by, export.organization, form)
    total = certificates.count()
    PartnerExport.objects.filter(pk=export.pk).update(total=total)
    progress = _Progress(export.pk)
    with tempfile.TemporaryFile() as scratch:
        for data in stream_zip(zip_items(certificates), on_item=progress.advance):
            scratch.write(data)
        size = scratch.tell()
        scratch.seek(0)
        storage = PartnerExport._meta.get_field("file").storage
        name = storage.save(_storage_name(export), File(scratch))
    now = timezone.now()
    export.file.name = name
    export.file_size = size
    export.total = max(total, progress.done)
    export.progress = progress.done
    export.learner_ids = sorted(progress.learner_ids)
    export.status = PartnerExport.Status.READY
    export.finished_at = now
    export.expires_at = now + datetime.timedelta(days=KEEP_DAYS)
    export.save()


def export_url(export: PartnerExport) -> str:
    return absolute_url(reverse("partners:export", args=[export.organization.slug, export.code]))


def _email_when_ready(export: PartnerExport) -> None:
    if export.requested_by is None or not export.requested_by.email:
        return
    context = {"export": export, "organization": export.organization, "url": export_url(export)}
    with in_language_of(export.requested_by):
        subject = render_to_string("lms/partners/email/export_ready_subject.txt", context)
        body = render_to_string("lms/partners/email/export_ready_message.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [export.requested_by.email])
    except (SMTPException, OSError):
        # The page shows the file anyway; the email is a convenience.
        logger.exception("Could not email about certificates ZIP %s", export.code)


def _delete_file(export: PartnerExport, status: str) -> None:
    """Record `status` now; delete the file once that is committed (a change rolled back
    leaves the file where its row says it is)."""
    file = export.file
    export.file = ""
    export.status = status
    export.save(update_fields=["file", "status"])
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name))


def shown_status(viewer, export: PartnerExport) -> str:
    """The export's status as `viewer` may act on it now: a ready file is expired past its date,
    and withdrawn once anyone in it no longer shares their records with `viewer`. Reads only."""
    if export.status != PartnerExport.Status.READY:
        return export.status
    if export.expires_at <= timezone.now():
        return PartnerExport.Status.EXPIRED
    sharing = set(visible_members(viewer, export.organization).values_list("user_id", flat=True))
    if not set(export.learner_ids) <= sharing:
        return PartnerExport.Status.WITHDRAWN
    return PartnerExport.Status.READY


def withdraw_exports_with(sender, instance, **kwargs) -> None:
    """A member stopped sharing records or left: delete the organization's ready files that
    hold their certificates (Membership's post_save and post_delete)."""
    if kwargs.get("signal") is post_save and instance.records_shared_at is not None:
        return
    ready = PartnerExport.objects.filter(
        organization_id=instance.organization_id, status=PartnerExport.Status.READY
    )
    for export in ready:
        if instance.user_id in export.learner_ids:
            _delete_file(export, PartnerExport.Status.WITHDRAWN)


def connect_signals() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            withdraw_exports_with,
            sender=Membership,
            dispatch_uid=f"partners.withdraw_exports.{signal is post_save}",
        )


def delete_expired_exports(now: datetime.datetime | None = None) -> int:
    """Delete the files of ready exports past their date; returns how many. Safe to repeat."""
    now = now or timezone.now()
    deleted = 0
    for export in PartnerExport.objects.filter(
        status=PartnerExport.Status.READY, expires_at__lte=now
    ):
        _delete_file(export, PartnerExport.Status.EXPIRED)
        deleted += 1
    return deleted
