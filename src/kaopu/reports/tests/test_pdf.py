"""The .docx → PDF conversion (kaopu.reports.pdf): a clear refusal where LibreOffice is missing; where it
is installed, a PDF whose Chinese text is drawn in the platform's font (even on a server with no other
font) and whose first page shows it; a damaged file or a hung LibreOffice gives PdfFailed, not a hang."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from kaopu.core.registry import ChartData
from kaopu.reports import charts, pdf

HEADING = "二〇二六年工作报告"
needs_libreoffice = pytest.mark.skipif(not pdf.available(), reason=(
    "LibreOffice is not installed (apt-get install libreoffice-writer-nogui, or KAOPU_SOFFICE=/path/to/soffice)"))


def report_docx(east_asian_font: str = "宋体") -> bytes:
    """A small report as python-docx writes it: a Chinese title and heading, a paragraph, a table, a chart."""
    document = Document()
    for style in ("Normal", "Title", "Heading 1"):
        fonts = document.styles[style].element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east_asian_font)
    document.add_heading(HEADING, 0)
    document.add_heading("一、诉求办理情况", 1)
    document.add_paragraph("本期共受理企业诉求 1,234 件，办结率 95.6%，满意率 98.1%。")
    table = document.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    rows = [("部门", "办结数", "满意率"), ("区市场监督管理局", "120", "95.0%"), ("区税务局", "40", "—")]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    data = ChartData(columns=("受理诉求",), rows=[("一月", (30,)), ("二月", (45,))], units=("count",))
    document.add_picture(io.BytesIO(charts.render_png("bar", data, "诉求按月统计")), width=Cm(15))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def first_page(data: bytes) -> tuple[str, np.ndarray]:
    """The first page's text and its pixels (rendered at 72 dpi × 1.5)."""
    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        text = page.get_textpage().get_text_range()
        pixels = np.asarray(page.render(scale=1.5).to_pil().convert("L"))
    finally:
        document.close()
    return text, pixels


def fonts(data: bytes) -> set[str]:
    """The fonts the PDF embeds (LibreOffice writes their dictionaries uncompressed), subset tags removed."""
    return {name.decode().split("+")[-1] for name in re.findall(rb"/BaseFont\s*/([A-Za-z0-9+#_-]+)", data)}


# --- Without LibreOffice ------------------------------------------------------------------------------

def test_without_libreoffice_the_pdf_is_refused_with_a_chinese_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KAOPU_SOFFICE", raising=False)
    monkeypatch.setattr(pdf.shutil, "which", lambda _program: None)
    assert not pdf.available()
    with pytest.raises(pdf.PdfUnavailable) as refused:
        pdf.to_pdf(b"PK")
    assert "本服务器未安装 LibreOffice，无法生成 PDF" in refused.value.message
    assert "libreoffice-writer-nogui" in refused.value.message


