"""The audit key: HMACs over audit entries and checkpoints, with a key kept outside the database.

``settings.AUDIT_KEY`` signs new entries; ``settings.AUDIT_OLD_KEYS`` are the keys of earlier years,
kept so that the entries and checkpoints they signed still verify after a rotation. Each signature
names its key by an id derived from the key (the first 16 hex digits of a SHA-256 of it, which tells
nothing about the key itself), so no one has to number keys by hand.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from django.conf import settings


def key_id_of(key: str) -> str:
    return hashlib.sha256(b"kaopu-audit-key-id:" + key.encode()).hexdigest()[:16]


@lru_cache(maxsize=8)
def _keyring(current: str, old: tuple[str, ...]) -> tuple[str, dict[str, bytes]]:
    keys = {key_id_of(key): key.encode() for key in (*old, current) if key}
    return key_id_of(current), keys


def keyring() -> tuple[str, dict[str, bytes]]:
    """The current key's id, and every known key by id (settings are read on each call: tests change them)."""
    return _keyring(settings.AUDIT_KEY, tuple(settings.AUDIT_OLD_KEYS))


def mac(key: bytes, purpose: str, message: str) -> str:
    """HMAC-SHA256 of ``message``; ``purpose`` keeps an entry's signature from passing for a checkpoint's."""
    return hmac.new(key, f"{purpose}:{message}".encode(), hashlib.sha256).hexdigest()


def sign(purpose: str, message: str) -> tuple[str, str]:
    """(key id, HMAC) with the current key."""
    current, keys = keyring()
    return current, mac(keys[current], purpose, message)


def check(purpose: str, message: str, key_id: str, signature: str) -> str | None:
    """None when ``signature`` is right, else what is wrong with it, in words."""
    if not signature:
        return "carries no HMAC"
    key = keyring()[1].get(key_id)
    if key is None:
        return (f"is signed with key {key_id or '(none)'}, which is not configured "
                "(KAOPU_AUDIT_KEY, KAOPU_AUDIT_OLD_KEYS)")
    if not hmac.compare_digest(mac(key, purpose, message), signature):
        return "has an HMAC that does not match: it was written or rewritten without the audit key"
    return None
