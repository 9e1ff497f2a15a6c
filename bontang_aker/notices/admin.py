"""Notices in the admin: read-only, for staff checking what a person was told and whether it was e-mailed."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bontang_aker.notices.models import Notice


class _IsSetFilter(admin.SimpleListFilter):
    """Yes/no on whether a timestamp field is filled."""

    field_name = ""

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(**{f"{self.field_name}__isnull": self.value() == "no"})
        return queryset


class EmailedFilter(_IsSetFilter):
    title = _("e-mailed")
    parameter_name = "emailed"
    field_name = "emailed_at"


class ReadFilter(_IsSetFilter):
    title = _("read")
    parameter_name = "read"
    field_name = "read_at"


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "subject", "emailed_at", "read_at")
    list_filter = (EmailedFilter, ReadFilter)
    search_fields = ("recipient__email",)
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    fields = ("recipient", "key", "subject", "body", "url", "created_at", "emailed_at", "read_at")
    readonly_fields = fields

    # Notices are written by services only; the admin shows them.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
