"""Admin of the portal's own models: saved searches (read by staff when a person asks) and the digest log.

Also the city-wide compliance monitoring (`ComplianceMonitoringAdmin`), on a proxy of Company.
"""

from django.contrib import admin

from portal.compliance_admin import ComplianceMonitoringAdmin
from portal.models import ComplianceMonitoring, SavedSearch, SavedSearchDigest

admin.site.register(ComplianceMonitoring, ComplianceMonitoringAdmin)


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "email_alerts", "created_at", "last_checked_at")
    list_filter = ("email_alerts",)
    search_fields = ("name", "user__email")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    fields = ("user", "name", "query", "email_alerts", "created_at", "last_checked_at")
    readonly_fields = ("user", "query", "created_at", "last_checked_at")

    def has_add_permission(self, request):
        return False  # saved by the person, from the search page or the API


@admin.register(SavedSearchDigest)
class SavedSearchDigestAdmin(admin.ModelAdmin):
    """One row per person and day: the e-mail went (e-mailed at) or nothing was new."""

    list_display = ("day", "user", "sent_at", "vacancy_count")
    list_filter = ("day",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("user", "day", "created_at", "sent_at", "vacancy_count")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
