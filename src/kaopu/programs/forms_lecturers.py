"""The lecturers' forms: the group's search, a lecturer, a booking and a declining answer. The rules
live in kaopu.programs.actions_lecturers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.core.tabs import with_all
from kaopu.core.widgets import RemotePicker
from kaopu.programs import selectors_lecturers
from kaopu.programs.models import Lecturer


class LecturerFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or topic"), max_length=50, required=False)
    kind = forms.ChoiceField(label=_("Kind of lecturer"), required=False)
    active = forms.ChoiceField(label=_("In the group"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = with_all(Lecturer.Kind.choices)
        self.fields["active"].choices = with_all([("yes", _("in the group")), ("no", _("retired"))])
        if user.role == "chamber_officer":  # an officer sees the active group only
            del self.fields["active"]


class LecturerForm(forms.Form):
    name = forms.CharField(label=_("Lecturer's name"), max_length=50)
    kind = forms.ChoiceField(label=_("Kind of lecturer"), choices=Lecturer.Kind.choices)
    enterprise = forms.CharField(
        label=_("Enterprise"), max_length=100, required=False,
        widget=RemotePicker(reverse_lazy("appeals:lookup_enterprises"),
                            placeholder=_("Type part of the name or the credit code")),
        help_text=_("Required for an entrepreneur: the enterprise they lead."))
    affiliation = forms.CharField(label=_("Affiliation and title"), max_length=100, required=False,
                                  help_text=_("E.g. 华东师范大学经济学院教授, 区委党校副教授, 董事长."))
    topics = forms.CharField(label=pgettext_lazy("lecturer", "Topics"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("One topic a line, as a chamber would search for it."))
    account = forms.CharField(label=_("Account"), max_length=150, required=False,
                              help_text=_("Optional: the login name of an enterprise user or lawyer of the district, "
                                          "with which the lecturer answers bookings themselves."))

    @staticmethod
    def initial_of(lecturer: Lecturer) -> dict[str, Any]:
        return {"name": lecturer.name, "kind": lecturer.kind, "affiliation": lecturer.affiliation,
                "enterprise": lecturer.enterprise.credit_code if lecturer.enterprise else "",
                "topics": lecturer.topics, "account": lecturer.user.username if lecturer.user else ""}


def _event_label(event: Any) -> str:
    return f"{timezone.localtime(event.starts_at):%Y-%m-%d %H:%M} {event}"


class BookingForm(forms.Form):
    """A booking: the event (an activity, or for staff a training session: "a<id>" or "s<id>"), the
    topic of the talk and a note."""

    event = forms.ChoiceField(label=_("Event"))
    topic = forms.CharField(label=_("Topic of the talk"), max_length=100)
    note = forms.CharField(label=pgettext_lazy("booking", "Note"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activities = [(f"a{a.pk}", _event_label(a)) for a in selectors_lecturers.bookable_activities(user)]
        sessions = [(f"s{s.pk}", _event_label(s)) for s in selectors_lecturers.bookable_sessions(user)]
        choices: list[Any] = [("", "—")]
        if activities:
            choices.append((_("Activities"), activities))
        if sessions:
            choices.append((_("Training sessions"), sessions))
        self.fields["event"].choices = choices

    def values(self) -> dict[str, Any]:
        event = self.cleaned_data["event"]
        kind = "activity" if event.startswith("a") else "training_session"
        return {kind: event[1:], "topic": self.cleaned_data["topic"], "note": self.cleaned_data["note"]}


class DeclineForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("booking", "Reason for declining"), max_length=200)
