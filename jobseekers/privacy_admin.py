"""The admin of personal-data rights: consent texts, consent history, the access log, deletion requests.

Imported by jobseekers/admin.py. Staff who may see jobseekers (view_jobseekerprofile) see the
log and the requests; consent texts are written by whoever holds the consent text permissions
(superusers by default: publishing one asks every jobseeker to accept it again).
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import AuditHistoryMixin, LocalDisplayMixin, ServiceActionsMixin
from bontang_aker.core.admin_lists import LargeListMixin
from bontang_aker.core.masking import mask_nik
from jobseekers import privacy
from jobseekers.models import ConsentAcceptance, ConsentText, DeletionRequest, ProfileAccess


def _may_view_jobseekers(request) -> bool:
    return request.user.has_perm("jobseekers.view_jobseekerprofile")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by services: staff read them, nobody edits or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return _may_view_jobseekers(request) or super().has_view_permission(request, obj)


@admin.register(ConsentText)
class ConsentTextAdmin(AuditHistoryMixin, admin.ModelAdmin):
    """A new version is a new row; once its publication time has come it can no longer be changed."""

    list_display = ("version", "language", "title", "published_at", "created_at")
    list_filter = ("language",)
    ordering = ("-version", "language")
    fields = ("version", "language", "title", "body", "published_at", "created_at")
    readonly_fields = ("created_at",)

    def _is_published(self, obj) -> bool:
        return obj is not None and obj.published_at is not None and obj.published_at <= timezone.now()

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)  # with the audit history section
        return (*self.fields, *readonly) if self._is_published(obj) else readonly

    def has_delete_permission(self, request, obj=None):
        return not self._is_published(obj) and super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return _may_view_jobseekers(request) or super().has_view_permission(request, obj)


@admin.register(ConsentAcceptance)
class ConsentAcceptanceAdmin(AuditHistoryMixin, LargeListMixin, ReadOnlyAdmin):
    list_display = ("jobseeker", "version", "accepted_at")
    list_filter = ("version",)
    search_fields = ("^jobseeker__nik", "jobseeker__full_name")
    digit_search_fields = ("jobseeker__nik",)
    list_select_related = ("jobseeker",)
    ordering = ("-pk",)
    fields = ("jobseeker", "version", "accepted_at")


@admin.register(ProfileAccess)
class ProfileAccessAdmin(LargeListMixin, LocalDisplayMixin, ReadOnlyAdmin):
    """Who saw which jobseeker's data; the person sees the same list on their privacy page."""

    list_display = ("accessed_at", "viewer_label", "viewer_role", "profile", "profile_nik", "what", "document_kind")
    list_filter = ("what", "viewer_role", "accessed_at")
    search_fields = ("^profile__nik", "profile__full_name", "viewer__email", "viewer_label")
    digit_search_fields = ("profile__nik",)
    search_help_text = _("Jobseeker NIK (from the start) or name, the viewer's email or company.")
    list_select_related = ("profile", "viewer")
    ordering = ("-pk",)
    fields = ("profile", "viewer", "viewer_role", "viewer_label", "what", "document", "document_kind")
    fields += ("accessed_at", "ip_address")

    @admin.display(description=_("NIK"))
    def profile_nik(self, access):
        return mask_nik(access.profile.nik)


@admin.register(DeletionRequest)
class DeletionRequestAdmin(AuditHistoryMixin, LargeListMixin, LocalDisplayMixin, ServiceActionsMixin, ReadOnlyAdmin):
    """The requests waiting for their erasure (nightly, after PERSONAL_DATA_RETENTION_DAYS) and the erased ones."""

    list_display = ("jobseeker", "requested_at", "erase_after", "erased_at", "last_error")
    list_filter = (("erased_at", admin.EmptyFieldListFilter), "requested_at")
    search_fields = ("^jobseeker__nik", "jobseeker__full_name")
    digit_search_fields = ("jobseeker__nik",)
    list_select_related = ("jobseeker",)
    ordering = ("-pk",)
    fields = ("jobseeker", "requested_at", "erase_after", "erased_at", "last_error")
    actions = ("cancel",)

    def has_cancel_permission(self, request):
        return request.user.has_perm("jobseekers.change_jobseekerprofile")

    @admin.action(description=_("Cancel the selected requests and reopen the accounts"), permissions=["cancel"])
    def cancel(self, request, queryset):
        self.run_service(
            request,
            queryset,
            lambda deletion: privacy.deletion_request_cancel(request_id=deletion.pk),
            done_message=ngettext_lazy(
                "%(count)d request cancelled; the account is open again.",
                "%(count)d requests cancelled; the accounts are open again.",
                "count",
            ),
            failed_message=gettext("%(object)s was not cancelled: %(error)s"),
        )
