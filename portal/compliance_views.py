"""The company's compliance page and its API twin, both from `portal.compliance.company_compliance`."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bontang_aker.core.validators import MAX_NOTE_LENGTH, validate_no_control_characters_multiline
from employers.api.employer import IsCompanyMember
from employers.permissions import can_manage_company, company_of
from employers.sanctions import (
    ladder_label,
    sanction_letter_filename,
    sanction_letter_pdf,
    sanction_step_respond,
    step_for_company,
)
from employers.views import CompanyMemberMixin
from portal.compliance import EXPIRING_WITHIN_DAYS, OK, PROBLEM, company_compliance, compliance_sentences

# The page's message class for each sentence level (static/css/portal.css).
LEVEL_CLASSES = {OK: "message--success", PROBLEM: "message--error"}


class SanctionResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your company's answer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        strip=True,
        max_length=MAX_NOTE_LENGTH,
        validators=[validate_no_control_characters_multiline],
        help_text=_("What your company has done or will do about the finding. Sent once; Disnaker reads it."),
    )


class CompanyComplianceView(CompanyMemberMixin, TemplateView):
    template_name = "portal/compliance.html"

    def get_context_data(self, **kwargs):
        compliance = company_compliance(company=self.company)
        sentences = [
            (sentence, LEVEL_CLASSES.get(sentence.level, "message--warning"))
            for sentence in compliance_sentences(compliance)
        ]
        # Disnaker's letters: each step with its label, and an answer form for the company's admins.
        can_respond = can_manage_company(self.request.user, self.company)
        bound = kwargs.pop("response_form", None)
        for case in compliance.sanction_cases:
            for step in case.steps.all():
                step.label = ladder_label(step.kind)
                step.response_form = None
                if can_respond and case.status == case.Status.OPEN and step.responded_at is None:
                    step.response_form = (
                        bound[1] if bound and bound[0] == step.pk else SanctionResponseForm(prefix=f"step{step.pk}")
                    )
        return super().get_context_data(
            compliance=compliance,
            sentences=sentences,
            deadline_days=settings.PLACEMENT_REPORT_DEADLINE_DAYS,
            expiring_days=EXPIRING_WITHIN_DAYS,
            can_respond=can_respond,
            **kwargs,
        )


class CompanySanctionLetterView(CompanyMemberMixin, View):
    """The PDF of one of Disnaker's letters to the company; another company's letter is a 404."""

    def get(self, request, pk):
        step = step_for_company(company=self.company, step_id=pk)
        if step is None:
            raise Http404
        response = HttpResponse(sanction_letter_pdf(step), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{sanction_letter_filename(step)}"'
        return response


class CompanySanctionResponseView(CompanyComplianceView):
    """The company admin's answer to one letter (POST only); errors show on the compliance page, text kept."""

    http_method_names = ["post"]

    def post(self, request, pk):
        if step_for_company(company=self.company, step_id=pk) is None:
            raise Http404
        form = SanctionResponseForm(request.POST, prefix=f"step{pk}")
        if form.is_valid():
            try:
                sanction_step_respond(
                    step_id=pk, company=self.company, by=request.user, response=form.cleaned_data["response"]
                )
            except ValidationError as exc:
                form.add_error(None, exc)  # keyed "response" when about the answer: shown on the field
            else:
                messages.success(request, gettext("Your answer was sent to Disnaker."))
                return redirect(reverse("portal:company_compliance") + "#sanctions")
        return self.render_to_response(self.get_context_data(response_form=(pk, form)), status=400)


class _SentenceSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Which figure the sentence is about."))
    level = serializers.ChoiceField(choices=[OK, "warning", PROBLEM])
    text = serializers.CharField(help_text=_("The sentence, in the user's language."))
    url = serializers.CharField(allow_blank=True, help_text=_("The page where to act on it; empty when none."))


