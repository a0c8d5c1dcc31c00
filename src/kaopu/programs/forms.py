"""The activity pages' forms. They say what each input looks like; the rules (who may organise, which
enterprises an activity may name, dates, lengths) live in kaopu.programs.actions, so that every page
refuses the same things with the same messages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.chambers.permissions import officer_chamber
from kaopu.core.tabs import with_all
from kaopu.core.widgets import PickerSelectMultiple
from kaopu.core.workdays import local_today
from kaopu.programs import selectors, selectors_sites
from kaopu.programs.models import Activity, ActivityType

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
FIRST_YEAR = 2015
MEMBERS_OFFERED = 1000  # a chamber's current members offered to its officer (a chamber has tens to hundreds)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _moment(label: Any, *, required: bool) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, input_formats=DATETIME_FORMATS,
                               widget=DateTimeInput())


def year_choices() -> list[tuple[int, str]]:
    this_year = local_today().year
    return [(year, str(year)) for year in range(this_year + 1, FIRST_YEAR - 1, -1)]


class ActivityFilterForm(forms.Form):
    """The list's filters: year, type and (staff and leaders) organiser."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    type = forms.TypedChoiceField(label=_("Activity type"), required=False, coerce=int, empty_value=None)
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = with_all(year_choices())
        self.fields["type"].choices = with_all((t.pk, t.name) for t in selectors.types())
        if user.role == Role.CHAMBER_OFFICER:
            del self.fields["organiser"]
        else:
            chambers = [(str(c.pk), c.name) for c in selectors.district_chambers(user)[:500]]
            self.fields["organiser"].choices = with_all([(selectors.FIC, _("The FIC")), *chambers])


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()


class ActivityForm(forms.Form):
    """An activity; the organiser field only for staff (an officer's activity is their chamber's)."""

    chamber = forms.ChoiceField(label=_("Organiser"), required=False)
    type = forms.ChoiceField(label=_("Activity type"))
    title = forms.CharField(label=pgettext_lazy("activity", "Title"), max_length=100)
    starts_at = _moment(_("Starts at"), required=True)
    ends_at = _moment(_("Ends at"), required=False)
    site = forms.ChoiceField(label=_("Education site"), required=False,
                             help_text=_("When the activity is held at one of the district's education sites."))
    place = forms.CharField(label=_("Place"), max_length=200, required=False,
                            help_text=_("The venue, e.g. 区工商联三楼会议室 (or the room, at a site)."))
    enterprises = forms.CharField(
        label=_("Enterprises taking part"), max_length=20000, required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: the exact name or the unified social credit code. An FIC activity names "
                    "enterprises of the district's directory; a chamber's activity names its current members."))
    people = forms.CharField(label=_("People taking part"), max_length=3000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Names, or groups such as “青年企业家商会会员”, one per line."))
    headcount = forms.IntegerField(label=_("Headcount"), required=False, min_value=0, max_value=100_000)
    report = forms.CharField(label=_("Short report"), max_length=5000, required=False,
                             widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, user: Any, current: Activity | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.role == Role.FIC_STAFF:
            chambers = [(str(c.pk), c.name) for c in selectors.district_chambers(user)[:500]]
            self.fields["chamber"].choices = [("", _("The FIC")), *chambers]
        else:
            del self.fields["chamber"]
            self._offer_members(officer_chamber(user))
        allowed = [t for t in selectors.types() if t.is_active or (current is not None and t.pk == current.type_id)]
        self.fields["type"].choices = [("", "—"), *((str(t.pk), t.name) for t in allowed)]
        self._offer_sites(user, current)

    def _offer_sites(self, user: Any, current: Activity | None) -> None:
        """The district's active sites (and the activity's own), by kind then name."""
        district_id = current.district_id if current is not None else user.district_id
        sites = selectors_sites.pickable(district_id, current.site if current else None) if district_id else []
        self.fields["site"].choices = [("", _("— not at a site —")),
                                       *((str(s.pk), f"{s.name}（{s.get_kind_display()}）") for s in sites)]

    def _offer_members(self, chamber: Any) -> None:
        """A chamber officer picks among their chamber's current members (searchable chips) rather than
        typing names: the only enterprises their activities may name."""
        members = (selectors.nameable_enterprises(chamber.district_id, chamber).order_by("name", "id")
                   [:MEMBERS_OFFERED] if chamber is not None else [])
        self.fields["enterprises"] = forms.MultipleChoiceField(
            label=_("Enterprises taking part"), required=False, choices=[(str(e.pk), e.name) for e in members],
            widget=PickerSelectMultiple(placeholder=_("Choose member enterprises (any number)")),
            help_text=_("Your chamber's current members."))
        if isinstance(self.initial.get("enterprises"), str):
            self.initial["enterprises"] = self.initial.get("enterprise_ids", [])

    def values(self) -> dict[str, Any]:
        """The cleaned input as the actions take it (typed enterprises: one per line)."""
        values = dict(self.cleaned_data)
        chosen = values.get("enterprises") or ""
        values["enterprises"] = chosen if isinstance(chosen, list) else [
            line for line in chosen.splitlines() if line.strip()]
        return values

    @staticmethod
    def initial_of(activity: Activity) -> dict[str, Any]:
        enterprises = list(activity.enterprises.order_by("name"))
        return {
            "chamber": str(activity.chamber_id or ""), "type": str(activity.type_id), "title": activity.title,
            "starts_at": timezone.localtime(activity.starts_at),
            "ends_at": timezone.localtime(activity.ends_at) if activity.ends_at else None,
            "site": str(activity.site_id or ""), "place": activity.place, "people": activity.people,
            "headcount": activity.headcount,
            "report": activity.report,
            "enterprises": "\n".join(e.name for e in enterprises),
            "enterprise_ids": [str(e.pk) for e in enterprises],
        }


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"), help_text=_("JPG, PNG, GIF or WebP, at most 10 MB."))
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)


class CaptionForm(forms.Form):
    caption = forms.CharField(label=_("Caption"), max_length=120, required=False)


class ActivityTypeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=30)
    sort_order = forms.IntegerField(label=_("Sort order"), min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    @staticmethod
    def initial_of(row: ActivityType) -> dict[str, Any]:
        return {"name": row.name, "sort_order": row.sort_order, "is_active": row.is_active}
