"""`GET /api/v1/staff/compliance/`: every company's compliance figures and traffic light (staff).

The same annotated queryset as the admin's compliance monitoring (portal.compliance_monitoring),
so the list filters (`light`, `search`), sorts (`ordering`) and pages in the database. Staff
holding `employers.view_company` (every staff group) may read it.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from bontang_aker.core.api import HasModelPermission, StaffReadViewSet
from employers.models import Company
from portal.compliance_monitoring import LIGHT_CHOICES, companies_with_compliance, light_label, light_reasons


class StaffComplianceSerializer(serializers.ModelSerializer):
    light = serializers.ChoiceField(choices=LIGHT_CHOICES, read_only=True, help_text=_("red, amber or green."))
    light_display = serializers.SerializerMethodField(help_text=_("The light in words."))
    reasons = serializers.SerializerMethodField(help_text=_("Why the light is not green, worst first."))
    hires = serializers.IntegerField(read_only=True, help_text=_("Verified hires starting this calendar year."))
    local_hires = serializers.IntegerField(read_only=True)
    local_hire_percent = serializers.IntegerField(read_only=True, allow_null=True, help_text=_("Rounded down."))
    local_hires_below_minimum = serializers.BooleanField(source="local_hires_below", read_only=True)
    hires_awaiting_check = serializers.IntegerField(read_only=True)
    workforce_reported = serializers.BooleanField(read_only=True)
    workforce_total = serializers.IntegerField(source="workforce_total_n", read_only=True)
    workforce_local_percent = serializers.IntegerField(read_only=True, allow_null=True)
    workforce_local_below_minimum = serializers.BooleanField(source="workforce_local_below", read_only=True)
    workforce_disabled_percent = serializers.IntegerField(read_only=True, allow_null=True)
    disability_min_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, read_only=True
    )
    disability_below_minimum = serializers.BooleanField(source="disability_below", read_only=True)
    outside_portal_hires = serializers.IntegerField(
        read_only=True, help_text=_("Hire reports this year not made through a vacancy's referral.")
    )
    overdue_reports = serializers.IntegerField(read_only=True)
    plan_filed = serializers.BooleanField(read_only=True, help_text=_("A manpower plan for this year is submitted."))
    open_cases = serializers.IntegerField(read_only=True, help_text=_("Open sanction cases."))

    class Meta:
        model = Company
        fields = [
            "id",
            "name",
            "nib",
            "ownership",
            "light",
            "light_display",
            "reasons",
            "hires",
            "local_hires",
            "local_hire_percent",
            "local_hires_below_minimum",
            "hires_awaiting_check",
            "workforce_reported",
            "workforce_local",
            "workforce_non_local",
            "workforce_disabled",
            "workforce_total",
            "workforce_local_percent",
            "workforce_local_below_minimum",
            "workforce_disabled_percent",
            "disability_min_percent",
            "disability_below_minimum",
            "outside_portal_hires",
            "overdue_reports",
            "plan_filed",
            "open_cases",
        ]
        read_only_fields = fields

    def get_light_display(self, company) -> str:
        return light_label(company.light)

    def get_reasons(self, company) -> list[str]:
        return light_reasons(company)


class StaffComplianceFilter(filters.FilterSet):
    light = filters.ChoiceFilter(choices=LIGHT_CHOICES, help_text=_("Only companies with this light."))
    search = filters.CharFilter(method="filter_search", max_length=200, help_text=_("Company name or NIB."))
    ordering = filters.OrderingFilter(
        fields=[
            ("light_rank", "light"),
            ("name", "name"),
            ("local_hire_percent", "local_hire_percent"),
            ("workforce_local_percent", "workforce_local_percent"),
            ("workforce_disabled_percent", "workforce_disabled_percent"),
            ("overdue_reports", "overdue_reports"),
            ("open_cases", "open_cases"),
        ],
        help_text=_("Sort; `light` puts red first, `-light` green first."),
    )

    class Meta:
        model = Company
        fields = ["light", "search"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(nib__startswith=value))


@extend_schema(tags=["staff"])
@extend_schema_view(
    list=extend_schema(
        summary="Every company's compliance figures and traffic light",
        description="Red first, then amber, then green; within a light by name.",
    ),
    retrieve=extend_schema(summary="One company's compliance figures"),
)
class StaffComplianceViewSet(StaffReadViewSet):
    serializer_class = StaffComplianceSerializer
    filterset_class = StaffComplianceFilter
    permission_classes = [HasModelPermission("employers.view_company")]

    def get_queryset(self):
        return companies_with_compliance(Company.objects.all()).order_by("light_rank", "name", "pk")
