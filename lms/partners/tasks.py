"""Background work of the partner pages. Tasks take ids and load fresh objects."""

from django_tasks import task


@task()
def build_certificates_zip_task(export_id: int) -> str:
    """Build a certificates ZIP that was too large to stream; returns the export's status."""
    from .background import build_export

    return build_export(export_id)
