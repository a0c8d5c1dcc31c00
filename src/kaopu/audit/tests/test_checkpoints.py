"""Signed checkpoints outside the database: appended one JSON line at a time, each line signed, sent
to syslog when configured, written by the task queue and by `kaopu audit checkpoint`; an altered line
or a checkpoint that goes back is reported by `kaopu audit verify`."""

from __future__ import annotations

import json
import socket
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kaopu.audit import checkpoints, tasks
from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.audit.tests.tampering import append_only_triggers_disabled, raw


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "var" / "audit-checkpoints.log")
    return tmp_path / "var" / "audit-checkpoints.log"


def lines(path) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_each_checkpoint_appends_one_signed_line_naming_the_newest_entry(db, checkpoint_file, pin_clock):
    pin_clock(date(2026, 3, 2), hour=9, minute=30)
    first = record(Action.UPDATE, summary="一")
    call_command("audit", "checkpoint", stdout=StringIO())
    second = record(Action.UPDATE, summary="二")
    out = StringIO()
    call_command("audit", "checkpoint", stdout=out)
    assert "checkpoint written: entry 2, 2 entries" in out.getvalue()
    written = lines(checkpoint_file)
    assert [(line["sequence"], line["count"], line["hmac"], line["hash"]) for line in written] == [
        (1, 1, first.mac, first.entry_hash), (2, 2, second.mac, second.entry_hash)]
    assert written[0]["at"].startswith("2026-03-02T09:30")
    assert all(len(line["sig"]) == 64 and line["key"] == first.key_id for line in written)
    assert oct(checkpoint_file.stat().st_mode & 0o777) == "0o640"


def test_an_existing_file_is_appended_to_never_rewritten(db, checkpoint_file):
    checkpoint_file.parent.mkdir(parents=True)
    record(Action.UPDATE, summary="一")
    call_command("audit", "checkpoint", stdout=StringIO())
    before = checkpoint_file.read_bytes()
    record(Action.UPDATE, summary="二")
    tasks.write_checkpoint.call_local()  # what the task queue runs every AUDIT_CHECKPOINT_MINUTES
    after = checkpoint_file.read_bytes()
    assert after.startswith(before) and after.count(b"\n") == 2


@pytest.mark.parametrize("change", [
    lambda line: line.replace('"sequence":2', '"sequence":1'),
    lambda line: line.replace('"count":2', '"count":9'),
    lambda line: line[:-3] + "000",  # the signature itself
    lambda line: "垃圾",
])
def test_an_altered_checkpoint_line_is_reported(db, checkpoint_file, change):
    record(Action.UPDATE, summary="一")
    record(Action.UPDATE, summary="二")
    call_command("audit", "checkpoint", stdout=StringIO())
    checkpoint_file.write_text(change(checkpoint_file.read_text().strip()) + "\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert "checkpoint line 1" in err.getvalue()
    assert "the checkpoint file was altered" in err.getvalue()


def test_a_line_forged_with_another_key_is_reported(db, checkpoint_file, settings):
    record(Action.UPDATE, summary="一")
    settings.AUDIT_KEY = "an attacker's own key"
    call_command("audit", "checkpoint", stdout=StringIO())
    settings.AUDIT_KEY = "kaopu-test-audit-key"
    result = verify()
    assert "which is not configured" in result.problems[0] and "checkpoint line 1" in result.problems[0]


def test_a_checkpoint_that_goes_back_is_reported(db, checkpoint_file):
    """After deleting entries, the attacker lets the next checkpoint record the shorter log: the
    earlier, longer checkpoint is still in the append-only file."""
    entries = [record(Action.UPDATE, summary=str(n)) for n in range(4)]
    call_command("audit", "checkpoint", stdout=StringIO())
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry WHERE sequence = 4")
        raw("UPDATE audit_chainhead SET sequence = 3, last_hash = %s", [entries[2].entry_hash])
    call_command("audit", "checkpoint", stdout=StringIO())
    problems = verify().problems
    assert "checkpoint line 2 records entry 3, fewer than line 1 before it (4): entries were deleted in between" \
        in problems
    assert any("the log ends at entry 3, but the checkpoint of" in problem for problem in problems)


def test_verify_reads_a_copy_of_the_syslog_lines(db, checkpoint_file, tmp_path):
    record(Action.UPDATE, summary="一")
    line = checkpoints.to_line(checkpoints.current())
    syslog_copy = tmp_path / "kaopu-checkpoints.syslog"
    syslog_copy.write_text(f"Mar  2 09:30:00 app1 {checkpoints.SYSLOG_TAG}{line}\n")
    out = StringIO()
    call_command("audit", "verify", "--checkpoints", str(syslog_copy), stdout=out, stderr=StringIO())
    assert "matches the checkpoint of" in out.getvalue()
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry")
        raw("DELETE FROM audit_chainhead")
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--checkpoints", str(syslog_copy), stdout=StringIO(), stderr=StringIO())


def test_checkpoints_go_to_syslog_when_configured(db, settings):
    settings.AUDIT_CHECKPOINT_FILE = ""
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(5)
    settings.AUDIT_CHECKPOINT_SYSLOG = f"127.0.0.1:{receiver.getsockname()[1]}"
    try:
        entry = record(Action.UPDATE, summary="一")
        checkpoints.write()
        message = receiver.recv(4096).decode()
    finally:
        receiver.close()
    assert message.startswith("<86>")  # facility authpriv (10), severity info (6)
    checkpoint, problem = checkpoints.parse(message, 1)
    assert problem is None and checkpoint is not None
    assert (checkpoint.sequence, checkpoint.mac) == (1, entry.mac)


def test_no_checkpoint_is_written_when_the_head_names_a_missing_entry(db, checkpoint_file):
    record(Action.UPDATE, summary="一")
    with append_only_triggers_disabled():
        raw("DELETE FROM audit_auditentry")
    with pytest.raises(CommandError, match="names entry 1, which is missing"):
        call_command("audit", "checkpoint", stdout=StringIO())
    assert not checkpoint_file.exists()
    assert AuditEntry.objects.count() == 0


def test_an_empty_log_checkpoints_as_entry_zero_and_still_verifies(db, checkpoint_file):
    call_command("audit", "checkpoint", stdout=StringIO())
    assert lines(checkpoint_file)[0]["sequence"] == 0
    assert verify().ok
