"""The company's compliance page and its API twin, both from `portal.compliance.company_compliance`."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api.employer import IsCompanyMember
from employers.permissions import company_of
from employers.views import CompanyMemberMixin
from portal.compliance import EXPIRING_WITHIN_DAYS, OK, PROBLEM, company_compliance, compliance_sentences

# The page's message class for each sentence level (static/css/portal.css).
LEVEL_CLASSES = {OK: "message--success", PROBLEM: "message--error"}


class CompanyComplianceView(CompanyMemberMixin, TemplateView):
    template_name = "portal/compliance.html"

    def get_context_data(self, **kwargs):
        compliance = company_compliance(company=self.company)
        sentences = [
            (sentence, LEVEL_CLASSES.get(sentence.level, "message--warning"))
            for sentence in compliance_sentences(compliance)
        ]
        return super().get_context_data(
            compliance=compliance,
            sentences=sentences,
            deadline_days=settings.PLACEMENT_REPORT_DEADLINE_DAYS,
            expiring_days=EXPIRING_WITHIN_DAYS,
            **kwargs,
        )


class _SentenceSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_("Which figure the sentence is about."))
    level = serializers.ChoiceField(choices=[OK, "warning", PROBLEM])
    text = serializers.CharField(help_text=_("The sentence, in the user's language."))


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
            if field not in {"sentences", "months", "overdue_referrals", "expiring_vacancies"}
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
        data["sentences"] = [vars(s) for s in compliance_sentences(compliance)]
        return Response(CompanyComplianceSerializer(data).data)
