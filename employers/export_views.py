"""The company's export page and its downloads (employers.exports): for company members only.

`/perusahaan/ekspor/` lists the exports with their formats; `/perusahaan/ekspor/<slug>.<format>`
answers the file as an attachment, never cached. The WLLP export takes its period from the
page's form (`?year=&month=`); a bad period shows the page again with the message on the field
(400), never a 500.
"""

from django import forms
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from bontang_aker.core.client_address import client_ip
from employers import exports
from employers.views import CompanyMemberMixin

# Django's own month names: already translated.
MONTH_CHOICES = [("", _("The whole year"))] + [(str(number), name) for number, name in MONTHS.items()]


class WllpPeriodForm(forms.Form):
    """The WLLP period: a year and a month, or the whole year; not before 2023, not in the future."""

    year = forms.IntegerField(
        label=_("Year"),
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Enter the year."), "invalid": _("Enter the year as a number, e.g. 2026.")},
    )
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=MONTH_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a month from the list.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("year") is not None and not self.errors:
            for name, message in exports.wllp_period_errors(data["year"], data.get("month")).items():
                self.add_error(name, message)
        return data


def _initial_period() -> dict:
    today = timezone.localdate()
    return {"year": today.year, "month": str(today.month)}


def export_http_response(export: exports.ExportFile, file_format: str) -> HttpResponse:
    """The file as a download: attachment, never cached (it holds the company's records)."""
    content, content_type, filename = exports.export_response_parts(export, file_format)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class ExportListView(CompanyMemberMixin, TemplateView):
    template_name = "employers/export_list.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("period_form", WllpPeriodForm(initial=_initial_period()))
        context = super().get_context_data(**kwargs)
        context["kinds"] = [kind for kind in exports.EXPORT_KINDS.values() if not kind.needs_period]
        context["wllp"] = exports.EXPORT_KINDS["wllp"]
        return context


class ExportDownloadView(CompanyMemberMixin, View):
    def get(self, request, slug, file_format):
        kind = exports.EXPORT_KIND_BY_SLUG.get(slug)
        if kind is None or file_format not in exports.FORMATS:
            raise Http404
        period = {}
        if kind.needs_period:
            form = WllpPeriodForm(request.GET)
            if not form.is_valid():
                page = ExportListView(request=request, company=self.company, kwargs={})
                return TemplateResponse(
                    request, ExportListView.template_name, page.get_context_data(period_form=form), status=400
                )
            period = {"year": form.cleaned_data["year"], "month": form.cleaned_data["month"]}
        export = exports.export_build(
            kind=kind.key, company=self.company, viewer=request.user, ip_address=client_ip(request), **period
        )
        return export_http_response(export, file_format)
