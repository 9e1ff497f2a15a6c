"""The jobseeker's job-search log in the API: JSON rows, or `?format=csv` for the same file as the page's."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from jobseekers.api.common import IsJobseeker
from jobseekers.selectors import profile_of
from placements.job_search_log import KIND_LABELS, job_search_log, job_search_log_csv, job_search_log_filename


class CSVRenderer(renderers.BaseRenderer):
    """Lets `?format=csv` through DRF's content negotiation. The log itself is answered as a file by
    the view; only errors (401, 403) reach this renderer, as a one-cell CSV."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        detail = str(data.get("detail", "")) if isinstance(data, dict) else ""
        return detail.replace('"', '""').join('""').encode("utf-8") + b"\r\n"


class JobSearchLogRowSerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text=_("When it happened (the time zone offset included)."))
    kind = serializers.ChoiceField(choices=list(KIND_LABELS))
    kind_display = serializers.CharField(source="kind_label")
    what = serializers.CharField(help_text=_("The vacancy, the position or the AK/I card number."))
    company = serializers.CharField(allow_blank=True)
    result = serializers.CharField()


class JobSearchLogSerializer(serializers.Serializer):
    full_name = serializers.CharField()
    card_number = serializers.CharField(allow_blank=True, help_text=_("Empty until a card is issued."))
    generated_at = serializers.DateTimeField()
    rows = JobSearchLogRowSerializer(many=True, help_text=_("Oldest first."))


@extend_schema(tags=["me"])
class MyJobSearchLogView(APIView):
    """My job-search log: applications, referrals, selection results, hires and AK/I card reports, oldest first."""

    permission_classes = [IsAuthenticated, IsJobseeker]
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    def perform_content_negotiation(self, request, force=False):
        # DRF answers an unknown `?format=` with 404; here it is a bad parameter, so 400 naming it.
        requested = request.query_params.get("format")
        if not force and requested is not None and requested not in {"json", "csv"}:
            raise serializers.ValidationError({"format": [_("Choose json or csv.")]})
        return super().perform_content_negotiation(request, force=force)

    @extend_schema(
        summary="My job-search log",
        description=(
            "Proof of an active job search (e.g. for a JKP claim). `?format=csv` answers the CSV file "
            "(UTF-8 with a byte-order mark, comma-separated, one header row) as an attachment."
        ),
        parameters=[
            OpenApiParameter("format", str, enum=["json", "csv"], required=False, description="`csv` for the CSV file.")
        ],
        responses={
            (200, "application/json"): JobSearchLogSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The log as CSV."),
            403: OpenApiResponse(description="Not a jobseeker's account."),
        },
    )
    def get(self, request, *args, **kwargs):
        log = job_search_log(jobseeker=profile_of(request.user))
        if getattr(request.accepted_renderer, "format", "") == "csv":
            response = HttpResponse(job_search_log_csv(log), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{job_search_log_filename(log, "csv")}"'
            response["Cache-Control"] = "private, no-store"
            return response
        return Response(JobSearchLogSerializer(log).data)
