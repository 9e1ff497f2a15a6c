"""Pages of the employers app."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from bontang_aker.core.client_address import client_ip
from bontang_aker.core.forms import add_service_errors
from bontang_aker.core.rate_limits import SIGNUP, form_limited
from bontang_aker.core.workflow import TransitionError
from employers import selectors, services
from employers.forms import (
    VACANCY_STEP_NUMBERS,
    VACANCY_STEPS,
    EmployerRegistrationForm,
    OutsidePlacementForm,
    PlacementResubmitForm,
    ReferralPlacementForm,
    ReferralResultForm,
    VacancyCloseDateForm,
    VacancyForm,
)
from employers.models import Vacancy
from employers.permissions import can_edit_vacancy, can_revise_vacancy, company_of
from employers.services import (
    VACANCY_SUBMITTABLE,
    DuplicateVacancyWarning,
    RecentlyClosedVacancyError,
    VacancyLockedError,
)
from employers.throttling import outside_hire_report_allowed
from placements import services as services_placements
from placements.models import Placement, Referral


class EmployerRegisterView(FormView):
    template_name = "employers/register.html"
    form_class = EmployerRegistrationForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            messages.info(request, _("You are already logged in."))
            return redirect("portal:dashboard")
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        limited = form_limited(self, form, SIGNUP)  # one budget with the jobseeker sign-up (issue 8)
        if limited is not None:
            return limited
        account, data = form.account_data()
        try:
            company = services.employer_register(account_email=account["email"], password=account["password"], **data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        login(self.request, company.members.get().user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            self.request,
            _("Your company is registered. Disnaker will verify it; you can prepare vacancy reports in the meantime."),
        )
        return redirect("portal:dashboard")


# The employer's side of the single channel: vacancy reports, referred candidates, hire reports.
# Every page is for members of a company only, and shows that company's records only: another
# company's vacancy, referral or placement is a 404, exactly like one that does not exist.


class CompanyMemberMixin:
    """Log in first; then only members of a company (`company_of`) get through, others see 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self.company = company_of(request.user)
        if self.company is None:
            raise PermissionDenied(_("These pages are for company accounts."))
        return super().dispatch(request, *args, **kwargs)

    def get_vacancy(self):
        vacancy = selectors.vacancy_for_company(company=self.company, vacancy_id=self.kwargs["pk"])
        if vacancy is None:
            raise Http404
        return vacancy

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["company"] = self.company
        return context


class VacancyListView(CompanyMemberMixin, ListView):
    template_name = "employers/vacancy_list.html"
    context_object_name = "vacancies"
    paginate_by = 20

    def get_queryset(self):
        return selectors.vacancy_list_for_company(company=self.company)


