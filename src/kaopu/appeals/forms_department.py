"""Input of the department handler's appeal pages. Every error names the field and the rule."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kaopu.appeals.attachments import AttachmentsField
from kaopu.appeals.models import Appeal, Category
from kaopu.core.tabs import with_all


class InboxFilterForm(forms.Form):
    """The filters inside an inbox tab (the tabs themselves say what needs action, what is overdue …)."""

    state = forms.ChoiceField(label=_("State"), required=False, choices=with_all(Appeal.State.choices))
    category = forms.TypedChoiceField(label=_("Category"), required=False, coerce=int, empty_value=None)
    # The platform search's "more" link opens the "all" tab with it (appeals/search.py).
    q = forms.CharField(label=_("Number or title"), required=False, max_length=100)
    due_soon = forms.BooleanField(label=_("Due within 2 working days"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Retired categories too: old appeals keep theirs and must stay findable.
        self.fields["category"].choices = with_all((c.pk, c.name) for c in Category.objects.only("id", "name"))

    def filters(self) -> dict[str, Any]:
        """The valid filters; a stale link with an invalid value filters on the others."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    attachments = AttachmentsField()


class ExtensionForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    working_days = forms.IntegerField(label=_("Working days"), min_value=1, max_value=30)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Opinion"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = AttachmentsField()
