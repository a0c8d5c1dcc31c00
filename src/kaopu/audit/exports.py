"""The audit log's export, run as a background job by kaopu.exports (registry: kaopu.core.exporting).

Only the audit administrator makes it; the rows are the audit page's filtered entries, newest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import pgettext_lazy

from kaopu.audit import exporter
from kaopu.audit.forms import EntryFilterForm
from kaopu.audit.models import AuditEntry
from kaopu.audit.selectors import filtered_entries
from kaopu.audit.views import can_read_audit_log
from kaopu.core.exporting import ExportKind, Progress, described_by, register
from kaopu.core.spreadsheet import StreamingWorkbook


def filters_of(_user: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    """The page's valid filters as text (dates in ISO form), as the EXPORT entry keeps them."""
    form = EntryFilterForm(query or None)
    return form.for_the_log(form.filters())


def _entries(parameters: dict[str, Any]) -> Any:
    return filtered_entries(EntryFilterForm(parameters or None).filters())


def _write(_user: Any, parameters: dict[str, Any], book: StreamingWorkbook, progress: Progress) -> int:
    return exporter.write_entry_sheet(_entries(parameters), book, progress)


ENTRIES = register(ExportKind(
    key="audit.entries", label=pgettext_lazy("export kind", "Audit log"), unit="条",
    object_type=AuditEntry._meta.label_lower, may_export=can_read_audit_log, parameters=filters_of,
    describe=described_by(lambda _user: EntryFilterForm()),
    count=lambda _user, parameters: min(_entries(parameters).count(), exporter.EXPORT_LIMIT),
    write=_write, list_url="audit:entry_list"))
