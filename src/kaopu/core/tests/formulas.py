"""What the export tests of every app share: names that a spreadsheet would run, and the check that a
workbook holds them as visible text and no formula at all."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable, Iterator
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.worksheet import Worksheet as XlsxWorksheet

# The beginnings the issue names: each makes a spreadsheet read the rest as a formula.
PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def hostile(prefix: str, name: str = "名称") -> str:
    """A staff-entered name that would run as a formula: it calls HYPERLINK with the rest of the text.
    Short enough for the shortest name field exported (a bank's short name: 20 characters), which
    PostgreSQL enforces and SQLite does not."""
    return f'{prefix}HYPERLINK("x","{name}")'


def assert_safe_workbook(content: bytes, expected: str) -> None:
    """No cell of the workbook ``content`` is a formula, and a text cell starts with ``expected``, exactly."""
    book = load_workbook(io.BytesIO(content))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(PREFIXES):
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} {cell.value!r} lacks quotePrefix"
    # An XML parser may read a carriage return in text as a line feed (Python's own parser does, lxml —
    # which openpyxl uses when it is installed — keeps it; Excel shows either): that much of "exactly" is XML's.
    readings = (expected, expected.replace("\r", "\n"))
    assert any(text.startswith(readings) for text in texts), f"{expected!r} is not in the workbook: {texts!r}"


# XlsxWriter's methods that guess a cell's type from the value (and take "=…" for a formula) or write a
# formula: core.spreadsheet.StreamingSheet writes every cell with a typed method instead.
XLSXWRITER_GUESSING = ("write", "write_row", "write_column", "write_formula", "write_array_formula",
                       "write_dynamic_array_formula")


@contextlib.contextmanager
def only_safe_cells() -> Iterator[None]:
    """Fails when an export appends a raw value to a sheet instead of going through core.spreadsheet, or
    writes an XlsxWriter cell with a method that may make a formula."""
    originals: dict[type, Callable[..., Any]] = {Worksheet: Worksheet.append,
                                                 WriteOnlyWorksheet: WriteOnlyWorksheet.append}
    guessing = {name: getattr(XlsxWorksheet, name) for name in XLSXWRITER_GUESSING}

    def refused(name: str) -> Callable[..., Any]:
        def write(self: Any, *args: Any, **kwargs: Any) -> Any:
            raise AssertionError(f"XlsxWriter's {name}() used instead of kaopu.core.spreadsheet.StreamingWorkbook")
        return write

    def checked(original: Callable[..., Any]) -> Callable[..., Any]:
        def append(self: Any, iterable: Any) -> Any:
            values = list(iterable)
            raw = [value for value in values if not isinstance(value, Cell)]
            assert not raw, f"cells appended without kaopu.core.spreadsheet.safe_append: {raw!r}"
            return original(self, values)
        return append

    for kind, original in originals.items():
        kind.append = checked(original)  # type: ignore[method-assign]
    for name in guessing:
        setattr(XlsxWorksheet, name, refused(name))
    try:
        yield
    finally:
        for kind, original in originals.items():
            kind.append = original  # type: ignore[method-assign]
        for name, method in guessing.items():
            setattr(XlsxWorksheet, name, method)


def check_export(get: Callable[[], Any], rename: Callable[[str], None], name: str = "名称") -> None:
    """For each prefix: ``rename(hostile name)``, export with ``get()`` (a response) and check the file."""
    for prefix in PREFIXES:
        text = hostile(prefix, name)
        rename(text)
        with only_safe_cells():
            response = get()
        assert response.status_code == 200, response.status_code
        content = b"".join(response.streaming_content) if response.streaming else response.content
        assert_safe_workbook(content, text)
