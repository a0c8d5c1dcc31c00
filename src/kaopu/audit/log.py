"""Writing to and verifying the audit log. Every module records through :func:`record`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from kaopu.audit import checkpoints, keys
from kaopu.audit.models import GENESIS_HASH, Action, AuditEntry, ChainHead

ENTRY_PURPOSE = "entry"
MAX_LISTED_PROBLEMS = 100


def _without_nul(value: Any) -> Any:
    """NUL dropped from every text: PostgreSQL stores none (jsonb, varchar), and a search typed with one
    must still be logged."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    return value


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the WSGI server saw it (behind nginx, set X-Forwarded-For and PROXY_COUNT)."""
    if request is None:
        return None
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if forwarded and proxies:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "sequence": entry.sequence,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "ip": entry.ip_address,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "summary": entry.summary,
        "data": entry.data,
        "previous": entry.previous_hash,
    }
    # Entries written before object labels existed hash as they did then; a label, once written, is
    # covered (adding, changing or removing it changes the hash).
    if entry.object_label:
        payload["label"] = entry.object_label
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def sign(entry: AuditEntry) -> None:
    """Set the entry's HMAC: of its hash (which covers its content and the hash before it), with the
    current audit key."""
    entry.key_id, entry.mac = keys.sign(ENTRY_PURPOSE, entry.entry_hash)


def describe(target: models.Model) -> str:
    """The object in words, as the audit page shows it: 企业「上海某某有限公司」 (always in Chinese:
    the entry must read the same whatever language the writer's browser asked for)."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{target._meta.verbose_name}「{target}」"[:200]


def _locked_head() -> ChainHead:
    """The chain head, locked until the caller's transaction ends. The row is created on first use
    with INSERT … ON CONFLICT DO NOTHING, so that two first writers cannot both create it."""
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.bulk_create([ChainHead(pk=1)], ignore_conflicts=True)
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def record(action: Action | str, *, actor: Any = None, request: HttpRequest | None = None,
           target: models.Model | None = None, object_type: str = "", object_id: Any = "",
           summary: str = "", data: dict[str, Any] | None = None, actor_name: str = "",
           object_label: str = "") -> AuditEntry:
    """Append one entry. Runs in the caller's transaction, so the entry commits with the change it
    describes, or not at all. Appending locks the chain head: concurrent writers queue here.

    ``target`` names the object (type, id and, in words, ``object_label``: 用户「张三（zhangsan）」);
    give ``object_label=`` to word it otherwise, or to name an object without passing it."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
        object_label = object_label or describe(target)
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            sequence=head.sequence + 1,
            at=timezone.now(),
            actor_id=actor.pk if actor is not None else None,
            actor_name=actor_name or (actor.get_username() if actor is not None else ""),
            ip_address=client_ip(request),
            action=str(action),
            object_type=object_type,
            object_id=str(object_id or ""),
            object_label=object_label[:200],
            summary=summary.replace("\x00", "")[:300],
            data=_without_nul(json.loads(json.dumps(data or {}, ensure_ascii=False, default=str))),
            previous_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        sign(entry)
        entry.save(force_insert=True)
        head.sequence, head.last_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


@dataclass
class VerifyResult:
    checked: int
    problems: list[str]
    checkpoint: checkpoints.Checkpoint | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class _Problems(list[str]):
    """A list that keeps the first problems and counts the rest: a chain rewritten from its start
    would otherwise print one line per entry."""

    more = 0

    def append(self, problem: str) -> None:
        if len(self) < MAX_LISTED_PROBLEMS:
            super().append(problem)
        else:
            self.more += 1


def _entry_problems(entry: AuditEntry, expected_sequence: int, expected_previous: str) -> Iterator[str]:
    if entry.sequence != expected_sequence:
        yield f"entries {expected_sequence}–{entry.sequence - 1} are missing"
    if entry.previous_hash != expected_previous:
        yield f"entry {entry.sequence}: does not follow the entry before it"
    if compute_hash(entry) != entry.entry_hash:
        yield f"entry {entry.sequence}: its content was changed after it was written"
    if wrong := keys.check(ENTRY_PURPOSE, entry.entry_hash, entry.key_id, entry.mac):
        yield f"entry {entry.sequence} {wrong}"


def verify(chunk_size: int = 5000, checkpoint_file: str | Path | None = None) -> VerifyResult:
    """Walk the whole chain in order (streaming) and report every entry that does not fit it, and
    compare the log with the newest checkpoint of ``checkpoint_file`` (default: the setting)."""
    problems = _Problems()
    notes: list[str] = []
    checkpoint = _newest_checkpoint(checkpoint_file, problems, notes)
    expected_previous, expected_sequence, checked, up_to_checkpoint = GENESIS_HASH, 1, 0, 0
    at_checkpoint: tuple[str, str] | None = None  # (mac, hash) of the checkpointed entry
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        checked += 1
        for problem in _entry_problems(entry, expected_sequence, expected_previous):
            problems.append(problem)
        if checkpoint is not None and entry.sequence <= checkpoint.sequence:
            up_to_checkpoint += 1
            if entry.sequence == checkpoint.sequence:
                at_checkpoint = (entry.mac, entry.entry_hash)
        expected_previous = entry.entry_hash
        expected_sequence = entry.sequence + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != expected_sequence - 1 or head.last_hash != expected_previous):
        problems.append(f"the newest entries after {expected_sequence - 1} were deleted "
                        f"(the chain head records {head.sequence})")
    if checkpoint is not None:
        for problem in _compare_with_checkpoint(checkpoint, checked, expected_sequence - 1, at_checkpoint,
                                                up_to_checkpoint):
            problems.append(problem)
    if problems.more:
        list.append(problems, f"… and {problems.more} more problems")
    return VerifyResult(checked=checked, problems=list(problems), checkpoint=checkpoint, notes=notes)


def _newest_checkpoint(path: str | Path | None, problems: _Problems, notes: list[str]) -> checkpoints.Checkpoint | None:
    path = path or settings.AUDIT_CHECKPOINT_FILE
    if not path:
        notes.append("no checkpoint file is configured (KAOPU_AUDIT_CHECKPOINT_FILE): a cut tail or an emptied "
                     "log cannot be detected; pass --checkpoints FILE with a copy of the syslog checkpoints")
        return None
    if not Path(path).exists():
        notes.append(f"no checkpoint has been written to {path} yet (`kaopu audit checkpoint`)")
        return None
    checkpoint, file_problems = checkpoints.read_newest(Path(path))
    for problem in file_problems:
        problems.append(problem)
    if checkpoint is None and not file_problems:
        notes.append(f"{path} holds no checkpoint yet")
    return checkpoint


def _compare_with_checkpoint(checkpoint: checkpoints.Checkpoint, checked: int, last_sequence: int,
                             at_checkpoint: tuple[str, str] | None, up_to_checkpoint: int) -> Iterator[str]:
    where = checkpoint.describe()
    if checkpoint.sequence == 0:
        return
    if checked == 0:
        yield (f"the audit log is empty, but {where} recorded {checkpoint.count} entries up to entry "
               f"{checkpoint.sequence}: every entry was deleted")
    elif last_sequence < checkpoint.sequence:
        yield (f"the log ends at entry {last_sequence}, but {where} recorded entry {checkpoint.sequence}: "
               f"the newest entries were deleted")
    elif at_checkpoint is not None and at_checkpoint != (checkpoint.mac, checkpoint.entry_hash):
        yield (f"entry {checkpoint.sequence} differs from {where} (another HMAC or hash): "
               f"the log was rewritten up to that entry")
    if checked and up_to_checkpoint < checkpoint.count:
        yield (f"the log holds {up_to_checkpoint} entries up to entry {checkpoint.sequence}, fewer than the "
               f"{checkpoint.count} that {where} recorded")