class VacancyCreateView(CompanyMemberMixin, FormView):
    """The whole report on one page, grouped by step: saved as a draft, whatever the company's status."""

    template_name = "employers/vacancy_form.html"
    form_class = VacancyForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        context["steps"] = [(number, title, [form[name] for name in names]) for number, title, names in VACANCY_STEPS]
        return context

    def form_valid(self, form):
        try:
            vacancy = services.vacancy_create(company=self.company, by=self.request.user, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The vacancy report is saved as a draft."))
        return redirect("employers:vacancy_detail", pk=vacancy.pk)


class VacancyDetailView(CompanyMemberMixin, TemplateView):
    template_name = "employers/vacancy_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vacancy = self.get_vacancy()
        context.update(
            vacancy=vacancy,
            can_edit=can_edit_vacancy(self.request.user, vacancy),
            can_revise=can_revise_vacancy(self.request.user, vacancy),
            latest_revision=vacancy.revisions.order_by("-number").first(),
            can_submit=vacancy.status in VACANCY_SUBMITTABLE,
            can_close=vacancy.can_become(Vacancy.Status.CLOSED),
            can_extend=vacancy.status == Vacancy.Status.PUBLISHED and vacancy.extended_at is None,
            can_reopen=services.vacancy_can_reopen(vacancy=vacancy),
            asked_still_open=vacancy.status == Vacancy.Status.PUBLISHED
            and vacancy.still_open_asked_at is not None
            and (vacancy.confirmed_open_at is None or vacancy.confirmed_open_at < vacancy.still_open_asked_at),
            steps=VACANCY_STEPS,
        )
        return context


class VacancyEditView(CompanyMemberMixin, FormView):
    """One step of the report (`?langkah=1..4`); each save keeps the draft whole and valid."""

    template_name = "employers/vacancy_edit.html"
    form_class = VacancyForm

    def get(self, request, *args, **kwargs):
        if not self._editable():
            return self._locked()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self._editable():
            return self._locked()
        return super().post(request, *args, **kwargs)

    def _editable(self) -> bool:
        self.vacancy = self.get_vacancy()
        return can_edit_vacancy(self.request.user, self.vacancy) or can_revise_vacancy(self.request.user, self.vacancy)

    def _locked(self):
        messages.error(self.request, _("This vacancy report can no longer be changed in its current status."))
        return redirect("employers:vacancy_detail", pk=self.vacancy.pk)

    @property
    def step(self) -> int:
        try:
            step = int(self.request.GET.get("langkah", 1))
        except ValueError:
            return 1
        return step if step in VACANCY_STEP_NUMBERS else 1

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.vacancy, "step": self.step}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        number, title, _names = next(step for step in VACANCY_STEPS if step[0] == self.step)
        context.update(
            vacancy=self.vacancy,
            step=number,
            step_title=title,
            steps=VACANCY_STEPS,
            step_count=len(VACANCY_STEPS),
            is_last_step=number == VACANCY_STEP_NUMBERS[-1],
        )
        return context

    def form_valid(self, form):
        revision = None
        try:
            if self.vacancy.status == Vacancy.Status.PUBLISHED:
                revision = services.vacancy_revise(
                    vacancy_id=self.vacancy.pk, by=self.request.user, **form.service_data()
                )
            else:
                services.vacancy_update(vacancy_id=self.vacancy.pk, by=self.request.user, **form.service_data())
        except VacancyLockedError:
            return self._locked()
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if revision is not None:
            messages.success(
                self.request,
                _("Saved. The changes to wage, openings, requirements or dates are shown once Disnaker approves them."),
            )
        else:
            messages.success(self.request, _("Saved."))
        if self.request.POST.get("action") == "next" and self.step < VACANCY_STEP_NUMBERS[-1]:
            return redirect(f"{reverse('employers:vacancy_edit', args=[self.vacancy.pk])}?langkah={self.step + 1}")
        return redirect("employers:vacancy_detail", pk=self.vacancy.pk)


