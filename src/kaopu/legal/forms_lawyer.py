"""Input of the lawyer's pages: a session, the health-check checklist (every item in one form) and
the outcome; kaopu.legal.actions check every rule again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.legal.models import CheckResult, HealthCheckItem, LegalRequest, LegalSession


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Held at"), widget=forms.DateTimeInput(
        attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
    mode = forms.ChoiceField(label=_("How"), choices=LegalSession.Mode.choices)
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440, initial=30)
    summary = forms.CharField(label=pgettext_lazy("a legal session", "Summary"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What was discussed and advised; the enterprise reads it."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=LegalRequest.Outcome.choices)
    outcome_text = forms.CharField(label=_("Outcome in words"), max_length=5000,
                                   widget=forms.Textarea(attrs={"rows": 4}))


class ChecklistForm(forms.Form):
    """Three fields per active checklist item: status_<id>, finding_<id>, advice_<id>."""

    def __init__(self, *args: Any, items: list[HealthCheckItem], results: dict[int, CheckResult],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        choices = [("", _("not checked yet")), *CheckResult.Status.choices]
        for item in items:
            found = results.get(item.pk)
            self.fields[f"status_{item.pk}"] = forms.ChoiceField(
                label=item.title, choices=choices, required=False, initial=found.status if found else "")
            self.fields[f"finding_{item.pk}"] = forms.CharField(
                label=_("What was found"), max_length=2000, required=False, initial=found.finding if found else "",
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"advice_{item.pk}"] = forms.CharField(
                label=_("Advice"), max_length=2000, required=False, initial=found.advice if found else "",
                widget=forms.Textarea(attrs={"rows": 2}))

    def rows(self) -> list[tuple[HealthCheckItem, Any, Any, Any]]:
        return [(item, self[f"status_{item.pk}"], self[f"finding_{item.pk}"], self[f"advice_{item.pk}"])
                for item in self.items]

    def results(self) -> dict[int, dict[str, str]]:
        """The items given a status, as kaopu.legal.actions.save_checklist takes them."""
        data = self.cleaned_data
        return {item.pk: {"status": data[f"status_{item.pk}"], "finding": data[f"finding_{item.pk}"],
                          "advice": data[f"advice_{item.pk}"]}
                for item in self.items if data.get(f"status_{item.pk}")}
