"""Export of a (filtered, permission-scoped) enterprise list to .xlsx, in bounded memory.

Rows are read with ``iterator(chunk_size=2000)`` and appended to a write-only workbook, which
openpyxl streams to a temporary file; the caller sends that file from disk. The columns are the
import's (kaopu.directory.importer.COLUMNS), so an export can be corrected and imported again.
Phones are masked for roles that do not need them (permissions.phone_for).
"""

from __future__ import annotations

from typing import IO, Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from kaopu.core.spreadsheet import safe_append, safe_cell
from kaopu.directory.importer import COLUMNS, SIZE_LABELS, STATUS_LABELS
from kaopu.directory.models import Enterprise
from kaopu.directory.permissions import phone_for

ITERATOR_CHUNK = 2000
_DATE_COLUMNS = {"established_on", "member_since"}
_WIDTHS = {"name": 36, "credit_code": 22, "industry_id": 30, "address": 40, "phone": 16}


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def _row(enterprise: Enterprise, user: Any) -> dict[str, Any]:
    return {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "subdistrict_id": enterprise.subdistrict.name if enterprise.subdistrict_id else "",
        "industry_id": enterprise.industry_label,  # "65 软件和信息技术服务业", or the section alone
        "legal_representative": enterprise.legal_representative,
        "phone": phone_for(user, enterprise.phone),
        "established_on": enterprise.established_on,
        "registered_capital": enterprise.registered_capital,
        "size": SIZE_LABELS.get(enterprise.size, ""),
        "employees": enterprise.employees,
        "is_high_tech": _yes_no(enterprise.is_high_tech),
        "is_specialised": _yes_no(enterprise.is_specialised),
        "is_member": _yes_no(enterprise.is_member),
        "member_since": enterprise.member_since,
        "address": enterprise.address,
        "status": STATUS_LABELS.get(enterprise.status, enterprise.status),
    }


def write_enterprises(queryset: QuerySet[Enterprise], user: Any, target: IO[bytes]) -> int:
    """Write the enterprises of ``queryset`` (already scoped to ``user``) to ``target``; the row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业名录")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(column.key, 14)
    safe_append(sheet, [column.header for column in COLUMNS])
    count = 0
    for enterprise in queryset.iterator(chunk_size=ITERATOR_CHUNK):
        values = _row(enterprise, user)
        cells = []
        for column in COLUMNS:
            cell = safe_cell(sheet, values[column.key])
            if column.key in _DATE_COLUMNS:
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(target)
    return count
