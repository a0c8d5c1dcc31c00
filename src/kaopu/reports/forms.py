"""The form that asks for a work report: the period (a month, a quarter, a year or chosen dates) and, for
a city-level user, the scope (the whole city or one district). Every refusal names its field and rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kaopu.core import workdays
from kaopu.reports import periods

CITY = ""
FIRST_YEAR = 2000


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("work report", "Period"), choices=periods.KINDS, initial=periods.YEAR)
    year = forms.IntegerField(label=pgettext_lazy("work report", "Year"), required=False)
    quarter = forms.TypedChoiceField(label=gettext_lazy("Quarter"), required=False, coerce=int, empty_value=None,
                                     choices=[(q, str(q)) for q in range(1, 5)])
    month = forms.TypedChoiceField(label=gettext_lazy("Month"), required=False, coerce=int, empty_value=None,
                                   choices=[(m, str(m)) for m in range(1, 13)])
    start = forms.DateField(label=gettext_lazy("First day"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Last day"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ChoiceField(label=pgettext_lazy("work report", "Scope"), required=False)
    recompute = forms.BooleanField(label=gettext_lazy("Count the numbers again"), required=False,
                                   help_text=gettext_lazy(
        "An ended period's numbers are kept the first time they are counted, so that every report of it gives the "
        "same numbers. Tick to count them again from today's records (recorded in the audit log)."))

    def __init__(self, *args: Any, districts: list[tuple[int, str]], city_level: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = workdays.local_today()
        self.fields["year"].initial = today.year - 1 if today.month == 1 else today.year
        self.city_level = city_level
        if city_level:
            self.fields["district"].choices = [(CITY, _("the whole city")),
                                               *((str(pk), name) for pk, name in districts)]
        else:
            del self.fields["district"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        today = workdays.local_today()
        if kind in (periods.YEAR, periods.QUARTER, periods.MONTH):
            year = data.get("year")
            if year is None:
                self.add_error("year", _("Year: enter the year of the report."))
            elif not FIRST_YEAR <= year <= today.year:
                self.add_error("year", _("Year: between %(first)s and %(last)s.") % {
                    "first": FIRST_YEAR, "last": today.year})
            elif kind == periods.QUARTER and data.get("quarter") is None:
                self.add_error("quarter", _("Quarter: choose the quarter."))
            elif kind == periods.MONTH and data.get("month") is None:
                self.add_error("month", _("Month: choose the month."))
        elif kind == periods.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", _("First day: enter the first day of the period."))
            if end is None and "end" not in self.errors:
                self.add_error("end", _("Last day: enter the last day of the period."))
            if start and end:
                if end < start:
                    self.add_error("end", _("Last day: must not be before the first day."))
                elif (end - start).days + 1 > periods.MAX_DAYS:
                    self.add_error("end", _("Last day: a report covers at most five years."))
        if not self.errors:
            period = self.period()
            if period.start > today:
                self.add_error("start" if kind == periods.CUSTOM else "year",
                               _("The period has not begun yet: choose a period that starts on or before today."))
        return data

    def period(self) -> periods.ReportPeriod:
        data = self.cleaned_data
        kind = data["kind"]
        if kind == periods.YEAR:
            return periods.ReportPeriod.year(data["year"])
        if kind == periods.QUARTER:
            return periods.ReportPeriod.quarter(data["year"], data["quarter"])
        if kind == periods.MONTH:
            return periods.ReportPeriod.month(data["year"], data["month"])
        start, end = data["start"], data["end"]
        assert isinstance(start, date) and isinstance(end, date)
        return periods.ReportPeriod(periods.CUSTOM, start, end)

    def district_id(self) -> int | None:
        return int(self.cleaned_data["district"]) if self.cleaned_data.get("district") else None


class SummaryForm(forms.Form):
    summary = forms.CharField(label=pgettext_lazy("work report", "Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=gettext_lazy("The paragraph the report opens with. Leave it empty to restore "
                                                     "the generated text. The numbers do not change."))
