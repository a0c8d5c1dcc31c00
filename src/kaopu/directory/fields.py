"""A form field for one enterprise of the directory, picked with the type-ahead (kaopu.core.widgets.
RemotePicker over the platform's enterprise look-up), for forms whose user may name any enterprise of
their district: a select of every enterprise would not fit a page at city scale.

The picker sends the chosen enterprise's credit code; a name typed without JavaScript is matched whole
first, then in part, among the enterprises the form allows (``queryset``, set by the form from the user's
access scope). The field's value is the Enterprise, or None when left empty.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kaopu.core.widgets import RemotePicker
from kaopu.directory.models import Enterprise
from kaopu.directory.selectors import search_enterprises


class EnterpriseField(forms.CharField):
    def __init__(self, *, url: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", RemotePicker(url or reverse_lazy("appeals:lookup_enterprises"),
                                                 placeholder=_("Type part of the name or the credit code")))
        super().__init__(**kwargs)
        self.queryset: QuerySet[Enterprise] = Enterprise.objects.none()

    def clean(self, value: Any) -> Enterprise | None:  # type: ignore[override]
        query = " ".join((super().clean(value) or "").split())
        if not query:
            return None
        found = (list(self.queryset.filter(credit_code=query.upper())[:1])
                 or list(self.queryset.filter(name=query)[:1])
                 or list(search_enterprises(self.queryset, query).order_by("pk")[:2]))
        if not found:
            raise forms.ValidationError(_("no enterprise of your district matches “%(query)s”.") % {"query": query})
        if len(found) > 1:
            raise forms.ValidationError(_("several enterprises match “%(query)s”; enter the credit code or more "
                                          "of the name.") % {"query": query})
        self.widget.label = found[0].name
        return found[0]
