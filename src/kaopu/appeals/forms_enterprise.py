"""Input of the enterprise's appeal pages. Every error names the field and the rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaopu.appeals.attachments import AttachmentsField
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.workflow import REOPENING_RATINGS


class AppealForm(forms.Form):
    """A new appeal, with up to five attachments (kaopu.appeals.attachments sets the limits)."""

    kind = forms.ChoiceField(label=_("Type"), choices=Appeal.Kind.choices)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none(),
                                      empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=100)
    content = forms.CharField(label=_("Content"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8}))
    attachments = AttachmentsField()
    is_confidential = forms.BooleanField(
        label=_("Confidential"), required=False,
        help_text=_("Only the FIC staff member and the departments handling it will see it."))
    publish_consent = forms.BooleanField(
        label=_("May be shown on the public board"), required=False,
        help_text=_("Anonymised once closed: industry and subdistrict, never your enterprise's name."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only active categories: staff retire a category without breaking the appeals that used it.
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("is_confidential") and data.get("publish_consent"):
            self.add_error("publish_consent",
                           _("A confidential appeal cannot be shown on the public board."))
        return data


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
