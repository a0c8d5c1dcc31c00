"""Real files made in memory for the chamber tests: a JPEG (Pillow) and an Excel roster (openpyxl)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_upload(name: str = "活动照片.jpg", size: tuple[int, int] = (64, 48),
                colour: str = "#c0392b") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


ROSTER_HEADER = ("企业名称", "统一社会信用代码", "职务", "入会日期", "会员代表")


def roster_upload(rows: list[list[object]], header: tuple[str, ...] = ROSTER_HEADER) -> SimpleUploadedFile:
    """A real .xlsx written by openpyxl: the header row, then ``rows``."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("会员名册.xlsx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
