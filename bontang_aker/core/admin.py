"""Pieces every app's admin shares: read-only audit trails and actions that call services.

Status never changes through a form field in the admin. It changes only through actions and
the decision buttons of change pages, and both call the app's service, so the admin follows
the same transition table, writes the same event rows and sends the same notices as the portal.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.reasons import OTHER_REASON, Reason, reason_compose
from bontang_aker.core.templatetags.portal import rupiah
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
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


# What the admin shows for an empty value (its own default `empty_value_display`).
EMPTY_DISPLAY = "-"


def wita(value: datetime.datetime | None) -> str:
    """A moment in the current time zone (TIME_ZONE, Asia/Makassar), naming it: "3 Mar 2025, 9.05 WITA".

    Django already converts to local time; the zone is spelled out so no reader has to guess.
    """
    if value is None:
        return EMPTY_DISPLAY
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    shown = formats.date_format(local, "DATETIME_FORMAT")
    zone = local.tzname()
    return f"{shown} {zone}" if zone else shown


def rupiah_or_empty(value) -> str:
    return rupiah(value) or EMPTY_DISPLAY


@cache
def field_display(model: type[Model], name: str, formatter: Callable[[Any], str]) -> Callable[[Model], str]:
    """An admin display of `model.name` through `formatter`, standing in for the plain field.

    It keeps the field's name (so the admin's CSS classes and ordering stay the same) and its
    label. Cached, so each list of fields holds the very same callable the admin looks up.
    """
    field = model._meta.get_field(name)

    def display(obj):
        return formatter(getattr(obj, name))

    display.__name__ = name
    display.__qualname__ = f"{model.__name__}.{name}"
    display.short_description = field.verbose_name
    display.admin_order_field = name
    return display


class LocalDisplayMixin:
    """Date-times in WITA and money in rupiah wherever the admin shows (rather than edits) them.

    For a ModelAdmin or an inline: each DateTimeField named in `list_display` or among the
    read-only fields, and each field in `rupiah_fields`, is swapped for `field_display`. Fields
    the user may edit stay inputs; on a view-only change page every field is swapped.
    """

    rupiah_fields: tuple[str, ...] = ()

    def display_for(self, name) -> Callable[[Model], str] | None:
        if not isinstance(name, str):
            return None
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if name in self.rupiah_fields:
            return field_display(self.model, name, rupiah_or_empty)
        if isinstance(field, models.DateTimeField):
            return field_display(self.model, name, wita)
        return None

    def local_display(self, names) -> tuple:
        return tuple(self.display_for(name) or name for name in names)

    def get_list_display(self, request):
        return self.local_display(super().get_list_display(request))

    def get_readonly_fields(self, request, obj=None):
        return self.local_display(super().get_readonly_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        shown = set(self.get_readonly_fields(request, obj))
        # A view-only ModelAdmin page shows every field read-only (inline formsets don't do that).
        view_only = (
            not isinstance(self, InlineModelAdmin) and obj is not None and not self.has_change_permission(request, obj)
        )

        def swap(name):
            if isinstance(name, (list, tuple)):  # fields shown on one line
                return tuple(swap(item) for item in name)
            display = self.display_for(name)
            return display if display is not None and (view_only or display in shown) else name

        return [(title, {**options, "fields": swap(options["fields"])}) for title, options in fieldsets]


class EventInline(LocalDisplayMixin, admin.TabularInline):
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


class EventAdmin(LocalDisplayMixin, admin.ModelAdmin):
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
        return self.local_display((self.parent_field, *EVENT_FIELDS))

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


class QueueOrderingMixin:
    """Filtered to a work queue's status (the staff dashboard links there), a list shows the record
    waiting longest first, unless staff sort by a column themselves.

    `queue_ordering` maps a status value to the ordering, e.g. {"requested": ("requested_at", "pk")}.
    """

    queue_ordering: dict[str, tuple[str, ...]] = {}

    def get_ordering(self, request):
        status = request.GET.get("status__exact")
        if status in self.queue_ordering and ORDER_VAR not in request.GET:
            return self.queue_ordering[status]
        return super().get_ordering(request)


class KelurahanFilter(admin.RelatedFieldListFilter):
    """The kelurahan filter, loading each kelurahan's kecamatan (its label) in the same query."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin) or ("kecamatan__code", "code")
        kelurahan = field.related_model._default_manager.select_related("kecamatan").order_by(*ordering)
        return [(row.pk, str(row)) for row in kelurahan]


