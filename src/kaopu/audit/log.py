"""Writing to and verifying the audit log. Every module records through :func:`record`."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from kaopu.audit.models import GENESIS_HASH, Action, AuditEntry, ChainHead


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
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def compute_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


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
           summary: str = "", data: dict[str, Any] | None = None, actor_name: str = "") -> AuditEntry:
    """Append one entry. Runs in the caller's transaction, so the entry commits with the change it
    describes, or not at all. Appending locks the chain head: concurrent writers queue here."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
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
            summary=summary[:300],
            data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
            previous_hash=head.last_hash,
        )
        entry.entry_hash = compute_hash(entry)
        entry.save(force_insert=True)
        head.sequence, head.last_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


@dataclass
class VerifyResult:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(chunk_size: int = 5000) -> VerifyResult:
    """Walk the whole chain in order and report every entry that does not fit it."""
    problems: list[str] = []
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        checked += 1
        if entry.sequence != expected_sequence:
            problems.append(f"entries {expected_sequence}–{entry.sequence - 1} are missing")
        if entry.previous_hash != expected_previous:
            problems.append(f"entry {entry.sequence}: does not follow the entry before it")
        if compute_hash(entry) != entry.entry_hash:
            problems.append(f"entry {entry.sequence}: its content was changed after it was written")
        expected_previous = entry.entry_hash
        expected_sequence = entry.sequence + 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.sequence != expected_sequence - 1 or head.last_hash != expected_previous):
        problems.append(f"the newest entries after {expected_sequence - 1} were deleted "
                        f"(the chain head records {head.sequence})")
    return VerifyResult(checked=checked, problems=problems)
