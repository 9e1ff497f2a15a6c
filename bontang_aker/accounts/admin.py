"""Accounts in the admin: users log in with their email address, so the forms have no username."""

from axes import admin as axes_admin
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from bontang_aker.accounts.models import AccountMail, User
from bontang_aker.accounts.permissions import staff_privileges_q
from bontang_aker.core.admin import AuditHistoryMixin


def _clean_unique_email(form: forms.ModelForm) -> str:
    """Emails are unique regardless of case, as the login looks them up with `iexact`."""
    email = User.objects.normalize_email(form.cleaned_data["email"]).lower()
    others = User.objects.filter(email__iexact=email)
    if form.instance.pk:
        others = others.exclude(pk=form.instance.pk)
    if others.exists():
        raise forms.ValidationError(_("A user with this email address already exists."), code="unique")
    return email


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")
        field_classes = {}

    def clean_email(self):
        return _clean_unique_email(self)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {}

    def clean_email(self):
        return _clean_unique_email(self)


@admin.register(User)
class UserAdmin(AuditHistoryMixin, auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "role", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "email_verified_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "role", "usable_password", "password1", "password2"),
            },
        ),
    )
    list_display = ("email", "full_name", "role", "staff_groups", "is_staff", "is_active", "last_login", "date_joined")
    list_filter = ("role", "is_staff", "is_superuser", "is_active", "groups", "date_joined")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    date_hierarchy = "date_joined"
    # The address is verified only by its owner following the mailed link.
    readonly_fields = ("last_login", "date_joined", "email_verified_at")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Only a superuser hands out roles and permissions, so nobody can raise their own.
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions"]
        return readonly

    @admin.display(description=_("staff groups"))
    def staff_groups(self, user):
        return ", ".join(sorted(group.name for group in user.groups.all())) or "—"


@admin.register(AccountMail)
class AccountMailAdmin(admin.ModelAdmin):
    """Read-only: which account e-mails were asked for and sent (the links themselves are never stored)."""

    list_display = ("created_at", "user", "kind", "address", "sent_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "address")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    fields = ("user", "kind", "address", "created_at", "sent_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Failed logins (django-axes) ---------------------------------------------------------------
# Axes registers its own admin; ours adds whether a row still locks, as the limit depends on
# the account (AXES_FAILURE_LIMIT is a callable, for which axes shows no status). Deleting a
# row lifts the lock it causes.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    list_display = [*axes_admin.AccessAttemptAdmin.list_display, "lock_status"]

    def get_queryset(self, request):
        staff_account = User.objects.filter(staff_privileges_q(), email=OuterRef("username"))
        return super().get_queryset(request).annotate(is_staff_account=Exists(staff_account))

    @admin.display(description=_("lock"))
    def lock_status(self, attempt) -> str:
        limit = settings.AXES_FAILURE_LIMIT_STAFF if attempt.is_staff_account else settings.AXES_FAILURE_LIMIT_DEFAULT
        until = attempt.attempt_time + get_cool_off()
        if until <= timezone.now():
            return _("expired")
        if attempt.failures_since_start >= limit:
            return _("locked until %(time)s") % {"time": formats.date_format(timezone.localtime(until), "j M Y H:i")}
        return _("%(failures)d of %(limit)d failures") % {"failures": attempt.failures_since_start, "limit": limit}
