"""The company's manpower plan pages (RKTK): the years with their state, and one year's plan.

Every member sees the plans; only company admins change them (others get 403). Another
company's plan or line is a 404, as if missing. Every change is a POST to a service of
`employers.manpower_plans`; a refused change shows its message and keeps what was typed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bontang_aker.core.forms import add_service_errors
from bontang_aker.core.workflow import TransitionError
from employers import manpower_plans as plans
from employers.models import ManpowerPlan, ManpowerPlanLine
from employers.permissions import can_manage_company
from employers.plan_forms import PlanAmendForm, PlanCreateForm, PlanLineForm
from employers.views import CompanyMemberMixin


def _admin_required(request, company) -> None:
    if not can_manage_company(request.user, company):
        raise PermissionDenied(_("Only an administrator of the company can change its manpower plan."))


class PlanListView(CompanyMemberMixin, TemplateView):
    template_name = "employers/plan_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        open_years = plans.plan_years_open()
        filed_years = set(ManpowerPlan.objects.filter(company=self.company).values_list("year", flat=True))
        years = sorted(set(open_years) | filed_years, reverse=True)
        context.update(
            states=plans.plan_states(company=self.company, years=years),
            open_years=open_years,
            has_plans=bool(filed_years),
            is_admin=can_manage_company(self.request.user, self.company),
        )
        return context


class PlanCreateView(CompanyMemberMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        _admin_required(request, self.company)
        form = PlanCreateForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the year of the plan."))
            return redirect("employers:plan_list")
        year = form.cleaned_data["year"]
        try:
            plans.plan_create(company=self.company, by=request.user, year=year)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
            return redirect("employers:plan_list")
        messages.success(
            request, _("The plan for %(year)s is started: add the workers you expect to need.") % {"year": year}
        )
        return redirect("employers:plan_detail", year=year)


class _PlanYearMixin(CompanyMemberMixin):
    """The company's plan versions for the year in the URL; a year without a plan is a 404 unless open."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.year = kwargs["year"]

    def load(self):
        if not 1000 <= self.year <= 9999:
            raise Http404
        self.versions = plans.plan_versions(company=self.company, year=self.year)
        if not self.versions and self.year not in plans.plan_years_open():
            raise Http404
        self.current = self.versions[0] if self.versions else None
        return self.current


class PlanDetailView(_PlanYearMixin, TemplateView):
    template_name = "employers/plan_detail.html"

    def get_context_data(self, line_form=None, amend_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        current = self.current
        today = timezone.localdate()
        is_admin = can_manage_company(self.request.user, self.company)
        year_started = plans.year_has_started(self.year, today=today)
        past = self.year < today.year
        in_force = next((p for p in self.versions if p.status == ManpowerPlan.Status.SUBMITTED), None)
        editable = bool(
            current
            and not past
            and (
                current.status == ManpowerPlan.Status.DRAFT
                or (current.status == ManpowerPlan.Status.SUBMITTED and not year_started)
            )
        )
        can_amend = bool(current and not past and year_started and current.status == ManpowerPlan.Status.SUBMITTED)
        older = [p for p in self.versions if current is not None and p.pk != current.pk]
        context.update(
            year=self.year,
            plan=current,
            lines=list(current.lines.all()) if current else [],
            older_versions=older,
            in_force=in_force,
            is_admin=is_admin,
            editable=editable,
            can_amend=can_amend,
            can_submit=bool(current and current.status == ManpowerPlan.Status.DRAFT and not past),
            company_verified=self.company.status == self.company.Status.VERIFIED,
            year_started=year_started,
            line_form=line_form or (PlanLineForm() if is_admin and editable else None),
            amend_form=amend_form or (PlanAmendForm() if is_admin and can_amend else None),
        )
        return context

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        """Add one need to the plan; on an error the form comes back with what was typed."""
        plan = self.load()
        _admin_required(request, self.company)
        if plan is None:
            raise Http404
        form = PlanLineForm(request.POST)
        if form.is_valid():
            try:
                plans.plan_line_save(company=self.company, by=request.user, plan_id=plan.pk, **form.line_values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The need is added to the plan."))
                return redirect("employers:plan_detail", year=self.year)
        self.load()  # the plan may have been reopened meanwhile
        return self.render_to_response(self.get_context_data(line_form=form), status=400)


class _PlanAction(_PlanYearMixin, View):
    """A POST by an admin on the year's current plan version; back to the year's page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.load()
        _admin_required(request, self.company)
        if plan is None:
            raise Http404
        try:
            message = self.act(plan)
        except ManpowerPlanLine.DoesNotExist:
            raise Http404 from None
        except TransitionError:
            messages.error(request, _("This plan has already been submitted."))
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, message)
        return redirect("employers:plan_detail", year=self.year)


class PlanLineRemoveView(_PlanAction):
    def act(self, plan):
        plans.plan_line_remove(
            company=self.company, by=self.request.user, plan_id=plan.pk, line_id=self.kwargs["line_id"]
        )
        return _("The need is removed from the plan.")


class PlanSubmitView(_PlanAction):
    def act(self, plan):
        plans.plan_submit(company=self.company, by=self.request.user, plan_id=plan.pk)
        return _("The plan for %(year)s is submitted to Disnaker.") % {"year": plan.year}


class PlanAmendView(PlanDetailView):
    """Start an amendment with its reason; a refused one comes back with the reason typed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        plan = self.load()
        _admin_required(request, self.company)
        if plan is None:
            raise Http404
        form = PlanAmendForm(request.POST)
        if form.is_valid():
            try:
                amendment = plans.plan_amend(
                    company=self.company, by=request.user, plan_id=plan.pk, reason=form.cleaned_data["note"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(version)s is started: change it, then submit it to replace the plan in force.")
                    % {"version": amendment.version},
                )
                return redirect("employers:plan_detail", year=self.year)
        return self.render_to_response(self.get_context_data(amend_form=form), status=400)
