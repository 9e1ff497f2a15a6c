"""Pieces every app's admin shares: read-only audit trails and actions that call services.

Status never changes through a form field in the admin. It changes only through actions,
and an action calls the app's service once per selected object, so the admin follows the
same transition table, writes the same event rows and sends the same notices as the portal.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.workflow import TransitionError

# Listing every failure would bury the page when hundreds of rows are selected.
MAX_FAILURE_MESSAGES = 10

EVENT_FIELDS = ("created_at", "from_status", "to_status", "actor", "note")


def status_label(model: type[Model], value: str) -> str:
    """The translated label of a status value, or the value itself if the model has no such choice."""
    status_enum = getattr(model, "Status", None)
    if not value:
        return "—"
    return str(dict(status_enum.choices).get(value, value)) if status_enum else value


def describe_failure(exc: Exception) -> str:
    """A sentence for staff explaining why a service refused one object."""
    if isinstance(exc, TransitionError):
        model = type(exc.obj)
        return gettext("its status is “%(current)s”, which cannot become “%(target)s”.") % {
            "current": status_label(model, exc.current),
            "target": status_label(model, exc.target),
        }
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return gettext("it no longer exists.")


class EventInline(admin.TabularInline):
    """A model's status history on its change page; history is written by services, never edited."""

    fields = ("created_at", "from_status_label", "to_status_label", "actor", "note")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    ordering = ("created_at", "pk")
    verbose_name = _("status change")
    verbose_name_plural = _("status history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    # `parent_model` is the model this inline sits on (set by InlineModelAdmin).
    @admin.display(description=_("from status"))
    def from_status_label(self, event):
        return status_label(self.parent_model, event.from_status)

    @admin.display(description=_("to status"))
    def to_status_label(self, event):
        return status_label(self.parent_model, event.to_status)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ToStatusFilter(admin.SimpleListFilter):
    """Filter events by the status they led to, with the parent model's labels.

    Built from the choices rather than the column's distinct values, which would scan the table.
    """

    title = _("to status")
    parameter_name = "to_status"

    def lookups(self, request, model_admin):
        status_enum = getattr(model_admin.parent_model(), "Status", None)
        return status_enum.choices if status_enum else []

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(to_status=self.value())
        return queryset


class EventAdmin(admin.ModelAdmin):
    """The list of every event of one kind, for audits across objects; read-only."""

    parent_field: str = ""
    # What the parent's __str__ reads, fetched in the same query as the events.
    parent_related: tuple[str, ...] = ()
    list_display = ("created_at", "parent", "from_status_label", "to_status_label", "actor", "note")
    list_filter = (ToStatusFilter, "created_at")
    search_fields = ("note", "actor__email")
    # No date_hierarchy: event tables grow fastest, and its DISTINCT dates query scans them
    # on every page; the created_at filter gives the same ranges from the index.
    ordering = ("-created_at", "-pk")
    actions = None
    list_per_page = 50
    show_full_result_count = False

    def get_list_select_related(self, request):
        return ("actor", self.parent_field, *self.parent_related)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", self.parent_field, *self.parent_related)

    def get_readonly_fields(self, request, obj=None):
        return (self.parent_field, *EVENT_FIELDS)

    def get_fields(self, request, obj=None):
        return (self.parent_field, *EVENT_FIELDS)

    @admin.display(description=_("object"))
    def parent(self, event):
        return getattr(event, self.parent_field)

    def parent_model(self) -> type[Model]:
        return self.model._meta.get_field(self.parent_field).related_model

    @admin.display(description=_("from status"), ordering="from_status")
    def from_status_label(self, event):
        return status_label(self.parent_model(), event.from_status)

    @admin.display(description=_("to status"), ordering="to_status")
    def to_status_label(self, event):
        return status_label(self.parent_model(), event.to_status)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class KelurahanFilter(admin.RelatedFieldListFilter):
    """The kelurahan filter, loading each kelurahan's kecamatan (its label) in the same query."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or ("kecamatan__code", "code")
        kelurahan = field.related_model._default_manager.select_related("kecamatan").order_by(*ordering)
        return [(row.pk, str(row)) for row in kelurahan]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_("Recorded in the status history and shown to the people concerned."),
        strip=True,
    )


class ServiceActionsMixin:
    """Runs a service once per selected object and reports each outcome as an admin message.

    Each service call is its own transaction, so one refused object does not undo the others.
    """

    def run_service(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        call: Callable[[Model], object],
        *,
        done_message,
        failed_message,
    ) -> int:
        """`done_message` is an ngettext_lazy with a `count` key; `failed_message` has `object` and `error`."""
        done, failures = 0, []
        for obj in queryset:
            try:
                call(obj)
            except (TransitionError, ValidationError, ObjectDoesNotExist) as exc:
                failures.append(failed_message % {"object": obj, "error": describe_failure(exc)})
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        for failure in failures[:MAX_FAILURE_MESSAGES]:
            self.message_user(request, failure, messages.ERROR)
        if len(failures) > MAX_FAILURE_MESSAGES:
            self.message_user(
                request,
                gettext("… and %(count)d more that could not be changed.")
                % {"count": len(failures) - MAX_FAILURE_MESSAGES},
                messages.ERROR,
            )
        return done

    def run_service_with_reason(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        call: Callable[[Model, str], object],
        *,
        action_name: str,
        title: str,
        intro: str,
        submit_label: str,
        done_message,
        failed_message,
    ):
        """Ask for a reason on an intermediate page, then run the service with it.

        The page posts back to the changelist with the same action and selection plus
        `post=yes`, the way Django's own delete confirmation does.
        """
        form = ReasonForm(request.POST if request.POST.get("post") else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            self.run_service(
                request,
                queryset,
                lambda obj: call(obj, reason),
                done_message=done_message,
                failed_message=failed_message,
            )
            return None  # back to the changelist
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "error_note": gettext("Please correct the error below."),
            "objects": list(queryset),
            "form": form,
            "media": self.media + form.media,
            "action_name": action_name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/reason_action.html", context)
