"""The certificates a manager may list, download one by one, or download as a ZIP.

Only current certificates (not superseded versions) of members who share their records with
this organization, at the time of the request (``accounts.permissions.visible_members``).
A code typed into a URL or a filter edited by hand can only narrow this set.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Organization
from accounts.permissions import visible_members
from basics.codes import normalize_code
from certificates.models import Certificate

from .filters import CertificateFilterForm
from .status import CertificateState, certificate_state, certificate_state_q

CERTIFICATE_SORTS = {
    "name": ["learner_name", "course_title", "pk"],
    "-name": ["-learner_name", "-course_title", "-pk"],
    "course": ["course_title", "learner_name", "pk"],
    "-course": ["-course_title", "-learner_name", "-pk"],
    "completed": ["completion_date", "pk"],
    "-completed": ["-completion_date", "-pk"],
    "valid_until": ["valid_until", "pk"],
    "-valid_until": ["-valid_until", "-pk"],
}


def organization_certificates(viewer, organization: Organization) -> QuerySet[Certificate]:
    """Current certificates of the members `viewer` may see in `organization`."""
    members = visible_members(viewer, organization)
    return Certificate.objects.current().filter(learner_id__in=members.values("user_id"))


def filtered_certificates(
    viewer, organization: Organization, form: CertificateFilterForm
) -> QuerySet[Certificate]:
    certificates = organization_certificates(viewer, organization)
    if course := form.selected_course:
        certificates = certificates.filter(course_id=course.pk)
    if state := form.value("status"):
        certificates = certificates.filter(certificate_state_q(state, timezone.localdate()))
    start, end = form.date_range()
    if start:
        certificates = certificates.filter(completion_date__gte=start)
    if end:
        certificates = certificates.filter(completion_date__lte=end)
    sort = form.sort_key if form.sort_key in CERTIFICATE_SORTS else form.DEFAULT_SORT
    return certificates.order_by(*CERTIFICATE_SORTS[sort])


def get_certificate_for_manager(viewer, organization: Organization, code: str) -> Certificate:
    """One certificate of a sharing member of `organization`; 404 for any other code."""
    try:
        return (
            organization_certificates(viewer, organization)
            .select_related("course", "learner")
            .get(code=normalize_code(code))
        )
    except Certificate.DoesNotExist as error:
        raise Http404 from error


def with_states(certificates) -> list[Certificate]:
    """Give each certificate its ``state`` (valid, expiring, expired, revoked) as of today."""
    today = timezone.localdate()
    certificates = list(certificates)
    for certificate in certificates:
        certificate.state = CertificateState(certificate_state(certificate, today))
    return certificates