class ReasonForm(forms.Form):
    """The reason for a decision the other side is told about: picked from a list, plus free text.

    Without a list (`reasons=()`), the free text is the reason and is required. With one, staff
    pick a reason and may explain further; without one from the list ("Other reason", or none
    picked) the explanation is the reason and is required. `cleaned_data["reason"]` is what is
    recorded: the chosen reason's label (in the portal's language, as the company or the
    jobseeker reads it), a full stop, and the explanation.
    """

    # "reason-list" (static/css/staff-admin.css) lets each reason take the row's width, not the label column's.
    reason_choice = forms.ChoiceField(
        label=_("Reason"), widget=forms.RadioSelect(attrs={"class": "reason-list"}), required=False
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        help_text=_("Recorded in the status history and shown to the people concerned."),
        strip=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
    )

    def __init__(self, *args, reasons: tuple[Reason, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = dict(reasons)
        if not reasons:
            del self.fields["reason_choice"]
            return
        self.fields["reason_choice"].choices = [*reasons, (OTHER_REASON, _("Other reason (write it below)"))]
        explanation = self.fields["reason"]
        explanation.required = False
        explanation.label = _("Explanation")
        explanation.help_text = _(
            "Optional with a reason from the list, required otherwise. The reason and this "
            "explanation are recorded in the status history and shown to the people concerned."
        )

    def clean(self):
        cleaned = super().clean()
        if not self.reasons or self.errors:
            return cleaned
        try:
            cleaned["reason"] = reason_compose(
                reasons=tuple(self.reasons.items()), code=cleaned.get("reason_choice"), text=cleaned.get("reason", "")
            )
        except ValidationError as error:
            for key, messages_ in error.message_dict.items():
                self.add_error("reason_choice" if key == "code" else "reason", messages_)
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text=_("Recorded in the status history."),
        required=False,
        strip=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
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
        reasons: tuple[Reason, ...] = (),
    ):
        """Ask for a reason (from `reasons`, plus free text) on an intermediate page, then run the service with it."""
        return self._run_service_after_form(
            request,
            queryset,
            lambda data: ReasonForm(data, reasons=reasons),
            lambda obj, form: call(obj, form.cleaned_data["reason"]),
            action_name=action_name,
            title=title,
            intro=intro,
            submit_label=submit_label,
            done_message=done_message,
            failed_message=failed_message,
        )

    def run_service_confirmed(
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
        """Show what is selected and ask to confirm (with an optional note), then run the service."""
        return self._run_service_after_form(
            request,
            queryset,
            NoteForm,
            lambda obj, form: call(obj, form.cleaned_data["note"]),
            action_name=action_name,
            title=title,
            intro=intro,
            submit_label=submit_label,
            done_message=done_message,
            failed_message=failed_message,
        )

    def _run_service_after_form(
        self,
        request,
        queryset,
        make_form,
        call,
        *,
        action_name,
        title,
        intro,
        submit_label,
        done_message,
        failed_message,
    ):
        """The page lists the selection and posts back to the changelist with the same action and
        selection plus `post=yes`, the way Django's own delete confirmation does. A selection larger
        than `settings.ADMIN_BULK_ACTION_MAX` is refused before anything changes: decisions people are
        told about are not taken by the thousand from a "select all".
        """
        selected = queryset.count()
        if selected > settings.ADMIN_BULK_ACTION_MAX:
            self.message_user(
                request,
                gettext(
                    "%(count)d records are selected; one action changes at most %(max)d. "
                    "Narrow the list with the filters or the search, then select again. Nothing was changed."
                )
                % {"count": selected, "max": settings.ADMIN_BULK_ACTION_MAX},
                messages.ERROR,
            )
            return None
        form = make_form(request.POST if request.POST.get("post") else None)
        if form.is_valid():
            self.run_service(
                request,
                queryset,
                lambda obj: call(obj, form),
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


@dataclass(frozen=True)
class Decision:
    """One decision staff take on a change page, such as verifying or rejecting a company.

    `service(obj, user, text)` calls the app's service, the one the API calls too, with the
    reason (`needs_reason`: the other side is told why, so it is required) or the optional
    note. `permission` names the ModelAdmin's `has_<permission>_permission` method, the way
    admin actions' `permissions` do. The decision is offered only while `obj.can_become(target)`.
    """

    name: str
    label: str
    target: str
    permission: str
    service: Callable[[Model, Any, str], object]
    done_message: str
    needs_reason: bool = False
    intro: str = ""
    # The usual reasons, offered in a list on the reason page (ReasonForm); free text is always possible.
    reasons: tuple[Reason, ...] = ()


class DecisionsMixin:
    """Decision buttons on a ModelAdmin's change page, each running its service (see `Decision`).

    A button posts to `<object_id>/decide/<name>/`; a decision that needs a reason, or a note
    someone wants to add, first shows a form at the same URL. The view checks the permission
    (403) and the status (an error message) again, so a crafted POST changes nothing. Plain
    forms and links only: the page works without JavaScript, under a strict CSP.
    """

    decisions: tuple[Decision, ...] = ()
    change_form_template = "admin/decisions_change_form.html"

    def get_decision(self, name: str) -> Decision | None:
        return next((decision for decision in self.decisions if decision.name == name), None)

    def has_decision_permission(self, request: HttpRequest, decision: Decision) -> bool:
        return getattr(self, f"has_{decision.permission}_permission")(request)

    def available_decisions(self, request: HttpRequest, obj: Model) -> list[Decision]:
        return [
            decision
            for decision in self.decisions
            if obj.can_become(decision.target) and self.has_decision_permission(request, decision)
        ]

    def run_decision(self, request: HttpRequest, obj: Model, name: str, text: str = ""):
        """Call decision `name`'s service: what its button does, and what the bulk action does per object."""
        return self.get_decision(name).service(obj, request.user, text)

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/<slug:name>/",
            self.admin_site.admin_view(self.decision_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_decide",
        )
        return [decide, *super().get_urls()]

    def _admin_url(self, view: str, *args) -> str:
        name = f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}"
        return reverse(name, args=args, current_app=self.admin_site.name)

    def decision_url(self, obj: Model, decision: Decision) -> str:
        return self._admin_url("decide", quote(obj.pk), decision.name)

    def change_url(self, obj: Model) -> str:
        return self._admin_url("change", quote(obj.pk))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and change and not context.get("is_popup"):
            context["decisions"] = [
                (decision, self.decision_url(obj, decision)) for decision in self.available_decisions(request, obj)
            ]
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def get_decision_form(self, decision: Decision, data=None) -> forms.Form:
        """The reason (or optional note) form of a decision; a ModelAdmin may ask for more."""
        if decision.needs_reason:
            return ReasonForm(data, reasons=decision.reasons)
        return NoteForm(data)

    def run_decision_form(self, request: HttpRequest, obj: Model, decision: Decision, form: forms.Form):
        """Call the decision's service with what `get_decision_form`'s form cleaned."""
        return decision.service(obj, request.user, form.cleaned_data["reason" if decision.needs_reason else "note"])

    def decision_refused(self, request: HttpRequest, obj: Model, exc: Exception) -> None:
        self.message_user(
            request,
            gettext("%(object)s was not changed: %(error)s") % {"object": obj, "error": describe_failure(exc)},
            messages.ERROR,
        )

    def decision_view(self, request: HttpRequest, object_id: str, name: str):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        decision = self.get_decision(name)
        if decision is None:
            raise Http404(gettext("There is no such decision."))
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_view_or_change_permission(request, obj) and self.has_decision_permission(request, decision)):
            raise PermissionDenied
        change_url = self.change_url(obj)
        if not obj.can_become(decision.target):
            self.decision_refused(request, obj, TransitionError(obj, decision.target))
            return HttpResponseRedirect(change_url)

        form = self.get_decision_form(decision, request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                self.run_decision_form(request, obj, decision, form)
            except ValidationError as exc:
                if not (hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields)):
                    self.decision_refused(request, obj, exc)
                    return HttpResponseRedirect(change_url)
                form.add_error(None, exc)  # about the reason itself: keep what was typed and say why
            except (TransitionError, ObjectDoesNotExist) as exc:  # changed or deleted meanwhile
                self.decision_refused(request, obj, exc)
                return HttpResponseRedirect(change_url)
            else:
                self.message_user(request, decision.done_message, messages.SUCCESS)
                return HttpResponseRedirect(change_url)

        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": decision.label,
            "subtitle": str(obj),
            "original": obj,
            "decision": decision,
            "intro": decision.intro,
            "change_url": change_url,
            "form": form,
            "error_note": gettext("Please correct the error below."),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/decision_confirm.html", context)


# The audit trail (django-auditlog) on change pages and as a searchable list --------------------------

# A change page shows this many of the latest entries; the full list is in the audit log.
AUDIT_HISTORY_ROWS = 50


def audit_change_rows(entry) -> list[tuple[str, str, str]]:
    """(field, before, after) for each field one log entry changed, with labels staff read."""
    model = entry.content_type.model_class()
    try:
        shown = entry.changes_display_dict
    except (LookupError, ValueError, TypeError):  # a model or field that no longer exists
        shown = {}
    rows = []
    for name, values in (entry.changes_dict or {}).items():
        try:
            label = getattr(model._meta.get_field(name), "verbose_name", name) if model else name
        except FieldDoesNotExist:
            label = name
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
            objects = ", ".join(str(item) for item in values.get("objects", []))
            if values.get("operation") == "delete":
                rows.append((str(label), objects, EMPTY_DISPLAY))
            else:
                rows.append((str(label), EMPTY_DISPLAY, objects))
            continue
        before, after = (list(shown.get(label, values)) + [None, None])[:2]
        rows.append((str(label), _audit_value(before), _audit_value(after)))
    return rows


def _audit_value(value) -> str:
    return EMPTY_DISPLAY if value in (None, "None", "") else str(value)


def audit_actor_label(entry) -> str:
    if entry.actor_id:
        return str(entry.actor.email)
    return entry.actor_email or gettext("system")


class AuditHistoryMixin:
    """A ModelAdmin's change page ends with the object's audit trail: who, when, what, before → after.

    Whoever may view the object sees its history; the list of every entry (`LogEntry` in the
    admin) needs `auditlog.view_logentry`. Put it first among the bases.
    """

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        return (*readonly, "audit_history") if obj is not None else readonly

    def get_fieldsets(self, request, obj=None):
        # Without declared fieldsets the read-only fields are listed in the first one: take it out there.
        fieldsets = [
            (title, {**options, "fields": [name for name in options["fields"] if name != "audit_history"]})
            for title, options in super().get_fieldsets(request, obj)
        ]
        if obj is None or "audit_history" not in self.get_readonly_fields(request, obj):
            return fieldsets  # an add page, or an admin whose read-only fields leave the section out
        # Kept on this request's own instance: the ModelAdmin is shared by every thread.
        obj._audit_can_open_log = request.user.has_perm("auditlog.view_logentry")
        return [
            *fieldsets,
            (_("Change history (audit trail)"), {"fields": ["audit_history"], "classes": ["audit-history"]}),
        ]

    @admin.display(description=_("changes"))
    def audit_history(self, obj: Model) -> str:
        return self.audit_history_html(obj, link_to_log=getattr(obj, "_audit_can_open_log", False))

    def audit_history_html(self, obj: Model, *, link_to_log: bool = False) -> str:
        from auditlog.models import LogEntry

        entries = list(
            LogEntry.objects.get_for_object(obj)
            .select_related("actor", "content_type")
            .order_by("-timestamp", "-pk")[: AUDIT_HISTORY_ROWS + 1]
        )
        full_list_url = ""
        if link_to_log and entries:
            full_list_url = (
                reverse("admin:auditlog_logentry_changelist")
                + "?"
                + urlencode({"resource_type": entries[0].content_type_id, "object_id": obj.pk})
            )
        rows = [
            {
                "when": wita(entry.timestamp),
                "actor": audit_actor_label(entry),
                "action": entry.get_action_display(),
                "changes": audit_change_rows(entry),
                "remote_addr": entry.remote_addr or "",
            }
            for entry in entries[:AUDIT_HISTORY_ROWS]
        ]
        return render_to_string(
            "admin/audit_history.html",
            {"rows": rows, "more": len(entries) > AUDIT_HISTORY_ROWS, "full_list_url": full_list_url},
        )


class AuditModelFilter(admin.SimpleListFilter):
    """Filter the audit log by kind of record, listing the registered models.

    Built from the registry rather than the log's distinct content types, which would scan it.
    """

    title = _("kind of record")
    parameter_name = "resource_type"

    def lookups(self, request, model_admin):
        from auditlog.registry import auditlog
        from django.contrib.contenttypes.models import ContentType

        models_ = sorted(auditlog.get_models(), key=lambda model: str(model._meta.verbose_name))
        types = ContentType.objects.get_for_models(*models_)
        return [
            (types[model].pk, f"{model._meta.app_config.verbose_name}: {model._meta.verbose_name}") for model in models_
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        # No id is 0: an empty list (not .none(), which the estimated count cannot plan).
        return queryset.filter(content_type_id=value if value.isdigit() else 0)


class AuditActorFilter(admin.SimpleListFilter):
    """Filter the audit log by the staff member who acted, or by "system" (no actor)."""

    title = _("actor")
    parameter_name = "actor"
    SYSTEM = "system"

    def lookups(self, request, model_admin):
        from django.contrib.auth import get_user_model

        # Staff only: listing every jobseeker's account would not fit a filter.
        staff = get_user_model()._default_manager.filter(is_staff=True).order_by("email")
        return [(self.SYSTEM, gettext("System (no one logged in)")), *((user.pk, user.email) for user in staff)]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if value == self.SYSTEM:
            return queryset.filter(actor__isnull=True)
        return queryset.filter(actor_id=value if value.isdigit() else 0)


def register_audit_log_admin(site: admin.AdminSite = admin.site) -> None:
    """The audit log in the admin: auditlog's own LogEntryAdmin, made fit for a table of millions."""
    from auditlog.admin import LogEntryAdmin
    from auditlog.models import LogEntry

    from bontang_aker.core.admin_lists import LargeListMixin

    class AuditLogEntryAdmin(LargeListMixin, LogEntryAdmin):
        """Searchable by staff with `auditlog.view_logentry` (kepala_bidang); read-only for everyone."""

        list_display = ("timestamp_wita", "resource_url", "action", "msg_short", "user_url")
        list_select_related = ("content_type", "actor")
        list_filter = ("action", AuditModelFilter, AuditActorFilter, "timestamp")
        # The record's name and the actor's e-mail; not the changes (JSON) nor the date as text.
        search_fields = ("object_repr", "actor_email", "actor__email")
        search_help_text = _("The record's name, or the e-mail address of whoever changed it.")
        # No date_hierarchy: its DISTINCT dates query reads the whole log; the date filter uses the index.
        date_hierarchy = None
        ordering = ("-timestamp", "-pk")
        readonly_fields = ("timestamp_wita", "resource_url", "action", "user_url", "remote_addr", "msg")
        fieldsets = [
            (None, {"fields": ["timestamp_wita", "user_url", "remote_addr", "resource_url"]}),
            (_("Changes"), {"fields": ["action", "msg"]}),
        ]

        @admin.display(description=_("when"), ordering="timestamp")
        def timestamp_wita(self, entry):
            return wita(entry.timestamp)

    if site.is_registered(LogEntry):
        site.unregister(LogEntry)
    site.register(LogEntry, AuditLogEntryAdmin)


register_audit_log_admin()
