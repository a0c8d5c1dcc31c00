"""Signed checkpoints of the audit log, written outside the database.

A checkpoint names the newest entry (its sequence, HMAC and hash), the number of entries and the time, and
is itself signed with the audit key. It is appended as one JSON line to ``settings.AUDIT_CHECKPOINT_FILE``
(a file the deployment makes append-only: ``chattr +a``, README "Deploying") and/or sent to syslog
(``settings.AUDIT_CHECKPOINT_SYSLOG``, forwarded by rsyslog to another machine). The task queue writes
one every ``AUDIT_CHECKPOINT_MINUTES`` (``audit.tasks``); ``kaopu audit checkpoint`` writes one now.

Because an entry's HMAC covers its hash, and the hash covers the hash of the entry before it, a
checkpoint pins the whole log up to its sequence: ``kaopu audit verify`` reports a log that ends before
the newest checkpoint (a cut tail, an emptied table) or that holds another HMAC at its sequence.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from kaopu.audit import keys
from kaopu.audit.models import AuditEntry, ChainHead

PURPOSE = "checkpoint"
SYSLOG_TAG = "kaopu-audit-checkpoint: "


class CheckpointError(Exception):
    """A checkpoint cannot be written (the log's head names an entry that is not there)."""


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    mac: str
    entry_hash: str
    count: int
    at: str
    line: int = 0  # its line in the file it was read from

    def describe(self) -> str:
        return f"the checkpoint of {self.at} (line {self.line})"


def _signed_text(fields: dict[str, object]) -> str:
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def current() -> Checkpoint:
    """The log's newest entry as a checkpoint (not yet written anywhere). The head and the entry it
    names are committed together by audit.log.record, so reading them without a lock is consistent."""
    head = ChainHead.objects.filter(pk=1).first()
    sequence = head.sequence if head is not None else 0
    mac = entry_hash = ""
    if sequence:
        mac, entry_hash = AuditEntry.objects.filter(sequence=sequence).values_list(
            "mac", "entry_hash").first() or ("", "")
        if not mac:
            raise CheckpointError(f"the chain head names entry {sequence}, which is missing or unsigned: "
                                  "run `kaopu audit verify`")
    count = AuditEntry.objects.count()
    return Checkpoint(sequence=sequence, mac=mac, entry_hash=entry_hash, count=count,
                      at=timezone.localtime().isoformat(timespec="seconds"))


def to_line(checkpoint: Checkpoint) -> str:
    fields: dict[str, object] = {"v": 1, "sequence": checkpoint.sequence, "hmac": checkpoint.mac,
                                 "hash": checkpoint.entry_hash, "count": checkpoint.count, "at": checkpoint.at}
    key_id, signature = keys.sign(PURPOSE, _signed_text(fields))
    return _signed_text({**fields, "key": key_id, "sig": signature})


def write() -> Checkpoint:
    """Append a checkpoint of the log as it is now to the file and/or syslog that settings name."""
    checkpoint = current()
    line = to_line(checkpoint)
    if path := settings.AUDIT_CHECKPOINT_FILE:
        _append(Path(path), line)
    if address := settings.AUDIT_CHECKPOINT_SYSLOG:
        _send_to_syslog(address, line)
    return checkpoint


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: every write lands at the end, also on a file made append-only with chattr +a.
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _send_to_syslog(address: str, line: str) -> None:
    if address.startswith("/"):
        target: str | tuple[str, int] = address
    else:
        host, _, port = address.rpartition(":")
        target = (host or address, int(port) if host else 514)
    handler = logging.handlers.SysLogHandler(address=target, facility=logging.handlers.SysLogHandler.LOG_AUTHPRIV)
    try:
        handler.emit(logging.makeLogRecord({"msg": SYSLOG_TAG + line, "levelno": logging.INFO,
                                            "levelname": "INFO"}))
    finally:
        handler.close()


def parse(text: str, number: int) -> tuple[Checkpoint | None, str | None]:
    """One line of a checkpoint file, or of a file rsyslog wrote (the JSON follows the tag)."""
    text = text.strip().rstrip("\x00")  # syslog over UDP ends a message with a NUL
    tag = text.find(SYSLOG_TAG)
    try:
        fields = json.loads(text[tag + len(SYSLOG_TAG):] if tag >= 0 else text)
        if not isinstance(fields, dict):
            raise ValueError("not a JSON object")
        key_id, signature = str(fields.pop("key", "")), str(fields.pop("sig", ""))
        checkpoint = Checkpoint(sequence=int(fields["sequence"]), mac=str(fields["hmac"]),
                                entry_hash=str(fields["hash"]), count=int(fields["count"]), at=str(fields["at"]),
                                line=number)
    except (ValueError, KeyError, TypeError):
        return None, f"checkpoint line {number}: unreadable: the checkpoint file was altered"
    if wrong := keys.check(PURPOSE, _signed_text(fields), key_id, signature):
        return None, f"checkpoint line {number} {wrong}: the checkpoint file was altered"
    return checkpoint, None


def read_newest(path: Path) -> tuple[Checkpoint | None, list[str]]:
    """The newest checkpoint of a file, and what is wrong with the file (altered lines, a checkpoint
    that goes back). Reads line by line: the file grows by one short line per checkpoint."""
    newest: Checkpoint | None = None
    problems: list[str] = []
    for number, text in _lines(path):
        checkpoint, problem = parse(text, number)
        if problem:
            problems.append(problem)
            continue
        assert checkpoint is not None
        if newest is not None and checkpoint.sequence < newest.sequence:
            problems.append(f"checkpoint line {number} records entry {checkpoint.sequence}, fewer than line "
                            f"{newest.line} before it ({newest.sequence}): entries were deleted in between")
            continue
        newest = checkpoint
    return newest, problems


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if text.strip():
                yield number, text.strip()
