"""The two readers of core/workbook_reader.py give the same rows for the same workbook, and the size of
the file decides which one reads it."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from kaopu.core import workbook_reader

cells = st.one_of(
    st.none(),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
    .filter(lambda text: not text.startswith("=")),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda x: abs(x) < 1e15),
    st.booleans(),
    st.dates(date(1901, 1, 1), date(2099, 12, 31)),
)
sheets = st.lists(st.lists(cells, min_size=1, max_size=6), min_size=1, max_size=8)


def workbook(rows: list[list[object]], *, write_only: bool = True, first_row: int = 1) -> bytes:
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("名录") if write_only else book.active
    for _ in range(first_row - 1):
        sheet.append([])
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(content: bytes, limit: int) -> tuple[str, list[tuple[int, tuple[object, ...]]]]:
    with workbook_reader.first_sheet(io.BytesIO(content), fast_limit=limit) as sheet:
        return sheet.reader, [(number, tuple(v for v in values)) for number, values in sheet.rows]


def trimmed(rows: list[tuple[int, tuple[object, ...]]]) -> list[tuple[int, tuple[object, ...]]]:
    """Rows without trailing empty cells and without empty rows (which the readers pad differently). A cell
    of spaces only is empty: calamine drops it, openpyxl keeps it (the import treats both as blank)."""
    result = []
    for number, values in rows:
        cut = [None if isinstance(value, str) and not value.strip() else value for value in values]
        while cut and cut[-1] is None:
            cut.pop()
        if cut:
            result.append((number, tuple(cut)))
    return result


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets)
def test_both_readers_give_the_same_values(rows):
    content = workbook(rows)

    fast, from_calamine = read(content, 10**9)
    slow, from_openpyxl = read(content, 0)

    assert (fast, slow) == ("calamine", "openpyxl")
    assert trimmed(from_calamine) == trimmed(from_openpyxl)


def test_row_numbers_and_leading_empty_columns_are_kept():
    content = workbook([[None, "名称", 5], [None, None, None], [None, "乙", date(2020, 1, 2)]], write_only=False,
                       first_row=3)

    for limit in (10**9, 0):
        _reader, rows = read(content, limit)
        assert trimmed(rows) == [(3, (None, "名称", 5)), (5, (None, "乙", datetime(2020, 1, 2)))]  # noqa: DTZ001


def test_an_empty_sheet_has_no_rows():
    for limit in (10**9, 0):
        _reader, rows = read(workbook([]), limit)
        assert trimmed(rows) == []


@pytest.mark.parametrize("limit", [10**9, 0], ids=["calamine", "openpyxl"])
def test_a_file_that_is_not_a_workbook_is_refused_with_a_message(limit):
    with pytest.raises(workbook_reader.UnreadableWorkbook, match="Excel"):
        read(b"PK\x03\x04 not a zip at all", limit)


def test_the_expanded_size_chooses_the_reader(settings):
    content = workbook([["甲", 1]] * 50)
    size = workbook_reader.expanded_size(io.BytesIO(content))

    assert read(content, size)[0] == "calamine"
    assert read(content, size - 1)[0] == "openpyxl"
    settings.KAOPU_IMPORT_FAST_READ_MAX_BYTES = size - 1
    with workbook_reader.first_sheet(io.BytesIO(content)) as sheet:
        assert sheet.reader == "openpyxl"
