"""The certificate PDF (结业证书) in the customary Chinese layout, drawn with ReportLab.

A4 landscape; a red double border; 结业证书 in large characters; the body (“张三同志于2026年3月至6月参加……
学习，完成规定课程，经考核合格，准予结业。特发此证。”); the issuer (the district's FIC) and the date in
Chinese numerals (二〇二六年六月三十日) at the lower right; the certificate number and a QR code of the public
verification URL at the lower left. No seal image.

The Chinese font is the platform's embedded subset (kaopu/core/fonts/NotoSerifSC-Kaopu.ttf: GB 2312 and the
8,105 characters of the 通用规范汉字表), embedded as a subset by ReportLab; nothing is read from the system. A
character the font lacks (a rare name character) would be drawn as the font's empty ".notdef" box, silently: so
:func:`missing_characters` lists them and :func:`render` refuses with CertificateFontError, which the task
records as the PDF's failure for staff to see (the name must then be corrected or the character added to the
font by build_subset.py).

ReportLab was chosen by measuring (docs/training.md): about 5 ms per certificate after the font is loaded
(fpdf2: about 100 ms), 20–30 KB per file with the subset embedded (fpdf2: similar). WeasyPrint needs the
system's Pango, which the project's two-command install cannot provide.
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from kaopu.core.errors import ActionRefused
from kaopu.programs.models import Certificate

FONT_FILE = Path(__file__).resolve().parent.parent / "core" / "fonts" / "NotoSerifSC-Kaopu.ttf"
FONT = "KaopuSerifSC"
RED = Color(0.78, 0.06, 0.06)
DIGITS = "〇一二三四五六七八九"


class CertificateFontError(ActionRefused):
    """A text of the certificate holds characters the embedded font lacks."""


@cache
def _font() -> TTFont:
    font = TTFont(FONT, str(FONT_FILE))
    pdfmetrics.registerFont(font)
    return font


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` the embedded font cannot draw (spaces and line breaks aside)."""
    chars = _font().face.charToGlyph
    return sorted({c for c in text if not c.isspace() and ord(c) not in chars})


def chinese_year(year: int) -> str:
    return "".join(DIGITS[int(d)] for d in str(year))


def chinese_number(n: int) -> str:
    """1–31 in Chinese numerals as dates write them: 十, 十一, 二十, 三十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens] + "十")
    return head + ("" if ones == 0 and tens else DIGITS[ones])


def chinese_date(day: date) -> str:
    """二〇二六年六月三十日."""
    return f"{chinese_year(day.year)}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def period(first: date, last: date) -> str:
    """2026年3月至6月; 2025年11月至2026年1月 across a year's end; 2026年3月 within one month."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year}年{first.month}月"
    if first.year == last.year:
        return f"{first.year}年{first.month}月至{last.month}月"
    return f"{first.year}年{first.month}月至{last.year}年{last.month}月"


def body(certificate: Certificate) -> str:
    return (f"{certificate.name}同志于{period(certificate.first_session_on, certificate.last_session_on)}参加"
            f"{certificate.issuer}举办的{certificate.cohort_name}学习，完成规定课程，经考核合格，准予结业。特发此证。")


def verification_url(number: str) -> str:
    site = getattr(settings, "KAOPU_SITE_URL", "").rstrip("/")
    return f"{site}{reverse('programs:verify')}?number={number}"


NO_LINE_START = "，。、；：！？）》”’"  # punctuation that never begins a line (禁则): it hangs at the end


def _wrap(text: str, size: float, width: float) -> list[str]:
    lines, line = [], ""
    for char in text:
        if pdfmetrics.stringWidth(line + char, FONT, size) > width and char not in NO_LINE_START:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


def _qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """The QR code drawn as squares (segno computes the matrix; nothing is rasterised)."""
    matrix = segno.make(text, error="m", micro=False).matrix
    cell = size / len(matrix)
    canvas.setFillColor(black)
    for row, modules in enumerate(matrix):
        for column, dark in enumerate(modules):
            if dark:
                canvas.rect(x + column * cell, y + size - (row + 1) * cell, cell, cell, stroke=0, fill=1)


def render(certificate: Certificate) -> bytes:
    """The certificate as a one-page PDF. Raises CertificateFontError for a character the font lacks."""
    _font()
    text = body(certificate)
    missing = missing_characters(text + certificate.issuer + certificate.number)
    if missing:
        raise CertificateFontError("name", f"证书文字含字库未收录的字：{''.join(missing)}（请核对姓名或补充字库）")
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    canvas.setTitle(f"结业证书 {certificate.number}")
    canvas.setAuthor(certificate.issuer)
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(4)
    canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    canvas.setLineWidth(1.2)
    canvas.rect(17 * mm, 17 * mm, width - 34 * mm, height - 34 * mm)
    canvas.setFillColor(RED)
    canvas.setFont(FONT, 46)
    canvas.drawCentredString(width / 2, height - 52 * mm, "结 业 证 书")
    canvas.setFillColor(black)
    size, left, right = 19, 42 * mm, width - 42 * mm
    canvas.setFont(FONT, size)
    y = height - 82 * mm
    for index, line in enumerate(_wrap(text, size, right - left - 2 * size)):
        canvas.drawString(left + (2 * size if index == 0 else 0), y, line)
        y -= size * 1.9
    canvas.setFont(FONT, 18)
    canvas.drawCentredString(width - 88 * mm, 52 * mm, certificate.issuer)
    canvas.drawCentredString(width - 88 * mm, 40 * mm, chinese_date(certificate.issued_on))
    canvas.setFont(FONT, 11)
    canvas.drawString(60 * mm, 36 * mm, f"证书编号：{certificate.number}")
    canvas.drawString(60 * mm, 30 * mm, "扫码或在区工商联网站“证书查验”页输入编号查验")
    _qr(canvas, verification_url(certificate.number), 26 * mm, 24 * mm, 30 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
