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

Every workbook of the platform is written through ``safe_append``/``safe_cell`` (a test reads each
export view's file back and fails on any formula cell).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

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
