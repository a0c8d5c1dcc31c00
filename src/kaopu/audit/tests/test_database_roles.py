"""docs/postgres-roles.sql: the application's role appends to and reads the audit log, and can neither
update, delete, truncate nor alter it, nor switch off its triggers (PostgreSQL).

The roles are created inside the test's transaction and vanish with its rollback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.audit.tests.tampering import raw

pytestmark = pytest.mark.postgres_only

ROLES_SQL = Path(__file__).resolve().parents[4] / "docs" / "postgres-roles.sql"


@pytest.fixture
def as_app_role(db):  # type: ignore[no-untyped-def]
    record(Action.CREATE, summary="迁移后已有的条目")
    owner, app = f"kaopu_owner_t{os.getpid()}", f"kaopu_app_t{os.getpid()}"
    raw(f"CREATE ROLE {owner} NOLOGIN")
    raw(f"CREATE ROLE {app} NOLOGIN")
    script = "\n".join(line for line in ROLES_SQL.read_text().splitlines() if not line.startswith("--"))
    for statement in script.replace("kaopu_owner", owner).replace("kaopu_app", app).split(";"):
        if statement.strip():
            raw(statement)
    raw(f"SET ROLE {app}")
    yield
    raw("RESET ROLE")


def refused(sql: str) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        raw(sql)
    return str(caught.value)


def test_the_app_role_appends_and_reads(as_app_role):
    entry = record(Action.UPDATE, summary="应用角色写入")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert verify().ok


@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditentry SET summary = 'x'",
    "DELETE FROM audit_auditentry",
    "TRUNCATE audit_auditentry",
    "TRUNCATE audit_chainhead",
    "DELETE FROM audit_chainhead",
])
def test_the_app_role_may_not_change_or_remove_entries(as_app_role, sql):
    assert "permission denied" in refused(sql)


@pytest.mark.parametrize("sql", [
    "ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update",
    "DROP TRIGGER audit_head_guard ON audit_chainhead",
    "ALTER TABLE audit_auditentry ADD COLUMN note text",
    "DROP TABLE audit_auditentry",
])
def test_the_app_role_may_not_alter_the_tables_or_their_triggers(as_app_role, sql):
    assert "must be owner" in refused(sql)


def test_the_app_role_may_not_rewind_the_head_it_may_update(as_app_role):
    assert "moves only one step forward" in refused("UPDATE audit_chainhead SET sequence = 0")
    assert connection.vendor == "postgresql"
