"""The investment pages' forms. They say what each input looks like; the rules (amounts, dates, which
partner or owner is allowed, which move a stage permits) live in kaopu.investment.actions, so that the
pages and the API refuse the same things with the same messages. Amounts are text fields so that
full-width digits and thousands separators reach actions.parse_amount, which normalises them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core.tabs import with_all
from kaopu.core.workdays import local_today
from kaopu.directory.models import IndustrySection
from kaopu.investment.models import FollowUp, Lead, Partner, Visit

BLANK = [("", "—")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _amount(label: Any, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=40,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_("In 10k yuan (万元), e.g. 1200 or 35.5."),
    )


def plain(amount: Any) -> str:
    """An amount as staff would type it: 5000.0000 → “5000”, 12.3400 → “12.34” (never “5E+3”)."""
    if amount is None:
        return ""
    return f"{amount:f}".rstrip("0").rstrip(".") if "." in f"{amount:f}" else f"{amount:f}"


def industry_choices() -> list[tuple[str, str]]:
    return [(s.code, f"{s.code} {s.name}") for s in IndustrySection.objects.order_by("code")]


def staff_choices(district_id: int | None) -> list[tuple[int, str]]:
    users = User.objects.filter(role=Role.FIC_STAFF, is_active=True)
    if district_id:
        users = users.filter(organisation__district_id=district_id)
    return [(u.pk, u.name or u.username) for u in users.order_by("name", "id")[:200]]


def partner_choices(district_id: int | None) -> list[tuple[int, str]]:
    partners = Partner.objects.all() if not district_id else Partner.objects.filter(district_id=district_id)
    return [(p.pk, p.name) for p in partners.order_by("name", "id")[:500]]


def visit_choices(district_id: int | None) -> list[tuple[int, str]]:
    visits = Visit.objects.all() if not district_id else Visit.objects.filter(district_id=district_id)
    return [(v.pk, f"{v.visited_on:%Y-%m-%d} {v.title}") for v in visits.order_by("-visited_on", "-id")[:200]]


class LeadFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or investor"), required=False, max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=with_all(Lead.Stage.choices))
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    partner = forms.TypedChoiceField(label=_("Source partner"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A filter's empty choice reads "all" (全部), as in every filter of the platform.
        self.fields["industry"].choices = with_all(industry_choices())
        self.fields["owner"].choices = with_all(staff_choices(district_id))
        self.fields["partner"].choices = with_all(partner_choices(district_id))

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "stage": data.get("stage") or None,
            "industry": data.get("industry") or None,
            "owner": data.get("owner"),
            "partner": data.get("partner"),
            "q": data.get("q") or None,
        }


class LeadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Lead.Kind.choices)
    name = forms.CharField(label=_("Enterprise or project"), max_length=200)
    investor = forms.CharField(
        label=_("Investor"),
        max_length=200,
        required=False,
        help_text=_("The company or person behind the project, and where it is based."),
    )
    industry = forms.ChoiceField(label=_("Industry"))
    intended_amount = _amount(_("Intended investment (10k yuan)"))
    land_area_mu = forms.CharField(label=_("Land needed (mu)"), required=False, max_length=20)
    floor_area_m2 = forms.CharField(label=_("Floor space needed (m²)"), required=False, max_length=20)
    space_note = forms.CharField(
        label=_("Space needs"),
        max_length=300,
        required=False,
        help_text=_("e.g. office in a park near a metro line, 5 m floor height"),
    )
    source_visit = forms.ChoiceField(label=_("Source visit"), required=False)
    source_partner = forms.ChoiceField(label=_("Source partner"), required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = BLANK + industry_choices()
        self.fields["source_visit"].choices = BLANK + visit_choices(district_id)
        self.fields["source_partner"].choices = BLANK + partner_choices(district_id)

    @staticmethod
    def initial_of(lead: Lead) -> dict[str, Any]:
        return {
            "kind": lead.kind,
            "name": lead.name,
            "investor": lead.investor,
            "industry": lead.industry_id,
            "intended_amount": plain(lead.intended_amount),
            "land_area_mu": lead.land_area_mu or "",
            "floor_area_m2": lead.floor_area_m2 or "",
            "space_note": lead.space_note,
            "source_visit": lead.source_visit_id or "",
            "source_partner": lead.source_partner_id or "",
            "contact_name": lead.contact_name,
            "contact_phone": lead.contact_phone,
            "description": lead.description,
        }


class FollowUpForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DateInput())
    method = forms.ChoiceField(label=_("How"), choices=FollowUp.Method.choices)
    note = forms.CharField(label=_("What happened"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    next_step = forms.CharField(label=_("Next step"), max_length=200, required=False)
    next_step_on = forms.DateField(label=_("Next step due"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"happened_on": local_today(), "method": FollowUp.Method.PHONE})
        super().__init__(*args, **kwargs)


class SignForm(forms.Form):
    amount = _amount(_("Signed investment (10k yuan)"))
    on = forms.DateField(label=_("Signed on"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class LandForm(forms.Form):
    amount = _amount(_("Landed investment (10k yuan)"))
    on = forms.DateField(label=_("Landed on"), widget=DateInput())
    enterprise = forms.CharField(
        label=_("Registered enterprise"),
        max_length=200,
        required=False,
        help_text=_("Its name or unified social credit code in the district's directory; may be left empty."),
    )
    signed_amount = _amount(_("Signed investment (10k yuan)"), required=False)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class TerminateForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for ending"), choices=BLANK + list(Lead.EndReason.choices))
    note = forms.CharField(label=_("Explanation"), max_length=500)


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("Why it is reopened"), max_length=500)


class OwnerForm(forms.Form):
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = staff_choices(district_id)


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Partner.Kind.choices)
    region = forms.CharField(label=_("Region"), max_length=50, help_text=_("Province and city, e.g. 浙江省温州市."))
    contact_name = forms.CharField(label=_("Contact person"), max_length=50, required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)
    agreement_on = forms.DateField(label=_("Cooperation agreement signed on"), required=False, widget=DateInput())
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_of(partner: Partner) -> dict[str, Any]:
        return {
            name: getattr(partner, name)
            for name in ("name", "kind", "region", "contact_name", "contact_phone", "agreement_on", "is_active", "note")
        }


class VisitForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Visit.Direction.choices)
    title = forms.CharField(label=_("Title"), max_length=100)
    visited_on = forms.DateField(label=_("Date"), widget=DateInput())
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    members = forms.CharField(
        label=_("Delegation members"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name, organisation, position."),
    )
    visiting_enterprises = forms.CharField(
        label=_("Enterprises in the delegation"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    local_enterprises = forms.CharField(
        label=_("Local enterprises taking part"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the name or unified social credit code in the district's directory."),
    )
    topics = forms.CharField(label=_("Topics"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(
        label=pgettext_lazy("visit", "Outcome"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = BLANK + partner_choices(district_id)

    @staticmethod
    def initial_of(visit: Visit) -> dict[str, Any]:
        initial = {
            name: getattr(visit, name)
            for name in (
                "direction",
                "title",
                "visited_on",
                "place",
                "members",
                "visiting_enterprises",
                "topics",
                "summary",
            )
        }
        initial["partner"] = visit.partner_id or ""
        initial["local_enterprises"] = "\n".join(e.name for e in visit.local_enterprises.all())
        return initial


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = local_today().year
        self.fields["year"].choices = with_all((y, str(y)) for y in range(this_year, 2014, -1))
