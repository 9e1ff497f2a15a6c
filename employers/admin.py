"""Companies, members and vacancies in the admin; verification and moderation run through services."""

import datetime
import re

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import (
    AuditHistoryMixin,
    Decision,
    DecisionsMixin,
    EventAdmin,
    EventInline,
    KelurahanFilter,
    LocalDisplayMixin,
    QueueOrderingMixin,
    ServiceActionsMixin,
)
from bontang_aker.core.admin_lists import LargeListMixin
from bontang_aker.core.templatetags.portal import rupiah
from bontang_aker.reference.models import KbliCategory
from employers import services
from employers.decision_reasons import (
    COMPANY_REJECT_REASONS,
    COMPANY_SUSPEND_REASONS,
    VACANCY_REJECT_REASONS,
    VACANCY_REVISION_REJECT_REASONS,
)
from employers.models import (
    Company,
    CompanyEvent,
    CompanyInvitation,
    CompanyMember,
    ManpowerPlan,
    ManpowerPlanEvent,
    ManpowerPlanLine,
    SanctionCase,
    SanctionCaseEvent,
    SanctionStep,
    Vacancy,
    VacancyEvent,
    VacancyRevision,
    VacancyRevisionEvent,
)


class CompanyEventInline(EventInline):
    model = CompanyEvent


class CompanyMemberInline(LocalDisplayMixin, admin.TabularInline):
    model = CompanyMember
    fields = ("user", "is_company_admin", "position", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)
    extra = 0


class CompanyAdminForm(forms.ModelForm):
    """The admin builds the fields from the fieldsets; this adds the derived KBLI category."""

    def clean(self):
        cleaned = super().clean()
        kbli_code = cleaned.get("kbli_code")
        # Only a well-formed code has a category; the model's validator reports any other value.
        if kbli_code and "kbli_code" in self.changed_data and re.fullmatch(r"[0-9]{5}", kbli_code):
            # The category always follows the code, as it does when the company registers.
            category = KbliCategory.for_kbli_code(kbli_code)
            if category is None:
                self.add_error("kbli_code", _("This KBLI code is not in any KBLI 2020 category."))
            else:
                self.instance.kbli_category = category
        return cleaned


class ManpowerPlanFiledFilter(admin.SimpleListFilter):
    """Who has filed the manpower plan (a submitted version) for the current or the next year, and who has not."""

    title = _("manpower plan")
    parameter_name = "manpower_plan"

    def _years(self):
        year = timezone.localdate().year
        return (year, year + 1)

    def lookups(self, request, model_admin):
        choices = []
        for year in self._years():
            choices.append((f"{year}-filed", _("%(year)s: filed") % {"year": year}))
            choices.append((f"{year}-not-filed", _("%(year)s: not filed") % {"year": year}))
        return choices

    def queryset(self, request, queryset):
        value = self.value() or ""
        year, _sep, state = value.partition("-")
        if not year.isdigit() or int(year) not in self._years() or state not in {"filed", "not-filed"}:
            return queryset
        filed = Exists(
            ManpowerPlan.objects.filter(company=OuterRef("pk"), year=int(year), status=ManpowerPlan.Status.SUBMITTED)
        )
        return queryset.filter(filed) if state == "filed" else queryset.filter(~filed)


