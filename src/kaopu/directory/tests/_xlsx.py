"""Workbooks for the import and export tests, made with openpyxl in memory."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from kaopu.core.spreadsheet import safe_cell
from kaopu.core.testing import make_credit_code

HEADERS = ["企业名称", "统一社会信用代码", "所属街道", "行业", "法定代表人", "联系电话"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def code(n: int) -> str:
    """A valid credit code that no persona's enterprise has."""
    return make_credit_code(700_000 + n)


def row(n: int, **overrides: Any) -> list[Any]:
    values = {"企业名称": f"上海导入{n}号科技有限公司", "统一社会信用代码": code(n), "所属街道": "长寿路街道",
              "行业": "65", "法定代表人": f"张{n}", "联系电话": f"1380000{n:04d}"}
    values.update(overrides)
    return [values[header] for header in HEADERS]


def workbook_bytes(rows: Iterable[Sequence[Any]], headers: Sequence[Any] | None = HEADERS) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业")
    if headers is not None:
        sheet.append(list(headers))
    for values in rows:
        # Text that starts with "=" stays text, as a person typing it in Excel would get with a leading '.
        sheet.append([safe_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "企业名录.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def post_import(client: Any, content: bytes, name: str = "企业名录.xlsx") -> Any:
    """Upload through the page, as a person would; HUEY_IMMEDIATE runs the job before the redirect."""
    return client.post(reverse("directory:import_start"), {"file": upload(content, name)})


def read_rows(content: bytes) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(values) for values in sheet.iter_rows(values_only=True)]
