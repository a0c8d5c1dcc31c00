"""Migration 0005 signs the entries written before entries carried an HMAC, so that every entry is
checked by the same rule afterwards (no unsigned "old" entries an attacker could pass theirs off as)."""

from __future__ import annotations

import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kaopu.audit import keys
from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.audit.tests.tampering import append_only_triggers_disabled, raw

migration = importlib.import_module("kaopu.audit.migrations.0005_signed_entries_and_labels")


class _SchemaEditor:
    connection = connection


def run_the_migrations_signing() -> None:
    state = MigrationExecutor(connection).loader.project_state(("audit", "0005_signed_entries_and_labels"))
    with append_only_triggers_disabled():  # it switches them off itself; put back for the next tests either way
        migration.sign_existing_entries(state.apps, _SchemaEditor())


def test_entries_written_before_hmacs_are_signed_by_the_migration(db):
    entries = [record(Action.UPDATE, summary=f"旧条目{n}") for n in range(3)]
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET key_id = '', mac = ''")  # as they were before migration 0005
    assert "entry 1 carries no HMAC" in verify().problems
    run_the_migrations_signing()
    signed = list(AuditEntry.objects.order_by("sequence"))
    assert [(e.key_id, e.mac) for e in signed] == [(e.key_id, e.mac) for e in entries]
    assert signed[0].key_id == keys.key_id_of("kaopu-test-audit-key")
    assert verify().ok


def test_an_entry_altered_before_the_migration_stays_reported_after_it(db):
    record(Action.UPDATE, summary="原文")
    record(Action.UPDATE, summary="之后")
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET key_id = '', mac = ''")
        raw("UPDATE audit_auditentry SET summary = '早已被改' WHERE sequence = 1")
    run_the_migrations_signing()
    assert verify().problems == ["entry 1: its content was changed after it was written"]
