"""The one way an export writes a cell: text that a spreadsheet would take for a formula stays text.

Names, themes and summaries in exports are typed by people. A department named ``=HYPERLINK(…)`` or an
issue starting with ``+``, ``-`` or ``@`` must reach the reader as the text it is (spreadsheet or
"CSV" injection, OWASP). openpyxl itself turns every str starting with "=" into a formula, and Excel,
WPS and LibreOffice turn text starting with ``= + - @`` (tab and carriage return before them) into one
as soon as someone edits the cell.

``safe_cell`` writes such text as a string cell (never a formula, in any reader) with the
``quotePrefix`` style: what Excel stores when a person types ``'=1+1`` (ECMA-376 ``xf/@quotePrefix``), so
that Excel shows the text exactly, with no apostrophe, and keeps it text when the cell is edited. The
value itself is unchanged: a workbook exported and imported again (the directory's roster) reads the
same text back. (LibreOffice was not available to check here; it shows a string cell as text either
way.) A visible leading apostrophe, the other usual remedy, would change the value; it is used only
for CSV (``csv_value``), which has no cell types. Numbers, negative ones included, dates
and None are written as they are; only text is neutralised. The full-width ＝＋－＠ are included:
input methods in Chinese and Japanese produce them, and some spreadsheet programs accept them as the
half-width signs.

Every workbook of the platform is written through ``safe_append``/``safe_cell`` (openpyxl) or
``StreamingWorkbook`` (XlsxWriter, for the exports that run as background jobs); a test reads each
export's file back and fails on any formula cell, and a source scan fails on a module that writes a
workbook without this module.

``StreamingWorkbook`` writes big exports (a million enterprises): XlsxWriter in constant-memory mode,
measured 2.3 times faster than openpyxl's write-only mode at the same bounded memory (docs/performance.md,
"Exports"). It writes each cell with its own typed method, never XlsxWriter's ``write()``, which would
take "=…" for a formula: text with ``write_string`` (quotePrefix when it looks like a formula, the same
rule as ``safe_cell``), numbers with ``write_number``, dates with ``write_datetime`` as yyyy-mm-dd.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from django.utils import timezone
from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(sheet: Any, value: Any) -> Cell:
    """A cell for ``sheet.append`` (write-only or ordinary sheet) holding ``value``; text that could run
    as a formula is a plain string cell marked quotePrefix."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    cell = WriteOnlyCell(sheet, value)
    if looks_like_formula(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def safe_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """The cells of one row; a cell already made (with its own number format) is kept as it is."""
    return [value if isinstance(value, Cell) else safe_cell(sheet, value) for value in values]


def safe_append(sheet: Any, values: Iterable[Any]) -> None:
    """``sheet.append(values)``, every text value made safe."""
    sheet.append(safe_row(sheet, values))


def csv_value(value: Any) -> Any:
    """A value for a CSV row: text that could run as a formula gets a leading apostrophe (CSV has no
    cell types, so this is the only way; the apostrophe shows)."""
    if isinstance(value, Promise):
        value = str(value)
    return "'" + value if looks_like_formula(value) else value


# Excel's last row (1,048,576): a longer export goes on in another sheet with the same header.
MAX_SHEET_ROWS = 1_048_576
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


class StreamingWorkbook:
    """An .xlsx written row by row with memory that does not grow with the rows (XlsxWriter's
    constant-memory mode: each row is flushed to a temporary file in ``tmpdir`` once the next begins,
    and the file is zipped by ``close()``). ``target`` is a path or a binary file object.

    Use ``sheet()`` for each sheet, ``append()`` rows in order, then ``close()``; ``discard()``
    instead when the export failed (the temporary files are closed and nothing is written)."""

    def __init__(self, target: str | Path | IO[bytes], *, tmpdir: str | Path | None = None) -> None:
        self._book = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target), {
            "constant_memory": True,
            "tmpdir": str(tmpdir) if tmpdir else None,
            # Belt and braces: every cell is written by its own typed method below anyway.
            "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        })
        self.quoted = self._book.add_format({"quote_prefix": True})
        self.date = self._book.add_format({"num_format": DATE_FORMAT})
        self.datetime = self._book.add_format({"num_format": DATETIME_FORMAT})
        self.header = self._book.add_format({"bold": True})
        self._names: set[str] = set()

    def sheet(self, title: str, headers: Sequence[str], *, widths: Sequence[float] = ()) -> StreamingSheet:
        return StreamingSheet(self, title, list(headers), list(widths))

    def _add_worksheet(self, title: str) -> Any:
        # Sheet names: at most 31 characters, unique; "企业名录 (2)" for the continuation of a long one.
        name, number = title[:31], 1
        while name in self._names:
            number += 1
            suffix = f" ({number})"
            name = title[: 31 - len(suffix)] + suffix
        self._names.add(name)
        return self._book.add_worksheet(name)

    def close(self) -> None:
        self._book.close()

    def discard(self) -> None:
        """Close the temporary files of a workbook that will not be saved (a failed export)."""
        for worksheet in self._book.worksheets():
            worksheet._opt_close()
        self._book.fileclosed = True


class StreamingSheet:
    """One sheet of a StreamingWorkbook (continued in another when Excel's row limit is reached)."""

    def __init__(self, book: StreamingWorkbook, title: str, headers: list[str], widths: list[float]) -> None:
        self.book, self.title, self.headers, self.widths = book, title, headers, widths
        self.rows = 0  # data rows written, in every part of the sheet
        self._open_part()

    def _open_part(self) -> None:
        self._worksheet = self.book._add_worksheet(self.title)
        for column, width in enumerate(self.widths):
            self._worksheet.set_column(column, column, width)
        self._worksheet.freeze_panes(1, 0)
        self._row = 0
        self._append(self.headers, self.book.header)

    def append(self, values: Sequence[Any]) -> None:
        """One row; text that looks like a formula stays text, dates are dates, numbers numbers."""
        if self._row >= MAX_SHEET_ROWS:
            self._open_part()
        self._append(values, None)
        self.rows += 1

    def _append(self, values: Sequence[Any], text_format: Any) -> None:
        sheet, row, book = self._worksheet, self._row, self.book
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, Promise):
                value = str(value)
            if isinstance(value, str):
                quoted = looks_like_formula(value)
                if "\r" in value:  # XlsxWriter would write "_x000D_", which other readers keep as it is
                    value = value.replace("\r\n", "\n").replace("\r", "\n")  # what XML makes of it anyway
                sheet.write_string(row, column, value, book.quoted if quoted else text_format)
            elif isinstance(value, bool):
                sheet.write_boolean(row, column, value)
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(row, column, value)
            elif isinstance(value, datetime):
                if timezone.is_aware(value):
                    value = timezone.make_naive(value)  # shown in the platform's time zone (Asia/Shanghai)
                sheet.write_datetime(row, column, value, book.datetime)
            elif isinstance(value, date):
                sheet.write_datetime(row, column, value, book.date)
            else:
                text = str(value)
                sheet.write_string(row, column, text, book.quoted if looks_like_formula(text) else text_format)
        self._row = row + 1
