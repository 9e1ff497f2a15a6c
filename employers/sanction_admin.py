"""Sanction cases in the admin: open a case, give the ladder's next step, close it; all through employers.sanctions.

The case's change page is read-only: its steps (inline, each with its letter) and its history,
with the buttons "Give the next step" (a small form: deadline, note) and "Close the case"
(a `Decision` with the required note). Who may do what is decided by the services' permission
checks: a petugas pressing "next step" beyond the verbal warning gets a 403.
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import (
    AuditHistoryMixin,
    Decision,
    DecisionsMixin,
    EventAdmin,
    EventInline,
    LocalDisplayMixin,
)
from bontang_aker.core.admin_lists import LargeListMixin
from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from employers import sanctions
from employers.models import SanctionCase, SanctionCaseEvent, SanctionStep


class SanctionCaseEventInline(EventInline):
    model = SanctionCaseEvent


class SanctionStepInline(LocalDisplayMixin, admin.TabularInline):
    model = SanctionStep
    fields = ("position", "kind", "issued_on", "deadline", "letter", "opened_by", "response", "responded_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("position",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("opened_by")

    @admin.display(description=_("letter"))
    def letter(self, step):
        return format_html('<a href="{}">{} (PDF)</a>', sanctions.staff_letter_url(step), step.letter_number)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SanctionCaseAddForm(forms.ModelForm):
    class Meta:
        model = SanctionCase
        fields = ("company", "finding", "description")

    def clean(self):
        cleaned = super().clean()
        company, finding = cleaned.get("company"), cleaned.get("finding")
        if (
            company
            and finding
            and SanctionCase.objects.filter(company=company, finding=finding, status=SanctionCase.Status.OPEN).exists()
        ):
            self.add_error(
                "finding", _("This company already has an open case for this finding: add a step to it instead.")
            )
        return cleaned


class NextStepForm(forms.Form):
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the ladder's default."),
    )
    note = forms.CharField(
        label=_("Note for the letter (optional)"),
        required=False,
        strip=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        widget=forms.Textarea(attrs={"rows": 4, "cols": 70}),
    )


class SanctionCaseAdmin(AuditHistoryMixin, LargeListMixin, DecisionsMixin, LocalDisplayMixin, admin.ModelAdmin):
    list_display = ("company", "finding", "status", "steps_given", "created_at", "closed_at")
    list_filter = ("status", "finding", "created_at")
    search_fields = ("company__name", "^company__nib", "description")
    search_help_text = _("Company name or NIB, or the description.")
    list_select_related = ("company",)
    autocomplete_fields = ("company",)
    ordering = ("-created_at", "-pk")
    readonly_fields = (
        "company",
        "finding",
        "description",
        "status",
        "opened_by",
        "created_at",
        "closed_at",
        "resolution",
    )
    inlines = (SanctionStepInline, SanctionCaseEventInline)
    change_form_template = "admin/employers/sanctioncase/change_form.html"
    decisions = (
        Decision(
            name="close",
            label=_("Close the case (resolved)"),
            target=SanctionCase.Status.CLOSED,
            permission="manage",
            needs_reason=True,
            service=lambda case, user, reason: sanctions.sanction_case_close(case_id=case.pk, by=user, note=reason),
            done_message=_("The case is closed."),
            intro=_("Say how the finding was resolved; the company sees it."),
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_steps=Count("steps"))

    @admin.display(description=_("steps given"), ordering="_steps")
    def steps_given(self, case):
        return case._steps

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = SanctionCaseAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return super().get_readonly_fields(request, obj)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("company", "finding", "description")
        return self.readonly_fields

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def has_manage_permission(self, request):
        return sanctions.can_manage_sanctions(request.user)

    def has_add_permission(self, request):
        return self.has_manage_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # read-only: changes are steps and the closing decision

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        case = sanctions.sanction_case_open(
            company_id=form.cleaned_data["company"].pk,
            finding=form.cleaned_data["finding"],
            description=form.cleaned_data["description"],
            by=request.user,
        )
        obj.pk = case.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # no inline is edited here

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(self.change_url(obj))

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        return [
            path(
                "<path:object_id>/next-step/",
                self.admin_site.admin_view(self.next_step_view),
                name="{}_{}_next_step".format(*info),
            ),
            path(
                "<path:object_id>/letter/<int:step_id>/",
                self.admin_site.admin_view(self.letter_view),
                name="{}_{}_letter".format(*info),
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            step = sanctions.next_step(obj) if obj.status == SanctionCase.Status.OPEN else None
            if step is not None and sanctions.can_open_step(request.user, step["position"]):
                context["next_step"] = {**step, "url": self._admin_url("next_step", obj.pk)}
            elif step is not None:
                context["next_step_refused"] = step
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def next_step_view(self, request, object_id):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        case = self.get_object(request, unquote(object_id))
        if case is None:
            raise Http404
        step = sanctions.next_step(case)
        change_url = self.change_url(case)
        if case.status != SanctionCase.Status.OPEN or step is None:
            self.message_user(request, gettext("This case takes no further step."), messages.ERROR)
            return HttpResponseRedirect(change_url)
        if not sanctions.can_open_step(request.user, step["position"]):
            raise PermissionDenied
        form = NextStepForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                given = sanctions.sanction_step_open(
                    case_id=case.pk,
                    by=request.user,
                    kind=step["code"],
                    deadline=form.cleaned_data["deadline"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
                    form.add_error(None, exc)
                else:
                    self.message_user(request, " ".join(exc.messages), messages.ERROR)
                    return HttpResponseRedirect(change_url)
            else:
                self.message_user(
                    request,
                    gettext("%(step)s given: letter %(number)s.")
                    % {"step": sanctions.ladder_label(given.kind), "number": given.letter_number},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(step["label"]),
            "subtitle": str(case),
            "original": case,
            "change_url": change_url,
            "form": form,
            "default_deadline": timezone.localdate() + datetime.timedelta(days=int(step["deadline_days"])),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/employers/sanctioncase/next_step.html", context)

    def letter_view(self, request, object_id, step_id):
        case = self.get_object(request, unquote(object_id))
        if case is None or not self.has_view_permission(request, case):
            raise Http404
        step = SanctionStep.objects.select_related("case__company").filter(pk=step_id, case=case).first()
        if step is None:
            raise Http404
        response = HttpResponse(sanctions.sanction_letter_pdf(step), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{sanctions.sanction_letter_filename(step)}"'
        return response


class SanctionStepAdmin(AuditHistoryMixin, LocalDisplayMixin, admin.ModelAdmin):
    """Every step given, for a look across cases (deadlines passing, letters unanswered); read-only."""

    list_display = ("letter_number", "case", "kind", "issued_on", "deadline", "responded_at")
    list_filter = ("kind", "deadline")
    search_fields = ("letter_number", "case__company__name", "^case__company__nib")
    list_select_related = ("case__company",)
    ordering = ("-issued_on", "-pk")
    fields = (
        "case",
        "position",
        "kind",
        "issued_on",
        "deadline",
        "letter_number",
        "note",
        "opened_by",
        "response",
        "responded_at",
        "responded_by",
    )
    readonly_fields = fields
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SanctionCaseEventAdmin(LargeListMixin, EventAdmin):
    parent_field = "case"
    parent_related = ("case__company",)
    search_fields = ("case__company__name", "note", "actor__email")
