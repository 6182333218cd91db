"""A person's own data: the download of everything, and deleting the account.

Views ask ``lms.privacy.permissions`` first and always pass ``request.user``; these functions
act on that person only.

Deleting an account keeps exactly what certificate checks need. A certificate already holds
snapshots of everything it printed (code, name as printed, course title, date, hours, status),
so it loses only its link to the account (``Certificate.learner`` is ``SET_NULL``) and
``/verify/<code>/`` keeps answering. Everything else about the person goes, in one
transaction: the account, email addresses, two-factor methods, memberships, enrolments with
lesson progress, reflections, quiz attempts and evaluation responses, name correction requests,
invitations sent to them, their signed-in sessions, and their name in audit entries about them.
"""

from __future__ import annotations

import json
import logging
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from accounts.models import Membership, Organization
from certificates.models import Certificate

from . import export

logger = logging.getLogger(__name__)

DELETE_ACTION = "privacy.account_deleted"
DELETED_LABEL = gettext_noop("Deleted account")
# Audit entries about a certificate whose data is a name the person asked for (and that may
# never have been printed): emptied when the account goes.
NAME_BEARING_ACTIONS = ("certificates.correction_request", "certificates.correction_reject")
SPOOL_IN_MEMORY = 8 * 1024 * 1024


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet; the message says what to do first."""


# The download ------------------------------------------------------------------------------


@dataclass
class DataExport:
    file: tempfile.SpooledTemporaryFile
    filename: str


def _readme() -> str:
    return "\n\n".join(
        [
            _("Your data from Open Door"),
            _(
                "data.json has everything Open Door keeps about you: your profile, your "
                "organizations, your courses with your progress, reflections, quiz answers, "
                "course evaluations and skills observations, and your certificates."
            ),
            _("The certificates folder has a PDF of each of your certificates."),
            _("Dates and times are in UTC."),
        ]
    )


def _write_zip(target, user, certificates: list[Certificate]) -> None:
    included: set[int] = set()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates:
            try:
                with certificate.pdf.open("rb") as pdf:
                    content = pdf.read()
            except (FileNotFoundError, ValueError):
                logger.warning("Certificate %s has no stored PDF", certificate.pk)
                continue
            # PDFs are compressed already: store them as they are.
            archive.writestr(
                export.pdf_path(certificate), content, compress_type=zipfile.ZIP_STORED
            )
            included.add(certificate.pk)
        data = export.collect(user, certificates, included)
        archive.writestr(
            "data.json",
            json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        )
        archive.writestr("README.txt", _readme())


def build_export(user) -> DataExport:
    """A ZIP with data.json, README.txt and the PDF of each of `user`'s certificates.

    A PDF missing from storage is left out (its entry in data.json says so with ``"pdf":
    null``) rather than failing the whole download.
    """
    certificates = export.certificates_of(user)
    # Handed to the response, which closes it once sent.
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
    try:
        _write_zip(spool, user, certificates)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    filename = f"open-door-my-data-{timezone.localdate().isoformat()}.zip"
    return DataExport(file=spool, filename=filename)


# Deleting the account ----------------------------------------------------------------------


def organizations_left_without_manager(user) -> list[Organization]:
    """Organizations where `user` is the only manager: deleting them would orphan these."""
    other_managers = (
        Membership.objects.managers()
        .filter(organization=OuterRef("organization_id"))
        .exclude(user=user)
    )
    return [
        membership.organization
        for membership in Membership.objects.managers()
        .filter(user=user)
        .exclude(Exists(other_managers))
        .select_related("organization")
        .order_by("organization__name")
    ]


def certificates_kept(user) -> list[Certificate]:
    """The certificates that stay checkable (by their code) after the account is deleted."""
    return export.certificates_of(user)


def _refusal(organizations: list[Organization]) -> AccountDeletionRefused:
    names = ", ".join(organization.name for organization in organizations)
    return AccountDeletionRefused(
        _(
            "You are the only manager of %(organizations)s. Make someone else a manager "
            "first, then you can delete your account."
        )
        % {"organizations": names}
    )


def _end_sessions(user_pk: int) -> int:
    """Delete every stored session signed in as the account; returns how many.

    Sessions are not indexed by user, so this reads the live ones once. Account deletions are
    rare, and a session left behind would be harmless anyway (its user no longer exists), but
    it would still hold the account's id. Cookie or cache sessions end when they expire.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, DatabaseSessionStore):  # cookie or cache-only sessions
        return 0
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user_pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def _scrub_audit_entries(user, certificate_ids: list[int]) -> None:
    """Audit entries keep what happened, not who it happened to."""
    user_type = ContentType.objects.get_for_model(user, for_concrete_model=False)
    ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        label=DELETED_LABEL, data={}
    )
    LogEntry.objects.filter(content_type=user_type, object_id=str(user.pk)).update(
        object_repr=DELETED_LABEL, change_message=""
    )
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Certificate),
        object_id__in=[str(pk) for pk in certificate_ids],
        action__in=NAME_BEARING_ACTIONS,
    ).update(data={})


@dataclass(frozen=True)
class DeletionSummary:
    certificates_kept: int
    sessions_ended: int


def delete_account(user) -> DeletionSummary:
    """Delete `user`'s account and personal data; keep their certificates verifiable.

    Refused (:class:`AccountDeletionRefused`) while they are the only manager of an
    organization, as leaving it would be. The audit log gets one entry saying an account was
    deleted and how many certificates were kept, with no email or name.
    """
    with transaction.atomic():
        # Two managers of one organization deleting their accounts at once must not both
        # succeed: lock the organizations first, then count the other managers.
        list(
            Organization.objects.select_for_update(of=("self",))
            .filter(memberships__user=user, memberships__role=Membership.Role.MANAGER)
            .order_by("pk")
            .only("pk")
        )
        if orphaned := organizations_left_without_manager(user):
            raise _refusal(orphaned)

        emails = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
        export.received_invitations(user, [user.email, *emails]).delete()
        certificate_ids = list(
            Certificate.objects.filter(learner=user).values_list("pk", flat=True)
        )
        _scrub_audit_entries(user, certificate_ids)
        log(
            user,
            DELETE_ACTION,
            title=DELETED_LABEL,
            data={"certificates_kept": len(certificate_ids)},
            deleted=True,
        )
        user_pk = user.pk
        # Cascades to memberships, enrolments (progress, reflections, attempts, evaluation
        # responses), skills observations of them and their codes to be observed, email
        # addresses, two-factor methods and name correction requests; certificates,
        # invitations the person sent, partner exports they asked for and observations they
        # made of others keep their rows without the link (SET_NULL; the observer's name as
        # printed on those learners' certificates stays with them).
        user.delete()
        sessions_ended = _end_sessions(user_pk)
    logger.info(
        "An account was deleted; %s certificates kept for verification", len(certificate_ids)
    )
    return DeletionSummary(certificates_kept=len(certificate_ids), sessions_ended=sessions_ended)
