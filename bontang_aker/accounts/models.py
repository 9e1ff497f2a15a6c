"""Users log in with their email address; each has exactly one role."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import validate_no_control_characters

# Staff groups; their permissions are assigned by migration 0002_role_groups.
GROUP_PETUGAS = "petugas_antar_kerja"
GROUP_KEPALA_BIDANG = "kepala_bidang"


def active_language() -> str:
    """The language of the current request (or task) if the portal speaks it, else the default."""
    code = (translation.get_language() or "").split("-")[0]
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        # Mail to the person (verification, notices, digests) goes out in the language they signed up in.
        extra_fields.setdefault("language", active_language())
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
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
        extra_fields.setdefault("role", User.Role.STAFF)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        JOBSEEKER = "jobseeker", _("Jobseeker")
        EMPLOYER = "employer", _("Employer")
        STAFF = "staff", _("Disnaker staff")

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, validators=[validate_no_control_characters]
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.JOBSEEKER, db_index=True)
    language = models.CharField(_("preferred language"), max_length=10, default="id")
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Designates whether the user can log into the admin site.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set when the person follows the link mailed to the address (or confirms a new address);
    # `bontang_aker.accounts.services.user_email_verified` is the rule that reads it.
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["jobseeker", "employer", "staff"]), name="user_role_valid"
            ),
            # Logins look emails up case-insensitively, so two spellings must not both exist.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]
        # Django's `iexact` compares UPPER(email): the login's lookup (get_by_natural_key), the
        # lockout's and the admin's use this index instead of scanning every account.
        indexes = [models.Index(Upper("email"), name="user_email_upper")]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    @property
    def is_jobseeker(self) -> bool:
        return self.role == self.Role.JOBSEEKER

    @property
    def is_employer(self) -> bool:
        return self.role == self.Role.EMPLOYER

    @property
    def is_disnaker_staff(self) -> bool:
        return self.role == self.Role.STAFF and self.is_staff


class AccountMail(models.Model):
    """One e-mail about the account itself, written when it is asked for and sent once by a task.

    The row is the task's sent-marker and what the resend limits count. It holds no link: the
    signed link is made when the message is sent, so no token is stored or queued.
    """

    class Kind(models.TextChoices):
        VERIFY = "verify", _("Email address verification")
        PASSWORD_RESET = "password_reset", _("Password reset")
        EMAIL_CHANGE = "email_change", _("Confirmation of a new email address")
        # Sent instead of EMAIL_CHANGE when the new address already has an account.
        EMAIL_CHANGE_TAKEN = "email_change_taken", _("New email address already in use")
        EMAIL_CHANGED = "email_changed", _("Email address changed (to the old address)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="account_mails"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    address = models.EmailField(_("sent to"), help_text=_("For a change of address: the new address asked for."))
    created_at = models.DateTimeField(_("asked for at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("account e-mail")
        verbose_name_plural = _("account e-mails")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=["verify", "password_reset", "email_change", "email_change_taken", "email_changed"]
                ),
                name="account_mail_kind_valid",
            )
        ]
        # The resend limits: this user's mails of some kinds since a moment.
        indexes = [models.Index(fields=["user", "kind", "created_at"], name="account_mail_user_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"