def test_kaopu_soffice_names_the_program(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program = tmp_path / "soffice"
    program.write_text("#!/bin/sh\n")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setenv("KAOPU_SOFFICE", str(program))
    assert pdf.soffice() is None  # not executable
    program.chmod(0o755)
    assert pdf.soffice() == str(program)
    monkeypatch.setenv("KAOPU_SOFFICE", str(tmp_path / "missing"))
    assert not pdf.available()
    monkeypatch.delenv("KAOPU_SOFFICE")
    assert pdf.soffice() == "/usr/bin/soffice"


def test_a_file_that_is_not_a_docx_is_refused_before_libreoffice_runs(monkeypatch: pytest.MonkeyPatch,
                                                                        tmp_path: Path) -> None:
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\ntouch {tmp_path}/ran\n")
    program.chmod(0o755)
    monkeypatch.setenv("KAOPU_SOFFICE", str(program))
    with pytest.raises(pdf.PdfFailed, match="请下载 Word 版"):
        pdf.to_pdf("本期共受理企业诉求".encode())  # LibreOffice would print this as plain text
    assert not (tmp_path / "ran").exists()


def test_a_hung_conversion_is_killed_with_its_children_at_the_timeout(monkeypatch: pytest.MonkeyPatch,
                                                                       tmp_path: Path) -> None:
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {tmp_path}/child\nwait\n")
    program.chmod(0o755)
    monkeypatch.setenv("KAOPU_SOFFICE", str(program))
    started = time.monotonic()
    with pytest.raises(pdf.PdfFailed, match="1 秒内完成"):
        pdf.to_pdf(report_docx(), timeout=1)
    assert time.monotonic() - started < 10
    child = int((tmp_path / "child").read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)
    assert not list(Path(pdf.tempfile.gettempdir()).glob("kaopu-pdf-*/report.docx"))  # cleaned up


def _alive(pid: int) -> bool:
    """Running (a killed child no one has reaped yet is a zombie: dead)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_the_font_configuration_binds_word_chinese_fonts_to_the_platform_font(tmp_path: Path) -> None:
    conf = pdf.fonts_conf(tmp_path)
    assert f"<dir>{pdf.FONTS_DIR}</dir>" in conf
    assert "<string>宋体</string>" in conf and "<string>仿宋_GB2312</string>" in conf
    assert (pdf.FONTS_DIR / "NotoSerifSC-Kaopu.ttf").is_file()
    assert charts._tools().fonts(fname=str(charts.FONT_FILE)).get_name() == pdf.FONT_FAMILY


def test_the_font_cache_is_kept_only_in_a_folder_of_our_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf.tempfile, "gettempdir", lambda: str(tmp_path))
    mine = pdf._font_cache(tmp_path / "fallback")
    assert mine == tmp_path / f"kaopu-fontconfig-{os.getuid()}" and mine.is_dir()
    mine.chmod(0o777)  # as if someone else had made it for everyone
    assert pdf._font_cache(tmp_path / "fallback") == tmp_path / "fallback"


# --- With LibreOffice ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def converted() -> bytes:
    return pdf.to_pdf(report_docx())


@needs_libreoffice
def test_a_report_becomes_a_pdf_whose_first_page_shows_its_chinese_text(converted: bytes) -> None:
    assert converted.startswith(b"%PDF")
    text, pixels = first_page(converted)
    assert HEADING in text and "一、诉求办理情况" in text and "区市场监督管理局" in text
    assert (pixels < 128).sum() > 5_000  # dark text pixels
    assert "NotoSerifCJKsc-Regular" in fonts(converted)  # 宋体 drawn with the platform's font


@needs_libreoffice
def test_on_a_server_with_no_font_at_all_the_chinese_text_is_drawn_in_the_platform_font(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pdf, "SYSTEM_FONTS_CONF", str(tmp_path / "no-system-fonts.conf"))
    converted = pdf.to_pdf(report_docx("仿宋_GB2312"))
    text, pixels = first_page(converted)
    assert HEADING in text and "1,234" in text
    assert (pixels < 128).sum() > 5_000
    assert fonts(converted) <= {"NotoSerifCJKsc-Regular", "OpenSymbol"}


@needs_libreoffice
def test_a_damaged_docx_gives_pdf_failed_not_a_hang() -> None:
    damaged = report_docx()[:3000]  # a zip cut short
    started = time.monotonic()
    with pytest.raises(pdf.PdfFailed):
        pdf.to_pdf(damaged + b"\0" * 100)
    assert time.monotonic() - started < 60
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document")  # a docx whose text is broken
    with pytest.raises(pdf.PdfFailed) as failed:
        pdf.to_pdf(zipped.getvalue())
    assert failed.value.detail


@needs_libreoffice
def test_a_conversion_leaves_no_file_and_does_not_touch_the_users_own_profile() -> None:
    own_profile = Path(os.path.expanduser("~")) / ".config" / "libreoffice"
    before = (set(Path(pdf.tempfile.gettempdir()).glob("kaopu-pdf-*")),
              own_profile.exists() and own_profile.stat().st_mtime_ns)
    assert pdf.to_pdf(report_docx())[:4] == b"%PDF"
    after = (set(Path(pdf.tempfile.gettempdir()).glob("kaopu-pdf-*")),
             own_profile.exists() and own_profile.stat().st_mtime_ns)
    assert after == before
