"""Files added to an appeal: the limits (in this one place), checking a file, and saving a batch.

A file is accepted only when its extension is one of ``KINDS`` AND its first bytes are what such a
file starts with (its magic number), so that a program renamed to ``.pdf`` is refused. Word and
Excel files of Office 2007+ are ZIP archives: the archive must hold the part that makes it a Word
document or an Excel workbook. Plain text has no magic number: it must decode as UTF-8 or GB18030
and hold no NUL byte. No library beyond the standard one is needed.

Saving (``AttachmentBatch``) happens inside the action's transaction, after its event row: the
files are written to disk first and their rows inserted next, and if anything raises before the
transaction commits, the batch deletes the files it wrote, so that neither a row without its file
nor a file without its row is left behind. The actions run as the outermost transaction (pages
and the API do not wrap requests in one); a caller that wraps an action in its own transaction
and rolls it back after the action returned would leave the files on disk.
"""

from __future__ import annotations

import logging
import os
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from django import forms
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.appeals.models import Attachment, Event
from kaopu.appeals.workflow import TransitionError

logger = logging.getLogger(__name__)

MAX_FILES = 5  # per submission, reply or opinion
MAX_BYTES = 10 * 1024 * 1024  # per file
NAME_MAX_LENGTH = 200  # Attachment.name
SNIFF_BYTES = 8192  # what is read of a file to decide what it is


def _starts_with(*prefixes: bytes) -> Callable[[Any, bytes], bool]:
    return lambda file, head: head.startswith(prefixes)


def _zip_holding(part: str) -> Callable[[Any, bytes], bool]:
    """An Office 2007+ file: a ZIP archive with ``part`` (e.g. ``word/document.xml``) in it."""
    def check(file: Any, head: bytes) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
        finally:
            file.seek(0)
        return "[Content_Types].xml" in names and part in names
    return check


def _plain_text(file: Any, head: bytes) -> bool:
    """Text has no magic number: no NUL byte (every executable has many) and a valid encoding."""
    if not head or b"\x00" in head:
        return False
    # The sniffed part of a longer file may end inside a character: allow up to 3 bytes to be cut.
    cuts = range(4) if len(head) >= SNIFF_BYTES else (0,)
    for encoding in ("utf-8", "gb18030"):
        for cut in cuts:
            try:
                head[: len(head) - cut].decode(encoding)
            except UnicodeDecodeError:
                continue
            return True
    return False


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls (Office 97–2003)


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    matches: Callable[[Any, bytes], bool]


KINDS: dict[str, Kind] = {
    "pdf": Kind("PDF", "application/pdf", _starts_with(b"%PDF-")),
    "jpg": Kind("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "jpeg": Kind("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "png": Kind("PNG", "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "doc": Kind("Word", "application/msword", _starts_with(_OLE2)),
    "docx": Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 _zip_holding("word/document.xml")),
    "xls": Kind("Excel", "application/vnd.ms-excel", _starts_with(_OLE2)),
    "xlsx": Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 _zip_holding("xl/workbook.xml")),
    "txt": Kind(gettext_lazy("plain text"), "text/plain", _plain_text),
}
ACCEPT = ",".join(f".{extension}" for extension in KINDS)  # the file picker's filter (a hint only)


def clean_name(name: str) -> str:
    """The name as shown and offered on download: no folders, no control characters, at most 200
    characters with the extension kept."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip() or "file"
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        extension = extension[:10] if dot else ""
        name = stem[: NAME_MAX_LENGTH - len(extension) - 1] + "." + extension if extension else name[:NAME_MAX_LENGTH]
    return name


def human_size(size: int) -> str:
    """12 KB, 3.4 MB: the size as the attachment lists show it."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def problem(file: UploadedFile) -> str | None:
    """Why ``file`` may not be attached (a sentence naming it and the rule), or None."""
    name = clean_name(file.name or "")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    kind = KINDS.get(extension)
    if kind is None:
        return _("Attachment “%(name)s” is not of an allowed type: only PDF, images (JPG, PNG), Word, Excel "
                 "and text files are accepted.") % {"name": name}
    if file.size is None or file.size > MAX_BYTES:
        return _("Attachment “%(name)s” is %(size)s; each file may be at most %(max)s.") % {
            "name": name, "size": human_size(file.size or 0), "max": human_size(MAX_BYTES)}
    if file.size == 0:
        return _("Attachment “%(name)s” is empty.") % {"name": name}
    try:
        file.seek(0)
        head = file.read(SNIFF_BYTES)
        matches = kind.matches(file, head)
    finally:
        file.seek(0)
    if not matches:
        return _("Attachment “%(name)s” is not really a %(kind)s file: its content does not match its "
                 "extension.") % {"name": name, "kind": kind.label}
    return None


