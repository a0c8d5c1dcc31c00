"""The audit log refuses UPDATE and DELETE: in the model and its querysets, and in the database
(triggers) for raw SQL and for querysets that go around the model. No code deletes entries: the log
is kept (at least 180 days, README "Deploying") until the deployment archives the database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, models, transaction

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.audit.tests.tampering import SQLITE_TRIGGERS, raw


@pytest.fixture
def entry(db) -> AuditEntry:
    record(Action.CREATE, summary="之前")
    return record(Action.UPDATE, summary="原文")


def unchanged(entry: AuditEntry) -> bool:
    stored = AuditEntry.objects.get(pk=entry.pk)
    return stored.summary == "原文" and verify().ok


def test_saving_an_entry_again_is_refused(entry):
    entry.summary = "改过"
    with pytest.raises(RuntimeError):
        entry.save()
    assert unchanged(entry)


def test_deleting_an_entry_through_the_model_is_refused(entry):
    with pytest.raises(RuntimeError):
        entry.delete()
    assert unchanged(entry)


def test_a_queryset_update_or_delete_is_refused_by_the_model(entry):
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).update(summary="改过")
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEntry.objects.all().delete()
    assert unchanged(entry)


@pytest.mark.parametrize("write", ["update", "delete"])
def test_a_plain_queryset_around_the_model_is_refused_by_the_database(entry, write):
    plain = models.QuerySet(AuditEntry).filter(pk=entry.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        plain.update(summary="改过") if write == "update" else plain.delete()
    assert unchanged(entry)


def test_every_trigger_is_in_place_after_the_migrations(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal "
                           "AND tgenabled = 'O' AND tgrelid::regclass::text LIKE 'audit_%'")
            found = set(cursor.fetchall())
            assert found == {("audit_auditentry", "audit_entry_no_update"),
                             ("audit_auditentry", "audit_entry_no_truncate"),
                             ("audit_chainhead", "audit_head_no_truncate"),
                             ("audit_chainhead", "audit_head_guard")}
        else:
            # Adding a column rebuilds an SQLite table and drops its triggers: migration 0005 creates them again.
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'")
            assert {row[0] for row in cursor.fetchall()} == set(SQLITE_TRIGGERS)


def test_no_code_deletes_or_truncates_audit_entries():
    """Outside tests and migrations, nothing in the platform names a way to remove entries."""
    source = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(DELETE\s+FROM|TRUNCATE)\s+\w*audit_|AuditEntry\.objects[\w().,=\s\"']*\.(delete|update)\(",
                         re.IGNORECASE)
    offenders = [str(path.relative_to(source)) for path in source.rglob("*.py")
                 if "tests" not in path.parts and "migrations" not in path.parts
                 and pattern.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    assert pattern.search("AuditEntry.objects.filter(at__lt=cutoff).delete()")  # the pattern does catch one
    assert pattern.search('cursor.execute("TRUNCATE audit_auditentry")')


@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditentry SET summary = 'x'",
    "UPDATE audit_auditentry SET entry_hash = previous_hash WHERE sequence = 2",
    "DELETE FROM audit_auditentry WHERE sequence = 2",
    "DELETE FROM audit_auditentry",
])
def test_raw_sql_update_and_delete_are_refused_by_the_triggers(entry, sql):
    with pytest.raises(DatabaseError), transaction.atomic():
        raw(sql)
    assert unchanged(entry)
    assert AuditEntry.objects.count() == 2


def test_appending_still_works(entry):
    record(Action.DELETE, summary="之后")
    assert AuditEntry.objects.count() == 3
    assert verify().ok
