"""The giving pages' forms. They say what each input looks like; the rules (who may name which donor,
amounts, dates, states) live in kaopu.giving.actions, so that every page refuses the same things with the
same messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.appeals.attachments import AttachmentsField
from kaopu.chambers.models import Chamber
from kaopu.core import access
from kaopu.core.tabs import with_all
from kaopu.core.workdays import local_today
from kaopu.directory.fields import EnterpriseField
from kaopu.directory.models import Enterprise
from kaopu.giving import selectors
from kaopu.giving.models import Donation, DonorKind, HolderKind, Honour

FIRST_YEAR = 1990


def year_choices(first: int = 2010) -> list[tuple[int, str]]:
    return [(year, str(year)) for year in range(local_today().year, first - 1, -1)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DonationFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=pgettext_lazy("giving", "Year"), required=False, coerce=int,
                                  empty_value=None)
    category = forms.TypedChoiceField(label=pgettext_lazy("giving", "Category"), required=False, coerce=int,
                                      empty_value=None)
    state = forms.ChoiceField(label=pgettext_lazy("giving", "State"), required=False,
                              choices=with_all(Donation.State.choices))
    kind = forms.ChoiceField(label=_("Donor kind"), required=False, choices=with_all(DonorKind.choices))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = with_all(year_choices(FIRST_YEAR))
        self.fields["category"].choices = with_all((c.pk, c.name) for c in selectors.categories())

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"year": data["year"], "category_id": data["category"], "state": data["state"] or "",
                "kind": data["kind"] or ""}


def _chambers(user: Any) -> list[tuple[Any, str]]:
    return [("", "—"), *((c.pk, c.name) for c in access.scope(user, Chamber).order_by("name")[:500])]


class DonorFields(forms.Form):
    """Who gives (or holds): staff choose the kind and the enterprise, person or chamber; an enterprise user
    their enterprise or one of its people; a chamber officer nothing (always their chamber)."""

    kind = forms.ChoiceField(label=_("Donor kind"), choices=DonorKind.choices)
    enterprise = EnterpriseField(
        label=_("Enterprise"), required=False,
        help_text=_("The donor enterprise, or the person's enterprise (may be left empty for a person)."))
    person_name = forms.CharField(label=_("Person's name"), required=False, max_length=50)
    chamber = forms.TypedChoiceField(label=pgettext_lazy("giving", "Chamber"), required=False, coerce=int,
                                     empty_value=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.role == Role.FIC_STAFF:
            self.fields["chamber"].choices = _chambers(user)
            self.fields["enterprise"].queryset = access.scope(user, Enterprise)
        else:
            del self.fields["enterprise"], self.fields["chamber"]
        if user.role == Role.ENTERPRISE_USER:
            self.fields["kind"].choices = [(DonorKind.ENTERPRISE, _("our enterprise")),
                                           (DonorKind.PERSON, _("a person of our enterprise"))]
        elif user.role == Role.CHAMBER_OFFICER:
            del self.fields["kind"], self.fields["person_name"]


class DonationForm(DonorFields):
    donated_on = forms.DateField(label=_("Donation date"), widget=DateInput())
    category = forms.TypedChoiceField(label=pgettext_lazy("giving", "Category"), coerce=int)
    money = forms.CharField(label=_("Money (yuan)"), required=False, max_length=30)
    goods_value = forms.CharField(label=_("Value of goods (yuan)"), required=False, max_length=30)
    goods = forms.CharField(label=_("Goods given"), required=False, max_length=200)
    recipient = forms.CharField(label=_("Recipient"), max_length=100)
    project = forms.CharField(label=_("Project"), required=False, max_length=100)
    note = forms.CharField(label=pgettext_lazy("giving", "Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    uploads = AttachmentsField(label=_("Evidence files"))

    def __init__(self, *args: Any, user: Any, current: Donation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        rows = [c for c in selectors.categories() if c.is_active or (current and c.pk == current.category_id)]
        self.fields["category"].choices = [(c.pk, c.name) for c in rows]
        if current is not None:
            del self.fields["uploads"]  # files are added and removed on the donation's page

    @staticmethod
    def initial_of(donation: Donation) -> dict[str, Any]:
        enterprise = donation.enterprise.credit_code if donation.enterprise_id else ""
        return {"kind": donation.kind, "enterprise": enterprise, "person_name": donation.person_name,
                "chamber": donation.chamber_id, "donated_on": donation.donated_on, "category": donation.category_id,
                "money": donation.money, "goods_value": donation.goods_value, "goods": donation.goods,
                "recipient": donation.recipient, "project": donation.project, "note": donation.note}

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("uploads", None)
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceForm(forms.Form):
    uploads = AttachmentsField(label=_("Evidence files"), required=True)


class CategoryForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("giving", "category name"), max_length=30)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @staticmethod
    def initial_of(row: Any) -> dict[str, Any]:
        return {"name": row.name, "sort_order": row.sort_order, "is_active": row.is_active}


class HonourFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=pgettext_lazy("honour", "Year"), required=False, coerce=int,
                                  empty_value=None)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=with_all(Honour.Level.choices))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = with_all(year_choices(FIRST_YEAR))


class HonourForm(DonorFields):
    title = forms.CharField(label=pgettext_lazy("honour", "Title"), max_length=100)
    level = forms.ChoiceField(label=_("Level"), choices=Honour.Level.choices)
    year = forms.IntegerField(label=pgettext_lazy("honour", "Year"), min_value=1949, max_value=2200)
    awarded_by = forms.CharField(label=_("Awarding body"), max_length=100)
    note = forms.CharField(label=pgettext_lazy("giving", "Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    certificate = forms.FileField(label=_("Certificate image"), required=False,
                                  widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
                                  help_text=_("A photo or scan (JPG or PNG, at most 10 MB); it is re-encoded."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["kind"].label = _("Holder kind")
        self.fields["kind"].choices = HolderKind.choices

    @staticmethod
    def initial_of(honour: Honour) -> dict[str, Any]:
        enterprise = honour.enterprise.credit_code if honour.enterprise_id else ""
        return {"kind": honour.kind, "enterprise": enterprise, "person_name": honour.person_name,
                "chamber": honour.chamber_id, "title": honour.title, "level": honour.level, "year": honour.year,
                "awarded_by": honour.awarded_by, "note": honour.note}

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("certificate", None)
        return data