@admin.register(Company)
class CompanyAdmin(
    QueueOrderingMixin,
    AuditHistoryMixin,
    LargeListMixin,
    DecisionsMixin,
    LocalDisplayMixin,
    ServiceActionsMixin,
    admin.ModelAdmin,
):
    queue_ordering = {Company.Status.PENDING: ("created_at", "pk")}
    form = CompanyAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "name",
        "nib",
        "ownership",
        "kelurahan",
        "status",
        "workforce_local",
        "workforce_non_local",
        "verified_at",
        "created_at",
    )
    list_filter = (
        "status",
        "ownership",
        "legal_form",
        "kelurahan__kecamatan",
        ("kelurahan", KelurahanFilter),
        "kbli_category",
        ManpowerPlanFiledFilter,
        "verified_at",
        "created_at",
    )
    search_fields = ("name", "^nib", "^npwp", "email", "^kbli_code")
    search_help_text = _("Name, NIB, NPWP, email or KBLI code.")
    list_select_related = ("kelurahan__kecamatan",)
    autocomplete_fields = ("kelurahan", "main_contractor")
    date_hierarchy = "created_at"
    readonly_fields = ("kbli_category", "status", "verified_at", "created_at", "updated_at")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "legal_form",
                    "ownership",
                    "nib",
                    "npwp",
                    "kbli_code",
                    "kbli_category",
                    "other_kbli_codes",
                )
            },
        ),
        (
            _("Contact"),
            {
                "fields": (
                    "address",
                    "kelurahan",
                    "phone",
                    "email",
                    "website",
                    "contact_name",
                    "contact_position",
                    "main_contractor",
                )
            },
        ),
        (
            _("Workforce"),
            {"fields": ("workforce_local", "workforce_non_local", "workforce_disabled", "workforce_reported_at")},
        ),
        (_("Verification"), {"fields": ("status", "verified_at", "created_at", "updated_at")}),
    )
    inlines = (CompanyMemberInline, CompanyEventInline)
    actions = ("verify", "reject", "suspend")
    decisions = (
        Decision(
            name="verify",
            label=_("Verify"),
            target=Company.Status.VERIFIED,
            permission="verify",
            service=lambda company, user, note: services.company_verify(company_id=company.pk, by=user, note=note),
            done_message=_("The company is verified."),
            intro=_("Once verified, the company's members can send vacancies for review."),
        ),
        Decision(
            name="reject",
            label=_("Reject"),
            target=Company.Status.REJECTED,
            permission="verify",
            needs_reason=True,
            service=lambda company, user, reason: services.company_reject(
                company_id=company.pk, by=user, reason=reason
            ),
            done_message=_("The company is rejected; its members see the reason."),
            intro=_("Give the reason; the company will see it and can correct its registration."),
            reasons=COMPANY_REJECT_REASONS,
        ),
        Decision(
            name="suspend",
            label=_("Suspend (sanction)"),
            target=Company.Status.SUSPENDED,
            permission="sanction",
            needs_reason=True,
            service=lambda company, user, reason: services.company_suspend(
                company_id=company.pk, by=user, reason=reason
            ),
            done_message=_("The company is suspended."),
            intro=_("The company will be suspended as a sanction. Give the reason; it is kept in its history."),
            reasons=COMPANY_SUSPEND_REASONS,
        ),
    )

    def has_add_permission(self, request):
        # Companies register through the portal (`company_register`), which also makes the first member.
        return False

    def has_verify_permission(self, request):
        return request.user.has_perm("employers.verify_company")

    def has_sanction_permission(self, request):
        return request.user.has_perm("employers.impose_sanction")

    @admin.action(description=_("Verify selected companies"), permissions=["verify"])
    def verify(self, request, queryset):
        return self.run_service_confirmed(
            request,
            queryset,
            lambda company, note: self.run_decision(request, company, "verify", note),
            action_name="verify",
            title=gettext("Verify companies"),
            intro=gettext("These companies will be verified; their members can then send vacancies for review."),
            submit_label=gettext("Verify"),
            done_message=ngettext_lazy("%(count)d company verified.", "%(count)d companies verified.", "count"),
            failed_message=gettext("%(object)s was not verified: %(error)s"),
        )

    @admin.action(description=_("Reject selected companies…"), permissions=["verify"])
    def reject(self, request, queryset):
        return self.run_service_with_reason(
            request,
            queryset,
            lambda company, reason: self.run_decision(request, company, "reject", reason),
            action_name="reject",
            title=gettext("Reject companies"),
            intro=gettext("These companies will be rejected. Give the reason; the company will see it."),
            submit_label=gettext("Reject"),
            reasons=COMPANY_REJECT_REASONS,
            done_message=ngettext_lazy("%(count)d company rejected.", "%(count)d companies rejected.", "count"),
            failed_message=gettext("%(object)s was not rejected: %(error)s"),
        )

    @admin.action(description=_("Suspend selected companies (sanction)…"), permissions=["sanction"])
    def suspend(self, request, queryset):
        return self.run_service_with_reason(
            request,
            queryset,
            lambda company, reason: self.run_decision(request, company, "suspend", reason),
            action_name="suspend",
            title=gettext("Suspend companies"),
            intro=gettext(
                "These companies will be suspended as a sanction. Give the reason; it is kept in their history."
            ),
            submit_label=gettext("Suspend"),
            reasons=COMPANY_SUSPEND_REASONS,
            done_message=ngettext_lazy("%(count)d company suspended.", "%(count)d companies suspended.", "count"),
            failed_message=gettext("%(object)s was not suspended: %(error)s"),
        )


@admin.register(CompanyMember)
class CompanyMemberAdmin(AuditHistoryMixin, LocalDisplayMixin, admin.ModelAdmin):
    list_display = ("user", "company", "is_company_admin", "position", "created_at")
    list_filter = ("is_company_admin", "company__status", "created_at")
    search_fields = ("user__email", "user__full_name", "company__name", "^company__nib")
    list_select_related = ("user", "company")
    autocomplete_fields = ("user", "company")
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "created_at"


