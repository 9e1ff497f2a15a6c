"""Public vacancy pages: the search (`/lowongan/`) and each vacancy (`/lowongan/<id>/`).

Anyone may read them, without logging in (Perpres 57/2023 art. 9: vacancy information is
public). The search page and the API list share one FilterSet, so a search URL means the
same thing in both.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from bontang_aker.core.pagination import InvalidCursor, list_page_or_last
from bontang_aker.reference.cache import reference_data
from bontang_aker.reference.models import KbjiGroup
from employers import public_cache
from employers.api.filters import RELEVANCE, VacancyFilter
from employers.models import Company, Vacancy
from employers.selectors import vacancy_attach_reference, vacancy_list_public, vacancy_rows

SEARCH_PAGE_SIZE = 20
SIMILAR_VACANCY_COUNT = 5

# The sort options offered on the page; the API accepts every field of the FilterSet.
SORT_OPTIONS = [
    (RELEVANCE, _("Most relevant")),
    ("-published_at", _("Newest")),
    ("close_date", _("Closing soon")),
    ("-wage_min", _("Highest wage")),
]
PAGE_LABELS = {
    "q": (_("Search"), _("For example: operator, las, admin, perawat.")),
    "occupation": (_("Occupation group"), ""),
    "min_education": (_("Your education"), _("Shows vacancies that ask for this level or lower.")),
    "kecamatan": (_("Work location (kecamatan)"), ""),
    "employment_type": (_("Employment type"), ""),
    "wage_min_gte": (_("Minimum wage at least (Rp)"), _("For example 4000000.")),
}
# Filters shown as form fields; any other FilterSet parameter in the URL is kept as it is.
SHOWN_FILTERS = ["q", "occupation", "min_education", "kecamatan", "employment_type", "wage_min_gte"]


def _page_number(raw: str | None) -> int:
    """The page asked for; anything that is not a page number is the first page (and says so)."""
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return number if number >= 1 else 1


class VacancySearchView(TemplateView):
    """The search page. Everything below the site header (the form and the results) depends on the
    query only, never on who asks, so it is rendered once and cached (employers.public_cache)."""

    template_name = "employers/vacancy_search.html"
    content_template_name = "employers/_vacancy_search_content.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        context["search_text"] = params.get("q", "")
        html = public_cache.cached(
            "search", [translation.get_language() or "", params.urlencode()], lambda: self.render_content(context)
        )
        context["content_html"] = mark_safe(html)  # noqa: S308 - our own template's output
        return context

    def render_content(self, context) -> str:
        content = self.content_context(self.request.GET)
        # Also in the page's context (when rendered, not when cached), for tests and for templates that extend it.
        context.update({name: content[name] for name in ("form", "page_obj", "vacancies", "total")})
        return render_to_string(self.content_template_name, content)

    @staticmethod
    def content_context(params) -> dict:
        filterset = VacancyFilter(params, queryset=vacancy_list_public())
        form = filterset.form
        # The FilterSet's labels and help speak to API clients (codes); people get plain words.
        for name, (label, help_text) in PAGE_LABELS.items():
            form.fields[name].label, form.fields[name].help_text = label, help_text
        for name in ("occupation", "min_education", "kecamatan"):
            form.fields[name].empty_label = _("— any —")
        form.fields["employment_type"].empty_label = _("— any —")
        form.fields["employment_type"].choices = Vacancy.EmploymentType.choices
        form.fields["q"].widget.attrs.update({"type": "search", "enterkeyhint": "search"})
        kept = params.copy()
        kept.pop("page", None)
        kept.pop("cursor", None)
        active_filters = [name for name in filterset.filters if name != "ordering" and params.get(name)]
        content = {
            "form": form,
            "page_obj": None,
            "vacancies": [],
            "total": 0,
            "sort_options": SORT_OPTIONS,
            "current_sort": params.get("ordering") or RELEVANCE,
            "hidden_params": [
                (name, params.get(name))
                for name in filterset.filters
                if name not in SHOWN_FILTERS and name != "ordering" and params.get(name)
            ],
            "has_filters": bool(active_filters),
            "filters_open": any(name != "q" for name in active_filters),
            "search_text": params.get("q", ""),
        }
        if filterset.is_valid():  # else the form shows what is wrong; nothing is searched
            content.update(_results(filterset, kept.urlencode(), params.get("page"), params.get("cursor") or None))
        return content


def _results(filterset: VacancyFilter, page_query: str, requested: str | None, cursor: str | None) -> dict:
    """One page of results, with its links (by cursor on long lists, so that deep pages stay fast)."""
    listing = filterset.listing()
    try:
        page = list_page_or_last(listing, number=_page_number(requested), size=SEARCH_PAGE_SIZE, cursor=cursor)
    except InvalidCursor:  # typed by hand, or from another sort: start again at the first page
        page = list_page_or_last(listing, number=1, size=SEARCH_PAGE_SIZE)
        requested = None
    page.rows = vacancy_rows(page.ids, with_skills=False)

    def link(forward: bool) -> str:
        query = page.query_for(forward=forward)
        extra = [("cursor", query["cursor"])] if query["cursor"] else []
        if forward or query["page"] != "1" or extra:
            extra.append(("page", query["page"]))
        return "?" + "&".join(part for part in (page_query, urlencode(extra)) if part)

    return {
        "page_obj": page,
        "vacancies": page.rows,
        "total": page.count,
        "total_is_exact": page.count_is_exact,
        "next_url": link(True) if page.has_next else None,
        "previous_url": link(False) if page.has_previous else None,
        "page_missing": bool(requested) and requested != str(page.number),
    }


def _vacancy_for_public(pk: int) -> Vacancy:
    """Every vacancy that was ever public; drafts, reports in review and rejected ones are 404."""
    vacancy = (
        Vacancy.objects.select_related("company")
        .prefetch_related("skills")
        .filter(pk=pk, status__in=[Vacancy.Status.PUBLISHED, Vacancy.Status.CLOSED, Vacancy.Status.FILLED])
        .first()
    )
    if vacancy is None:
        raise Http404(_("There is no public vacancy with this number."))
    vacancy_attach_reference([vacancy])
    return vacancy


def vacancy_is_open(vacancy: Vacancy) -> bool:
    return vacancy.status == Vacancy.Status.PUBLISHED and vacancy.close_date >= timezone.localdate()


def similar_open_vacancies(vacancy: Vacancy) -> list[Vacancy]:
    """Open vacancies in the same occupation group, newest first; else the newest open ones."""
    others = vacancy_list_public().exclude(pk=vacancy.pk).values_list("pk", flat=True)
    code = vacancy.occupation.code
    groups = [group.pk for group in reference_data().ordered(KbjiGroup) if group.code.startswith(code)]
    similar = list(others.filter(occupation_id__in=groups)[:SIMILAR_VACANCY_COUNT])
    return vacancy_rows(similar or list(others[:SIMILAR_VACANCY_COUNT]), with_skills=False)


_SCHEMA_EMPLOYMENT_TYPES = {
    Vacancy.EmploymentType.PERMANENT: "FULL_TIME",
    Vacancy.EmploymentType.CONTRACT: "TEMPORARY",
    Vacancy.EmploymentType.TURNAROUND: "TEMPORARY",
    Vacancy.EmploymentType.DAILY: "PER_DIEM",
    Vacancy.EmploymentType.PART_TIME: "PART_TIME",
    Vacancy.EmploymentType.INTERNSHIP: "INTERN",
}
_SCHEMA_WAGE_UNITS = {
    Vacancy.WagePeriod.MONTH: "MONTH",
    Vacancy.WagePeriod.DAY: "DAY",
    Vacancy.WagePeriod.HOUR: "HOUR",
}


def job_posting_json_ld(vacancy: Vacancy, *, url: str) -> str:
    """schema.org JobPosting for search engines, escaped for a <script> element."""
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description,
        "identifier": {"@type": "PropertyValue", "name": "Disnaker Kota Bontang", "value": str(vacancy.pk)},
        "datePosted": timezone.localdate(vacancy.published_at).isoformat() if vacancy.published_at else None,
        "validThrough": f"{vacancy.close_date.isoformat()}T23:59:59+08:00",
        "employmentType": _SCHEMA_EMPLOYMENT_TYPES.get(vacancy.employment_type, "OTHER"),
        "hiringOrganization": {"@type": "Organization", "name": vacancy.company.name},
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": vacancy.work_location,
                "addressLocality": vacancy.work_kelurahan.name if vacancy.work_kelurahan else vacancy.work_location,
                "addressRegion": "Kalimantan Timur",
                "addressCountry": "ID",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "IDR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": vacancy.wage_min,
                "maxValue": vacancy.wage_max or vacancy.wage_min,
                "unitText": _SCHEMA_WAGE_UNITS.get(vacancy.wage_period, "MONTH"),
            },
        },
        "totalJobOpenings": vacancy.openings,
        "educationRequirements": vacancy.min_education.name,
        "experienceRequirements": {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": vacancy.experience_years_min * 12,
        },
        "skills": ", ".join(skill.name for skill in vacancy.skills.all()),
        "occupationalCategory": f"KBJI 2014 {vacancy.occupation.code} {vacancy.occupation.name}",
        "directApply": False,
        "url": url,
    }
    text = json.dumps({key: value for key, value in data.items() if value not in (None, "")}, ensure_ascii=False)
    # The same escaping as Django's json_script: the text cannot end the <script> element.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class VacancyDetailView(View):
    """One vacancy in words, with the next step; a closed one answers 410 with similar vacancies."""

    def get(self, request, pk: int):
        vacancy = _vacancy_for_public(pk)
        if not vacancy_is_open(vacancy):
            return render(
                request,
                "employers/vacancy_public_closed.html",
                {"vacancy": vacancy, "similar": similar_open_vacancies(vacancy)},
                status=410,
            )
        hired = vacancy.placements.filter(status="verified").count()
        url = request.build_absolute_uri(reverse("vacancies:detail", args=[vacancy.pk]))
        context = {
            "vacancy": vacancy,
            "openings_left": max(vacancy.openings - hired, 0),
            "company_verified": vacancy.company.status == Company.Status.VERIFIED,
            "being_updated": vacancy.revisions.filter(status="pending").exists(),
            "skills": list(vacancy.skills.all()),
            "json_ld": job_posting_json_ld(vacancy, url=url),
        }
        return render(request, "employers/vacancy_public.html", context)