class VacancySubmitView(CompanyMemberMixin, View):
    """POST: send the report (a draft, or a returned one after fixing it) to Disnaker for review."""

    http_method_names = ["post"]

    def post(self, request, pk):
        vacancy = self.get_vacancy()
        try:
            services.vacancy_submit(
                vacancy_id=vacancy.pk, by=request.user, confirm_duplicate=request.POST.get("confirm_duplicate") == "1"
            )
        except DuplicateVacancyWarning as warning:
            return self._confirm_page(vacancy, duplicate=warning.duplicate, message=warning.messages[0])
        except RecentlyClosedVacancyError as refusal:
            return self._confirm_page(vacancy, previous=refusal.previous, message=refusal.messages[0])
        except TransitionError:
            messages.error(request, _("This vacancy report has already been sent; it cannot be sent again now."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The vacancy report is sent. Disnaker reviews it before it is published."))
        return redirect("employers:vacancy_detail", pk=vacancy.pk)

    def _confirm_page(self, vacancy, *, message, duplicate=None, previous=None):
        context = {"vacancy": vacancy, "company": self.company, "message": message}
        context.update(duplicate=duplicate, previous=previous)
        return TemplateResponse(self.request, "employers/vacancy_submit_check.html", context)


class VacancyCloseDateView(CompanyMemberMixin, FormView):
    """A new closing date: `extend` a published vacancy once, or `reopen` one closed recently."""

    template_name = "employers/vacancy_close_date.html"
    form_class = VacancyCloseDateForm
    action = "extend"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.vacancy = None

    def _allowed(self, vacancy) -> bool:
        if self.action == "extend":
            return vacancy.status == Vacancy.Status.PUBLISHED and vacancy.extended_at is None
        return services.vacancy_can_reopen(vacancy=vacancy)

    def get(self, request, *args, **kwargs):
        self.vacancy = self.get_vacancy()
        if not self._allowed(self.vacancy):
            return self._refused()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.vacancy = self.get_vacancy()
        return super().post(request, *args, **kwargs)

    def _refused(self):
        if self.action == "extend":
            messages.error(self.request, _("Only a published vacancy can be extended, and only once."))
        else:
            messages.error(
                self.request,
                _("Only a vacancy closed less than %(days)s days ago can be reopened. Write a new report instead.")
                % {"days": settings.VACANCY_REPOST_COOLDOWN_DAYS},
            )
        return redirect("employers:vacancy_detail", pk=self.vacancy.pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            vacancy=self.vacancy,
            action=self.action,
            max_days=settings.VACANCY_EXTENSION_MAX_DAYS,
            **kwargs,
        )

    def form_valid(self, form):
        service = services.vacancy_extend if self.action == "extend" else services.vacancy_reopen
        try:
            service(vacancy_id=self.vacancy.pk, by=self.request.user, close_date=form.cleaned_data["close_date"])
        except TransitionError:
            return self._refused()
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The new closing date is sent. Disnaker reviews it before the vacancy is published again.")
        )
        return redirect("employers:vacancy_detail", pk=self.vacancy.pk)


class VacancyConfirmOpenView(CompanyMemberMixin, View):
    """POST: the answer to "still open?": yes, keep it open."""

    http_method_names = ["post"]

    def post(self, request, pk):
        vacancy = self.get_vacancy()
        try:
            services.vacancy_confirm_open(vacancy_id=vacancy.pk, by=request.user)
        except TransitionError:
            messages.error(request, _("Only a published vacancy can be confirmed as still open."))
        else:
            messages.success(request, _("Thank you: the vacancy stays open."))
        return redirect("employers:vacancy_detail", pk=vacancy.pk)


class VacancyCloseView(CompanyMemberMixin, View):
    """POST: stop taking applications before the closing date; referred candidates stay in selection."""

    http_method_names = ["post"]

    def post(self, request, pk):
        vacancy = self.get_vacancy()
        try:
            services.vacancy_close(vacancy_id=vacancy.pk, by=request.user, note=_("Closed by the company"))
        except TransitionError:
            messages.error(request, _("Only a published vacancy can be closed."))
        else:
            messages.success(request, _("The vacancy is closed: it takes no more applications."))
        return redirect("employers:vacancy_detail", pk=vacancy.pk)


class VacancyCandidatesView(CompanyMemberMixin, ListView):
    """Only the candidates Disnaker referred (the single channel), each with its AK/V letter."""

    template_name = "employers/vacancy_candidates.html"
    context_object_name = "referrals"
    paginate_by = 25

    def get_queryset(self):
        self.vacancy = self.get_vacancy()
        return selectors.vacancy_candidates(vacancy=self.vacancy)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(vacancy=self.vacancy, **kwargs)
        services.candidate_views_log(
            viewer=self.request.user,
            company=self.company,
            referrals=context["referrals"],
            ip_address=client_ip(self.request),
        )
        return context


class ReferralResultView(CompanyMemberMixin, FormView):
    """Record a step (invited, interviewed) or the outcome (hired, not selected, did not attend)."""

    template_name = "employers/referral_result.html"
    form_class = ReferralResultForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.referral = None

    def get_referral(self):
        if self.referral is None:
            self.referral = selectors.referral_for_company(company=self.company, referral_id=self.kwargs["pk"])
            if self.referral is None:
                raise Http404
        return self.referral

    def get_initial(self):
        referral = self.get_referral()
        initial = {}
        if referral.start_date:
            initial["start_date"] = referral.start_date
        return initial

    def get_context_data(self, **kwargs):
        referral = self.get_referral()
        if self.request.method == "GET":
            services.candidate_views_log(
                viewer=self.request.user, company=self.company, referrals=[referral], ip_address=client_ip(self.request)
            )
        return super().get_context_data(
            referral=referral,
            vacancy=referral.application.vacancy,
            candidate=referral.application.jobseeker,
            is_final=not referral.next_statuses(),
            **kwargs,
        )

    def form_valid(self, form):
        referral = self.get_referral()
        data = form.service_data()
        try:
            services_placements.referral_record_result(referral_id=referral.pk, by=self.request.user, **data)
        except TransitionError:
            form.add_error(None, _("The result of this candidate is already recorded; it cannot be changed here."))
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        if data["result"] == Referral.Status.ACCEPTED:
            messages.success(
                self.request,
                _("Recorded as accepted. Now send the hire report: the hire counts once Disnaker has verified it."),
            )
            return redirect(f"{reverse('employers:placement_create')}?rujukan={referral.pk}")
        messages.success(self.request, _("The result is recorded."))
        return redirect("employers:vacancy_candidates", pk=referral.application.vacancy_id)


class PlacementListView(CompanyMemberMixin, ListView):
    template_name = "employers/placement_list.html"
    context_object_name = "placements"
    paginate_by = 20

    def get_queryset(self):
        return selectors.placement_list_for_company(company=self.company)

    def get_context_data(self, **kwargs):
        return super().get_context_data(deadline_days=settings.PLACEMENT_REPORT_DEADLINE_DAYS, **kwargs)


class PlacementCreateView(CompanyMemberMixin, FormView):
    """The hire report: `?rujukan=<referral id>` for a referred candidate (one step), otherwise a hire
    outside the portal by AK/I card number or NIK with the person's name and birth date: the same
    answer whatever the number, rate-limited per user with the API (employers.throttling)."""

    template_name = "employers/placement_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self._referral = False

    @property
    def referral(self):
        if self._referral is False:
            raw = self.request.GET.get("rujukan", "")
            if not raw:
                self._referral = None
            else:
                referral = None
                if raw.isdigit() and len(raw) < 12:
                    referral = selectors.referral_for_company(company=self.company, referral_id=int(raw))
                if referral is None:
                    raise Http404
                self._referral = referral
        return self._referral

    def get_form_class(self):
        return ReferralPlacementForm if self.referral else OutsidePlacementForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.referral is None:
            kwargs["company"] = self.company
        return kwargs

    def get_initial(self):
        referral = self.referral
        if referral is None:
            vacancy_id = self.request.GET.get("lowongan", "")
            return {"vacancy": vacancy_id} if vacancy_id.isdigit() else {}
        vacancy = referral.application.vacancy
        return {"start_date": referral.start_date, "contract_type": vacancy.employment_type}

    def get_context_data(self, **kwargs):
        referral = self.referral
        already = referral is not None and hasattr(referral, "placement")
        return super().get_context_data(
            referral=referral,
            candidate=referral.application.jobseeker if referral else None,
            vacancy=referral.application.vacancy if referral else None,
            already_reported=already,
            deadline_days=settings.PLACEMENT_REPORT_DEADLINE_DAYS,
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        common = {
            "company": self.company,
            "by": self.request.user,
            "start_date": data["start_date"],
            "contract_type": data["contract_type"],
            "wage": data["wage"],
        }
        try:
            if self.referral is not None:
                start_date = services_placements.placement_report_for_referral(
                    referral_id=self.referral.pk, **common
                ).start_date
                sent = _("The hire report is sent. Disnaker checks it.")
            else:
                allowed, _wait = outside_hire_report_allowed(self.request)
                if not allowed:
                    form.add_error(
                        None, _("Too many hire reports outside the portal in a short time. Please try again later.")
                    )
                    response = self.form_invalid(form)
                    response.status_code = 429
                    return response
                services_placements.placement_report_outside_portal(
                    vacancy_id=data["vacancy"].pk,
                    card_number=data["card_number"],
                    nik=data["nik"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    **common,
                )
                # One answer whatever the number matched: the page must not tell who is registered.
                start_date = data["start_date"]
                sent = _(
                    "The hire report is sent to Disnaker for checking. It appears in this list once Disnaker "
                    "has checked it; Disnaker contacts you if the details do not match its register."
                )
        except TransitionError:
            form.add_error(None, _("This candidate was not accepted, so no hire can be reported for them."))
            return self.form_invalid(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, sent)
        late = timezone.localdate() - start_date
        if late.days > settings.PLACEMENT_REPORT_DEADLINE_DAYS:
            messages.warning(
                self.request,
                _("This report is late: hires are to be reported within %(days)s days of the start date.")
                % {"days": settings.PLACEMENT_REPORT_DEADLINE_DAYS},
            )
        return redirect("employers:placement_list")


class PlacementResubmitView(CompanyMemberMixin, FormView):
    """A hire report Disnaker returned, with its reason: correct it and send it again for review."""

    template_name = "employers/placement_resubmit.html"
    form_class = PlacementResubmitForm

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.placement = None

    def get_placement(self):
        if self.placement is None:
            self.placement = selectors.placement_for_company(company=self.company, placement_id=self.kwargs["pk"])
            if self.placement is None:
                raise Http404
        return self.placement

    def get_initial(self):
        placement = self.get_placement()
        contract_types = Vacancy.EmploymentType.values
        return {
            "start_date": placement.start_date,
            "contract_type": placement.employment_type if placement.employment_type in contract_types else "",
            "wage": placement.wage,
        }

    def get_context_data(self, **kwargs):
        placement = self.get_placement()
        return super().get_context_data(
            placement=placement, is_returned=placement.status == Placement.Status.REJECTED, **kwargs
        )

    def form_valid(self, form):
        placement = self.get_placement()
        data = form.cleaned_data
        try:
            services_placements.placement_resubmit(
                placement_id=placement.pk,
                by=self.request.user,
                start_date=data["start_date"],
                contract_type=data["contract_type"],
                wage=data["wage"],
                note=data["note"],
            )
        except TransitionError:
            messages.error(self.request, _("Only a hire report Disnaker returned can be corrected and sent again."))
            return redirect("employers:placement_list")
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The corrected hire report is sent. Disnaker checks it again."))
        return redirect("employers:placement_list")
