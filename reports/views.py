"""The public labour-market dashboard (`/statistik/`) and its open data (JSON, one CSV per chart).

Anyone may read them without logging in. The figures come from `reports.dashboard` (cached, the
same for every visitor in a language); the page around them, whose header differs for a person
logged in (their menu, the log-out button), is rendered on each request and never cached.
"""

from __future__ import annotations

import csv
import datetime

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from employers.exports import CSV_CONTENT_TYPE, neutralise
from reports import dashboard


def _licence_link(data: dict) -> str:
    return f'<{data["licence_url"]}>; rel="license"'


# Columns the page's tables leave out: the code is in the label's place, the month in its name.
_TABLE_HIDDEN = {"code", "label", "month"}
_HORIZONTAL = (dashboard.CHART_VACANCIES_BY_SECTOR, dashboard.CHART_JOBSEEKERS_BY_EDUCATION)


def _chart_context(chart: dict) -> dict:
    """One chart as the template shows it: the data the script draws, and the rows of its table."""
    value_columns = [column for column in chart["columns"] if column["key"] not in _TABLE_HIDDEN]
    coded = chart["name"] == dashboard.CHART_VACANCIES_BY_SECTOR
    return {
        **chart,
        "script_id": f"chart-data-{chart['name']}",
        "value_columns": value_columns,
        "table_rows": [
            {
                "label": f"{row['code']} {row['label']}" if coded else row["label"],
                "values": [row[column["key"]] for column in value_columns],
            }
            for row in chart["rows"]
        ],
        "chart_data": {
            "type": "line" if chart["unit"] == "%" else "bar",
            "horizontal": chart["name"] in _HORIZONTAL,
            "label": next(column["label"] for column in chart["columns"] if column["key"] == chart["value_key"]),
            "unit": chart["unit"],
            "labels": [f"{row['code']} {row['label']}" if coded else row["label"] for row in chart["rows"]],
            "values": [row[chart["value_key"]] for row in chart["rows"]],
        },
    }


class DashboardView(TemplateView):
    """The page is rendered for each visitor (its header shows who is logged in); its data is cached."""

    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        data = dashboard.dashboard_data()
        return super().get_context_data(
            data=data,
            figures=data["figures"],
            charts=[_chart_context(chart) for chart in data["charts"]],
            generated_at=datetime.datetime.fromisoformat(data["generated_at"]),
            cache_minutes=max(1, settings.DASHBOARD_CACHE_SECONDS // 60),
            **kwargs,
        )


class DashboardJsonView(View):
    def get(self, request):
        data = dashboard.dashboard_data()
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Link"] = _licence_link(data)
        response["Content-Disposition"] = f'inline; filename="statistik-pasar-kerja-{data["date"]}.json"'
        return response


class DashboardCsvView(View):
    def get(self, request, chart: str):
        data = dashboard.dashboard_data()
        found = dashboard.chart_by_name(data, chart)
        if found is None:
            raise Http404(_("There is no such chart."))
        response = HttpResponse(content_type=CSV_CONTENT_TYPE)
        response["Link"] = _licence_link(data)
        response["Content-Disposition"] = f'attachment; filename="statistik-{found["name"]}-{data["date"]}.csv"'
        keys = [column["key"] for column in found["columns"]]
        writer = csv.writer(response, lineterminator="\r\n")
        writer.writerow(keys)  # stable machine names; the page's table shows their labels
        for row in found["rows"]:
            writer.writerow(
                [
                    "" if row[key] is None else neutralise(row[key]) if isinstance(row[key], str) else row[key]
                    for key in keys
                ]
            )
        return response
