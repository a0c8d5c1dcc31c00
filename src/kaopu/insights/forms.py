"""The cockpit's filters: the period, and the district for a city-level user."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.core import workdays
from kaopu.core.widgets import MonthField
from kaopu.insights import periods

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
