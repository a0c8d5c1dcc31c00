"""Input of the FIC staff's dialogue pages; kaopu.dialogues.actions checks the rules again.

Field errors name their field on the page (“主题：这个字段是必填项。”); the cross-field rules of a
meeting (ends after it starts, registration closes before it starts, seats per enterprise within the
seats) are attached to the field a person must change.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.appeals.models import Appeal, Category
from kaopu.core.widgets import FastSelect
from kaopu.dialogues.models import Meeting, MeetingKind, RaisedIssue
from kaopu.directory.models import Department, IndustrySection
from kaopu.directory.selectors import reference

_DATETIME = {"type": "datetime-local"}
_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
_YES_NO = [("", _("all")), ("1", _("yes")), ("0", _("no"))]


def _all(choices: Any) -> list[tuple[Any, Any]]:
    return [("", _("all")), *choices]


def _datetime_field(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, widget=forms.DateTimeInput(
        attrs=_DATETIME, format=_DATETIME_FORMAT))


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Theme, number or date"), required=False, max_length=100)
    kind = forms.TypedChoiceField(label=_("Kind"), required=False, coerce=int, empty_value=None, widget=FastSelect)
    state = forms.ChoiceField(label=_("State"), required=False, choices=_all(Meeting.State.choices),
                              widget=FastSelect)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    pending = forms.BooleanField(label=_("With registrations to approve"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _all(MeetingKind.objects.values_list("pk", "name"))

    def filters(self) -> dict[str, Any]:
        """The filters of the valid fields (a stale link filters on what still makes sense)."""
        if self.is_bound:
            self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"kind": data.get("kind"), "state": data.get("state") or None, "year": data.get("year"),
                "q": data.get("q") or None, "pending": bool(data.get("pending"))}


class MeetingForm(forms.Form):
    """A meeting's facts, for create_meeting and update_meeting."""

    kind = forms.ModelChoiceField(label=_("Kind"), queryset=MeetingKind.objects.none(), widget=FastSelect,
                                  empty_label=None)
    theme = forms.CharField(label=_("Theme"), max_length=100)
    industries = forms.ModelMultipleChoiceField(
        label=_("Industry focus"), required=False, queryset=IndustrySection.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"))
    venue = forms.CharField(label=_("Venue"), max_length=200)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=10000)
    seats_per_enterprise = forms.IntegerField(
        label=_("Seats per enterprise"), min_value=1, max_value=50, initial=1,
        help_text=_("How many people one enterprise may bring (one registration per enterprise)."))
    requires_approval = forms.BooleanField(
        label=_("Registrations need approval"), required=False, initial=True,
        help_text=_("Off: a registration takes a free seat at once, or joins the waitlist."))
    registration_closes_at = _datetime_field(_("Registration closes at"), required=False)
    description = forms.CharField(label=_("Description and how to register"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    leaders = forms.ModelMultipleChoiceField(label=_("Leaders attending"), required=False,
                                             queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple)
    departments = forms.ModelMultipleChoiceField(label=_("Departments attending"), required=False,
                                                 queryset=Department.objects.none(),
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = MeetingKind.objects.filter(is_active=True)
        self.fields["industries"].queryset = IndustrySection.objects.all()
        leaders = User.objects.filter(role=Role.DISTRICT_LEADER, is_active=True).order_by("name")
        departments = Department.objects.filter(is_active=True).order_by("name")
        if district_id is not None:
            leaders = leaders.filter(organisation__district_id=district_id)
            departments = departments.filter(district_id=district_id)
        self.fields["leaders"].queryset = leaders
        self.fields["leaders"].label_from_instance = lambda user: user.name or user.username
        self.fields["departments"].queryset = departments

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        starts, ends, closes = data.get("starts_at"), data.get("ends_at"), data.get("registration_closes_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The meeting must not end before it starts."))
        if starts and closes and closes > starts:
            self.add_error("registration_closes_at", _("Registration must close before the meeting starts."))
        capacity, per = data.get("capacity"), data.get("seats_per_enterprise")
        if capacity and per and per > capacity:
            self.add_error("seats_per_enterprise", _("Seats per enterprise must not exceed the seats of the "
                                                     "meeting (%(n)s).") % {"n": capacity})
        return data

    @staticmethod
    def initial_of(meeting: Meeting) -> dict[str, Any]:
        names = ["kind", "theme", "starts_at", "ends_at", "venue", "capacity", "seats_per_enterprise",
                 "requires_approval", "registration_closes_at", "description"]
        initial = {name: getattr(meeting, name) for name in names}
        initial.update(industries=list(meeting.industries.all()), leaders=list(meeting.leaders.all()),
                       departments=list(meeting.departments.all()))
        return initial


class CancelMeetingForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)


class DeclineRegistrationForm(forms.Form):
    note = forms.CharField(label=_("Note to the enterprise"), max_length=200, required=False)


class InviteFilterForm(forms.Form):
    """Which enterprises to list for an invitation (there is no chamber model yet to pick by)."""

    section = forms.ChoiceField(label=_("Industry section"), required=False, widget=FastSelect)
    subdistrict = forms.TypedChoiceField(label=_("Subdistrict"), required=False, coerce=int, empty_value=None,
                                         widget=FastSelect)
    member = forms.ChoiceField(label=_("FIC member"), required=False, choices=_YES_NO, widget=FastSelect)

    def __init__(self, *args: Any, district_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ref = reference()
        self.fields["section"].choices = _all((s.code, f"{s.code} {s.name}") for s in ref.sections)
        self.fields["subdistrict"].choices = _all((s.pk, s.name) for s in ref.subdistricts_of(district_id))


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=40, widget=forms.TextInput(attrs={
        "autofocus": True, "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
        "enterkeyhint": "go", "inputmode": "text"}))


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), required=False, max_length=20000,
                              widget=forms.Textarea(attrs={"rows": 12}))


