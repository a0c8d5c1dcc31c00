"""Form widgets and fields shared by the pages (some tuned for pages that render on every request)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


class FastSelect(forms.Select):
    """A <select> rendered by string building instead of one template per option.

    The enterprise list's filters hold about 140 options (97 industry divisions among them);
    Django's per-option widget templates took about 40% of the page's rendering time. The output is
    the same markup: escaped labels, optgroups, ``selected`` on the current value.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = {str(item) for item in (value if isinstance(value, list | tuple) else [value])
                  if item is not None}
        parts = [f"<select{flatatt(final_attrs)}>"]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{conditional_escape(option_value)}">')
                parts.extend(self._option(value_, label_, chosen) for value_, label_ in label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every piece is escaped above

    @staticmethod
    def _option(value: Any, label: Any, chosen: set[str]) -> str:
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        return f'<option value="{conditional_escape(value)}"{selected}>{conditional_escape(label)}</option>'


class MonthField(forms.CharField):
    """A month typed or picked as YYYY-MM (what the browser's month input sends), as the first day
    of that month; the measures and the financing figures choose their period with it."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        value = (value or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-03."), code="month") from None