def problems(files: Sequence[UploadedFile]) -> list[str]:
    """Every reason why this set of files may not be attached together (empty: all fine)."""
    if len(files) > MAX_FILES:
        return [_("At most %(max)d files may be attached at a time; %(count)d were chosen.")
                % {"max": MAX_FILES, "count": len(files)}]
    return [reason for file in files if (reason := problem(file)) is not None]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_FILES files, each checked by :func:`problem`; cleans to a list of uploaded files."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Attachments"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", gettext_lazy(
            "Up to 5 files of at most 10 MB each: PDF, JPG, PNG, Word, Excel or text."))
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        files = [super(AttachmentsField, self).clean(file, initial) for file in files]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        reasons = problems(files)
        if reasons:
            raise forms.ValidationError(reasons)
        return files


class AttachmentBatch:
    """The files of one action, saved inside its transaction and removed if it does not commit.

    Checks the files when made (a refusal is a TransitionError naming the file and the rule, raised
    before anything is written). Use as the outermost context around the transaction::

        batch = AttachmentBatch(files)
        with batch, transaction.atomic():
            event = ...
            batch.attach(event, user)
    """

    def __init__(self, files: Iterable[UploadedFile] = ()) -> None:
        self.files = [file for file in files if file]
        reasons = problems(self.files)
        if reasons:
            raise TransitionError(" ".join(reasons))
        self.written: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.files)

    def __enter__(self) -> AttachmentBatch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is not None:
            self.discard()

    def discard(self) -> None:
        """Delete the files written so far (their rows are gone with the rolled-back transaction)."""
        for name in self.written:
            try:
                default_storage.delete(name)
            except OSError:  # pragma: no cover - logged, and the orphan is harmless: no row points to it
                logger.exception("Could not delete the attachment file %s after a rollback", name)
        self.written = []

    def attach(self, event: Event, user: Any) -> list[Attachment]:
        """One Attachment per file, on ``event``'s appeal; the enterprise sees them when it sees the event."""
        rows = []
        for file in self.files:
            name = clean_name(file.name or "")
            kind = KINDS[name.rpartition(".")[2].lower()]
            row = Attachment(appeal_id=event.appeal_id, event=event, name=name, content_type=kind.content_type,
                             size=file.size, uploaded_by=user, is_public=event.is_public)
            file.seek(0)
            row.file.save(name, file, save=False)  # written before the row, so a failed insert is cleaned up
            self.written.append(row.file.name)
            row.save()
            rows.append(row)
        return rows

    def attach_to_latest(self, appeal: Any, action: str, user: Any) -> list[Attachment]:
        """For actions whose event is written by actions._act: the newest ``action`` event of ``user``
        on ``appeal`` (the appeal's row is locked by the caller's transaction, so it is the one just
        written). Nothing is read when there is nothing to attach."""
        if not self.files:
            return []
        event = Event.objects.filter(appeal=appeal, action=action, actor=user).latest("id")
        return self.attach(event, user)


def timeline_prefetch(*, public_only: bool) -> Prefetch:
    """The attachments of each timeline event as ``event.attachment_list`` (one query for the page);
    ``public_only`` for the enterprise, who never sees an internal attachment."""
    queryset = Attachment.objects.select_related("uploaded_by__organisation").order_by("id")
    if public_only:
        queryset = queryset.filter(is_public=True)
    return Prefetch("attachments", queryset=queryset, to_attr="attachment_list")
