"""The employer's company in the API: sign up a company, read and change its details.

- `POST /api/v1/employers/register/` (anonymous): the sign-up page's rules, messages and rate limit
  (one budget per client address with every sign-up, core.rate_limits.SIGNUP), through the same
  service (`services.employer_register`), which mails the email verification link. The answer is
  the new company's id and status; log in with `auth/token/`. No token or password is returned.
- `GET/PATCH /api/v1/employer/company/`: the member's own company (never another's); every
  member reads it, only its administrators change it (403 otherwise), through
  `company_profile.company_update`: a change of the NIB, legal name, legal form, NPWP or ownership
  sends a verified company back to Disnaker for verification (`status` becomes `pending`).
"""

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from bontang_aker.core.api import StatusField
from bontang_aker.core.rate_limits import SignupThrottle
from bontang_aker.core.validators import (
    MAX_ADDRESS_LENGTH,
    MAX_NAME_LENGTH,
    validate_no_control_characters,
    validate_no_control_characters_multiline,
)
from bontang_aker.reference.models import Kelurahan
from employers import services
from employers.api.employer import IsCompanyMember, _bad_input
from employers.company_profile import company_update
from employers.models import MAX_OTHER_KBLI_CODES, Company
from employers.permissions import can_manage_company, company_of

_MAX_COUNT = 2**31 - 1  # a PositiveIntegerField


def _kelurahan_field(**kwargs) -> serializers.SlugRelatedField:
    return serializers.SlugRelatedField(
        slug_field="code",
        queryset=Kelurahan.objects.active(),
        allow_null=True,
        required=False,
        help_text=_("Kemendagri kelurahan code; null when the company's address is outside Bontang."),
        **kwargs,
    )


def _company_fields() -> dict[str, serializers.Field]:
    """The company fields a sign-up and a change share; identifiers may be typed with dots and dashes."""
    return {
        "name": serializers.CharField(
            max_length=200, validators=[validate_no_control_characters], help_text=_("The legal name, as in OSS.")
        ),
        "legal_form": serializers.ChoiceField(choices=Company.LegalForm.choices),
        "ownership": serializers.ChoiceField(
            choices=Company.Ownership.choices,
            help_text=_(
                "Sets the disability quota: 1 percent for private companies, 2 percent for BUMN, BUMD and government."
            ),
        ),
        "nib": serializers.CharField(max_length=32, help_text=_("13 digits, from OSS.")),
        "npwp": serializers.CharField(max_length=32, help_text=_("15 or 16 digits.")),
        "kbli_code": serializers.CharField(max_length=32, help_text=_("The main KBLI 2020 code, 5 digits.")),
        "address": serializers.CharField(
            max_length=MAX_ADDRESS_LENGTH, validators=[validate_no_control_characters_multiline]
        ),
        "kelurahan": _kelurahan_field(),
        "phone": serializers.CharField(max_length=32, help_text=_("An Indonesian number, e.g. 0548-41234.")),
        "email": serializers.EmailField(max_length=254, help_text=_("The company's email address.")),
        "website": serializers.CharField(
            max_length=200,
            allow_blank=True,
            required=False,
            validators=[validate_no_control_characters],
            help_text=_("A full address starting with https://, or empty."),
        ),
    }


