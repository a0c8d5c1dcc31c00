"""The registry of exports that run as background jobs (the ``kaopu.exports`` app runs them).

Each app declares its big exports in its own ``exports.py`` module, which the exports app imports
when Django starts (``autodiscover_modules("exports")``), by calling ``register(ExportKind(...))``.
The job page, the task and the download know nothing of a particular app: they find everything
here by the kind's key. The registry lives in ``core`` so that the apps below the exports app
(``audit``, ``directory``) can declare exports without importing it.

A kind says:

* ``key``: stored on each job ("directory.enterprises"); never change it once jobs exist;
* ``label``: what is exported, as a lazy translation ("Enterprise directory" / 企业名录): the job page's
  title, the file name (in Chinese) and the audit summary (导出企业名录 1000 家);
* ``unit``: the Chinese counting word of the audit summary (家, 人, 条, 件);
* ``object_type``: the audited object type (``app_label.model``);
* ``may_export(user)``: whether the user may make it at all (checked on request and again when the
  job runs, since a role may change in between);
* ``parameters(user, query)``: the list page's filters (a QueryDict), validated as the page does it,
  as a JSON object for the job; invalid filters are dropped like the page drops them;
* ``count(user, parameters)``: how many rows the export will have (the progress bar's total; may be an
  estimate); runs in the task, never in the request;
* ``write(user, parameters, book, progress)``: writes the rows into ``book`` (a
  ``core.spreadsheet.StreamingWorkbook``), calling ``progress(rows_done)`` now and then; returns the
  number of rows. It reads the rows through the same selectors (and so the same access rules) as the
  list page, as the job's owner;
* ``audit_data(user, parameters)``: what the EXPORT entry keeps besides the filters and the row count
  (e.g. whether phones were masked);
* ``list_url``: the URL name of the list page it comes from (the job page links back to it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

Progress = Callable[[int], None]


def _no_data(_user: Any, _parameters: dict[str, Any]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ExportKind:
    key: str
    label: Any
    unit: str
    object_type: str
    may_export: Callable[[Any], bool]
    parameters: Callable[[Any, Mapping[str, Any]], dict[str, Any]]
    count: Callable[[Any, dict[str, Any]], int]
    write: Callable[[Any, dict[str, Any], Any, Progress], int]
    audit_data: Callable[[Any, dict[str, Any]], dict[str, Any]] = field(default=_no_data)
    list_url: str = ""
    # The job's filters for a person: (label, value) pairs, e.g. ("所属街道", "长寿路街道"); see described_by.
    describe: Callable[[Any, dict[str, Any]], list[tuple[str, str]]] | None = None

    @property
    def words(self) -> str:
        """The label in Chinese, whatever the language of the request: file names and audit summaries."""
        with translation.override(settings.LANGUAGE_CODE):
            return str(self.label)


_KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> ExportKind:
    if kind.key in _KINDS and _KINDS[kind.key] is not kind:
        raise ValueError(f"export kind {kind.key!r} is registered twice")
    _KINDS[kind.key] = kind
    return kind


def get(key: str) -> ExportKind | None:
    return _KINDS.get(key)


def described_by(form: Callable[[Any], Any], names: Mapping[str, str] | None = None
                 ) -> Callable[[Any, dict[str, Any]], list[tuple[str, str]]]:
    """A ``describe`` that names each filter by the list page's form: the field's label, and the choice's
    label for a value of a choice field (an id or a code in the job becomes the name the page shows).
    ``form(user)`` makes the page's (unbound) filter form; ``names`` maps a filter to its form field when
    their names differ."""

    def describe(user: Any, parameters: dict[str, Any]) -> list[tuple[str, str]]:
        fields = form(user).fields
        described = []
        for name, value in parameters.items():
            field = fields.get((names or {}).get(name, name))
            label = str(field.label) if field is not None and field.label else name
            described.append((label, _value_in_words(field, value)))
        return described

    return describe


def _value_in_words(field: Any, value: Any) -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    for key, text in _flat_choices(getattr(field, "choices", None) or []):
        if str(key) == str(value):
            return str(text)
    return str(value)


def _flat_choices(choices: Any) -> list[tuple[Any, Any]]:
    flat: list[tuple[Any, Any]] = []
    for key, text in choices:
        if isinstance(text, list | tuple):
            flat.extend(text)  # an option group
        else:
            flat.append((key, text))
    return flat


def kinds() -> list[ExportKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.key)
