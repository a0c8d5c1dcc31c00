"""The education sites' forms: what each input looks like. The rules (hosts of the district, years,
lengths, the status's day and reason) live in kaopu.programs.actions_sites."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.core.tabs import with_all
from kaopu.core.widgets import RemotePicker
from kaopu.core.workdays import local_today
from kaopu.directory.models import Subdistrict
from kaopu.programs.forms import year_choices
from kaopu.programs.models import EducationSite


def _subdistricts(district_id: int | None) -> list[tuple[str, str]]:
    rows = Subdistrict.objects.filter(district_id=district_id) if district_id else Subdistrict.objects.none()
    return [(str(s.pk), s.name) for s in rows.order_by("sort_order", "id")[:200]]


class SiteFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of site"), required=False)
    subdistrict = forms.TypedChoiceField(label=_("Subdistrict"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=pgettext_lazy("education site", "Status"), required=False)
    year = forms.TypedChoiceField(label=_("Activities counted in"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = with_all(EducationSite.Kind.choices)
        self.fields["status"].choices = with_all(EducationSite.Status.choices)
        self.fields["subdistrict"].choices = with_all(_subdistricts(user.district_id))
        self.fields["year"].choices = year_choices()
        self.fields["year"].initial = local_today().year


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Site name"), max_length=100,
                           help_text=_("E.g. 某某企业理想信念教育指导点."))
    kind = forms.ChoiceField(label=_("Kind of site"), choices=EducationSite.Kind.choices)
    designated_year = forms.IntegerField(label=_("Year designated"), min_value=1990, max_value=2100)
    subdistrict = forms.ChoiceField(label=_("Subdistrict"), required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    host_enterprise = forms.CharField(
        label=_("Host enterprise"), max_length=100, required=False,
        widget=RemotePicker(reverse_lazy("appeals:lookup_enterprises"),
                            placeholder=_("Type part of the name or the credit code")),
        help_text=_("An enterprise or a chamber hosts a site, or neither (a public venue)."))
    host_chamber = forms.ChoiceField(label=_("Host chamber"), required=False)
    capacity = forms.IntegerField(label=pgettext_lazy("education site", "Capacity"), min_value=1, max_value=100_000,
                                  required=False,
                                  help_text=_("How many people one visit can receive."))
    contact_name = forms.CharField(label=_("Contact"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from kaopu.programs import selectors

        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].choices = [("", "—"), *_subdistricts(user.district_id)]
        self.fields["host_chamber"].choices = [("", "—"), *((str(c.pk), c.name)
                                                            for c in selectors.district_chambers(user)[:500])]

    @staticmethod
    def initial_of(site: EducationSite) -> dict[str, Any]:
        return {"name": site.name, "kind": site.kind, "designated_year": site.designated_year,
                "subdistrict": str(site.subdistrict_id or ""), "address": site.address,
                "host_enterprise": site.host_enterprise.credit_code if site.host_enterprise else "",
                "host_chamber": str(site.host_chamber_id or ""), "capacity": site.capacity,
                "contact_name": site.contact_name, "contact_phone": site.contact_phone}


class SiteStatusForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("education site", "Status"), choices=EducationSite.Status.choices)
    on = forms.DateField(label=_("Status since"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False,
                             help_text=_("Required when a site is suspended or withdrawn."))
