from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, User
from .services import find_organization_by_join_code

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


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


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


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
