"""Input of the enterprise's meeting pages. Every error names the field and the rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaopu.dialogues.models import Meeting, Registration


class RegisterForm(forms.Form):
    """An enterprise's registration: how many come (within the meeting's limit), who, and what
    it wants to raise. The action checks the same limit again under the meeting's lock."""

    seats = forms.IntegerField(label=_("Attendees"), min_value=1, initial=1)
    attendee_names = forms.CharField(label=_("Names of the attendees"), max_length=200, required=False,
                                     help_text=_("Separate names with commas."))
    topic = forms.CharField(label=_("Topic to raise"), max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("The problem or suggestion your enterprise wants to raise at the meeting."))
    # Set by the button “put all on the waitlist” of the offer made when fewer seats are left than asked.
    accept_waitlist = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["seats"].max_value = meeting.seats_per_enterprise
        self.fields["seats"].widget.attrs.update(max=meeting.seats_per_enterprise)
        if meeting.seats_per_enterprise == 1:
            self.fields["seats"].help_text = _("One person per enterprise at this meeting.")
        else:
            self.fields["seats"].help_text = _("At most %(n)s people per enterprise.") % {
                "n": meeting.seats_per_enterprise}

    def clean_seats(self) -> int:
        seats = self.cleaned_data["seats"]
        if seats > self.meeting.seats_per_enterprise:
            raise forms.ValidationError(
                _("At most %(n)s people per enterprise may come to this meeting.") % {
                    "n": self.meeting.seats_per_enterprise})
        return seats


class MyRegistrationsFilterForm(forms.Form):
    """我的报名: which tab (upcoming or past meetings) and which state. A stale or hand-made link falls
    back to the upcoming tab and every state instead of an error."""

    WHEN = (("upcoming", _("Upcoming")), ("past", _("Past")))

    when = forms.ChoiceField(choices=WHEN, required=False, widget=forms.HiddenInput)
    state = forms.ChoiceField(label=_("State"), required=False,
                              choices=[("", _("all")), *Registration.State.choices])

    def choice(self) -> tuple[str, str | None]:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("when") or "upcoming", data.get("state") or None
