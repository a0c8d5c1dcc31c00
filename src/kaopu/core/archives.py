"""Checks on an uploaded ZIP archive (an .xlsx or .docx) before anything decompresses it.

A workbook is a ZIP archive of XML parts. 300 KB of deflated repetition can expand to hundreds of
megabytes, and openpyxl keeps a workbook's whole shared-strings table in memory: a "zip bomb" of a
roster took an import worker from 106 to 676 MB. ``check_zip`` reads only the archive's central
directory (a few kilobytes at the end of the file) and refuses an archive whose parts add up to more
than a limit, or a large part that is compressed far more than real documents are.

A lying central directory (declaring small sizes for parts that expand to much more) does not get
past this either: Python's ``zipfile`` takes each part's size from the central directory and stops
decompressing there (``ZipExtFile`` cuts its output at ``file_size`` and then fails the CRC check),
so no reader of the archive, openpyxl included, ever gets more bytes than the sizes checked here.
``test_archives.py`` checks that this stays true.

Measured (docs/pitfalls.md, "Imports"): a 100,000-row roster of the import's 16 columns is a 7.5 MB
workbook whose sheet expands to 95 MB, 12.8 times its compressed size.
"""

from __future__ import annotations

import zipfile
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

# A part smaller than this may be compressed as much as it likes (a tiny styles.xml of repeated
# defaults compresses 50 times): only large parts can hurt.
RATIO_CHECKED_FROM = 1024 * 1024


class ArchiveTooLarge(ValueError):
    """The archive would expand past the limits; the message says so to the person who sent it."""


def _megabytes(size: float) -> str:
    return f"{size / 1024 / 1024:.0f}"


def check_zip(source: IO[bytes], *, max_bytes: int | None = None, max_ratio: int | None = None) -> None:
    """Refuse (ArchiveTooLarge) an archive whose parts expand past ``max_bytes`` in all, or a part of
    over 1 MB that is more than ``max_ratio`` times its compressed size. Reads the central directory
    only and leaves ``source`` at its start. ``zipfile.BadZipFile`` for what is not a ZIP archive.
    """
    max_bytes = settings.KAOPU_IMPORT_MAX_UNCOMPRESSED_BYTES if max_bytes is None else max_bytes
    max_ratio = settings.KAOPU_IMPORT_MAX_COMPRESSION_RATIO if max_ratio is None else max_ratio
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    finally:
        source.seek(0)
    total = 0
    for member in members:
        total += member.file_size
        if total > max_bytes:
            raise ArchiveTooLarge(_(
                "The file would expand to more than %(limit)s MB when opened; a workbook of 100,000 rows "
                "expands to about 100 MB. Remove empty rows, columns and sheets, or split it into several "
                "files.") % {"limit": _megabytes(max_bytes)})
        if member.file_size > RATIO_CHECKED_FROM and member.file_size > max_ratio * max(member.compress_size, 1):
            raise ArchiveTooLarge(_(
                "Part “%(part)s” of the file is compressed %(ratio)d times, far more than a real workbook "
                "(at most %(limit)d times); the file was refused as unsafe. Save it again from Excel or "
                "WPS.") % {"part": member.filename[:100],
                           "ratio": member.file_size // max(member.compress_size, 1), "limit": max_ratio})
