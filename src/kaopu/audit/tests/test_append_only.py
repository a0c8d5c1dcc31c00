"""The audit log refuses UPDATE and DELETE: in the model, and in the database (triggers) for raw SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.audit.tests.tampering import raw


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


def test_a_queryset_update_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(summary="改过")
    assert unchanged(entry)


def test_a_queryset_delete_is_refused_by_the_database(entry):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert unchanged(entry)


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