class EmployerRegisterSerializer(serializers.Serializer):
    account_email = serializers.EmailField(max_length=254, help_text=_("You log in with this address."))
    password = serializers.CharField(
        write_only=True, trim_whitespace=False, max_length=128, style={"input_type": "password"}
    )
    full_name = serializers.CharField(max_length=MAX_NAME_LENGTH, validators=[validate_no_control_characters])
    position = serializers.CharField(
        max_length=100, required=False, allow_blank=True, validators=[validate_no_control_characters]
    )

    def get_fields(self):
        return {**super().get_fields(), **_company_fields()}

    def validate_password(self, value):
        try:
            password_validation.validate_password(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value


class RegisteredCompanySerializer(serializers.ModelSerializer):
    status = StatusField(Company)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Company
        fields = ["id", "name", "nib", "status", "status_display"]
        read_only_fields = fields


class EmployerRegisterView(generics.GenericAPIView):
    """Sign up an employer account with its company, which then awaits verification by Disnaker."""

    serializer_class = EmployerRegisterSerializer
    authentication_classes = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = [SignupThrottle]  # one budget per address with the sign-up pages

    @extend_schema(
        summary="Register a company and its first administrator",
        description=(
            "Creates the account and the company (status `pending` until Disnaker verifies it) and mails a "
            "link to verify the account's email address; then get a token from `auth/token/`. A NIB that is "
            "already registered is refused on `nib`, naming the company and its administrator's masked "
            "address to ask for an invitation."
        ),
        responses={201: RegisteredCompanySerializer, 400: OpenApiResponse(description="Invalid or missing fields.")},
        auth=[],
        tags=["employers"],
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            company = services.employer_register(
                account_email=data.pop("account_email"), password=data.pop("password"), **data
            )
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return Response(RegisteredCompanySerializer(company).data, status=status.HTTP_201_CREATED)


class EmployerCompanySerializer(serializers.ModelSerializer):
    status = StatusField(Company)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    legal_form_display = serializers.CharField(source="get_legal_form_display", read_only=True)
    ownership_display = serializers.CharField(source="get_ownership_display", read_only=True)
    kbli_category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    other_kbli_codes = serializers.ListField(child=serializers.CharField(), read_only=True)
    kelurahan = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    website = serializers.CharField(read_only=True)  # a URL, or "" when the company has none
    main_contractor_nib = serializers.SerializerMethodField()
    main_contractor_name = serializers.SerializerMethodField()
    awaiting_reverification = serializers.SerializerMethodField()

    class Meta:
        model = Company
        fields = [
            "id",
            "status",
            "status_display",
            "awaiting_reverification",
            "verified_at",
            "name",
            "legal_form",
            "legal_form_display",
            "ownership",
            "ownership_display",
            "nib",
            "npwp",
            "kbli_code",
            "kbli_category",
            "other_kbli_codes",
            "main_contractor_nib",
            "main_contractor_name",
            "address",
            "kelurahan",
            "phone",
            "email",
            "website",
            "contact_name",
            "contact_position",
            "workforce_local",
            "workforce_non_local",
            "workforce_disabled",
            "workforce_reported_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_main_contractor_nib(self, company: Company) -> str:
        """The main contractor's NIB, or "" when the company is not a subcontractor."""
        return company.main_contractor.nib if company.main_contractor_id else ""

    @extend_schema_field({"type": "string", "nullable": True})
    def get_main_contractor_name(self, company: Company) -> str | None:
        return company.main_contractor.name if company.main_contractor_id else None

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_awaiting_reverification(self, company: Company) -> bool:
        """Pending again after a change of its NIB, legal name, legal form, NPWP or ownership."""
        return company.status == Company.Status.PENDING and company.verified_at is not None


class EmployerCompanyUpdateSerializer(serializers.Serializer):
    """Every field optional: only those sent change."""

    other_kbli_codes = serializers.ListField(
        child=serializers.CharField(max_length=32),
        max_length=MAX_OTHER_KBLI_CODES,
        required=False,
        help_text=_("Further KBLI 2020 codes, 5 digits each; [] for none."),
    )
    main_contractor_nib = serializers.CharField(
        max_length=32,
        allow_blank=True,
        required=False,
        help_text=_('For a subcontractor, the NIB of its main contractor (a verified company); "" for none.'),
    )
    contact_name = serializers.CharField(
        max_length=MAX_NAME_LENGTH, allow_blank=True, required=False, validators=[validate_no_control_characters]
    )
    contact_position = serializers.CharField(
        max_length=100, allow_blank=True, required=False, validators=[validate_no_control_characters]
    )
    workforce_local = serializers.IntegerField(min_value=0, max_value=_MAX_COUNT, required=False)
    workforce_non_local = serializers.IntegerField(min_value=0, max_value=_MAX_COUNT, required=False)
    workforce_disabled = serializers.IntegerField(
        min_value=0,
        max_value=_MAX_COUNT,
        required=False,
        help_text=_("Counted among the local and non-local workers."),
    )

    def get_fields(self):
        fields = _company_fields()
        for field in fields.values():
            field.required = False
        return {**fields, **super().get_fields()}


def _company_for_output(pk: int) -> Company:
    return Company.objects.select_related("kbli_category", "kelurahan", "main_contractor").get(pk=pk)


class EmployerCompanyView(generics.GenericAPIView):
    """The signed-in member's own company."""

    serializer_class = EmployerCompanySerializer
    permission_classes = [IsAuthenticated, IsCompanyMember]
    parser_classes = [JSONParser]
    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        summary="Your company's details",
        responses={
            200: EmployerCompanySerializer,
            403: OpenApiResponse(description="Not a member of a company."),
        },
        tags=["employer"],
    )
    def get(self, request):
        return Response(EmployerCompanySerializer(_company_for_output(company_of(request.user).pk)).data)

    @extend_schema(
        summary="Change your company's details (company admins only)",
        description=(
            "Send only the fields to change. The address, contacts, KBLI codes, main contractor and workforce "
            "change at once (a workforce change sets `workforce_reported_at` to today). A change of the NIB, "
            "legal name, legal form, NPWP or ownership sends a verified company back to Disnaker: `status` "
            "becomes `pending`; drafts can still be prepared, vacancy reports are sent again once it is "
            "verified, and published vacancies stay published."
        ),
        request=EmployerCompanyUpdateSerializer,
        responses={
            200: EmployerCompanySerializer,
            400: OpenApiResponse(description="Invalid fields; nothing was saved."),
            403: OpenApiResponse(description="Not a member of a company, or not one of its administrators."),
        },
        tags=["employer"],
    )
    def patch(self, request):
        company = company_of(request.user)
        if not can_manage_company(request.user, company):
            raise PermissionDenied(_("Only an administrator of the company can change its details."))
        serializer = EmployerCompanyUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            company_update(company_id=company.pk, by=request.user, **serializer.validated_data)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except DjangoValidationError as error:
            raise _bad_input(error) from None
        return Response(EmployerCompanySerializer(_company_for_output(company.pk)).data)
