"""Helpers for tests that tamper with the audit log, as an attacker with database rights would."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

SQLITE_TRIGGERS = {
    "audit_entry_no_update": "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
                             "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
    "audit_entry_no_delete": "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
                             "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
}


@contextmanager
def append_only_triggers_disabled() -> Iterator[None]:
    """Switch off the triggers of audit migration 0002 for the block, and switch them on again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update")
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update")
            else:
                for sql in SQLITE_TRIGGERS.values():
                    cursor.execute(sql)


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
