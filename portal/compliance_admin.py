"""The staff's city-wide compliance list and each company's compliance history, in the admin.

The list is the admin changelist of the `ComplianceMonitoring` proxy, on the annotated queryset
of `portal.compliance_monitoring.companies_with_compliance`: sorting, the light filter, search
by name or NIB and pagination all run in the database. A row's page is not a form but the
company's history: the year's figures per month, its sanction cases and steps, and its events.
Staff holding `employers.view_company` (every staff group) see it; nobody edits through it.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.admin import status_label, wita
from employers.models import Company, CompanyEvent, SanctionCase, SanctionCaseEvent
from employers.sanctions import company_sanction_cases, ladder_label
from portal.compliance import company_compliance
from portal.compliance_monitoring import LIGHT_CHOICES, companies_with_compliance, light_label, light_reasons


class LightFilter(admin.SimpleListFilter):
    title = _("traffic light")
    parameter_name = "light"

    def lookups(self, request, model_admin):
        return LIGHT_CHOICES

    def queryset(self, request, queryset):
        if self.value() in dict(LIGHT_CHOICES):
            return queryset.filter(light=self.value())
        return queryset


def light_html(value: str):
    return format_html('<span class="light light--{}">{}</span>', value, light_label(value))


def _share(percent, below, empty=None) -> str:
    if percent is None:
        return str(empty or gettext("no data"))
    text = f"{percent}%"
    return gettext("%(share)s (below the minimum)") % {"share": text} if below else text


class ComplianceMonitoringAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "nib",
        "light_display",
        "local_hires_display",
        "workforce_local_display",
        "disability_display",
        "outside_portal_display",
        "overdue_display",
        "plan_display",
        "open_cases_display",
    )
    list_display_links = ("name",)
    list_filter = (LightFilter, "ownership")
    search_fields = ("name", "^nib")
    search_help_text = _("Company name or NIB.")
    list_per_page = 50
    actions = None

    class Media:
        css = {"all": ("css/compliance-admin.css",)}

    def get_ordering(self, request):
        # Worst first; a method, as the system check only knows the model's fields, not annotations.
        return ("light_rank", "name")

    def get_queryset(self, request):
        # The admin orders by `ordering` (annotations) itself: annotate first, then order.
        queryset = companies_with_compliance(self.model._default_manager.get_queryset())
        return queryset.order_by(*self.get_ordering(request))

    # Staff roles: every group may look (employers.view_company), nobody writes here.
    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.has_perm("employers.view_company")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("light"), ordering="light_rank")
    def light_display(self, company):
        reasons = light_reasons(company)
        if not reasons:
            return light_html(company.light)
        return format_html("{}<br><small>{}</small>", light_html(company.light), "; ".join(reasons))

    @admin.display(description=_("local share of hires"), ordering="local_hire_percent")
    def local_hires_display(self, company):
        if not company.hires:
            return gettext("no verified hire")
        return (
            f"{_share(company.local_hire_percent, company.local_hires_below)} ({company.local_hires}/{company.hires})"
        )

    @admin.display(description=_("local share of the workforce"), ordering="workforce_local_percent")
    def workforce_local_display(self, company):
        if not company.workforce_reported:
            return gettext("not reported")
        return _share(company.workforce_local_percent, company.workforce_local_below)

    @admin.display(description=_("workers with disabilities"), ordering="workforce_disabled_percent")
    def disability_display(self, company):
        if not company.workforce_reported:
            return gettext("not reported")
        share = _share(company.workforce_disabled_percent, company.disability_below)
        return gettext("%(share)s of minimum %(minimum)s%%") % {
            "share": share,
            "minimum": company.disability_min_percent.normalize(),
        }

    @admin.display(description=_("hires without a vacancy"), ordering="outside_portal_hires")
    def outside_portal_display(self, company):
        return company.outside_portal_hires

    @admin.display(description=_("hire reports overdue"), ordering="overdue_reports")
    def overdue_display(self, company):
        return company.overdue_reports

    @admin.display(description=_("open sanction cases"), ordering="open_cases")
    def open_cases_display(self, company):
        return company.open_cases

    @admin.display(description=_("manpower plan"), ordering="plan_filed")
    def plan_display(self, company):
        return gettext("filed") if company.plan_filed else gettext("not filed")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The company's compliance history instead of a form."""
        company = self.get_object(request, object_id)
        if company is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, company):
            raise PermissionDenied
        compliance = company_compliance(company=company)
        cases = company_sanction_cases(company=company)
        for case in cases:
            for step in case.steps.all():
                step.label = ladder_label(step.kind)
        events = [
            {
                "at": event.created_at,
                "what": gettext("Company: %(status)s") % {"status": status_label(Company, event.to_status)},
                "event": event,
            }
            for event in CompanyEvent.objects.filter(company=company).select_related("actor")
        ]
        events += [
            {
                "at": event.created_at,
                "what": gettext("Case “%(case)s”: %(status)s")
                % {"case": event.case.get_finding_display(), "status": status_label(SanctionCase, event.to_status)},
                "event": event,
            }
            for event in SanctionCaseEvent.objects.filter(case__company=company).select_related("actor", "case")
        ]
        for case in cases:
            for step in case.steps.all():
                events.append(
                    {
                        "at": step.created_at,
                        "what": gettext("Letter %(number)s: %(step)s")
                        % {"number": step.letter_number, "step": step.label},
                        "event": None,
                    }
                )
                if step.responded_at:
                    events.append(
                        {
                            "at": step.responded_at,
                            "what": gettext("The company answered letter %(number)s") % {"number": step.letter_number},
                            "event": None,
                        }
                    )
        events.sort(key=lambda row: row["at"], reverse=True)
        for row in events:
            row["at_display"] = wita(row["at"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Compliance history: %(company)s") % {"company": company.name},
            "company": company,
            "figures": companies_with_compliance(type(company).objects.filter(pk=company.pk)).get(),
            "compliance": compliance,
            "cases": cases,
            "events": events,
            "add_case_url": reverse("admin:employers_sanctioncase_add") + f"?company={company.pk}",
            "company_url": reverse("admin:employers_company_change", args=[company.pk]),
            "list_url": reverse("admin:portal_compliancemonitoring_changelist"),
            "media": self.media,
        }
        context["figures"].light_html = light_html(context["figures"].light)
        context["figures"].reasons = light_reasons(context["figures"])
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/portal/compliance_history.html", context)
