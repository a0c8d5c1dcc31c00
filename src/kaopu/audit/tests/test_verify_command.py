"""`kaopu audit verify`: passes on an intact log and catches every kind of tampering of issue 11, point 5,
each with a non-zero exit and a message that says what happened.

The attacker has database rights (and drops the triggers where needed: tampering.append_only_triggers_disabled
puts them back in a finally, and the test's transaction is rolled back), but not the audit key, which
lives in the environment, nor the append-only checkpoint file.
"""

from __future__ import annotations

import hashlib
import hmac
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from kaopu.audit.log import compute_hash, record
from kaopu.audit.models import GENESIS_HASH, Action, AuditEntry, ChainHead
from kaopu.audit.tests.tampering import append_only_triggers_disabled, raw


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.log")
    return tmp_path / "audit-checkpoints.log"


@pytest.fixture
def log(db, checkpoint_file) -> list[AuditEntry]:
    """Six entries, checkpointed after the sixth (as the task queue would have done)."""
    entries = [record(Action.UPDATE, summary=f"第{n}条", data={"n": n}) for n in range(1, 7)]
    call_command("audit", "checkpoint", stdout=StringIO())
    return entries


def run_verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", "verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_verify() -> str:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert "FAILED" in str(caught.value)
    assert caught.value.returncode == 1  # `kaopu audit verify` exits 1: cron alerts on it
    return err.getvalue()


def plain_chain_rewrite(sequence: int, summary: str, sign=None) -> None:  # type: ignore[no-untyped-def]
    """Rewrite one entry and recompute the SHA-256 chain from it to the head, as an attacker can
    without the key; ``sign(entry_hash) -> mac`` for an attacker who signs with a key of their own."""
    with append_only_triggers_disabled():
        previous = AuditEntry.objects.get(sequence=sequence - 1).entry_hash if sequence > 1 else GENESIS_HASH
        for entry in AuditEntry.objects.filter(sequence__gte=sequence).order_by("sequence"):
            if entry.sequence == sequence:
                entry.summary = summary
            entry.previous_hash = previous
            entry.entry_hash = compute_hash(entry)
            mac = sign(entry.entry_hash) if sign else entry.mac
            raw("UPDATE audit_auditentry SET summary = %s, previous_hash = %s, entry_hash = %s, mac = %s "
                "WHERE sequence = %s", [entry.summary, entry.previous_hash, entry.entry_hash, mac, entry.sequence])
            previous = entry.entry_hash
        raw("UPDATE audit_chainhead SET last_hash = %s WHERE id = 1", [previous])


def test_an_intact_log_passes_and_matches_its_checkpoint(log):
    out, err = run_verify()
    assert "OK: 6 entries" in out
    assert "every HMAC valid" in out
    assert "matches the checkpoint of" in out and "(line 1), entry 6" in out
    assert err == ""


def test_an_empty_log_without_checkpoint_passes(db, checkpoint_file):
    out, err = run_verify()
    assert "OK: 0 entries" in out
    assert "no checkpoint has been written" in err


def test_without_a_checkpoint_file_verify_says_what_it_cannot_see(db, settings):
    settings.AUDIT_CHECKPOINT_FILE = ""
    record(Action.UPDATE, summary="一条")
    out, err = run_verify()
    assert "OK: 1 entries" in out
    assert "a cut tail or an emptied log cannot be detected" in err


# --- Issue 11, point 5: each tampering -------------------------------------------------------

def test_deleting_the_newest_entries_and_rewinding_the_head_is_detected_by_the_checkpoint(log):
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry WHERE sequence >= 5")
        raw("UPDATE audit_chainhead SET sequence = 4, last_hash = %s WHERE id = 1", [log[3].entry_hash])
    problems = failing_verify()
    assert "the log ends at entry 4, but the checkpoint of" in problems
    assert "recorded entry 6: the newest entries were deleted" in problems


def test_deleting_every_entry_and_the_head_is_detected_by_the_checkpoint(log):
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry")
        raw("DELETE FROM audit_chainhead")
    problems = failing_verify()
    assert "the audit log is empty, but the checkpoint of" in problems
    assert "recorded 6 entries up to entry 6: every entry was deleted" in problems


def test_rewriting_an_entry_and_recomputing_the_plain_sha256_chain_is_detected_by_the_hmac(log):
    plain_chain_rewrite(3, "伪造的摘要")
    problems = failing_verify()
    # The chain itself fits again: only the key-made HMACs tell.
    assert "does not follow" not in problems and "content was changed" not in problems
    for sequence in (3, 4, 5, 6):
        assert f"entry {sequence} has an HMAC that does not match: it was written or rewritten without the " \
               "audit key" in problems
    assert "entry 2 " not in problems
    assert "entry 6 differs from the checkpoint of" in problems


