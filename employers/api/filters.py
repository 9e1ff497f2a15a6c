"""Query filters for the public vacancy list.

Reference values are given by code (KBJI, education level, Kemendagri), as printed on the
AK/I card and in the reference lists, so a client never needs our database ids. Every
parameter is validated by a form field: a bad value is a 400 naming the parameter, never a 500.

Numbers, dates and codes typed in another script's digits are read as the ASCII digits they
show, as everywhere in the portal (bontang_aker.core.forms): `?company=٤` is `?company=4`,
`?closing_before=２０２６-０１-３１` is 2026-01-31, `?occupation=８` is KBJI group 8. Anything
else int() would take (`1_000`) is a 400, and so is a control character in the search words.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Value, When
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelChoiceField, ModelChoiceIterator

from bontang_aker.core.forms import AsciiDateField, AsciiIntegerField
from bontang_aker.core.pagination import Listing, SortKey
from bontang_aker.core.validators import normalize_digits, validate_no_control_characters
from bontang_aker.reference.cache import reference_data
from bontang_aker.reference.models import EducationLevel, KbjiGroup, Kecamatan, Kelurahan
from employers.models import Vacancy
from employers.search import build_search_query, title_matches

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


def _attrs_html(attrs: dict) -> str:
    """django/forms/widgets/attrs.html in Python."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class FastSelect(forms.Select):
    """A `Select` that writes Django's own HTML (select.html, select_option.html, attrs.html) in Python.

    The search page shows four selects with some forty options; through the templates (two
    includes an option) they cost more CPU than the page's queries. A test compares the output
    with Django's templates (employers/tests/test_fast_rendering.py). Any other template, or a
    form renderer of the project's own, goes through the templates as usual.
    """

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if (
            template_name != forms.Select.template_name
            or type(renderer or get_default_renderer()) is not DjangoTemplates
            or any(
                o["template_name"] != self.option_template_name for _, group, _ in widget["optgroups"] for o in group
            )
        ):
            return super()._render(template_name, context, renderer)
        parts = [f'<select name="{escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{escape(group_name)}">')
            for option in options:
                parts.append(
                    f'\n  <option value="{escape(str(option["value"]))}"{_attrs_html(option["attrs"])}>'
                    f"{escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


class _ReferenceChoiceIterator(ModelChoiceIterator):
    """The choices from the in-process copy of the reference table: rendering a form costs no query."""

    def _rows(self) -> list:
        return reference_data().ordered(self.queryset.model)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for row in self._rows():
            yield self.choice(row)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (self.field.null_label is not None)
        return len(self._rows()) + extra

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._rows())


class CodeChoiceField(ModelChoiceField):
    """A reference row by its code, looked up in the in-process copy (bontang_aker.reference.cache).

    The queryset still names the model (and documents the parameter in the schema); it is never run.
    """

    iterator = _ReferenceChoiceIterator
    widget = FastSelect

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = normalize_digits(value) if isinstance(value, str) else value
        row = reference_data().by_code(self.queryset.model).get(value) if isinstance(value, str) else None
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


class CodeChoiceFilter(filters.ModelChoiceFilter):
    """A reference item chosen by its code, typed in any script's digits (`８` is KBJI group 8)."""

    field_class = CodeChoiceField


RELEVANCE = "relevance"


class StableOrderingFilter(filters.OrderingFilter):
    """Sorts by the given fields, or by relevance, always ending with the primary key.

    The primary key as the last sort key (in the direction of the field before it) means pages
    never repeat or skip a row on ties, and each single-field sort is one index (migration 0004).
    `relevance` (the default when there is a search) puts the vacancies whose title matches
    first, then the ones that match elsewhere (skills, occupation, description, company), newest
    first within each: two index walks that stop after one page, where ranking every match by
    ts_rank cost a read of all of them. Without a search it means newest first.
    """

    def build_choices(self, fields, labels):
        return [(RELEVANCE, _("Relevance")), *super().build_choices(fields, labels)]

    def filter(self, qs, value):
        query = getattr(self.parent, "search_query", None)
        if value in EMPTY_VALUES or RELEVANCE in value:
            if query is not None:
                title_first = Case(
                    When(title_matches(query), then=Value(0)), default=Value(1), output_field=IntegerField()
                )
                return qs.order_by(title_first, F("published_at").desc(), "-pk")
            return qs.order_by("-published_at", "-pk")
        qs = super().filter(qs, value)
        last = str(qs.query.order_by[-1])
        return qs.order_by(*qs.query.order_by, "-pk" if last.startswith("-") else "pk")

    def sort_keys(self, value) -> tuple[SortKey, ...]:
        """The same sort as keys for keyset pagination (bontang_aker.core.pagination)."""
        if value in EMPTY_VALUES or RELEVANCE in value:
            return (SortKey("published_at", descending=True), SortKey("pk", descending=True))
        fields = [self.get_ordering_value(param) for param in value]
        keys = [SortKey(name.lstrip("-"), descending=name.startswith("-")) for name in fields]
        return (*keys, SortKey("pk", descending=keys[-1].descending))


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
        method="filter_kecamatan",
        label=_("Work location: kecamatan (code)"),
    )
    employment_type = filters.ChoiceFilter(
        choices=Vacancy.EmploymentType.choices, label=_("Employment type"), widget=FastSelect
    )
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
            "relevance (the default with a search), published_at, close_date or wage_min; prefix with - for descending."
        ),
    )

    class Meta:
        model = Vacancy
        fields = []

    search_query = None  # set by filter_q: the ordering puts title matches first

    def filter_q(self, queryset, name, value):
        # Full-text search on the stored vector (GIN index); see employers/search.py.
        query = build_search_query(value)
        if query is None:
            return queryset  # nothing searchable was typed (only punctuation or stop words)
        self.search_query = query
        return queryset.filter(search_vector=query)

    # The reference filters compare ids taken from the in-process copy of the reference tables,
    # so the vacancy table is the only one read (bontang_aker.reference.cache).

    def filter_occupation(self, queryset, name, group):
        # KBJI codes nest by prefix (8 → 81 → 813 → 8131), so a prefix match covers the subtree.
        groups = reference_data().ordered(KbjiGroup)
        return queryset.filter(occupation_id__in=[g.pk for g in groups if g.code.startswith(group.code)])

    def filter_min_education(self, queryset, name, level):
        levels = reference_data().ordered(EducationLevel)
        return queryset.filter(min_education_id__in=[e.pk for e in levels if e.rank <= level.rank])

    def filter_kecamatan(self, queryset, name, kecamatan):
        places = reference_data().ordered(Kelurahan)
        return queryset.filter(work_kelurahan_id__in=[k.pk for k in places if k.kecamatan_id == kecamatan.pk])

    def listing(self) -> Listing:
        """The filtered vacancies in the requested order, as bontang_aker.core.pagination pages them.

        Sorted by relevance, they are two segments: title matches, then the other matches.
        Call after is_valid().
        """
        matching = self.qs.order_by()
        ordering = self.form.cleaned_data.get("ordering")
        keys = self.filters["ordering"].sort_keys(ordering)
        if self.search_query is not None and (ordering in EMPTY_VALUES or RELEVANCE in ordering):
            in_title = title_matches(self.search_query)
            return Listing(segments=[matching.filter(in_title), matching.exclude(in_title)], keys=keys, whole=matching)
        return Listing(segments=[matching], keys=keys, whole=matching)
