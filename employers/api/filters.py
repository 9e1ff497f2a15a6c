"""Query filters for the public vacancy list.

Reference values are given by code (KBJI, education level, Kemendagri), as printed on the
AK/I card and in the reference lists, so a client never needs our database ids. Every
parameter is validated by a form field: a bad value is a 400 naming the parameter, never a 500.

Numbers, dates and codes typed in another script's digits are read as the ASCII digits they
show, as everywhere in the portal (bontang_aker.core.forms): `?company=٤` is `?company=4`,
`?closing_before=２０２６-０１-３１` is 2026-01-31, `?occupation=８` is KBJI group 8. Anything
else int() would take (`1_000`) is a 400, and so is a control character in the search words.
"""

from django.contrib.postgres.search import SearchRank
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelChoiceField

from bontang_aker.core.forms import AsciiDateField, AsciiIntegerField
from bontang_aker.core.validators import normalize_digits, validate_no_control_characters
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kecamatan, Kelurahan
from employers.models import Vacancy
from employers.search import build_search_query

# Bounds of a PostgreSQL bigint: a larger number in the query string is a 400, not a DataError.
_MAX_INT = 2**63 - 1


class IntegerFilter(filters.NumberFilter):
    """A whole-number filter: `NumberFilter` would accept `1.5` and silently truncate it.

    Digits of other scripts are read as ASCII (`٤` is 4); `1_000` is refused.
    """

    field_class = AsciiIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", _MAX_INT)
        super().__init__(*args, **kwargs)


class AsciiDateFilter(filters.DateFilter):
    """A date filter that reads other scripts' digits as ASCII (`٢٠٢٦-٠١-٣١` is 2026-01-31)."""

    field_class = AsciiDateField


class CodeChoiceField(ModelChoiceField):
    def to_python(self, value):
        return super().to_python(normalize_digits(value) if isinstance(value, str) else value)


class CodeChoiceFilter(filters.ModelChoiceFilter):
    """A reference item chosen by its code, typed in any script's digits (`８` is KBJI group 8)."""

    field_class = CodeChoiceField


RELEVANCE = "relevance"


class StableOrderingFilter(filters.OrderingFilter):
    """Sorts by the given fields, or by relevance, always ending with the primary key.

    The primary key as the last sort key means pages never repeat or skip a row on ties.
    `relevance` (the default when there is a search) ranks the best matches first; without a
    search it means newest first.
    """

    def build_choices(self, fields, labels):
        return [(RELEVANCE, _("Relevance")), *super().build_choices(fields, labels)]

    def filter(self, qs, value):
        ranked = "rank" in qs.query.annotations
        if value in EMPTY_VALUES or RELEVANCE in value:
            if ranked:
                return qs.order_by("-rank", "-published_at", "-pk")
            return qs  # the selector's own ordering already ends with the primary key
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "-pk")


class VacancyFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        max_length=200,  # each word adds a clause; a bounded query string keeps the SQL bounded
        validators=[validate_no_control_characters],
        label=_("Search"),
        help_text=_(
            "Words in the job title, skills, occupation, description or company name; "
            "skill synonyms count (las = welder = pengelasan)."
        ),
    )
    occupation = CodeChoiceFilter(
        queryset=KbjiGroup.objects.all(),
        to_field_name="code",
        method="filter_occupation",
        label=_("Occupation (KBJI 2014 code)"),
        help_text=_("A KBJI group code; vacancies in that group or any group below it."),
    )
    min_education = CodeChoiceFilter(
        queryset=EducationLevel.objects.all(),
        to_field_name="code",
        method="filter_min_education",
        label=_("Your education level (code)"),
        help_text=_("Vacancies whose minimum education is at most this level, e.g. SMK."),
    )
    kelurahan = CodeChoiceFilter(
        field_name="work_kelurahan",
        queryset=Kelurahan.objects.all(),
        to_field_name="code",
        label=_("Work location: kelurahan (code)"),
    )
    kecamatan = CodeChoiceFilter(
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
    closing_before = AsciiDateFilter(
        field_name="close_date", lookup_expr="lte", label=_("Closes on or before (YYYY-MM-DD)")
    )
    closing_after = AsciiDateFilter(
        field_name="close_date", lookup_expr="gte", label=_("Closes on or after (YYYY-MM-DD)")
    )
    published_after = AsciiDateFilter(
        field_name="published_at",
        # Compared as a calendar date in the portal's time zone (WITA), not as a UTC instant.
        lookup_expr="date__gte",
        label=_("Published on or after (YYYY-MM-DD)"),
    )
    ordering = StableOrderingFilter(
        fields=["published_at", "close_date", "wage_min"],
        label=_("Sort by"),
        help_text=_(
            "relevance (the default with a search), published_at, close_date or wage_min; "
            "prefix with - for descending."
        ),
    )

    class Meta:
        model = Vacancy
        fields = []

    def filter_q(self, queryset, name, value):
        # Full-text search on the stored vector (GIN index), ranked; see employers/search.py.
        query = build_search_query(value)
        if query is None:
            return queryset  # nothing searchable was typed (only punctuation or stop words)
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))

    def filter_occupation(self, queryset, name, group):
        # KBJI codes nest by prefix (8 → 81 → 813 → 8131), so a prefix match covers the subtree.
        return queryset.filter(occupation__code__startswith=group.code)

    def filter_min_education(self, queryset, name, level):
        return queryset.filter(min_education__rank__lte=level.rank)
