"""Input of the enterprise's legal pages; kaopu.legal.actions check every rule again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.appeals.attachments import AttachmentsField
from kaopu.core.workdays import local_today
from kaopu.legal.models import LegalRequest, PracticeArea, ServiceKind


class ServiceChoice(forms.ModelChoiceField):
    """Each service with its short explanation, so the enterprise knows what it asks for."""

    def label_from_instance(self, obj: ServiceKind) -> str:
        return f"{obj.name} — {obj.description}" if obj.description else obj.name


class RequestForm(forms.Form):
    service = ServiceChoice(label=_("Service"), queryset=ServiceKind.objects.none(), widget=forms.RadioSelect,
                            empty_label=None)
    practice_area = forms.ModelChoiceField(label=_("Field of law"), queryset=PracticeArea.objects.none(),
                                           required=False, empty_label=_("not sure"))
    topic = forms.CharField(label=_("Topic"), max_length=100,
                            help_text=_("One line, e.g. “员工合同到期不续签的补偿”."))
    description = forms.CharField(label=pgettext_lazy("a legal request", "What happened"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("The facts, what you have done so far and what you would like to know."))
    preferred_date = forms.DateField(label=_("Preferred date"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    preferred_slot = forms.ChoiceField(label=_("Preferred time"), choices=LegalRequest.Slot.choices,
                                       initial=LegalRequest.Slot.ANY)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30,
                                    widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    attachments = AttachmentsField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = ServiceKind.objects.filter(is_active=True)
        self.fields["practice_area"].queryset = PracticeArea.objects.filter(is_active=True)
        self.fields["preferred_date"].widget.attrs["min"] = local_today().isoformat()

    def clean_preferred_date(self) -> Any:
        value = self.cleaned_data.get("preferred_date")
        if value and value < local_today():
            raise forms.ValidationError(_("cannot be in the past."))
        return value


RATINGS = [(5, _("5 — excellent")), (4, _("4 — good")), (3, _("3 — acceptable")), (2, _("2 — poor")),
           (1, _("1 — very poor"))]


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), choices=RATINGS, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class StaffRequestForm(RequestForm):
    """FIC staff take a request on an enterprise's behalf (hotline, visit): the enterprise is named by
    its unified social credit code, looked up among the enterprises the staff member may see."""

    credit_code = forms.CharField(label=_("Enterprise's unified social credit code"), max_length=30)
    field_order = ["credit_code"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.order_fields(["credit_code", *[name for name in self.fields if name != "credit_code"]])

    def clean_credit_code(self) -> Any:
        from kaopu.core import access
        from kaopu.directory import credit_code
        from kaopu.directory.models import Enterprise

        code = credit_code.validate(self.cleaned_data["credit_code"])
        enterprise = access.scope(self.user, Enterprise).filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError(_("no enterprise of your district has this code."))
        return enterprise
