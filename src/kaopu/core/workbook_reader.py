"""The first sheet of an uploaded .xlsx, read as numbered rows of cell values, fast where memory allows.

Two maintained readers, chosen per file by measurement (docs/performance.md, "Imports"):

- **calamine** (python-calamine, a Rust reader): 100,000 rows of 16 columns in 1.3 s, twelve times
  faster than openpyxl, but it holds the whole sheet in memory, about 1.7 times the sheet's XML. It
  reads a copy of the archive made by Python's zipfile (``_repacked``), never the upload itself.
- **openpyxl** in read-only mode: 16 s for the same rows, in constant memory (it streams the XML).

A workbook whose sheets and shared strings expand to at most ``KAOPU_IMPORT_FAST_READ_MAX_BYTES``
(128 MB by default, about 140,000 rows of a roster without shared strings and many more with them)
is read with calamine; a larger one with openpyxl. Peak memory is therefore bounded whatever the
size of the file: the fast reader only ever sees files below the limit.

Both give the same values for the same cells (tests/test_workbook_reader.py checks it): text as
``str``, numbers as ``int`` or ``float``, date cells as ``date``/``datetime``, booleans as ``bool``,
empty cells as ``None``; rows are numbered as Excel numbers them (1 = the sheet's first row), and
empty leading columns keep their place. One difference remains: a cell holding only spaces is empty
for calamine and a string of spaces for openpyxl; callers treat both as blank.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError, CalamineWorkbook

Row = tuple[int, tuple[Any, ...]]

_BROKEN_FILE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ParseError, InvalidFileException, KeyError,
                       OSError, ValueError, IndexError, TypeError, CalamineError)


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook; the message says why, for the person who sent it."""


@dataclass
class Sheet:
    reader: str  # "calamine" or "openpyxl"
    estimated_rows: int
    rows: Iterator[Row]


def not_a_workbook() -> UnreadableWorkbook:
    return UnreadableWorkbook(_("The file is not a readable Excel workbook (.xlsx): it is damaged or in another "
                                "format. Open it in Excel or WPS and save it as “Excel workbook (*.xlsx)”."))


def expanded_size(source: IO[bytes]) -> int:
    """What the worksheets and the shared strings of the archive expand to (its central directory)."""
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            return sum(member.file_size for member in archive.infolist()
                       if member.filename.startswith("xl/worksheets/") or member.filename == "xl/sharedStrings.xml")
    finally:
        source.seek(0)


@contextmanager
def first_sheet(source: IO[bytes], *, fast_limit: int | None = None) -> Iterator[Sheet]:
    """The first sheet of the workbook in ``source`` (a seekable binary file), read by the reader its
    size allows; UnreadableWorkbook when it is not a workbook or is damaged."""
    limit = settings.KAOPU_IMPORT_FAST_READ_MAX_BYTES if fast_limit is None else fast_limit
    try:
        fast = expanded_size(source) <= limit
    except _BROKEN_FILE_ERRORS:
        raise not_a_workbook() from None
    if fast:
        with _repacked(source) as path:
            yield _calamine_sheet(path)
    else:
        with _openpyxl_sheet(source) as sheet:
            yield sheet


@contextmanager
def _repacked(source: IO[bytes]) -> Iterator[str]:
    """The archive copied part by part through Python's zipfile into a temporary uncompressed one.

    calamine's own ZIP reader decompresses a part to its end whatever size the central directory
    declares, so a lying directory could slip a zip bomb past core/archives.check_zip. Python's
    zipfile stops at the declared size (and fails the CRC check), so the copy holds exactly the bytes
    that were checked; stored without compression, it costs calamine no decompression either.
    """
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as copy:
        try:
            with zipfile.ZipFile(source) as archive, zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as target:
                for member in archive.infolist():
                    if member.is_dir():
                        continue
                    with archive.open(member) as part, target.open(member.filename, "w",
                                                                   force_zip64=member.file_size > 2**31) as out:
                        shutil.copyfileobj(part, out, 1 << 20)
        except _BROKEN_FILE_ERRORS:
            raise not_a_workbook() from None
        finally:
            source.seek(0)
        copy.flush()
        yield copy.name


