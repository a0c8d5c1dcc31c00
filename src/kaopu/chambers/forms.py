"""The chamber pages' forms. They say what each input looks like and turn text rows (a term's officers, a
brand project's plan) into values; the rules (a social organisation's code, what a kind covers, dates,
who may act) live in kaopu.chambers.actions, so that every page refuses the same things the same way."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind
from kaopu.chambers.actions import Officer
from kaopu.chambers.models import BrandPlanItem, BrandProject, Chamber, LeadershipTerm, Membership, TermOfficer
from kaopu.core.tabs import with_all
from kaopu.directory import credit_code
from kaopu.directory.models import Enterprise, IndustrySection, Subdistrict


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput())


class ChamberFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False, choices=with_all(Chamber.Kind.choices))
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False,
                               choices=with_all(Chamber.Status.choices))
    subdistrict = forms.TypedChoiceField(label=gettext_lazy("Subdistrict"), required=False, coerce=int,
                                         empty_value=None)

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        subdistricts = Subdistrict.objects.order_by("name")
        if district_id:
            subdistricts = subdistricts.filter(district_id=district_id)
        self.fields["subdistrict"].choices = with_all([(s.pk, s.name) for s in subdistricts])

    def values(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


class ChamberForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Chamber.Kind.choices)
    founded_on = _date(gettext_lazy("Founded on"))
    credit_code = forms.CharField(label=gettext_lazy("Unified social credit code"), max_length=30,
                                  help_text=gettext_lazy("18 characters; a chamber's starts with 5."))
    subdistrict = forms.ModelChoiceField(label=gettext_lazy("Subdistrict covered"), required=False,
                                         queryset=Subdistrict.objects.none())
    industry_section = forms.ModelChoiceField(label=gettext_lazy("Industry covered"), required=False,
                                              queryset=IndustrySection.objects.order_by("code"))
    home_region = forms.CharField(label=gettext_lazy("Home region of its members"), required=False, max_length=50,
                                  help_text=gettext_lazy("For a chamber of entrepreneurs from elsewhere, e.g. "
                                                         "浙江省温州市."))
    address = forms.CharField(label=gettext_lazy("Office address"), required=False, max_length=200)
    secretary_general = forms.CharField(label=gettext_lazy("Secretary-general"), required=False, max_length=50)
    phone = forms.CharField(label=gettext_lazy("Contact phone"), required=False, max_length=30)
    introduction = forms.CharField(label=gettext_lazy("Introduction"), required=False, max_length=2000,
                                   widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, district_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subdistrict"].queryset = Subdistrict.objects.filter(district_id=district_id).order_by("name")

    @staticmethod
    def initial_of(chamber: Chamber) -> dict[str, Any]:
        return {name: getattr(chamber, name) for name in (
            "name", "kind", "founded_on", "credit_code", "subdistrict", "industry_section", "home_region",
            "address", "secretary_general", "phone", "introduction")}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Chamber.Status.choices)
    on = _date(gettext_lazy("Date"), required=False)
    merged_into = forms.ModelChoiceField(label=gettext_lazy("Merged into"), required=False,
                                         queryset=Chamber.objects.none())

    def __init__(self, *args: Any, chamber: Chamber, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merged_into"].queryset = (Chamber.objects.filter(district_id=chamber.district_id)
                                               .exclude(pk=chamber.pk).order_by("name"))


class LinkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation of its accounts"), required=False, queryset=Organisation.objects.none(),
        help_text=gettext_lazy("Leave empty to create an organisation named after the chamber; the system "
                               "administrator then adds the officer's account to it in the administration."))

    def __init__(self, *args: Any, chamber: Chamber, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.CHAMBER, district_id=chamber.district_id).order_by("name")


class LookupForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Enterprise name or credit code"), max_length=100, required=False)


class MemberForm(forms.Form):
    enterprise = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=pgettext_lazy("chamber", "Role"), choices=Membership.Role.choices,
                             initial=Membership.Role.MEMBER)
    joined_on = _date(gettext_lazy("Joined on"))
    representative = forms.CharField(label=gettext_lazy("Representative"), required=False, max_length=50)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=pgettext_lazy("chamber", "New role"), choices=Membership.Role.choices,
                             widget=forms.Select(attrs={"aria-label": pgettext_lazy("chamber", "New role")}))
    on = forms.DateField(label=gettext_lazy("From"), widget=DateInput(attrs={"aria-label": gettext_lazy("From")}))


class LeaveForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Left on"),
                         widget=DateInput(attrs={"aria-label": gettext_lazy("Left on")}))


def _positions() -> dict[str, str]:
    """Position words (in Chinese and in the page's language) → the value of TermOfficer.Position."""
    found = {value: value for value in TermOfficer.Position.values}
    for language in ("zh-hans", translation.get_language() or "zh-hans"):
        with translation.override(language):
            found.update({str(label): value for value, label in TermOfficer.Position.choices})
    return found


class TermForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("Term number"), min_value=1, max_value=99)
    elected_on = _date(gettext_lazy("Elected on"))
    starts_on = _date(gettext_lazy("Term starts on"))
    ends_on = _date(gettext_lazy("Term ends on"))
    officers = forms.CharField(
        label=gettext_lazy("Elected officers"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One a line: position, name and, where they come from one, the enterprise's name "
                               "or credit code, separated by spaces, e.g. “会长 张三 上海某某科技有限公司”."))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, chamber: Chamber, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chamber = chamber

    def clean_officers(self) -> list[Officer]:
        positions = _positions()
        officers = []
        for number, line in enumerate((self.cleaned_data.get("officers") or "").splitlines(), start=1):
            parts = line.split(maxsplit=2)
            if not parts:
                continue
            if len(parts) < 2 or parts[0] not in positions:
                raise forms.ValidationError(_("Line %(n)s: write the position (会长, 常务副会长, 副会长, 秘书长, "
                                              "监事长 or 理事) and the name.") % {"n": number})
            enterprise = None
            if len(parts) == 3:
                enterprise = self._enterprise(parts[2].strip(), number)
            officers.append(Officer(positions[parts[0]], parts[1], enterprise))
        return officers

    def _enterprise(self, text: str, number: int) -> Enterprise:
        district = Enterprise.objects.filter(district_id=self.chamber.district_id)
        by_code = district.filter(credit_code=text.upper()).first() if credit_code.is_valid(text.upper()) else None
        found = by_code or district.filter(name=text).order_by("id").first()
        if found is None:
            raise forms.ValidationError(_("Line %(n)s: no enterprise of the district is named “%(text)s” or has "
                                          "that credit code.") % {"n": number, "text": text})
        return found

    @staticmethod
    def initial_of(term: LeadershipTerm) -> dict[str, Any]:
        lines = [" ".join(filter(None, [officer.get_position_display(), officer.name,
                                        officer.enterprise.name if officer.enterprise else ""]))
                 for officer in term.officers.select_related("enterprise")]
        return {"number": term.number, "elected_on": term.elected_on, "starts_on": term.starts_on,
                "ends_on": term.ends_on, "note": term.note, "officers": "\n".join(lines)}