class _MonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text=_("The first day of the month."))
    hires = serializers.IntegerField()
    local = serializers.IntegerField()
    non_local = serializers.IntegerField()
    local_percent = serializers.IntegerField(allow_null=True, help_text=_("Rounded down; null without hires."))


class _OverdueSerializer(serializers.Serializer):
    referral_id = serializers.IntegerField()
    letter_number = serializers.CharField()
    vacancy_id = serializers.IntegerField()
    vacancy_title = serializers.CharField()
    due_since = serializers.DateField()


class _ExpiringSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    close_date = serializers.DateField()


class _PlanStateSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    filed = serializers.BooleanField(help_text=_("A version of the plan is submitted."))
    filed_on = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(
        choices=["not_filed", "draft", "submitted"], help_text=_("The newest version's status.")
    )
    version = serializers.IntegerField(allow_null=True, help_text=_("The newest version; null when none."))


class CompanyComplianceSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    local_min_percent = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    disability_min_percent = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    hires = serializers.IntegerField(help_text=_("Verified hires starting this calendar year."))
    local_hires = serializers.IntegerField()
    non_local_hires = serializers.IntegerField()
    local_hire_percent = serializers.IntegerField(allow_null=True)
    local_hires_meet_minimum = serializers.BooleanField(allow_null=True)
    hires_awaiting_check = serializers.IntegerField()
    months = _MonthSerializer(many=True)
    workforce_reported = serializers.BooleanField()
    workforce_local = serializers.IntegerField()
    workforce_non_local = serializers.IntegerField()
    workforce_disabled = serializers.IntegerField()
    workforce_total = serializers.IntegerField()
    workforce_local_percent = serializers.IntegerField(allow_null=True)
    workforce_local_meets_minimum = serializers.BooleanField(allow_null=True)
    workforce_disabled_percent = serializers.IntegerField(allow_null=True)
    disability_meets_minimum = serializers.BooleanField(allow_null=True)
    overdue_referrals = _OverdueSerializer(many=True)
    expiring_vacancies = _ExpiringSerializer(many=True)
    manpower_plans = _PlanStateSerializer(
        many=True, help_text=_("The manpower plan for this year, and from October for the next year too.")
    )
    sentences = _SentenceSerializer(many=True)


class EmployerComplianceView(APIView):
    """The company's local-worker share, disability quota, overdue hire reports and closing vacancies."""

    permission_classes = [IsAuthenticated, IsCompanyMember]

    @extend_schema(
        operation_id="employer_compliance",
        summary=_("Your company's compliance figures"),
        responses={
            200: CompanyComplianceSerializer,
            401: OpenApiResponse(description=_("Not logged in: send `Authorization: Token <token>`.")),
            403: OpenApiResponse(description=_("Not a member of a company.")),
        },
        tags=["employer"],
    )
    def get(self, request):
        compliance = company_compliance(company=company_of(request.user))
        data = {
            field: getattr(compliance, field)
            for field in CompanyComplianceSerializer().fields
            if field not in {"sentences", "months", "overdue_referrals", "expiring_vacancies", "manpower_plans"}
        }
        data["months"] = [
            {
                "month": m.month,
                "hires": m.hires,
                "local": m.local,
                "non_local": m.non_local,
                "local_percent": m.local_percent,
            }
            for m in compliance.months
        ]
        data["overdue_referrals"] = [vars(o) for o in compliance.overdue_referrals]
        data["expiring_vacancies"] = [
            {"id": v.pk, "title": v.title, "close_date": v.close_date} for v in compliance.expiring_vacancies
        ]
        data["manpower_plans"] = [
            {
                "year": p.year,
                "filed": p.filed,
                "filed_on": p.filed_on,
                "status": p.current.status if p.current else "not_filed",
                "version": p.current.version if p.current else None,
            }
            for p in compliance.manpower_plans
        ]
        data["sentences"] = [vars(s) for s in compliance_sentences(compliance)]
        return Response(CompanyComplianceSerializer(data).data)