def _calamine_sheet(path: str) -> Sheet:
    try:
        workbook = CalamineWorkbook.from_path(path)
        if not workbook.sheet_names:
            raise UnreadableWorkbook(_("The workbook has no worksheet."))
        sheet = workbook.get_sheet_by_index(0)
        start = sheet.start
    except _BROKEN_FILE_ERRORS:
        raise not_a_workbook() from None
    if start is None:  # an empty sheet
        return Sheet("calamine", 0, iter(()))
    # iter_rows yields the rows from the sheet's first (row 1, even when empty) and the columns from the
    # first used one: empty leading columns are put back so that positions are openpyxl's.
    # tests/test_workbook_reader.py pins this behaviour of the python-calamine version in the lock.
    return Sheet("calamine", sheet.end[0] + 1, _calamine_rows(sheet.iter_rows(), (None,) * start[1]))


def _calamine_rows(rows: Iterator[list[Any]], padding: tuple[None, ...]) -> Iterator[Row]:
    for number, values in enumerate(rows, start=1):
        yield number, padding + tuple(_calamine_value(value) for value in values)


def _calamine_value(value: Any) -> Any:
    """calamine's value as openpyxl gives it: None for an empty cell, int for a whole number."""
    if value == "":
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is datetime and value.hour == value.minute == value.second == value.microsecond == 0:
        return value  # openpyxl gives a datetime for a date cell as well
    if type(value) is date:
        return datetime(value.year, value.month, value.day)  # noqa: DTZ001 (a cell has no time zone)
    return value


@contextmanager
def _openpyxl_sheet(source: IO[bytes]) -> Iterator[Sheet]:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True, keep_links=False)
    except _BROKEN_FILE_ERRORS:
        raise not_a_workbook() from None
    try:
        if not workbook.worksheets:
            raise UnreadableWorkbook(_("The workbook has no worksheet."))
        sheet = workbook.worksheets[0]
        estimated = _estimate_rows(workbook, sheet)
        # Some programs write a wrong sheet size; openpyxl would stop reading at it, so read every row.
        sheet.reset_dimensions()
        yield Sheet("openpyxl", estimated, _openpyxl_rows(sheet))
    finally:
        workbook.close()


def _openpyxl_rows(sheet: Any) -> Iterator[Row]:
    """(row number, cell values) of every row, turning a damaged sheet into UnreadableWorkbook."""
    number = 0
    iterator = sheet.iter_rows(values_only=True)
    while True:
        try:
            values = next(iterator)
        except StopIteration:
            return
        except _BROKEN_FILE_ERRORS:
            raise UnreadableWorkbook(_("The workbook is damaged after row %(row)d: the rows before it were "
                                       "read, the rest could not be. Save it again from Excel or WPS and import "
                                       "it again.") % {"row": number}) from None
        number += 1
        yield number, tuple(values)


def _estimate_rows(workbook: Any, sheet: Any) -> int:
    """The sheet's row count from its declared size, or else by counting <row> tags in its XML.

    Excel and WPS declare the size; openpyxl's write-only mode and some generators do not. The count
    streams the decompressed XML (about a second for 100,000 rows) and keeps only 1 MB in memory.
    """
    declared = sheet.max_row or 0
    if declared > 1:
        return declared
    count, tail = 0, b""
    try:
        with workbook._archive.open(sheet._worksheet_path) as xml:
            while piece := xml.read(1 << 20):
                data = tail + piece
                count += data.count(b"<row ") + data.count(b"<row>")
                tail = data[-4:]
    except (*_BROKEN_FILE_ERRORS, AttributeError):
        return declared
    return count