PLAN_LINE = re.compile(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?\s+(.+)")


class ProjectForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=100)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=BrandProject.Status.choices)
    goals = forms.CharField(label=gettext_lazy("Goals"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    plan = forms.CharField(
        label=gettext_lazy("Plan of activities"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One a line: the month (2026-03) or the day (2026-03-15), a space, then what "
                               "happens."))

    def clean_plan(self) -> list[BrandPlanItem]:
        items = []
        for number, line in enumerate((self.cleaned_data.get("plan") or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = PLAN_LINE.fullmatch(line.strip())
            try:
                if match is None:
                    raise ValueError
                year, month, day = int(match[1]), int(match[2]), match[3]
                when = date(year, month, int(day) if day else 1)
            except ValueError:
                raise forms.ValidationError(_("Line %(n)s: begin with the month (2026-03) or the day (2026-03-15), "
                                              "then a space and what happens.") % {"n": number}) from None
            items.append(BrandPlanItem(planned_on=when, whole_month=not day, what=match[4].strip()[:200]))
        return items

    @staticmethod
    def initial_of(project: BrandProject) -> dict[str, Any]:
        return {"title": project.title, "year": project.year, "status": project.status, "goals": project.goals,
                "plan": "\n".join(str(item) for item in project.plan.all())}


class OutcomeForm(forms.Form):
    figure = forms.DecimalField(label=gettext_lazy("Figure"), required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label=gettext_lazy("Unit"), required=False, max_length=20)
    text = forms.CharField(label=gettext_lazy("What was achieved"), max_length=300)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=gettext_lazy("Photo"))
    caption = forms.CharField(label=gettext_lazy("Caption"), required=False, max_length=120)


class RosterForm(forms.Form):
    roster = forms.FileField(label=gettext_lazy("Excel roster"), help_text=gettext_lazy(
        "An .xlsx file whose first row names the columns 统一社会信用代码, 职务, 入会日期 and 会员代表."))
