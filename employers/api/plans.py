"""The employer API for the company's manpower plans (RKTK): list, file a draft with its needs, submit.

The same rules, services and messages as the plan pages (employers.manpower_plans): every member
of a company reads its plans; only a company admin files and submits them (others get a 403);
a plan for a past year, or a non-local need without its reason, is a 400 naming the field;
submitting needs a verified company (403); another company's plan is a 404, as if missing.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from bontang_aker.reference.models import KbjiGroup
from employers import manpower_plans as plans
from employers.api.employer import _bad_input, _EmployerViewSet, _responses
from employers.models import ManpowerPlan, ManpowerPlanLine
from employers.services import CompanyNotVerifiedError


class ManpowerPlanLineSerializer(serializers.ModelSerializer):
    occupation = serializers.SlugRelatedField(
        slug_field="code", queryset=KbjiGroup.objects.active(), help_text=_("KBJI 2014 code.")
    )
    quarter = serializers.IntegerField(min_value=1, max_value=4, help_text=_("1 to 4."))
    count = serializers.IntegerField(min_value=1, max_value=100_000)

    class Meta:
        model = ManpowerPlanLine
        fields = ["id", "occupation", "count", "quarter", "expectation", "non_local_reason"]
        read_only_fields = ["id"]

    def validate(self, attrs):
        line = ManpowerPlanLine(**attrs)
        try:
            line.clean()  # the reason a non-local need requires, with the page's message
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        attrs["non_local_reason"] = line.non_local_reason
        return attrs


class ManpowerPlanSerializer(serializers.ModelSerializer):
    lines = ManpowerPlanLineSerializer(many=True, required=False)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    year = serializers.IntegerField(min_value=1, max_value=9999, help_text=_("The current or the next year."))

    class Meta:
        model = ManpowerPlan
        fields = ["id", "year", "version", "status", "status_display", "submitted_at", "note", "lines"]
        read_only_fields = ["id", "version", "status", "submitted_at", "note"]


@extend_schema(tags=["employer"])
@extend_schema_view(
    list=extend_schema(
        summary="The company's manpower plans, every version, with their needs",
        responses=_responses({200: ManpowerPlanSerializer(many=True)}, 401, 403),
    ),
    retrieve=extend_schema(
        summary="One version of a manpower plan", responses=_responses({200: ManpowerPlanSerializer}, 401, 403, 404)
    ),
    create=extend_schema(
        summary="File a draft plan for a year, with its needs (company admins only)",
        description=(
            "The year is the current or the next one (WITA); a past year is a 400 on `year`. A non-local need "
            "without its reason is a 400 on `lines`. Nothing is saved unless the whole plan is valid."
        ),
        responses=_responses({201: ManpowerPlanSerializer}, 400, 401, 403),
    ),
)
class EmployerPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _EmployerViewSet):
    serializer_class = ManpowerPlanSerializer
    filter_backends = []
    pagination_class = None
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        if self.is_schema:
            return ManpowerPlan.objects.none()
        return (
            ManpowerPlan.objects.filter(company=self.company)
            .prefetch_related("lines__occupation")
            .order_by("-year", "-version")
        )

    def _read(self, pk: int) -> dict:
        return ManpowerPlanSerializer(self.get_queryset().get(pk=pk)).data

    def create(self, request, *args, **kwargs):
        serializer = ManpowerPlanSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            plan = plans.plan_create(
                company=self.company, by=request.user, year=data["year"], lines=data.get("lines", [])
            )
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return Response(self._read(plan.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Submit the plan to Disnaker (company admins of verified companies)",
        description=(
            "Needs at least one need (400). An amendment replaces the version in force, which is kept as "
            "superseded. A plan already submitted is a 409."
        ),
        request=None,
        responses=_responses({200: ManpowerPlanSerializer}, 400, 401, 403, 404, 409),
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        plan = self.get_object()  # 404 for another company's plan
        try:
            plans.plan_submit(company=self.company, by=request.user, plan_id=plan.pk)
        except (DjangoPermissionDenied, CompanyNotVerifiedError) as error:
            raise PermissionDenied(" ".join(getattr(error, "messages", [str(error)]))) from None
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return Response(self._read(plan.pk))
