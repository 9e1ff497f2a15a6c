"""Statutory reports in the admin: every version read-only, with its tables, files and history.

Staff with `reports.generate_report` generate any finished period on demand (the "Generate a
report" page); the version's page then shows the task's progress (it reloads itself every few
seconds, no script) and, once ready, the tables and the files to download.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bontang_aker.core.admin import EventAdmin, EventInline, LocalDisplayMixin
from placements.admin import ComputedRecordAdmin
from reports import services
from reports.forms import GenerateReportForm
from reports.layout import Table
from reports.models import Report, ReportEvent, ReportFile

PROGRESS_REFRESH_SECONDS = 3


class ReportFileInline(LocalDisplayMixin, admin.TabularInline):
    """Generated files of an immutable report version."""

    model = ReportFile
    fields = ("format", "table", "size", "created_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReportEventInline(EventInline):
    model = ReportEvent


FORMAT_ORDER = {ReportFile.Format.XLSX: 0, ReportFile.Format.PDF: 1, ReportFile.Format.CSV: 2}


def _files_with_labels(report: Report) -> list[tuple[ReportFile, str]]:
    """The workbook and the PDF first, then each table's CSV named by its code and title."""
    titles = {table["key"]: f"{table['code']} — {table['title']}" for table in report.data.get("tables", [])}
    files = sorted(report.files.all(), key=lambda stored: (FORMAT_ORDER.get(stored.format, 9), stored.table))
    return [(stored, titles.get(stored.table, stored.table)) for stored in files]


@admin.register(Report)
class ReportAdmin(ComputedRecordAdmin):
    list_display = (
        "__str__",
        "kind",
        "period",
        "period_start",
        "version",
        "status",
        "progress",
        "trigger",
        "requested_by",
        "generated_at",
        "sent_at",
    )
    list_filter = ("kind", "period", "status", "trigger", "period_start", "generated_at")
    search_fields = ("requested_by__email", "requested_by__full_name")
    list_select_related = ("requested_by",)
    date_hierarchy = "period_start"
    fields = (
        "kind",
        "period",
        "period_start",
        "period_end",
        "version",
        "status",
        "trigger",
        "progress",
        "progress_note",
        "error",
        "requested_by",
        "send_when_ready",
        "generated_at",
        "sent_at",
        "code_version",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (ReportFileInline, ReportEventInline)
    change_form_template = "admin/reports/report/change_form.html"
    change_list_template = "admin/reports/report/change_list.html"

    def has_delete_permission(self, request, obj=None):
        return False  # versions are kept; the database refuses to delete a ready one anyway

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("generate/", self.admin_site.admin_view(self.generate_view), name=f"{prefix}_generate"),
            path(
                "<path:object_id>/files/<int:file_id>/",
                self.admin_site.admin_view(self.file_view),
                name=f"{prefix}_file",
            ),
            *super().get_urls(),
        ]

    def generate_view(self, request):
        if not request.user.has_perm("reports.generate_report"):
            raise PermissionDenied
        form = GenerateReportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = services.report_request(
                    kind=form.cleaned_data["kind"],
                    period=form.cleaned_data["period"],
                    start=form.cleaned_data["start"],
                    by=request.user,
                    send=form.cleaned_data["send"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("%(report)s is being generated; this page shows its progress.") % {"report": report}
                )
                return redirect(reverse("admin:reports_report_change", args=[report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "form": form,
            "title": _("Generate a report"),
        }
        return TemplateResponse(request, "admin/reports/report/generate.html", context)

    def file_view(self, request, object_id, file_id):
        report = self.get_object(request, unquote(object_id))
        if report is None or not self.has_view_permission(request, report):
            raise Http404
        stored = get_object_or_404(ReportFile, pk=file_id, report=report)
        try:
            handle = stored.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(handle, as_attachment=True, filename=stored.file.name.rsplit("/", 1)[-1])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self.get_object(request, unquote(object_id))
        extra = {}
        if report is not None:
            in_progress = report.status in (Report.Status.REQUESTED, Report.Status.RUNNING)
            extra = {
                "report": report,
                "in_progress": in_progress,
                "refresh_seconds": PROGRESS_REFRESH_SECONDS if in_progress else None,
                "report_files": _files_with_labels(report),
                "report_tables": [Table.from_dict(table) for table in report.data.get("tables", [])],
                "wllp": report.data.get("wllp"),
                "can_generate": request.user.has_perm("reports.generate_report"),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})


@admin.register(ReportFile)
class ReportFileAdmin(ComputedRecordAdmin):
    list_display = ("report", "format", "table", "size", "download", "created_at")
    list_filter = ("format", "report__kind", "created_at")
    search_fields = ("table", "file")
    list_select_related = ("report",)
    fields = ("report", "format", "table", "size", "created_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("file"))
    def download(self, stored):
        from django.utils.html import format_html

        url = reverse("admin:reports_report_file", args=[stored.report_id, stored.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download"))


@admin.register(ReportEvent)
class ReportEventAdmin(EventAdmin):
    parent_field = "report"
    search_fields = ("note", "actor__email")
