"""The staff's form to generate a report for any finished period."""

import datetime

from django import forms
from django.utils import dates, timezone
from django.utils.translation import gettext_lazy as _

from reports.models import Report
from reports.services import period_bounds

MONTHS = list(dates.MONTHS.items())  # the month names in the user's language
QUARTERS = [(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
FIRST_YEAR = 2018  # Perda Kota Bontang 10/2018


class GenerateReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices, initial=Report.Kind.IPK)
    period = forms.ChoiceField(label=_("Period"), choices=Report.Period.choices, initial=Report.Period.MONTH)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR)
    month = forms.TypedChoiceField(
        label=_("Month"), choices=MONTHS, coerce=int, required=False, help_text=_("For a monthly report.")
    )
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTERS, coerce=int, required=False, help_text=_("For a quarterly report.")
    )
    send = forms.BooleanField(
        label=_("E-mail the files to the recipients when ready"),
        required=False,
        help_text=_("The scheduled reports are always e-mailed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
        self.fields["year"].initial = last_month.year
        self.fields["year"].max_value = last_month.year
        self.fields["year"].widget.attrs["max"] = last_month.year
        self.fields["month"].initial = last_month.month
        self.fields["quarter"].initial = (last_month.month - 1) // 3 + 1

    def clean(self):
        data = super().clean()
        kind, period, year = data.get("kind"), data.get("period"), data.get("year")
        if not (kind and period and year):
            return data
        if kind == Report.Kind.WLLP and period != Report.Period.MONTH:
            raise forms.ValidationError({"period": _("The WLLP export is monthly.")})
        if period == Report.Period.MONTH:
            if not data.get("month"):
                raise forms.ValidationError({"month": _("Choose the month.")})
            start = datetime.date(year, data["month"], 1)
        elif period == Report.Period.QUARTER:
            if not data.get("quarter"):
                raise forms.ValidationError({"quarter": _("Choose the quarter.")})
            start = datetime.date(year, (data["quarter"] - 1) * 3 + 1, 1)
        else:
            start = datetime.date(year, 1, 1)
        _first, last = period_bounds(period=period, start=start)
        if last >= timezone.localdate():
            raise forms.ValidationError(_("This period has not ended yet: a report covers a finished period."))
        data["start"] = start
        return data