@admin.register(CompanyInvitation)
class CompanyInvitationAdmin(AuditHistoryMixin, LocalDisplayMixin, admin.ModelAdmin):
    """Read-only: invitations are made, resent and cancelled by company admins on their members page."""

    list_display = ("email", "company", "invited_by", "created_at", "sent_at", "accepted_at", "cancelled_at")
    list_filter = ("created_at", "accepted_at", "cancelled_at")
    search_fields = ("email", "company__name", "^company__nib")
    list_select_related = ("company", "invited_by")
    readonly_fields = (
        "company",
        "email",
        "invited_by",
        "created_at",
        "sent_at",
        "accepted_at",
        "accepted_by",
        "cancelled_at",
    )
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VacancyEventInline(EventInline):
    model = VacancyEvent


@admin.register(Vacancy)
class VacancyAdmin(
    QueueOrderingMixin,
    AuditHistoryMixin,
    LargeListMixin,
    DecisionsMixin,
    LocalDisplayMixin,
    ServiceActionsMixin,
    admin.ModelAdmin,
):
    queue_ordering = {Vacancy.Status.IN_REVIEW: ("submitted_at", "pk")}
    digit_search_fields = ("company__nib",)
    list_display = (
        "title",
        "company",
        "openings",
        "employment_type",
        "status",
        "open_date",
        "close_date",
        "published_at",
        "work_kelurahan",
        "duplicate_of",
    )
    list_filter = (
        "status",
        ("duplicate_of", admin.EmptyFieldListFilter),
        "employment_type",
        "sex_requirement",
        "company__ownership",
        "work_kelurahan__kecamatan",
        "min_education",
        "open_date",
        "close_date",
        "published_at",
    )
    search_fields = ("title", "company__name", "^company__nib", "work_location", "majors")
    search_help_text = _("Job title, company name or NIB, work location or field of study.")
    list_select_related = ("company", "work_kelurahan__kecamatan")
    autocomplete_fields = ("company", "occupation", "work_kelurahan", "skills")
    # Newest first by the primary key's index; no date_hierarchy: its DISTINCT dates query reads the whole table.
    ordering = ("-pk",)
    readonly_fields = (
        "status",
        "duplicate_of",
        "extended_at",
        "still_open_asked_at",
        "confirmed_open_at",
        "submitted_at",
        "published_at",
        "closed_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("company", "title", "occupation", "employment_type", "description")}),
        (
            _("Openings and dates"),
            {"fields": ("openings", "openings_male", "openings_female", "open_date", "close_date")},
        ),
        (
            _("Requirements"),
            {
                "fields": (
                    "age_min",
                    "age_max",
                    "sex_requirement",
                    "sex_justification",
                    "min_education",
                    "majors",
                    "skills",
                    "competencies",
                    "experience_years_min",
                )
            },
        ),
        (
            _("Wage and place"),
            {"fields": ("wage_min", "wage_max", "wage_period", "work_kelurahan", "work_location", "other_information")},
        ),
        (
            _("Review"),
            {
                "fields": (
                    "status",
                    "duplicate_of",
                    "extended_at",
                    "still_open_asked_at",
                    "confirmed_open_at",
                    "submitted_at",
                    "published_at",
                    "closed_at",
                    "created_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    inlines = (VacancyEventInline,)
    actions = ("publish", "reject")
    rupiah_fields = ("wage_min", "wage_max")
    # Adds the "best candidates" link (matching's admin page) for those allowed to see matches.
    change_form_template = "admin/employers/vacancy/change_form.html"
    decisions = (
        Decision(
            name="publish",
            label=_("Publish"),
            target=Vacancy.Status.PUBLISHED,
            permission="moderate",
            service=lambda vacancy, user, note: services.vacancy_publish(vacancy_id=vacancy.pk, by=user, note=note),
            done_message=_("The vacancy is published."),
            intro=_("The vacancy will be listed on the portal and open for applications."),
        ),
        Decision(
            name="reject",
            label=_("Reject"),
            target=Vacancy.Status.REJECTED,
            permission="moderate",
            needs_reason=True,
            service=lambda vacancy, user, reason: services.vacancy_reject(
                vacancy_id=vacancy.pk, by=user, reason=reason
            ),
            done_message=_("The vacancy is returned to the employer with the reason."),
            intro=_("Give the reason; the employer will see it and can correct the vacancy."),
            reasons=VACANCY_REJECT_REASONS,
        ),
    )

    def has_add_permission(self, request):
        # Employers report vacancies through the portal (`vacancy_create`), which records the first event.
        return False

    def has_moderate_permission(self, request):
        return request.user.has_perm("employers.moderate_vacancy")

    @admin.action(description=_("Publish selected vacancies"), permissions=["moderate"])
    def publish(self, request, queryset):
        return self.run_service_confirmed(
            request,
            queryset.select_related("company"),
            lambda vacancy, note: self.run_decision(request, vacancy, "publish", note),
            action_name="publish",
            title=gettext("Publish vacancies"),
            intro=gettext("These vacancies will be listed on the portal and open for applications."),
            submit_label=gettext("Publish"),
            done_message=ngettext_lazy("%(count)d vacancy published.", "%(count)d vacancies published.", "count"),
            failed_message=gettext("%(object)s was not published: %(error)s"),
        )

    @admin.action(description=_("Reject selected vacancies…"), permissions=["moderate"])
    def reject(self, request, queryset):
        return self.run_service_with_reason(
            request,
            queryset.select_related("company"),
            lambda vacancy, reason: self.run_decision(request, vacancy, "reject", reason),
            action_name="reject",
            title=gettext("Reject vacancies"),
            intro=gettext("These vacancies will be returned as rejected. Give the reason; the employer will see it."),
            submit_label=gettext("Reject"),
            reasons=VACANCY_REJECT_REASONS,
            done_message=ngettext_lazy("%(count)d vacancy rejected.", "%(count)d vacancies rejected.", "count"),
            failed_message=gettext("%(object)s was not rejected: %(error)s"),
        )


@admin.register(CompanyEvent)
class CompanyEventAdmin(LargeListMixin, EventAdmin):
    digit_search_fields = ("company__nib",)
    parent_field = "company"
    search_fields = ("company__name", "^company__nib", "note", "actor__email")


@admin.register(VacancyEvent)
class VacancyEventAdmin(LargeListMixin, EventAdmin):
    parent_field = "vacancy"
    parent_related = ("vacancy__company",)
    search_fields = ("vacancy__title", "vacancy__company__name", "note", "actor__email")


def _revision_value_display(name: str, value) -> str:
    """A stored (JSON) value of a vacancy field in words, for the before → after table."""
    if value is None or value == "":
        return "—"
    if name == "skills":
        from bontang_aker.reference.models import Skill

        return ", ".join(str(skill) for skill in Skill.objects.filter(pk__in=value).order_by("name")) or "—"
    field = Vacancy._meta.get_field(name)
    if field.is_relation:
        return str(field.related_model.objects.filter(pk=value).first() or value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if name in ("wage_min", "wage_max"):
        return rupiah(value)
    if isinstance(field, models.DateField):
        try:
            return date_format(datetime.date.fromisoformat(value), "j F Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def revision_diff(revision: VacancyRevision) -> list[dict]:
    """The changed fields of a revision: label, value before, proposed value."""
    rows = []
    for name, after in revision.data.items():
        label = Vacancy._meta.get_field(name).verbose_name
        rows.append(
            {
                "name": name,
                "label": label,
                "before": _revision_value_display(name, revision.previous.get(name)),
                "after": _revision_value_display(name, after),
            }
        )
    return rows


class VacancyRevisionEventInline(EventInline):
    model = VacancyRevisionEvent


@admin.register(VacancyRevision)
class VacancyRevisionAdmin(AuditHistoryMixin, DecisionsMixin, LocalDisplayMixin, admin.ModelAdmin):
    """The queue of changes to published vacancies (oldest first) and the versions they became."""

    change_form_template = "admin/employers/vacancyrevision/change_form.html"
    list_display = ("vacancy", "number", "status", "created_at", "created_by", "decided_at")
    list_filter = ("status", "created_at")
    search_fields = ("vacancy__title", "vacancy__company__name")
    list_select_related = ("vacancy__company", "created_by")
    ordering = ("created_at", "pk")
    fields = ("vacancy", "number", "status", "reason", "created_by", "created_at", "decided_by", "decided_at")
    readonly_fields = fields
    inlines = (VacancyRevisionEventInline,)
    actions = None
    decisions = (
        Decision(
            name="approve",
            label=_("Approve the change"),
            target=VacancyRevision.Status.APPROVED,
            permission="moderate",
            service=lambda revision, user, note: services.vacancy_revision_approve(
                revision_id=revision.pk, by=user, note=note
            ),
            done_message=_("The change is approved: the vacancy shows the new values."),
            intro=_("The new values replace the old ones on the public vacancy."),
        ),
        Decision(
            name="reject",
            label=_("Reject the change"),
            target=VacancyRevision.Status.REJECTED,
            permission="moderate",
            needs_reason=True,
            service=lambda revision, user, reason: services.vacancy_revision_reject(
                revision_id=revision.pk, by=user, reason=reason
            ),
            done_message=_("The change is rejected: the vacancy keeps its values. The employer sees the reason."),
            intro=_("Give the reason; the employer will see it. The vacancy keeps its current values."),
            reasons=VACANCY_REVISION_REJECT_REASONS,
        ),
    )

    def has_add_permission(self, request):
        return False  # employers propose changes through the portal (`vacancy_revise`)

    def has_view_permission(self, request, obj=None):
        # Whoever may see vacancies sees the changes to them (no extra role permission to keep in sync).
        return request.user.has_perm("employers.view_vacancy") or super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return False  # decided through the buttons only

    def has_delete_permission(self, request, obj=None):
        return False  # every version is kept

    def has_moderate_permission(self, request):
        return request.user.has_perm("employers.moderate_vacancy")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["revision_diff"] = revision_diff(obj)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


@admin.register(VacancyRevisionEvent)
class VacancyRevisionEventAdmin(LargeListMixin, EventAdmin):
    parent_field = "revision"
    parent_related = ("revision__vacancy",)
    search_fields = ("revision__vacancy__title", "note", "actor__email")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("employers.view_vacancy") or super().has_view_permission(request, obj)


class ManpowerPlanEventInline(EventInline):
    model = ManpowerPlanEvent


class ManpowerPlanLineInline(admin.TabularInline):
    """A draft's needs can be corrected here; a submitted or superseded version is read-only."""

    model = ManpowerPlanLine
    fields = ("quarter", "occupation", "count", "expectation", "non_local_reason")
    autocomplete_fields = ("occupation",)
    extra = 0

    def _editable(self, obj) -> bool:
        return obj is not None and obj.status == ManpowerPlan.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ManpowerPlan)
class ManpowerPlanAdmin(AuditHistoryMixin, LocalDisplayMixin, admin.ModelAdmin):
    """Plans are filed and submitted by companies (employers.manpower_plans); staff read them here."""

    list_display = ("company", "year", "version", "status", "submitted_at", "submitted_by")
    list_filter = ("year", "status")
    search_fields = ("company__name", "^company__nib")
    list_select_related = ("company", "submitted_by")
    readonly_fields = (
        "company",
        "year",
        "version",
        "status",
        "submitted_at",
        "submitted_by",
        "note",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = (ManpowerPlanLineInline, ManpowerPlanEventInline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status != ManpowerPlan.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a filed plan is a record for Disnaker; versions are kept

    def has_view_permission(self, request, obj=None):
        # Staff who see companies see who has filed: no separate grant per role.
        return request.user.has_perm("employers.view_company") or super().has_view_permission(request, obj)


@admin.register(ManpowerPlanLine)
class ManpowerPlanLineAdmin(AuditHistoryMixin, LocalDisplayMixin, admin.ModelAdmin):
    """Every plan's needs, across companies (e.g. the non-local ones and their reasons); read-only."""

    list_display = ("plan", "quarter", "occupation", "count", "expectation", "non_local_reason")
    list_filter = ("expectation", "quarter", "plan__year", "plan__status")
    search_fields = ("plan__company__name", "^plan__company__nib", "occupation__name", "non_local_reason")
    list_select_related = ("plan__company", "occupation")
    readonly_fields = ("plan", "occupation", "count", "quarter", "expectation", "non_local_reason")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("employers.view_company") or super().has_view_permission(request, obj)


@admin.register(ManpowerPlanEvent)
class ManpowerPlanEventAdmin(LargeListMixin, EventAdmin):
    parent_field = "plan"
    parent_related = ("plan__company",)
    search_fields = ("plan__company__name", "note", "actor__email")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("employers.view_company") or super().has_view_permission(request, obj)


# Sanction cases (employers.sanctions) ---------------------------------------------------------
from employers.sanction_admin import (  # noqa: E402  (kept apart: the ladder's admin is long)
    SanctionCaseAdmin,
    SanctionCaseEventAdmin,
    SanctionStepAdmin,
)

admin.site.register(SanctionCase, SanctionCaseAdmin)
admin.site.register(SanctionCaseEvent, SanctionCaseEventAdmin)
admin.site.register(SanctionStep, SanctionStepAdmin)
