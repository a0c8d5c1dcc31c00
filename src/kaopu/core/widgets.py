"""Form widgets and fields shared by the pages (some tuned for pages that render on every request)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from django import forms
from django.forms import Script
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kaopu.core import collation


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


# --- Pickers: searchable selects and type-ahead fields (Tom Select, vendored) --------------------------
#
# A form chooses a picker by its widget; the page renders ``{{ form.media }}`` in its head, and
# kaopu/picker.js turns every element with ``data-picker`` into a Tom Select. Without JavaScript each
# one stays what it is in the markup: a plain <select> (PickerSelect, PickerSelectMultiple) or a
# text field where the key is typed (RemotePicker), so every form works with scripts off.

_TOM_SELECT = "kaopu/vendor/tom-select-2.6.2/"
PICKER_MEDIA = forms.Media(
    css={"all": [_TOM_SELECT + "tom-select.min.css", "kaopu/picker.css"]},
    js=[Script(_TOM_SELECT + "tom-select.popular.min.js", defer=True), Script("kaopu/picker.js", defer=True)])


def _picker_texts(placeholder: Any = None) -> dict[str, Any]:
    """The words picker.js shows, in the page's language (the script has no catalogue of its own)."""
    texts = {"data-picker-no-results": _("Nothing matches."), "data-picker-loading": _("Searching…"),
             "data-picker-remove": _("Remove")}
    if placeholder:
        texts["data-placeholder"] = placeholder
    return texts


class PickerSelect(forms.Select):
    """A <select> that the person can search by typing: Tom Select over the options in the page.

    ``placeholder`` is shown while nothing is chosen (with a ModelChoiceField, give the same text as its
    ``empty_label``, which is what a browser without JavaScript shows). ``search_text(label)`` adds words
    an option is also found by, e.g. kaopu.core.collation.search_text for the pinyin of Chinese labels.
    """

    media = PICKER_MEDIA
    picker_kind = "select"

    def __init__(self, attrs: dict[str, Any] | None = None, choices: Any = (), *, placeholder: Any = None,
                 search_text: Callable[[str], str] | None = None) -> None:
        super().__init__(attrs, choices)
        self.placeholder = placeholder
        self.search_text = search_text

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = {"data-picker": self.picker_kind, **_picker_texts(self.placeholder), **(attrs or {})}
        return super().get_context(name, value, attrs)

    def create_option(self, name: str, value: Any, label: Any, selected: bool, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if self.search_text is not None and value not in (None, ""):
            # Tom Select copies an option's data-* attributes into its data: this one is a search field.
            option["attrs"]["data-search"] = self.search_text(str(label))
        return option


class PickerSelectMultiple(PickerSelect, forms.SelectMultiple):
    """A multiple choice shown as removable chips with a search field (a plain multiple <select>
    without JavaScript)."""

    picker_kind = "multiple"
    allow_multiple_selected = True


class RemotePicker(forms.TextInput):
    """A type-ahead over more rows than a page can hold (enterprises, meetings, appeals).

    The field holds one *key* that the form's clean method resolves (a credit code, an id). Typing
    asks ``url`` (a JSON look-up made with kaopu.core.lookups) for matches and the chosen one fills
    in the key; without JavaScript the person types the key or a name, as the field's help says.
    ``min_chars`` is how much must be typed before asking (0: the newest rows are offered at once).
    The form sets ``label`` to the chosen row's text when it re-renders a bound form (clean method).
    """

    media = PICKER_MEDIA

    def __init__(self, url: str | Callable[[], str] = "", *, placeholder: Any = None, min_chars: int = 1,
                 attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.url, self.placeholder, self.min_chars = url, placeholder, min_chars
        self.label: str = ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        url = self.url() if callable(self.url) else self.url
        attrs = {"data-picker": "remote", "data-picker-url": str(url), "data-picker-min-chars": self.min_chars,
                 "autocomplete": "off", **_picker_texts(self.placeholder), **(attrs or {})}
        if self.placeholder:
            attrs["placeholder"] = self.placeholder
        if self.label and value not in (None, ""):
            attrs["data-picker-label"] = self.label
        return super().get_context(name, value, attrs)


class PinyinChoiceIterator(ModelChoiceIterator):
    """The rows of a model choice field in pinyin order of their labels (kaopu.core.collation: the same
    order on SQLite and PostgreSQL), in <optgroup>s when the field has ``group_by`` and the rows fall
    into more than one group. One query, as the plain iterator."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = collation.sorted_by_pinyin(self.queryset, self.field.label_from_instance)
        group_by = self.field.group_by
        groups: dict[tuple[int, str], list[Any]] = {}
        for row in rows:
            groups.setdefault(group_by(row) if group_by else (0, ""), []).append(self.choice(row))
        if len(groups) == 1:
            yield from next(iter(groups.values()))
            return
        for (_order, label), choices in sorted(groups.items(), key=lambda group: group[0][0]):
            yield (label, choices)


class _PinyinChoices:
    iterator = PinyinChoiceIterator

    def __init__(self, *args: Any, group_by: Callable[[Any], tuple[int, str]] | None = None,
                 **kwargs: Any) -> None:
        self.group_by = group_by  # row -> (the group's place in the list, its label)
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]


class PinyinModelChoiceField(_PinyinChoices, forms.ModelChoiceField):
    """A ModelChoiceField listing its rows in pinyin order, optionally grouped (see PinyinChoiceIterator)."""


class PinyinModelMultipleChoiceField(_PinyinChoices, forms.ModelMultipleChoiceField):
    """The multiple-choice twin of PinyinModelChoiceField."""
