"""Input of the Four-Good pages. The rules themselves live in kaopu.chambers.actions_fourgood; the forms only
read the fields (the per-indicator scores of an application or a review are read from the request by name:
score_<indicator id>, text_<indicator id>, comment_<indicator id>)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.appeals.attachments import AttachmentsField
from kaopu.chambers.models import Application, Chamber, Cycle
from kaopu.core import access


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> reads back


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. 2025—2026年度四好商会评价"))
    first_year = forms.IntegerField(label=_("First year evaluated"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year evaluated"), min_value=2000, max_value=2100)
    application_deadline = forms.DateField(label=_("Application deadline"), widget=DateInput)
    review_deadline = forms.DateField(label=_("Review deadline"), widget=DateInput)
    spread = forms.DecimalField(label=_("Allowed spread between reviewers"), min_value=0, max_digits=6,
                                decimal_places=2, help_text=Cycle._meta.get_field("spread").help_text)

    @classmethod
    def of(cls, cycle: Cycle, data: Any = None) -> CycleForm:
        names = ("name", "first_year", "last_year", "application_deadline", "review_deadline", "spread")
        return cls(data, initial={name: getattr(cycle, name) for name in names})


class IndicatorForm(forms.Form):
    dimension = forms.TypedChoiceField(label=_("Dimension"), coerce=int)
    name = forms.CharField(label=_("Indicator"), max_length=100)
    max_score = forms.DecimalField(label=_("Maximum score"), max_digits=6, decimal_places=2)
    weight = forms.DecimalField(label=_("Weight"), max_digits=6, decimal_places=2)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)
    guidance = forms.CharField(label=_("Scoring guidance"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, cycle: Cycle, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [(d.pk, d.name) for d in cycle.dimensions.all()]


class ReviewersForm(forms.Form):
    reviewers = forms.ModelMultipleChoiceField(label=_("Reviewers"), queryset=User.objects.none(), required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, cycle: Cycle, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"reviewers": list(cycle.reviewers.all())})
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = User.objects.filter(
            role=Role.FIC_STAFF, organisation__district_id=cycle.district_id, is_active=True).order_by("name")


class StartForm(forms.Form):
    """Staff start an application on a chamber's behalf."""

    chamber = forms.ModelChoiceField(label=_("Chamber"), queryset=Chamber.objects.none())

    def __init__(self, user: Any, cycle: Cycle, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chamber"].queryset = access.scope(user, Chamber, "change").filter(
            district_id=cycle.district_id, status=Chamber.Status.ACTIVE).exclude(
            fourgood_applications__cycle=cycle).order_by("name")


class EvidenceForm(forms.Form):
    files = AttachmentsField(label=_("Evidence files"), required=True)


class ResultForm(forms.Form):
    recommended_level = forms.ChoiceField(label=_("Recommended level"), required=False,
                                          choices=[("", "—"), *Application.Level.choices])
    result = forms.ChoiceField(label=_("Final result"), required=False,
                               choices=[("", "—"), *Application.Result.choices])
    result_level = forms.ChoiceField(label=_("Recognised at level"), required=False,
                                     choices=[("", "—"), *Application.Level.choices])
    result_on = forms.DateField(label=_("Result dated"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Result note"), max_length=200, required=False)

    @classmethod
    def of(cls, application: Application, data: Any = None) -> ResultForm:
        return cls(data, initial={"recommended_level": application.recommended_level, "result": application.result,
                                  "result_level": application.result_level, "result_on": application.result_on,
                                  "note": application.result_note})
