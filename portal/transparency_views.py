"""The public transparency page (`/transparansi/`) and its open-data API (`/api/v1/transparency/`).

Anyone may read them, without logging in. The figures come from `portal.transparency` (cached,
the same for every visitor); the named selection results are read on each request, so a
withdrawn consent counts at once. The page's header is rendered for each visitor as on every
page; nothing below it depends on who asks.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from bontang_aker.core.throttling import ScopedRateThrottle
from portal import transparency
from portal.transparency_forms import MAX_ID, MAX_PAGE, MAX_QUERY_LENGTH, TransparencyFilterForm

RESULT_LABELS = {
    transparency.RESULT_REFERRED: _("Referred, waiting for the selection"),
    transparency.RESULT_IN_SELECTION: _("In selection"),
    transparency.RESULT_ACCEPTED: _("Accepted by the company, hire report being checked"),
    transparency.RESULT_NOT_ACCEPTED: _("Not accepted"),
    transparency.RESULT_NO_SHOW: _("Did not attend the selection"),
    transparency.RESULT_HIRED: _("Hired (verified by Disnaker)"),
    transparency.RESULT_HIRED_WITHOUT_REFERRAL: _("Hired without a Disnaker referral"),
}


def _filter_form(params) -> TransparencyFilterForm:
    return TransparencyFilterForm(params, years=transparency.transparency_years())


def _summary_data(data: dict) -> dict:
    year, q, company, page = data["year"], data["q"], data["company"], data["page"]
    return {
        "year": year,
        "local_min_percent": transparency.local_min_percent(),
        "companies": transparency.company_rows(year=year),
        "vacancies": transparency.vacancy_page(year=year, q=q, company_id=company, page=page),
    }


def _page_url(data: dict, number: int) -> str:
    query = {"year": data["year"], "q": data["q"], "company": data["company"] or "", "page": number}
    return "?" + urlencode({key: value for key, value in query.items() if value not in ("", None)})


class TransparencyView(TemplateView):
    """This year's figures (or another year's): per company, then the vacancies with their counts."""

    template_name = "portal/transparency.html"

    def get(self, request, *args, **kwargs):
        form = _filter_form(request.GET)
        context = self.get_context_data(form=form, years=transparency.transparency_years())
        if not form.is_valid():  # the form says what is wrong; nothing is searched
            return self.render_to_response(context, status=400)
        data = form.cleaned_data
        summary = _summary_data(data)
        page = summary["vacancies"]
        context.update(summary)
        context.update(
            {
                "searching": bool(data["q"] or data["company"]),
                "previous_url": _page_url(data, page.number - 1) if page.has_previous else None,
                "next_url": _page_url(data, page.number + 1) if page.has_next else None,
            }
        )
        return self.render_to_response(context)


class TransparencyVacancyView(TemplateView):
    """One public vacancy: its counts and its selection results (named only with consent)."""

    template_name = "portal/transparency_vacancy.html"

    def get_context_data(self, **kwargs):
        vacancy = transparency.public_vacancy_row(kwargs["pk"])
        if vacancy is None:
            raise Http404(_("There is no public vacancy with this number."))
        results = transparency.selection_results(vacancy_id=vacancy.id)
        return super().get_context_data(
            vacancy=vacancy,
            named=[(result, RESULT_LABELS[result.result]) for result in results.named],
            not_named=results.not_named,
            local_min_percent=transparency.local_min_percent(),
            **kwargs,
        )


# The open-data API ----------------------------------------------------------------------------------------


class TransparencyThrottle(ScopedRateThrottle):
    """Per client address (anonymous), in the `transparency` scope: the figures are cached, but not for ever.

    The rate is settings.TRANSPARENCY_API_RATE (REST_FRAMEWORK's DEFAULT_THROTTLE_RATES may override it).
    """

    def get_rate(self) -> str:
        return self.THROTTLE_RATES.get(self.scope) or settings.TRANSPARENCY_API_RATE


class CountsSerializer(serializers.Serializer):
    applicants = serializers.IntegerField(help_text=_("Every application made through the portal."))
    screened = serializers.IntegerField(
        help_text=_("Applications on which Disnaker took its screening decision: referred or not referred.")
    )
    referred = serializers.IntegerField(help_text=_("Applications referred to the company (AK/V letter)."))
    hired = serializers.IntegerField(help_text=_("Hires verified by Disnaker."))
    hired_local = serializers.IntegerField(help_text=_("Of the verified hires, local workers (KTP Bontang)."))
    hired_without_referral = serializers.IntegerField(
        help_text=_("Of the verified hires, those not referred through the portal.")
    )
    local_percent = serializers.IntegerField(
        allow_null=True, help_text=_("Local share of the verified hires, rounded down; null without hires.")
    )


class VacancyRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    company_id = serializers.IntegerField()
    company_name = serializers.CharField()
    status = serializers.ChoiceField(choices=[(code, code) for code in transparency.PUBLIC_STATUSES])
    published_on = serializers.DateField()
    close_date = serializers.DateField()
    openings = serializers.IntegerField()
    counts = CountsSerializer()


class CompanyRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    vacancies = serializers.IntegerField(help_text=_("Public vacancies published in the year."))
    hires = serializers.IntegerField(help_text=_("Verified hires starting in the year."))
    local_hires = serializers.IntegerField()
    local_percent = serializers.IntegerField(allow_null=True, help_text=_("Rounded down; null without hires."))
    meets_minimum = serializers.BooleanField(
        allow_null=True, help_text=_("Whether the local share reaches the minimum; null without hires.")
    )


class VacancyPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField(source="number")
    pages = serializers.IntegerField(source="num_pages")
    results = VacancyRowSerializer(source="rows", many=True)


class TransparencySummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    local_min_percent = serializers.DecimalField(max_digits=5, decimal_places=2, coerce_to_string=False)
    companies = CompanyRowSerializer(many=True)
    vacancies = VacancyPageSerializer()


class SelectionResultSerializer(serializers.Serializer):
    card_number = serializers.CharField(help_text=_("The person's AK/I card number."))
    masked_name = serializers.CharField(help_text=_("Only the first letter of each word."))
    result = serializers.ChoiceField(choices=[(code, code) for code in transparency.RESULT_CODES])
    result_label = serializers.SerializerMethodField()

    def get_result_label(self, result) -> str:
        return str(RESULT_LABELS[result.result])


class TransparencyVacancySerializer(VacancyRowSerializer):
    selection_results = SelectionResultSerializer(many=True)
    not_named = serializers.IntegerField(
        help_text=_("Referred or hired people who did not agree to be named: counted only.")
    )


_PARAMETERS = [
    # The bounds are the form's (TransparencyFilterForm), so that a value the schema allows is one the form reads.
    OpenApiParameter(
        "year",
        {"type": "integer", "minimum": transparency.FIRST_YEAR, "maximum": 9999},
        description="The calendar year (WITA); default the current one. Not after the current year.",
        allow_blank=True,
    ),
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": MAX_QUERY_LENGTH},
        description="Words of the job title or the company's name.",
        allow_blank=True,
    ),
    OpenApiParameter(
        "company",
        {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        description="One company's vacancies only.",
        allow_blank=True,
    ),
    OpenApiParameter(
        "page",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        description="The page of the vacancy list; past the last page, the last page.",
        allow_blank=True,
    ),
]


def _form_errors(form) -> dict:
    return {
        "non_field_errors" if name == "__all__" else name: [error["message"] for error in errors]
        for name, errors in form.errors.get_json_data().items()
    }


class _PublicApiView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TransparencyThrottle]
    throttle_scope = "transparency"


@extend_schema(tags=["transparency"])
class TransparencyApiView(_PublicApiView):
    """Open data of the single channel for a year: per company and per public vacancy, counts only.

    Up to a minute old (the figures are cached), except that a vacancy published, closed or filled
    shows at once. No personal data.
    """

    @extend_schema(parameters=_PARAMETERS, responses={200: TransparencySummarySerializer}, auth=[])
    def get(self, request):
        form = _filter_form(request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        return Response(TransparencySummarySerializer(_summary_data(form.cleaned_data)).data)


@extend_schema(tags=["transparency"])
class TransparencyVacancyApiView(_PublicApiView):
    """One public vacancy's counts and its selection results: card number and masked name only with consent.

    The counts may be up to a minute old; the selection results are always current.
    """

    @extend_schema(responses={200: TransparencyVacancySerializer}, auth=[])
    def get(self, request, pk: int):
        vacancy = transparency.public_vacancy_row(pk)
        if vacancy is None:
            raise exceptions.NotFound()
        results = transparency.selection_results(vacancy_id=vacancy.id)
        data = {**vacancy.__dict__, "selection_results": results.named, "not_named": results.not_named}
        return Response(TransparencyVacancySerializer(data).data)
