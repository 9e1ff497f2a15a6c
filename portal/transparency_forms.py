"""The transparency page's search form, shared by the page and the open-data API (portal.transparency_views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bontang_aker.core.validators import validate_no_control_characters
from portal.transparency import FIRST_YEAR, current_year

MAX_QUERY_LENGTH = 100
MAX_PAGE = 10_000
MAX_ID = 2**63 - 1  # ids are bigint


class TransparencyFilterForm(forms.Form):
    """Year, words of the job title or company name, one company, the page: each checked, none required.

    An empty value means "not given": the current year, no search, every company, the first page.
    """

    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=9999,
        widget=forms.Select,
        error_messages={
            "min_value": _("Figures start in %(limit_value)s."),
            "invalid": _("Choose a year from the list."),
        },
    )
    q = forms.CharField(
        label=_("Job title or company"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        validators=[validate_no_control_characters],
        help_text=_("For example: operator, welder, Pupuk."),
    )
    company = forms.IntegerField(
        label=_("Company"), required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def __init__(self, *args, years: list[int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        years = years or [current_year()]
        self.fields["year"].widget.choices = [(year, str(year)) for year in years]
        self.fields["q"].widget.attrs.update({"type": "search", "enterkeyhint": "search"})

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        if year is None:
            return current_year()
        if year > current_year():
            raise forms.ValidationError(
                _("There are no figures for %(year)s yet: choose %(current)s or earlier."),
                code="future_year",
                params={"year": year, "current": current_year()},
            )
        return year

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data.get("q", "").split())

    def clean_page(self) -> int:
        return self.cleaned_data.get("page") or 1
