"""The audit page's Excel export: the filtered entries, newest first, written as they are read.

Cells go through kaopu.core.spreadsheet like every export's: a summary typed as "=…" stays text.
"""

from __future__ import annotations

import json
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kaopu.audit.models import AuditEntry
from kaopu.core.spreadsheet import safe_append

EXPORT_LIMIT = 100_000  # rows; the page says to narrow the filters beyond it
COLUMNS = [("序号", 9), ("时间", 20), ("用户", 16), ("动作", 14), ("对象", 36), ("对象类型", 22),
           ("对象编号", 10), ("摘要", 50), ("IP 地址", 16), ("详情", 60)]


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
    safe_append(sheet, [title for title, _width in COLUMNS])
    count = 0
    for entry in entries.order_by("-pk")[:EXPORT_LIMIT].iterator(chunk_size=2000):
        safe_append(sheet, _row(entry))
        count += 1
    workbook.save(target)
    return count
