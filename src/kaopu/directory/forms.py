"""Input of the directory pages. Every error names the field and the rule, in the user's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role
from kaopu.core.widgets import FastSelect
from kaopu.directory import credit_code
from kaopu.directory.models import Enterprise, Subdistrict
from kaopu.directory.selectors import EnterpriseFilters, reference

_YES_NO = [("", _("all")), ("1", _("yes")), ("0", _("no"))]


class EnterpriseFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or credit code"), required=False, max_length=100)
    subdistrict = forms.TypedChoiceField(label=_("Subdistrict"), required=False, coerce=int, empty_value=None,
                                         widget=FastSelect)
    section = forms.ChoiceField(label=_("Industry section"), required=False, widget=FastSelect)
    industry = forms.ChoiceField(label=_("Industry division"), required=False, widget=FastSelect)
    size = forms.ChoiceField(label=_("Size"), required=False, widget=FastSelect,
                             choices=[("", _("all")), *Enterprise.Size.choices])
    member = forms.ChoiceField(label=_("FIC member"), required=False, choices=_YES_NO, widget=FastSelect)
    high_tech = forms.ChoiceField(label=_("High-tech"), required=False, choices=_YES_NO, widget=FastSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect,
                               choices=[("", _("all")), *Enterprise.Status.choices])

    def __init__(self, *args: Any, district_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ref = reference()
        self.fields["subdistrict"].choices = [("", _("all"))] + [
            (s.pk, s.name) for s in ref.subdistricts_of(district_id)]
        self.fields["section"].choices = [("", _("all"))] + [(s.code, str(s)) for s in ref.sections]
        self.fields["industry"].choices = [("", _("all")), *ref.division_choices()]

    def filters(self) -> EnterpriseFilters:
        """The filters of a valid form; an invalid one (a stale link) filters on its valid fields only."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items()}
        flag = {"1": True, "0": False}
        return EnterpriseFilters(
            q=data.get("q") or "",
            subdistrict=data.get("subdistrict"),
            section=data.get("section") or None,
            industry=data.get("industry") or None,
            size=data.get("size") or None,
            is_member=flag.get(data.get("member") or ""),
            is_high_tech=flag.get(data.get("high_tech") or ""),
            status=data.get("status") or None,
        )


class CreditCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return credit_code.validate(value) if value else value


class EnterpriseForm(forms.ModelForm):
    """The staff form: every field of the directory entry."""

    credit_code = CreditCodeField(label=_("unified social credit code"))

    class Meta:
        model = Enterprise
        fields = [
            "name", "credit_code", "legal_representative", "established_on", "registered_capital",
            "subdistrict", "industry", "size", "employees", "is_high_tech", "is_specialised",
            "address", "phone", "status",
        ]  # not is_member / member_since: FIC membership is recorded by kaopu.membership (shown, not edited)
        widgets = {
            "established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, district_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.district_id = district_id
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(district_id=district_id)
        self.fields["industry"].choices = [("", "---------"), *reference().division_choices()]

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if len(name) < 2:
            raise ValidationError(_("The enterprise name must have at least 2 characters."), code="short")
        return name


class EnterpriseContactForm(forms.ModelForm):
    """What an enterprise user may change of its own entry: how to reach it."""

    class Meta:
        model = Enterprise
        fields = ["address", "phone", "employees"]


def edit_form_class(user: Any) -> type[EnterpriseForm] | type[EnterpriseContactForm]:
    """Which form a user edits an enterprise with: FIC staff every field; an enterprise user (the only
    other role the access rules let change an enterprise) its contact details. Pages and API share it."""
    return EnterpriseForm if user.role == Role.FIC_STAFF else EnterpriseContactForm


def make_edit_form(user: Any, enterprise: Enterprise, data: Any = None) -> forms.ModelForm:
    form_class = edit_form_class(user)
    if form_class is EnterpriseForm:
        return EnterpriseForm(data, instance=enterprise, district_id=enterprise.district_id)
    return EnterpriseContactForm(data, instance=enterprise)
