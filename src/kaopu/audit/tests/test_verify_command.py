"""`kaopu audit verify`: passes on an intact log and catches every kind of tampering."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kaopu.audit.log import record
from kaopu.audit.models import Action, AuditEntry
from kaopu.audit.tests.tampering import append_only_triggers_disabled, raw


@pytest.fixture
def log(db) -> list[AuditEntry]:
    return [record(Action.UPDATE, summary=f"第{n}条", data={"n": n}) for n in range(1, 7)]


def run_verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", "verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_verify() -> str:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert "FAILED" in str(caught.value)
    return err.getvalue()


def test_an_intact_log_passes(log):
    out, err = run_verify()
    assert "OK: 6 entries" in out
    assert err == ""


def test_an_empty_log_passes(db):
    assert "OK: 0 entries" in run_verify()[0]


def test_an_edited_entry_is_detected(log):
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET summary = %s WHERE sequence = 3", ["无害的摘要"])
    problems = failing_verify()
    assert "entry 3: its content was changed" in problems
    assert "entry 4" not in problems  # the rest of the chain still fits


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link(log):
    from kaopu.audit.log import compute_hash

    forged = AuditEntry.objects.get(sequence=3)
    forged.summary = "伪造"
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET summary = %s, entry_hash = %s WHERE sequence = 3",
            ["伪造", compute_hash(forged)])
    problems = failing_verify()
    assert "entry 4: does not follow the entry before it" in problems
    assert "entry 3" not in problems


def test_a_deleted_middle_entry_is_detected(log):
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry WHERE sequence = 4")
    problems = failing_verify()
    assert "entries 4–4 are missing" in problems
    assert "entry 5: does not follow" in problems


def test_deleted_newest_entries_are_detected(log):
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry WHERE sequence >= 5")
    problems = failing_verify()
    assert "newest entries after 4 were deleted" in problems
    assert "records 6" in problems


def test_the_log_is_intact_again_once_the_triggers_are_back_and_nothing_was_touched(log):
    with append_only_triggers_disabled():
        pass
    assert "OK: 6 entries" in run_verify()[0]
