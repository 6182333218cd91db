"""Background work of the partner pages, and the request that queues it (``background`` builds
the file and never imports this module). Tasks take ids and load fresh objects."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from accounts.models import Organization
from lms.models import PartnerExport

from . import background
from .background import KEEP_DAYS, REUSE_WITHIN


@task()
def build_certificates_zip_task(export_id: int) -> str:
    """Build a certificates ZIP that was too large to stream; returns the export's status."""
    return background.build_export(export_id)


def request_export(viewer, organization: Organization, filters: dict, total: int):
    """A new background ZIP for these filters, or the same request's recent one."""
    now = timezone.now()
    recent = (
        PartnerExport.objects.filter(
            organization=organization,
            requested_by=viewer,
            filters=filters,
            created_at__gte=now - REUSE_WITHIN,
            status__in=[
                PartnerExport.Status.PENDING,
                PartnerExport.Status.RUNNING,
                PartnerExport.Status.READY,
            ],
        )
        .order_by("-created_at")
        .first()
    )
    if recent is not None:
        return recent
    export = PartnerExport.objects.create(
        organization=organization,
        requested_by=viewer,
        filters=filters,
        total=total,
        expires_at=now + datetime.timedelta(days=KEEP_DAYS),
    )
    transaction.on_commit(lambda: build_certificates_zip_task.enqueue(export.pk))
    return export
