"""The training's forms: they only shape input; every rule is checked by kaopu.programs.actions_training."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.directory.fields import EnterpriseField
from kaopu.directory.models import Enterprise
from kaopu.programs.models import Cohort

DATE = forms.DateInput(attrs={"type": "date"})
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"})


class CohortForm(forms.Form):
    year = forms.IntegerField(label=pgettext_lazy("cohort", "year"))
    name = forms.CharField(label=_("Name of the cohort"), max_length=100)
    description = forms.CharField(label=_("Description of the cohort"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    capacity = forms.IntegerField(label=_("Capacity"), initial=50)
    applications_open_on = forms.DateField(label=_("Applications open on"), required=False, widget=DATE)
    applications_close_on = forms.DateField(label=_("Applications close on"), required=False, widget=DATE)
    completion_threshold = forms.DecimalField(label=_("Completion threshold (percent)"), initial=80,
                                              max_digits=5, decimal_places=2)

    @classmethod
    def initial_of(cls, cohort: Cohort | None) -> dict[str, Any] | None:
        if cohort is None:
            return None
        return {name: getattr(cohort, name) for name in cls.base_fields}


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=MOMENT)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=MOMENT)
    topic = forms.CharField(label=_("Topic"), max_length=100)
    speaker = forms.CharField(label=_("Speaker"), max_length=100, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name of the trainee"), max_length=30)
    position = forms.CharField(label=_("Position"), max_length=50, required=False)
    mobile = forms.CharField(label=_("Mobile"), max_length=30)


class EnrolForm(PersonForm):
    """Staff enrol a trainee of any enterprise of the cohort's district, picked with the type-ahead (a select
    of every enterprise would not fit a page at city scale)."""

    enterprise = EnterpriseField(label=_("Enterprise"))

    def __init__(self, *args: Any, district_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enterprise"]
        assert isinstance(field, EnterpriseField)
        field.queryset = Enterprise.objects.filter(district_id=district_id)
        self.order_fields(["enterprise", "name", "position", "mobile"])


class AlumniFilterForm(forms.Form):
    year = forms.IntegerField(label=pgettext_lazy("cohort", "year"), required=False, min_value=2000, max_value=2100)
    cohort = forms.IntegerField(label=_("Training cohort"), required=False, min_value=1, widget=forms.Select)
    name = forms.CharField(label=pgettext_lazy("person", "name"), required=False, max_length=30)

    def __init__(self, *args: Any, cohorts: list[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].widget.choices = [("", "—"), *((c.pk, c.name) for c in cohorts)]


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=60, required=False)
