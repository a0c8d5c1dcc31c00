"""Helpers for tests that tamper with the audit log, as an attacker with database rights would.

Every helper puts the triggers back in a ``finally``, and the tests run inside the test's transaction
(rolled back at its end), so a failing tampering test cannot leave the database unprotected for the
tests after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

# The SQLite triggers as migration 0005 leaves them (the tests and the flush plugin create them again).
SQLITE_TRIGGERS = {
    "audit_entry_no_update": "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry "
                             "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
    "audit_entry_no_delete": "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry "
                             "BEGIN SELECT RAISE(ABORT, 'audit_auditentry is append-only'); END",
    "audit_head_no_delete": "CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_chainhead "
                            "BEGIN SELECT RAISE(ABORT, 'audit_chainhead cannot be deleted'); END",
    "audit_head_forward_only": (
        "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_chainhead "
        "WHEN NEW.id != OLD.id OR NEW.sequence != OLD.sequence + 1 OR NOT EXISTS ("
        "SELECT 1 FROM audit_auditentry WHERE sequence = NEW.sequence AND entry_hash = NEW.last_hash) "
        "BEGIN SELECT RAISE(ABORT, 'audit_chainhead moves only one step forward, to an existing entry'); END"),
    "audit_head_insert_empty": (
        "CREATE TRIGGER audit_head_insert_empty BEFORE INSERT ON audit_chainhead "
        f"WHEN NEW.id != 1 OR NEW.sequence != 0 OR NEW.last_hash != '{'0' * 64}' "
        "BEGIN SELECT RAISE(ABORT, 'audit_chainhead starts empty'); END"),
}
# PostgreSQL: (table, trigger) as migrations 0002 and 0005 create them.
PG_TRIGGERS = [
    ("audit_auditentry", "audit_entry_no_update"),
    ("audit_auditentry", "audit_entry_no_truncate"),
    ("audit_chainhead", "audit_head_no_truncate"),
    ("audit_chainhead", "audit_head_guard"),
]


@contextmanager
def append_only_triggers_disabled() -> Iterator[None]:
    """Switch off every trigger that guards the audit tables for the block, and switch them on again
    (what someone who owns the tables can do)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table, name in PG_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {name}")
        else:
            for name in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                for table, name in PG_TRIGGERS:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {name}")
            else:
                for name, sql in SQLITE_TRIGGERS.items():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(sql)


def raw(sql: str, params: list[object] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def sqlite_triggers_present() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'")
        return {row[0] for row in cursor.fetchall()}
