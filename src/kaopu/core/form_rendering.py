"""How every form of Kaopu writes its labels: settings.FORM_RENDERER points here.

Django ends each label with the form's ``label_suffix``, an ASCII ":" that its Chinese catalogue
leaves untranslated, so a Chinese page read "标题:" and, after a checkbox, "保密:". This renderer's
bound field (Django 5.2's ``BaseRenderer.bound_field_class``, used by every form that does not
choose its own) puts the suffix of the active language instead: "：" in Chinese, ":" in English, and
none after a checkbox, whose label reads as the text of the box. A label already ending in
punctuation gets no suffix; a form or field that sets ``label_suffix`` itself keeps it.
"""

from __future__ import annotations

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString
from django.utils.translation import gettext, pgettext

# Labels ending in one of these get no suffix (Django's own rule, with the full-width forms added).
_END_PUNCTUATION = frozenset(":?.!：？。！")


def label_suffix() -> str:
    """The suffix after a field's label in the active language."""
    return pgettext("form label suffix", ":")


class LabelledBoundField(BoundField):
    def label_tag(self, contents: str | None = None, attrs: dict[str, Any] | None = None,
                  label_suffix: str | None = None, tag: str | None = None) -> SafeString:
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = self._suffix(str(contents or self.label or ""))
        return super().label_tag(contents, attrs, label_suffix, tag)

    def _suffix(self, text: str) -> str:
        if self.widget_type == "checkbox" or (text and text[-1] in _END_PUNCTUATION):
            return ""
        # Django's default is gettext(":") from when the form was made; anything else is the form's choice.
        if self.form.label_suffix not in (":", gettext(":")):
            return self.form.label_suffix
        return label_suffix()


class FormRenderer(DjangoTemplates):
    """Django's own form templates, with :class:`LabelledBoundField` for every form."""

    bound_field_class = LabelledBoundField


class FieldNamedErrorsMixin:
    """A form whose every field error starts with the field's label, as the actions' refusals do
    (“诉求类别：这个字段是必填项。”): read in a list of messages or next to a picker that covers its
    own error line, the error still says which field it is about. An error already starting with the
    label is left as it is."""

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, errors in list(self._errors.items()):  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            label = str(field.label) if field is not None and field.label else ""
            if not label:
                continue
            named = [error if str(error).startswith(label) else
                     gettext("%(label)s: %(error)s") % {"label": label, "error": error} for error in errors]
            self._errors[name] = self.error_class(named, renderer=self.renderer)  # type: ignore[attr-defined]
