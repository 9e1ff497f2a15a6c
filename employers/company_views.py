"""The company details page (`/perusahaan/profil/`): administrators edit, other members read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from bontang_aker.core.forms import add_service_errors
from employers.company_forms import CompanyProfileForm
from employers.company_profile import company_update
from employers.models import Company
from employers.permissions import can_manage_company
from employers.views import CompanyMemberMixin


class CompanyProfileView(CompanyMemberMixin, TemplateView):
    template_name = "employers/company_profile.html"

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        company = (
            Company.objects.select_related("kelurahan__kecamatan", "kbli_category", "main_contractor")
            .filter(pk=self.company.pk)
            .get()
        )
        is_admin = can_manage_company(self.request.user, company)
        last_event = company.events.exclude(note="").order_by("-created_at", "-pk").first()
        context.update(
            company=company,
            is_admin=is_admin,
            form=form or (CompanyProfileForm(instance=company) if is_admin else None),
            # Disnaker's reason when it rejected or suspended the company; what changed when it is re-checked.
            last_note=last_event.note if last_event and last_event.to_status == company.status else "",
            reverifying=company.status == Company.Status.PENDING and company.verified_at is not None,
        )
        return context

    def post(self, request, *args, **kwargs):
        if not can_manage_company(request.user, self.company):
            raise PermissionDenied(_("Only an administrator of the company can change its details."))
        form = CompanyProfileForm(request.POST, instance=self.company)
        if form.is_valid():
            try:
                result = company_update(company_id=self.company.pk, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.add_message(request, *self._outcome(result))
                return redirect("employers:company_profile")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    @staticmethod
    def _outcome(result) -> tuple[int, str]:
        if not result.changed:
            return messages.INFO, _("Nothing changed.")
        if result.sent_for_verification and result.identity_changed:
            return messages.WARNING, _(
                "Saved. Because the NIB, legal name, legal form, NPWP or ownership changed, Disnaker verifies "
                "your company again. Until then you can prepare drafts, but new vacancy reports can be sent only "
                "once it is verified; vacancies already published stay published."
            )
        if result.sent_for_verification:
            return messages.SUCCESS, _("Saved and sent to Disnaker to verify your company again.")
        if result.identity_changed:
            return messages.SUCCESS, _("Saved. Disnaker checks the new details when it verifies your company.")
        return messages.SUCCESS, _("The company details are saved.")
