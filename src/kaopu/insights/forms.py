"""The cockpit's filters (the period, and the district for a city-level user), and the forms of the
private-economy indicators' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kaopu.core import workdays
from kaopu.core.widgets import MonthField
from kaopu.insights import periods
from kaopu.insights.models import Unit

ALL_DISTRICTS = ""


class CockpitForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=periods.CHOICES, required=False)
    first = MonthField(label=gettext_lazy("From month"), required=False)
    last = MonthField(label=gettext_lazy("To month"), required=False)
    district = forms.ChoiceField(label=gettext_lazy("District"), required=False)

    def __init__(self, *args: Any, districts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.city_level = len(districts) > 1
        if self.city_level:
            self.fields["district"].choices = [(ALL_DISTRICTS, _("every district")),
                                               *((str(pk), name) for pk, name in districts)]
        else:
            del self.fields["district"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get("period") or periods.DEFAULT
        first, last = data.get("first"), data.get("last")
        if choice == "custom":
            if first is None or last is None:
                self.add_error("first" if first is None else "last",
                               _("Choose both the first and the last month of the period."))
            elif first > last:
                self.add_error("first", _("The first month must not be after the last month."))
            elif periods.Period(first, last).months > periods.MAX_MONTHS:
                self.add_error("first", _("Choose at most %(n)s months at once.") % {"n": periods.MAX_MONTHS})
        data["period"] = choice
        return data

    def chosen(self) -> tuple[periods.Period, str]:
        """The period and the district asked for; the default period when the form is invalid."""
        today = workdays.local_today()
        if not self.is_valid():
            return periods.resolve(periods.DEFAULT, today), ALL_DISTRICTS
        data = self.cleaned_data
        return (periods.resolve(data["period"], today, data.get("first"), data.get("last")),
                data.get("district") or ALL_DISTRICTS)


# --- The private-economy indicators -------------------------------------------------------------------
# The forms say what each input looks like; the rules (periods, bounds, sources) live in
# kaopu.insights.actions, so that every page refuses the same things with the same messages.

class DistrictForm(forms.Form):
    """The district a city-level user looks at (a district's own users have no choice)."""

    district = forms.TypedChoiceField(label=gettext_lazy("District"), coerce=int, required=False)

    def __init__(self, *args: Any, districts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = districts
        self.districts = districts

    def chosen(self) -> tuple[int, str]:
        """The district asked for, or the first one (an unknown id falls back to it)."""
        wanted = self.cleaned_data.get("district") if self.is_valid() else None
        return next((d for d in self.districts if d[0] == wanted), self.districts[0])


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ValueForm(forms.Form):
    """A value entered (with its period) or corrected (the period stays: no year nor quarter)."""

    year = forms.ChoiceField(label=pgettext_lazy("indicator", "Year"))
    quarter = forms.ChoiceField(label=gettext_lazy("Quarter"), required=False)
    value = forms.CharField(label=pgettext_lazy("indicator", "Value"), max_length=30)
    source = forms.CharField(label=gettext_lazy("Source"), max_length=200, help_text=gettext_lazy(
        "The publication the value comes from, e.g. 区统计局《2025年国民经济和社会发展统计公报》."))
    source_date = forms.DateField(label=gettext_lazy("Source date"), widget=DateInput(),
                                  help_text=gettext_lazy("The day the source was published."))
    note = forms.CharField(label=pgettext_lazy("indicator", "Note"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, unit: str, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if correcting:
            del self.fields["year"], self.fields["quarter"]
        else:
            this_year = workdays.local_today().year
            self.fields["year"].choices = [(y, str(y)) for y in range(this_year, 1999, -1)]
            self.fields["quarter"].choices = [("", _("whole year")), *((q, _("Q%(n)s") % {"n": q})
                                                                       for q in range(1, 5))]
        if unit == Unit.PERCENT:
            self.fields["value"].help_text = _("A share in percent, from 0 to 100: write 56.3 for 56.3%.")

    @staticmethod
    def initial_of(row: Any) -> dict[str, Any]:
        return {"value": row.value.normalize(), "source": row.source, "source_date": row.source_date,
                "note": row.note}


class IndicatorForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("indicator", "Name"), max_length=50)
    unit = forms.ChoiceField(label=pgettext_lazy("indicator", "Unit"))
    definition = forms.CharField(label=gettext_lazy("Definition"), max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 4}), help_text=gettext_lazy(
                                     "What is counted, over what, at which moment, and from which statistics."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = Unit.choices
