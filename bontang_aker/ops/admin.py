from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bontang_aker.ops.models import TaskIncident


@admin.register(TaskIncident)
class TaskIncidentAdmin(admin.ModelAdmin):
    """Read-only: staff with ops.view_taskincident see failed and retried tasks; nobody edits them."""

    list_display = ["last_seen", "task_name", "state", "exception_class", "count", "day", "message"]
    list_filter = ["state", "day", "task_name"]
    search_fields = ["task_name", "exception_class", "last_task_id"]
    date_hierarchy = "day"
    readonly_fields = [field.name for field in TaskIncident._meta.fields]
    fieldsets = [
        (None, {"fields": ["task_name", "state", "exception_class", "message", "count"]}),
        (_("When"), {"fields": ["day", "first_seen", "last_seen"]}),
        (_("Last run"), {"fields": ["last_task_id", "args_summary"]}),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