class IssueForm(forms.Form):
    enterprise = forms.TypedChoiceField(label=_("Enterprise"), coerce=int, widget=FastSelect)
    summary = forms.CharField(label=_("Issue raised"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, enterprises: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].choices = [("", _("— choose a registered enterprise —")), *enterprises]


class IssuesToAppealsForm(forms.Form):
    """One row per issue not yet an appeal: a check box, the appeal's type and its category.

    Field names carry the issue's id (pick_12, kind_12, category_12) so that several issues go in
    one POST; items() gives the (issue_id, kind, category) of the chosen ones for issues_to_appeals.
    Each issue carries its ``number`` in the meeting (as the page lists it): every error of a chosen
    issue is one non-field error naming it by that number and its enterprise, never a bare field
    error (which would say “诉求类别：…” without saying which issue); ``refused`` holds their ids.
    """

    def __init__(self, *args: Any, issues: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        categories = list(Category.objects.filter(is_active=True))
        self.categories = {c.pk: c for c in categories}
        self.issues = issues
        self.refused: set[int] = set()
        self.rows = []
        for issue in issues:
            self.fields[f"pick_{issue.pk}"] = forms.BooleanField(label=_("Turn into an appeal"), required=False)
            self.fields[f"kind_{issue.pk}"] = forms.ChoiceField(
                label=_("Appeal type"), choices=Appeal.Kind.choices, initial=Appeal.Kind.HELP, required=False,
                widget=FastSelect)
            self.fields[f"category_{issue.pk}"] = forms.TypedChoiceField(
                label=_("Appeal category"), coerce=int, required=False, widget=FastSelect,
                choices=[("", _("— choose —")), *((c.pk, c.name) for c in categories)])
            self.rows.append((issue, self[f"pick_{issue.pk}"], self[f"kind_{issue.pk}"],
                              self[f"category_{issue.pk}"]))

    def _refuse(self, issue: Any, error: Any) -> None:
        named = RaisedIssue.named(issue.number, issue.enterprise.name)
        self.add_error(None, _("%(issue)s: %(error)s") % {"issue": named, "error": error})
        self.refused.add(issue.pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # Field errors (a category no longer offered) are said again below, naming their issue.
        field_errors = {name: self.errors.pop(name) for name in list(self.errors) if name in self.fields}
        chosen = [issue for issue in self.issues if data.get(f"pick_{issue.pk}")]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one issue to turn into an appeal."))
        for issue in chosen:
            for name, missing in ((f"kind_{issue.pk}", _("please choose the appeal's type.")),
                                  (f"category_{issue.pk}", _("please choose the appeal's category."))):
                if name in field_errors:
                    for error in field_errors[name]:
                        self._refuse(issue, _("%(label)s: %(error)s") % {"label": self.fields[name].label,
                                                                          "error": error})
                elif not data.get(name):
                    self._refuse(issue, missing)
        return data

    def items(self) -> list[tuple[int, str, Category]]:
        data = self.cleaned_data
        return [(issue.pk, data[f"kind_{issue.pk}"], self.categories[data[f"category_{issue.pk}"]])
                for issue in self.issues if data.get(f"pick_{issue.pk}")]


class SeriesForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=MeetingKind.objects.all(), widget=FastSelect,
                                  empty_label=None)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
