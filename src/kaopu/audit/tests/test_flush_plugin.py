"""The test harness's flush (end of a transactional test) empties the audit tables past their triggers
(kaopu.audit.tests.pytest_plugin), and leaves the triggers in force for the next test."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from kaopu.audit.log import record
from kaopu.audit.models import Action, AuditEntry, ChainHead
from kaopu.audit.tests.tampering import raw

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_transactional_test_writes_entries(db):
    record(Action.CREATE, summary="由清空收尾")
    assert ChainHead.objects.get().sequence == 1


def test_the_next_one_starts_from_an_empty_log_with_its_triggers(db):
    assert not AuditEntry.objects.exists()
    assert not ChainHead.objects.exists()
    entry = record(Action.CREATE, summary="重新开始")
    assert entry.sequence == 1
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditentry")
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("UPDATE audit_chainhead SET sequence = 0")
