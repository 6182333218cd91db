import csv
from dataclasses import dataclass

from allauth.core import context
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django import forms
from django.conf import settings
from django.core.validators import EmailValidator
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .mfa import SET_UP_IN_SESSION_KEY
from .models import Membership, User
from .services import find_organization_by_join_code
from .validators import validate_plain_name

SHARE_RECORDS_LABEL = _(
    "Share my training records (progress, scores and certificates) with this organization's "
    "managers. You can stop sharing at any time."
)


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls `signup` after creating the user)."""

    display_name = forms.CharField(
        label=_("What should we call you?"),
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text=_("A first name or nickname is fine."),
        validators=User._meta.get_field("display_name").validators,
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"]
        user.save(update_fields=["display_name"])


class LanguageSelect(forms.Select):
    """Each language's option marked as being in that language, so screen readers say
    "Español" as Spanish (WCAG 3.1.2)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]
        widgets = {"language": LanguageSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Once chosen, a language stays chosen (the account's language wins over the browser's),
        # so the list has no empty choice; a form sent without it keeps the saved one.
        language = self.fields["language"]
        language.required = False
        language.marked_optional = False  # it always has a value; "(optional)" would puzzle
        # Each language named in itself ("Español"), as the language switcher does: someone
        # looking for their language finds its own name whatever the page's language.
        language.choices = [
            (code, capfirst(translation.get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
        ]
        if not self.instance.language:
            self.initial["language"] = translation.get_language()

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language


class ShareRecordsForm(forms.Form):
    share_records = forms.BooleanField(label=SHARE_RECORDS_LABEL, required=False)


class JoinOrganizationForm(ShareRecordsForm):
    code = forms.CharField(
        label=_("Join code"),
        max_length=20,
        help_text=_("The code your organization gave you, for example K7M2Q-9XW4B."),
    )
    field_order = ["code", "share_records"]

    def clean_code(self):
        organization = find_organization_by_join_code(self.cleaned_data["code"])
        if organization is None:
            raise forms.ValidationError(
                _(
                    "We could not find an organization with that code. Please check it and try again."
                )
            )
        self.organization = organization
        return self.cleaned_data["code"]


MAX_INVITE_ROWS = 500
MAX_INVITE_UPLOAD_BYTES = 1024 * 1024
INVITE_NAME_MAX_LENGTH = 120


@dataclass
class InviteRow:
    """One person to invite, as typed or uploaded; `problem` says why they cannot be."""

    source: str  # "list" or "file"
    line: int
    email: str
    name: str = ""
    problem: str = ""

    @property
    def as_line(self) -> str:
        return f"{self.email}, {self.name}" if self.name else self.email


def _split_line(text: str) -> tuple[str, str]:
    for separator in (",", ";", "\t"):
        if separator in text:
            email, name = text.split(separator, 1)
            return email.strip(), name.strip()
    return text.strip(), ""


def _is_header(email: str) -> bool:
    return email.strip().lower() in {"email", "e-mail", "email address"}


def _decode_upload(upload) -> str:
    if upload.size > MAX_INVITE_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("The file is too large. Please upload a file of 1 MB or less (about 500 people).")
        )
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise forms.ValidationError(
            _(
                "We could not read this file: it is not saved as UTF-8 text. In Excel, choose "
                "File, Save As, and the type “CSV UTF-8 (Comma delimited)”, then upload it again."
            )
        ) from error


def _read_csv(text: str) -> list[InviteRow]:
    """Rows of a CSV file whose first line is a header with an ``email`` column (and ``name``)."""
    lines = text.splitlines()
    if not lines:
        raise forms.ValidationError(_("The file is empty."))
    delimiter = ";" if ";" in lines[0] and "," not in lines[0] else ","
    try:
        reader = csv.reader(lines, delimiter=delimiter)
        header = [cell.strip().lower() for cell in next(reader)]
        if "email" not in header:
            raise forms.ValidationError(
                _(
                    "The first line of the file must be the column names: email,name. "
                    "We could not find a column called “email”."
                )
            )
        email_at = header.index("email")
        name_at = header.index("name") if "name" in header else None
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            email = cells[email_at].strip() if email_at < len(cells) else ""
            name = cells[name_at].strip() if name_at is not None and name_at < len(cells) else ""
            rows.append(InviteRow("file", number, email, name))
            if len(rows) > MAX_INVITE_ROWS:
                break
        return rows
    except csv.Error as error:
        raise forms.ValidationError(
            _("We could not read this file as CSV (%(problem)s). Please check it and try again.")
            % {"problem": error}
        ) from error


class InviteForm(forms.Form):
    """Invite one person or many: addresses typed one per line, or a CSV file (email,name).

    Every row is checked before anything is sent. ``valid_rows`` are the people to invite
    (each address once); ``invalid_rows`` say why the others cannot be invited. Only problems
    with the whole request (nothing given, too many rows, an unreadable file) make the form
    invalid.
    """

    # Addresses typed, or a file: one of the two is needed, so neither says "(optional)".
    emails = forms.CharField(
        label=_("Email addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        max_length=MAX_INVITE_ROWS * 400,
        help_text=_(
            "One person per line. You can add their name after a comma, for example: "
            "jo.rivera@example.org, Jo Rivera"
        ),
    )
    file = forms.FileField(
        label=_("Or upload a CSV file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
        help_text=_(
            "The first line must be the column names email,name. Up to 500 people and 1 MB."
        ),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["emails"].marked_optional = False
        self.fields["file"].marked_optional = False
        self.valid_rows: list[InviteRow] = []
        self.invalid_rows: list[InviteRow] = []

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        return _read_csv(_decode_upload(upload))

    def _typed_rows(self) -> list[InviteRow]:
        rows = []
        for number, text in enumerate(self.cleaned_data.get("emails", "").splitlines(), start=1):
            if not text.strip():
                continue
            email, name = _split_line(text)
            if number == 1 and _is_header(email):
                continue
            rows.append(InviteRow("list", number, email, name))
        return rows

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        rows = self._typed_rows() + list(cleaned.get("file") or [])
        if not rows:
            raise forms.ValidationError(
                _("Please type at least one email address, or choose a file to upload.")
            )
        if len(rows) > MAX_INVITE_ROWS:
            raise forms.ValidationError(
                _("Please invite at most %(count)d people at a time.") % {"count": MAX_INVITE_ROWS}
            )
        self._check_rows(rows)
        return cleaned

    def _check_rows(self, rows: list[InviteRow]) -> None:
        members = {
            email.lower()
            for email in self.organization.memberships.values_list("user__email", flat=True)
        }
        seen = set()
        validate_email = EmailValidator()
        for row in rows:
            key = row.email.lower()
            try:
                if not row.email:
                    raise forms.ValidationError(_("No email address on this line."))
                if len(row.email) > 254:
                    raise forms.ValidationError(_("This email address is too long."))
                validate_email(row.email)
                if len(row.name) > INVITE_NAME_MAX_LENGTH:
                    raise forms.ValidationError(_("This name is too long."))
                validate_plain_name(row.name)
            except forms.ValidationError as error:
                row.problem = " ".join(error.messages)
            else:
                if key in seen:
                    continue  # listed twice: one invitation
                if key in members:
                    row.problem = _("Already a member of %(organization)s.") % {
                        "organization": self.organization
                    }
            if row.problem:
                self.invalid_rows.append(row)
            else:
                seen.add(key)
                self.valid_rows.append(row)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ActivateTOTPForm(AllauthActivateTOTPForm):
    """allauth's set-up form (settings.MFA_FORMS). The first code from the app counts as
    using it in this session (accounts.mfa.used_second_factor): someone sent here from a page
    their role opens goes on to it without waiting for the next code."""

    def clean_code(self) -> str:
        code = super().clean_code()
        request = context.request
        if request is not None and hasattr(request, "session"):
            request.session[SET_UP_IN_SESSION_KEY] = str(self.user.pk)
        return code
