"""Input of the enterprise's appeal pages. Every error names the field and the rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kaopu.appeals import contact as contacts
from kaopu.appeals.attachments import AttachmentsField
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.workflow import REOPENING_RATINGS
from kaopu.core import phones

SELF, OTHER = "self", "other"  # the contact choices besides the directory's people ("person-<id>")


class AppealForm(forms.Form):
    """A new appeal, with up to five attachments (kaopu.appeals.attachments sets the limits)."""

    kind = forms.ChoiceField(label=_("Type"), choices=Appeal.Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(),
                                      empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=100)
    content = forms.CharField(label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    attachments = AttachmentsField()
    contact = forms.ChoiceField(label=_("Contact for this appeal"), widget=forms.RadioSelect,
                                help_text=_("The departments handling the appeal call this person."))
    contact_name = forms.CharField(label=contacts.NAME_LABEL, required=False, max_length=contacts.NAME_MAX_LENGTH,
                                   help_text=_("Only for “someone else”."))
    contact_phone = forms.CharField(label=contacts.PHONE_LABEL, required=False, max_length=phones.MAX_LENGTH,
                                    help_text=_("Only for “someone else”: a mobile number, or a landline number with "
                                                "its area code (such as 021-62345678)."))
    is_confidential = forms.BooleanField(
        label=_("Confidential"), required=False,
        help_text=_("Only the FIC staff member and the departments handling it will see it."))
    publish_consent = forms.BooleanField(
        label=_("May be shown on the public board"), required=False,
        help_text=_("Anonymised once closed: industry and subdistrict, never your enterprise's name."))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only active categories: staff retire a category without breaking the appeals that used it.
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        self.user = user
        self._own_phone = contacts.valid_phone(user.phone)
        # The enterprise's people in the directory (its contacts first), each as "person-<id>".
        people = contacts.directory_people(user.enterprise_id)
        self._people = {f"person-{pk}": person for pk, person, _role in people}
        choices = []
        if self._own_phone:
            choices.append((SELF, _("Me: %(name)s, %(phone)s") % {"name": user.name, "phone": self._own_phone}))
        choices += [(f"person-{pk}", f"{person.name}（{role}）{person.phone}") for pk, person, role in people]
        choices.append((OTHER, _("Someone else (enter the name and phone below)")))
        self.fields["contact"].choices = choices
        self.fields["contact"].initial = choices[0][0]
        self.fields["contact_name"].initial = "" if self._own_phone else user.name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("is_confidential") and data.get("publish_consent"):
            self.add_error("publish_consent",
                           _("A confidential appeal cannot be shown on the public board."))
        chosen = data.pop("contact", None)
        person = None
        if chosen == SELF and self._own_phone:
            person = contacts.Contact(self.user.name[:contacts.NAME_MAX_LENGTH], self._own_phone)
        elif chosen in self._people:
            person = self._people[chosen]
        elif chosen == OTHER:
            try:
                person = contacts.clean(data.get("contact_name"), data.get("contact_phone"))
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:  # the page puts the field's label before each error
                        self.add_error(field, _unlabelled(message, self.fields[field].label))
        if person is not None:
            data["contact_name"], data["contact_phone"] = person.name, person.phone
        return data


def _unlabelled(message: str, label: Any) -> str:
    """``message`` without the "label: " it starts with (contacts.clean names its field; the page does too)."""
    for separator in ("：", ": "):
        if message.startswith(f"{label}{separator}"):
            return message[len(f"{label}{separator}"):]
    return message


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("Rating"), choices=Appeal.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              help_text=_("Required with “dissatisfied” or “very dissatisfied”: what is still "
                                          "wrong, so that the department can answer it."),
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("rating") in REOPENING_RATINGS and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Please say why you are not satisfied; the department reads it when the "
                                        "appeal comes back to it."))
        return data
