"""A pytest plugin (pyproject: ``-p kaopu.audit.tests.pytest_plugin``): the test harness's flush passes
the audit log's triggers.

A transactional test ends with Django's flush, which empties every table: with one TRUNCATE on
PostgreSQL, which the audit tables refuse (migration 0005), and with DELETEs on SQLite, which their row
triggers refuse. Only in tests, the flush runs with ``session_replication_role = replica`` on
PostgreSQL (triggers do not fire; only a superuser may set it, as the test database's user is), and on
SQLite drops the triggers and creates them again in the same transaction. Production code has no path
that empties the audit log.
"""

from __future__ import annotations

from typing import Any


def pytest_configure(config: Any) -> None:
    from django.db.backends.base.operations import BaseDatabaseOperations

    original = BaseDatabaseOperations.execute_sql_flush
    if getattr(original, "passes_audit_triggers", False):
        return

    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: list[str]) -> None:
        from kaopu.audit.tests.tampering import SQLITE_TRIGGERS

        vendor = self.connection.vendor
        if vendor == "postgresql":
            sql_list = ["SET LOCAL session_replication_role = replica", *sql_list]
        elif vendor == "sqlite":
            sql_list = [*(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS), *sql_list,
                        *SQLITE_TRIGGERS.values()]
        original(self, sql_list)

    execute_sql_flush.passes_audit_triggers = True  # type: ignore[attr-defined]
    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
