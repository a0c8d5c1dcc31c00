"""core.spreadsheet: text that a spreadsheet would run is written as text; everything else as it is; and
every module that writes a workbook goes through it."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from kaopu.core.spreadsheet import FORMULA_STARTS, StreamingWorkbook, csv_value, safe_append, safe_cell
from kaopu.core.tests.formulas import PREFIXES

SRC = Path(__file__).resolve().parents[2]


def _round_trip(values: list[object], write_only: bool = True) -> list[object]:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    safe_append(sheet, values)
    buffer = io.BytesIO()
    book.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0][1])


def test_the_issue_s_prefixes_are_all_neutralised() -> None:
    assert set(PREFIXES) <= set(FORMULA_STARTS)


# Each example saves and reads a workbook (~100 ms on a busy machine): no deadline, fewer examples.
@settings(deadline=None, max_examples=40)
@given(prefix=st.sampled_from(FORMULA_STARTS), rest=st.text(alphabet=st.characters(
    blacklist_categories=("Cs", "Cc")), max_size=30), write_only=st.booleans())
def test_text_starting_like_a_formula_stays_text(prefix: str, rest: str, write_only: bool) -> None:
    [cell] = _round_trip([prefix + rest], write_only)

    assert cell.data_type == "s" and cell.quotePrefix
    # A carriage return reads back as itself or as a line feed, by the XML parser (docs/pitfalls.md: lxml).
    assert cell.value in (prefix + rest, (prefix + rest).replace("\r", "\n"))


@settings(deadline=None, max_examples=40)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
       .filter(lambda t: not t.startswith(FORMULA_STARTS)))
def test_other_text_is_written_as_it_is(text: str) -> None:
    [cell] = _round_trip([text])

    assert cell.value == text and not cell.quotePrefix


def test_numbers_dates_and_empty_cells_are_not_touched() -> None:
    cells = _round_trip([-5, Decimal("-1.25"), -0.5, date(2026, 1, 2), None, gettext_lazy("total")])

    assert [c.value for c in cells[:3]] == [-5, -1.25, -0.5]
    assert all(c.data_type == "n" and not c.quotePrefix for c in cells[:3])
    assert cells[3].value.date() == date(2026, 1, 2) and cells[4].value is None and cells[5].value == "合计"


def test_a_cell_made_for_a_write_only_sheet_keeps_its_number_format() -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    cell = safe_cell(sheet, 0.5)
    cell.number_format = "0.0%"
    safe_append(sheet, [cell, "=1+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    first, second = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0][1]

    assert first.number_format == "0.0%" and second.value == "=1+1" and second.data_type == "s"


def test_csv_values_get_a_visible_apostrophe() -> None:
    assert [csv_value(v) for v in ["=1+1", "-2", "＠x", "张三", -2, None]] == ["'=1+1", "'-2", "'＠x", "张三", -2, None]


def test_every_module_that_writes_a_workbook_uses_core_spreadsheet() -> None:
    writers = []
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts or path.name == "spreadsheet.py":
            continue
        text = path.read_text(encoding="utf-8")
        # XlsxWriter only through core.spreadsheet.StreamingWorkbook, whose writes are typed.
        assert not re.search(r"^\s*(import xlsxwriter|from xlsxwriter)", text, re.MULTILINE), (
            f"{path} uses XlsxWriter directly instead of core.spreadsheet.StreamingWorkbook")
        if re.search(r"\b(Streaming)?Workbook\(|\.sheet\(|csv\.writer\(|csv\.DictWriter\(", text):
            writers.append(path.relative_to(SRC))
            assert "kaopu.core.spreadsheet import" in text, f"{path} writes a workbook without core.spreadsheet"
            assert not re.search(r"\b\w+\.append\(\[", text) or "safe_append" in text, path
    # The directory, appeals, finance, legal, dialogues and investment exports, the audit log's, and the
    # background exports' runner.
    assert len(writers) >= 8
    assert {"directory/exporter.py", "audit/exporter.py", "appeals/exports.py", "exports/actions.py"} <= {
        str(path) for path in writers}


def _streamed(rows: list[list[object]]) -> list[tuple[object, ...]]:
    buffer = io.BytesIO()
    book = StreamingWorkbook(buffer)
    sheet = book.sheet("s", ["h"] * max(len(row) for row in rows))
    for row in rows:
        sheet.append(row)
    book.close()
    sheet = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows()][1:]


@settings(deadline=None, max_examples=40)
@given(prefix=st.sampled_from(FORMULA_STARTS), rest=st.text(alphabet=st.characters(
    blacklist_categories=("Cs", "Cc")), max_size=30))
def test_the_streaming_writer_keeps_text_starting_like_a_formula_text(prefix: str, rest: str) -> None:
    [[cell]] = _streamed([[prefix + rest]])

    assert cell.data_type == "s" and cell.quotePrefix
    # A carriage return reads back as itself or as a line feed, by the XML parser (docs/pitfalls.md: lxml).
    assert cell.value in (prefix + rest, (prefix + rest).replace("\r", "\n"))


@settings(deadline=None, max_examples=40)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)
       .filter(lambda t: not t.startswith(FORMULA_STARTS)))
def test_the_streaming_writer_writes_other_text_as_it_is(text: str) -> None:
    [[cell]] = _streamed([[text]])

    assert cell.value == text and not cell.quotePrefix


def test_the_streaming_writer_writes_numbers_as_numbers_and_dates_as_dates() -> None:
    [cells] = _streamed([[-5, Decimal("-1.25"), Decimal("500.0000"), date(2026, 1, 2), None, gettext_lazy("total"),
                          True]])

    assert [c.value for c in cells[:3]] == [-5, -1.25, 500]
    assert all(c.data_type == "n" and not c.quotePrefix for c in cells[:3])
    assert cells[3].value.date() == date(2026, 1, 2) and cells[3].number_format == "yyyy-mm-dd"
    assert cells[4].value is None and cells[5].value == "合计" and cells[6].value is True


def test_the_streaming_writer_goes_on_in_another_sheet_at_excel_s_last_row(monkeypatch) -> None:
    from kaopu.core import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_SHEET_ROWS", 3)  # a header and two rows a sheet
    buffer = io.BytesIO()
    book = StreamingWorkbook(buffer)
    sheet = book.sheet("企业名录", ["名称"])
    for n in range(5):
        sheet.append([f"企业{n}"])
    book.close()
    sheets = load_workbook(io.BytesIO(buffer.getvalue())).worksheets

    assert [s.title for s in sheets] == ["企业名录", "企业名录 (2)", "企业名录 (3)"]
    assert [[c.value for c in row] for s in sheets for row in s.iter_rows()] == [
        ["名称"], ["企业0"], ["企业1"], ["名称"], ["企业2"], ["企业3"], ["名称"], ["企业4"]]
    assert sheet.rows == 5
