"""The audit page's filters: person, action, object (type, and words or id) and a date range."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from kaopu.audit.models import Action
from kaopu.core.tabs import with_all


def object_type_choices() -> list[tuple[str, str]]:
    """Every model of the platform, by its Chinese name (no query: from the app registry)."""
    models = [(model._meta.label_lower, str(model._meta.verbose_name)) for model in apps.get_models()
              if model.__module__.startswith("kaopu.")]
    return with_all(sorted(models, key=lambda choice: choice[1]))


class EntryFilterForm(forms.Form):
    person = forms.CharField(label=_("Person"), required=False, max_length=150,
                             widget=forms.TextInput(attrs={"placeholder": _("name or user name")}))
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=with_all(Action.choices))
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object = forms.CharField(label=_("Object"), required=False, max_length=100,
                             widget=forms.TextInput(attrs={"placeholder": _("words of its name, or its id")}))
    date_from = forms.DateField(label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = object_type_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The filters that were given and are valid (an invalid one is reported and left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    @staticmethod
    def for_the_log(filters: dict[str, Any]) -> dict[str, str]:
        """The filters as the READ_AUDIT and EXPORT entries keep them."""
        return {name: value.isoformat() if isinstance(value, date) else str(value) for name, value in filters.items()}