def test_rewriting_with_hmacs_made_with_another_key_is_detected(log):
    wrong_key = b"an attacker's guess of the key"
    plain_chain_rewrite(2, "伪造的摘要", sign=lambda entry_hash: hmac.new(
        wrong_key, f"entry:{entry_hash}".encode(), hashlib.sha256).hexdigest())
    problems = failing_verify()
    assert "entry 2 has an HMAC that does not match" in problems
    assert "entry 6 differs from the checkpoint of" in problems


def test_entries_claiming_an_unknown_key_are_detected(log):
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET key_id = 'feedfacecafe0000' WHERE sequence = 2")
    assert "entry 2 is signed with key feedfacecafe0000, which is not configured" in failing_verify()


def test_an_entry_stripped_of_its_hmac_is_detected(log):
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET mac = '' WHERE sequence = 2")
    assert "entry 2 carries no HMAC" in failing_verify()


@pytest.mark.postgres_only
@pytest.mark.parametrize("table", ["audit_auditentry", "audit_chainhead"])
def test_truncate_is_refused_on_postgresql(log, table):
    with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
        raw(f"TRUNCATE {table} CASCADE")
    assert AuditEntry.objects.count() == 7 - 1  # six entries (the checkpoint writes none)
    assert "OK: 6 entries" in run_verify()[0]


@pytest.mark.postgres_only
def test_truncating_after_dropping_the_triggers_is_detected_by_the_checkpoint(log):
    with append_only_triggers_disabled():
        raw("TRUNCATE audit_auditentry, audit_chainhead")
    assert connection.vendor == "postgresql"
    assert "the audit log is empty, but the checkpoint of" in failing_verify()


def test_rewinding_the_chain_head_is_refused_by_the_trigger(log):
    for sql, params in [
        ("UPDATE audit_chainhead SET sequence = 4, last_hash = %s WHERE id = 1", [log[3].entry_hash]),
        ("UPDATE audit_chainhead SET sequence = 7, last_hash = %s WHERE id = 1", ["f" * 64]),  # no such entry
        ("UPDATE audit_chainhead SET sequence = 8, last_hash = %s WHERE id = 1", [log[5].entry_hash]),
        ("UPDATE audit_chainhead SET id = 2 WHERE id = 1", []),
        ("DELETE FROM audit_chainhead", []),
        ("INSERT INTO audit_chainhead (id, sequence, last_hash) VALUES (3, 6, %s)", [log[5].entry_hash]),
    ]:
        with pytest.raises(DatabaseError), transaction.atomic():
            raw(sql, params)
    head = ChainHead.objects.get()
    assert (head.sequence, head.last_hash) == (6, log[5].entry_hash)
    record(Action.UPDATE, summary="之后照常追加")  # the one legal move: one step forward
    assert "OK: 7 entries" in run_verify()[0]


# --- The older cases (a plain hash mismatch, a gap, a cut tail with the head left) ------------

def test_an_edited_entry_is_detected(log):
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET summary = %s WHERE sequence = 3", ["无害的摘要"])
    problems = failing_verify()
    assert "entry 3: its content was changed" in problems
    assert "entry 4" not in problems  # the rest of the chain still fits


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_next_link_and_its_hmac(log):
    forged = AuditEntry.objects.get(sequence=3)
    forged.summary = "伪造"
    with append_only_triggers_disabled():
        raw("UPDATE audit_auditentry SET summary = %s, entry_hash = %s WHERE sequence = 3",
            ["伪造", compute_hash(forged)])
    problems = failing_verify()
    assert "entry 4: does not follow the entry before it" in problems
    assert "entry 3 has an HMAC that does not match" in problems


def test_a_deleted_middle_entry_is_detected(log):
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry WHERE sequence = 4")
    problems = failing_verify()
    assert "entries 4–4 are missing" in problems
    assert "entry 5: does not follow" in problems
    assert "the log holds 5 entries up to entry 6, fewer than the 6" in problems


def test_deleted_newest_entries_are_detected_by_the_head_too(log):
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry WHERE sequence >= 5")
    problems = failing_verify()
    assert "newest entries after 4 were deleted" in problems
    assert "records 6" in problems


def test_a_long_rewrite_lists_the_first_hundred_problems_and_counts_the_rest(db, checkpoint_file):
    for n in range(120):
        record(Action.UPDATE, summary=f"{n}")
    plain_chain_rewrite(1, "伪造")
    problems = [line for line in failing_verify().splitlines() if not line.startswith("note:")]
    assert len(problems) == 101
    assert problems[-1] == "… and 20 more problems"


def test_the_log_is_intact_again_once_the_triggers_are_back_and_nothing_was_touched(log):
    with append_only_triggers_disabled():
        pass
    assert "OK: 6 entries" in run_verify()[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE sequence = 6")
