"""Files sent to the browser as downloads: the one .xlsx content type, and a stored file answered with
404 (never a 500) when it has gone missing from the storage."""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(handle: Any, filename: str, content_type: str = XLSX) -> FileResponse:
    """``handle`` (an open binary file, closed by the response) as a download named ``filename``.
    FileResponse writes Content-Disposition with an RFC 5987 filename* for non-ASCII names."""
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)


def stored_attachment(stored: FieldFile, filename: str, content_type: str = XLSX) -> FileResponse:
    """A file of a FileField as a download; 404 when the row has none or the storage lost it."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return attachment(handle, filename, content_type)
