"""The audit page's Excel export: the filtered entries, newest first, written as they are read.

TODO(issue 11, "Exports"): ``_text_cell`` is a local stand-in for the platform's shared cell-writing
function that neutralises formulas in every export; switch to it once it is merged.
"""

from __future__ import annotations

import json
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from kaopu.audit.models import AuditEntry

# Text that a spreadsheet would take for a formula (or, for tab and carriage return, that CSV tools
# turn into one): written as a string cell with the quote prefix, so it is shown and kept as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_LIMIT = 100_000  # rows; the page says to narrow the filters beyond it
COLUMNS = [("序号", 9), ("时间", 20), ("用户", 16), ("动作", 14), ("对象", 36), ("对象类型", 22),
           ("对象编号", 10), ("摘要", 50), ("IP 地址", 16), ("详情", 60)]


def _text_cell(sheet: Any, value: Any) -> Any:
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _row(entry: AuditEntry) -> list[Any]:
    return [entry.sequence, timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"), entry.actor_name,
            entry.get_action_display(), entry.object_label, entry.object_type, entry.object_id, entry.summary,
            entry.ip_address or "", json.dumps(entry.data, ensure_ascii=False) if entry.data else ""]


def write_entries(entries: QuerySet[AuditEntry], target: IO[bytes]) -> int:
    """Write up to EXPORT_LIMIT entries, newest first, to ``target``; the number written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("审计日志")
    sheet.freeze_panes = "A2"
    for index, (_title, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([title for title, _width in COLUMNS])
    count = 0
    for entry in entries.order_by("-pk")[:EXPORT_LIMIT].iterator(chunk_size=2000):
        sheet.append([_text_cell(sheet, value) for value in _row(entry)])
        count += 1
    workbook.save(target)
    return count
