"""Query filters for the public vacancy list.

Reference values are given by code (KBJI, education level, Kemendagri), as printed on the
AK/I card and in the reference lists, so a client never needs our database ids. Every
parameter is validated by a form field: a bad value is a 400 naming the parameter, never a 500.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES

from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kecamatan, Kelurahan
from employers.models import Vacancy

# Bounds of a PostgreSQL bigint: a larger number in the query string is a 400, not a DataError.
_MAX_INT = 2**63 - 1


class IntegerFilter(filters.NumberFilter):
    """A whole-number filter: `NumberFilter` would accept `1.5` and silently truncate it."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", _MAX_INT)
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Adds the primary key as the last sort key so pages never repeat or skip a row on ties."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value in EMPTY_VALUES:
            return qs  # the selector's own ordering already ends with the primary key
        return qs.order_by(*qs.query.order_by, "-pk")


class VacancyFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        max_length=200,  # each word adds a clause; a bounded query string keeps the SQL bounded
        label=_("Search"),
        help_text=_("Words in the job title, the description or the company name."),
    )
    occupation = filters.ModelChoiceFilter(
        queryset=KbjiGroup.objects.all(),
        to_field_name="code",
        method="filter_occupation",
        label=_("Occupation (KBJI 2014 code)"),
        help_text=_("A KBJI group code; vacancies in that group or any group below it."),
    )
    min_education = filters.ModelChoiceFilter(
        queryset=EducationLevel.objects.all(),
        to_field_name="code",
        method="filter_min_education",
        label=_("Your education level (code)"),
        help_text=_("Vacancies whose minimum education is at most this level, e.g. SMK."),
    )
    kelurahan = filters.ModelChoiceFilter(
        field_name="work_kelurahan",
        queryset=Kelurahan.objects.all(),
        to_field_name="code",
        label=_("Work location: kelurahan (code)"),
    )
    kecamatan = filters.ModelChoiceFilter(
        field_name="work_kelurahan__kecamatan",
        queryset=Kecamatan.objects.all(),
        to_field_name="code",
        label=_("Work location: kecamatan (code)"),
    )
    employment_type = filters.ChoiceFilter(choices=Vacancy.EmploymentType.choices, label=_("Employment type"))
    company = IntegerFilter(field_name="company", min_value=1, label=_("Company (id)"))
    wage_min_gte = IntegerFilter(
        field_name="wage_min",
        lookup_expr="gte",
        label=_("Minimum wage at least (Rp)"),
        help_text=_("Compares with the vacancy's minimum wage, whatever its wage period."),
    )
    closing_before = filters.DateFilter(
        field_name="close_date", lookup_expr="lte", label=_("Closes on or before (YYYY-MM-DD)")
    )
    closing_after = filters.DateFilter(
        field_name="close_date", lookup_expr="gte", label=_("Closes on or after (YYYY-MM-DD)")
    )
    published_after = filters.DateFilter(
        field_name="published_at",
        # Compared as a calendar date in the portal's time zone (WITA), not as a UTC instant.
        lookup_expr="date__gte",
        label=_("Published on or after (YYYY-MM-DD)"),
    )
    ordering = StableOrderingFilter(
        fields=["published_at", "close_date", "wage_min"],
        label=_("Sort by"),
        help_text=_("published_at, close_date or wage_min; prefix with - for descending."),
    )

    class Meta:
        model = Vacancy
        fields = []

    def filter_q(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(company__name__icontains=word)
            )
        return queryset

    def filter_occupation(self, queryset, name, group):
        # KBJI codes nest by prefix (8 → 81 → 813 → 8131), so a prefix match covers the subtree.
        return queryset.filter(occupation__code__startswith=group.code)

    def filter_min_education(self, queryset, name, level):
        return queryset.filter(min_education__rank__lte=level.rank)
