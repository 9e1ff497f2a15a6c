"""The company's exports in the API: `GET /api/v1/employer/exports/{kind}/?file_format=xlsx|csv`.

The same files as the export page (employers.exports), for company members only. The file
format is `file_format`, not `format`: DRF keeps `format` for choosing a renderer, and errors
here are always JSON. The WLLP export needs `year` (and `month`, or the whole year).
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable, NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from bontang_aker.core.client_address import client_ip
from employers import exports
from employers.api.employer import IsCompanyMember
from employers.export_views import export_http_response
from employers.permissions import company_of


class _JSONErrorsNegotiation(DefaultContentNegotiation):
    """The file is answered as is; anything else (an error) is JSON, whatever the Accept header asks for."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except (NotAcceptable, NotFound, Http404):  # DRF answers an unknown ?format= with Django's 404
            return renderers[0], renderers[0].media_type


class ExportQuerySerializer(serializers.Serializer):
    file_format = serializers.ChoiceField(choices=list(exports.FORMATS), default="xlsx")
    year = serializers.IntegerField(required=False, min_value=1, max_value=9999)
    month = serializers.IntegerField(required=False, min_value=1, max_value=12)

    def __init__(self, *args, needs_period: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_period = needs_period

    def validate(self, data):
        if not self.needs_period:
            return data
        if data.get("year") is None:
            raise serializers.ValidationError({"year": [_("Enter the year.")]})
        errors = exports.wllp_period_errors(data["year"], data.get("month"))
        if errors:
            raise serializers.ValidationError({name: [message] for name, message in errors.items()})
        return data


_FILE_DESCRIPTION = _(
    "The file, as an attachment: an Excel workbook, or CSV (UTF-8 with a byte-order mark, commas, one header row)."
)
_FILE_RESPONSES = {
    (200, exports.XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description=_FILE_DESCRIPTION),
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_FILE_DESCRIPTION),
    401: OpenApiResponse(description=_("Not logged in: send `Authorization: Token <token>`.")),
    403: OpenApiResponse(description=_("Not a member of a company.")),
    404: OpenApiResponse(description=_("No such export.")),
}
_QUERY_PARAMETERS = [
    OpenApiParameter(
        "file_format", str, enum=list(exports.FORMATS), default="xlsx", description=_("xlsx (Excel) or csv.")
    ),
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": exports.WLLP_FIRST_YEAR, "maximum": 9999},
        description=_("WLLP only, required there: the year (2023 or later)."),
    ),
    OpenApiParameter(
        "month",
        {"type": "integer", "minimum": 1, "maximum": 12},
        description=_("WLLP only: the month (1–12); left out for the whole year."),
    ),
]


@extend_schema(tags=["employer"])
class EmployerExportView(APIView):
    """One of the company's exports as a file."""

    permission_classes = [IsAuthenticated, IsCompanyMember]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JSONErrorsNegotiation

    @extend_schema(
        summary="Download one of the company's exports",
        description=(
            "`vacancies`: every vacancy report with its counts; `candidates`: the referred candidates (no NIK, "
            "no contact data; each export is logged in the candidates' data-access log); `hires`: the hire "
            "reports; `wllp`: the vacancies published in `year` (and `month`) with their fills, in the "
            "Perpres 57/2023 (WLLP) layout, in Indonesian. Answered as an attachment, never cached."
        ),
        parameters=[
            OpenApiParameter(
                "kind", str, OpenApiParameter.PATH, enum=list(exports.EXPORT_KINDS), description=_("Which export.")
            ),
            *_QUERY_PARAMETERS,
        ],
        responses=_FILE_RESPONSES,
    )
    def get(self, request, kind):
        spec = exports.EXPORT_KINDS.get(kind)
        if spec is None:
            raise NotFound
        if "format" in request.query_params:
            # DRF's renderer switch: `?format=csv` would otherwise be ignored and answer Excel.
            raise serializers.ValidationError({"format": [_("Use file_format=xlsx or file_format=csv.")]})
        query = ExportQuerySerializer(data=request.query_params, needs_period=spec.needs_period)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        period = {"year": data["year"], "month": data.get("month")} if spec.needs_period else {}
        export = exports.export_build(
            kind=kind, company=company_of(request.user), viewer=request.user, ip_address=client_ip(request), **period
        )
        return export_http_response(export, data["file_format"])
