"""The audit page's Excel export: the filtered entries, newest first, written as they are read.

Run as a background job (declared in exports.py). Cells go through kaopu.core.spreadsheet like every
export's: a summary typed as "=…" stays text; the time is a date-time cell in Asia/Shanghai.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO

from django.db.models import QuerySet

from kaopu.audit.models import AuditEntry
from kaopu.core.pagination import keyset_batches
from kaopu.core.spreadsheet import StreamingWorkbook

# Rows; the page says to narrow the filters beyond it. One sheet holds 1,048,575 rows.
EXPORT_LIMIT = 1_000_000
COLUMNS = [("序号", 9), ("时间", 20), ("用户", 16), ("动作", 14), ("对象", 36), ("对象类型", 22),
           ("对象编号", 10), ("摘要", 50), ("IP 地址", 16), ("详情", 60)]
_FIELDS = ("pk", "sequence", "at", "actor_name", "action", "object_label", "object_type", "object_id", "summary",
           "ip_address", "data")


def write_entry_sheet(entries: QuerySet[AuditEntry], book: StreamingWorkbook,
                      progress: Callable[[int], None] | None = None) -> int:
    """Up to EXPORT_LIMIT entries of ``entries``, newest first, as a sheet of ``book``; the number written."""
    sheet = book.sheet("审计日志", [title for title, _width in COLUMNS], widths=[width for _title, width in COLUMNS])
    actions = dict(AuditEntry._meta.get_field("action").flatchoices)
    for batch in keyset_batches(entries, _FIELDS, size=2000, limit=EXPORT_LIMIT):
        for _pk, sequence, at, actor, action, label, object_type, object_id, summary, ip, data in batch:
            sheet.append((sequence, at, actor, str(actions.get(action, action)), label, object_type, object_id,
                          summary, ip or "", json.dumps(data, ensure_ascii=False) if data else ""))
        if progress is not None:
            progress(sheet.rows)
    return sheet.rows


def write_entries(entries: QuerySet[AuditEntry], target: str | IO[bytes]) -> int:
    """The export as a whole workbook written to ``target``; the number of entries written."""
    book = StreamingWorkbook(target)
    try:
        count = write_entry_sheet(entries, book)
    except BaseException:
        book.discard()
        raise
    book.close()
    return count
