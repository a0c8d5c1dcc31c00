"""audit.log.record: each entry carries the hash of the one before it."""

from __future__ import annotations

from itertools import pairwise

from django.db import transaction
from django.test import RequestFactory

from kaopu.audit.log import compute_hash, record, verify
from kaopu.audit.models import GENESIS_HASH, Action, AuditEntry, ChainHead


def test_the_first_entry_follows_the_genesis_hash(db):
    entry = record(Action.CREATE, summary="第一条")
    assert entry.sequence == 1
    assert entry.previous_hash == GENESIS_HASH
    assert entry.entry_hash == compute_hash(entry)


def test_entries_chain_and_the_head_follows_the_newest(db):
    entries = [record(Action.UPDATE, summary=f"第{n}条", data={"n": n}) for n in range(5)]
    for before, after in pairwise(entries):
        assert after.sequence == before.sequence + 1
        assert after.previous_hash == before.entry_hash
    head = ChainHead.objects.get(pk=1)
    assert (head.sequence, head.last_hash) == (entries[-1].sequence, entries[-1].entry_hash)
    assert verify().ok


def test_the_hash_covers_the_content(db):
    entry = record(Action.UPDATE, summary="原文", data={"name": {"old": "甲", "new": "乙"}})
    original = entry.entry_hash
    for field, value in [("summary", "改过"), ("data", {"name": {"old": "甲", "new": "丙"}}),
                         ("actor_name", "someone"), ("object_id", "42"), ("action", Action.DELETE)]:
        stored = AuditEntry.objects.get(pk=entry.pk)
        setattr(stored, field, value)
        assert compute_hash(stored) != original, field


def test_the_entry_names_the_actor_the_target_and_the_address(staff):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = staff
    entry = record(Action.UPDATE, request=request, target=staff, summary="测试")
    assert entry.actor_id == staff.pk
    assert entry.actor_name == "staff"
    assert entry.ip_address == "10.1.2.3"
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(staff.pk))


def test_the_client_address_behind_a_proxy_is_taken_from_x_forwarded_for(settings, db):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
    assert record(Action.LOGIN, request=request).ip_address == "10.0.0.1"
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert record(Action.LOGIN, request=request).ip_address == "127.0.0.1"


def test_an_entry_rolls_back_with_the_change_it_describes(db):
    record(Action.CREATE, summary="保留")
    try:
        with transaction.atomic():
            record(Action.CREATE, summary="回滚")
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    following = record(Action.CREATE, summary="之后")
    assert following.sequence == 2
    assert not AuditEntry.objects.filter(summary="回滚").exists()
    assert verify().ok


def test_the_summary_is_cut_to_its_column_and_data_is_stored_as_json(db):
    from decimal import Decimal

    entry = record(Action.UPDATE, summary="长" * 400, data={"amount": Decimal("1.50")})
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert len(stored.summary) == 300
    assert stored.data == {"amount": "1.50"}
    assert verify().ok
