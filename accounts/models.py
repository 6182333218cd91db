from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basics.codes import group_code, random_code, random_token

from .validators import validate_plain_name

JOIN_CODE_LENGTH = 10  # 50 bits: far beyond guessing, short enough to read off a sign-up sheet.
PUBLIC_CODE_LENGTH = 12


def new_join_code() -> str:
    return random_code(JOIN_CODE_LENGTH)


def new_public_code() -> str:
    return random_code(PUBLIC_CODE_LENGTH)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with their email address; there is no username."""

    username = None
    email = models.EmailField(_("email address"), unique=True, max_length=254)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        validators=[validate_plain_name],
        help_text=_("How we greet you on the site. It can be a first name or a nickname."),
    )
    certificate_name = models.CharField(
        _("name on certificates"),
        max_length=120,
        blank=True,
        validators=[validate_plain_name],
        help_text=_("Your name as it should be printed on certificates. Asked only when needed."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of the site and of the emails we send you."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.email

    @property
    def greeting_name(self) -> str:
        return self.display_name or self.first_name or self.email.split("@")[0]


class Organization(models.Model):
    class Kind(models.TextChoices):
        HEALTH_DEPARTMENT = "health_department", _("Health department")
        COMMUNITY_ORGANIZATION = "community_organization", _("Community organization")
        COALITION = "coalition", _("Coalition")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("Short name used in web addresses, e.g. riverside-ssp."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    coalitions = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="member_organizations",
        limit_choices_to={"kind": Kind.COALITION},
        verbose_name=_("member of coalitions"),
        help_text=_("Coalitions this organization belongs to."),
    )
    join_code = models.CharField(
        _("join code"),
        max_length=JOIN_CODE_LENGTH,
        unique=True,
        default=new_join_code,
        editable=False,
        validators=[MinLengthValidator(JOIN_CODE_LENGTH)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self):
        return self.name

    def clean(self):
        # Checked here rather than as a field validator: the name appears on partner pages,
        # in emails and in CSV exports, and must be plain text wherever it is edited.
        try:
            validate_plain_name(self.name)
        except ValidationError as error:
            raise ValidationError({"name": error.messages}) from error

    @property
    def display_join_code(self) -> str:
        return group_code(self.join_code)

    def regenerate_join_code(self) -> None:
        self.join_code = new_join_code()
        self.save(update_fields=["join_code"])


class MembershipQuerySet(models.QuerySet):
    def sharing_records(self):
        return self.filter(records_shared_at__isnull=False)

    def managers(self):
        return self.filter(role=Membership.Role.MANAGER)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        # Peer trainers who run the organization's live sessions (roster, check-in, closing)
        # without CMS access; they see participants' names, so they need a second factor.
        FACILITATOR = "facilitator", _("Facilitator")
        MANAGER = "manager", _("Manager")

    code = models.CharField(max_length=PUBLIC_CODE_LENGTH, unique=True, default=new_public_code)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)
    records_shared_at = models.DateTimeField(
        _("agreed to share training records"),
        null=True,
        blank=True,
        help_text=_("When the member agreed to share training records. Empty: not shared."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"

    @property
    def is_manager(self) -> bool:
        return self.role == self.Role.MANAGER

    @property
    def is_facilitator(self) -> bool:
        """Facilitators run sessions; so may managers, who can do everything a facilitator can."""
        return self.role in (self.Role.FACILITATOR, self.Role.MANAGER)

    @property
    def shares_records(self) -> bool:
        return self.records_shared_at is not None


def default_invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    # `token` is the secret in the emailed link; `code` names the invitation in managers' URLs.
    code = models.CharField(
        max_length=PUBLIC_CODE_LENGTH, unique=True, default=new_public_code, editable=False
    )
    token = models.CharField(max_length=64, unique=True, default=random_token, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"), max_length=254)
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=default_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} -> {self.organization}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.cancelled_at is None and not self.is_expired
