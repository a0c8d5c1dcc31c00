"""audit.log.record: each entry carries the hash of the one before it."""

from __future__ import annotations

import json
from itertools import pairwise

from django.db import transaction
from django.test import RequestFactory

from kaopu.audit import keys
from kaopu.audit.log import _canonical, compute_hash, record, verify
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


# --- Signed entries and objects in words (issue 11) --------------------------------------------

def test_each_entry_carries_an_hmac_of_its_hash_made_with_the_key_from_the_settings(db, settings):
    import hashlib
    import hmac

    entry = record(Action.UPDATE, summary="签名")
    expected = hmac.new(settings.AUDIT_KEY.encode(), f"entry:{entry.entry_hash}".encode(), hashlib.sha256)
    assert entry.mac == expected.hexdigest()
    assert entry.key_id == keys.key_id_of(settings.AUDIT_KEY)
    assert settings.AUDIT_KEY not in entry.key_id


def test_after_a_key_rotation_old_entries_verify_with_the_old_key_listed(db, settings):
    old = record(Action.UPDATE, summary="旧密钥")
    settings.AUDIT_OLD_KEYS = [settings.AUDIT_KEY]
    settings.AUDIT_KEY = "the new audit key of next year"
    new = record(Action.UPDATE, summary="新密钥")
    assert new.key_id != old.key_id
    assert verify().ok
    settings.AUDIT_OLD_KEYS = []  # the old key forgotten: its entries can no longer be vouched for
    assert verify().problems == [f"entry 1 is signed with key {old.key_id}, which is not configured "
                                 "(KAOPU_AUDIT_KEY, KAOPU_AUDIT_OLD_KEYS)"]


def test_a_development_key_is_generated_once_under_var(tmp_path, monkeypatch):
    from kaopu import settings as kaopu_settings

    monkeypatch.delenv("KAOPU_AUDIT_KEY")
    monkeypatch.setattr(kaopu_settings, "VAR_DIR", tmp_path)
    first = kaopu_settings._audit_key()
    assert len(first) >= 60
    assert oct((tmp_path / "audit_key").stat().st_mode & 0o777) == "0o600"
    assert kaopu_settings._audit_key() == first
    monkeypatch.setenv("KAOPU_AUDIT_KEY", "from-the-secret-store")
    assert kaopu_settings._audit_key() == "from-the-secret-store"


def test_the_target_is_named_in_words_in_chinese_whatever_the_language(staff, world):
    from django.utils import translation

    with translation.override("en"):
        entry = record(Action.UPDATE, target=world.enterprise_a, summary="改企业")
    assert entry.object_label == f"企业「{world.enterprise_a.name}」"
    assert record(Action.UPDATE, target=staff).object_label == f"用户「{staff.name}」"
    explicit = record(Action.PASSWORD_RESET, target=staff, object_label="用户 张三（zhangsan）")
    assert explicit.object_label == "用户 张三（zhangsan）"
    assert record(Action.EXPORT, object_label="法律服务统计 2026 年").object_label == "法律服务统计 2026 年"
    assert len(record(Action.UPDATE, object_label="长" * 300).object_label) == 200
    assert verify().ok


def test_the_label_is_covered_by_the_hash_but_old_entries_without_one_hash_as_before(db):
    entry = record(Action.UPDATE, object_label="企业「甲」", summary="x")
    stored = AuditEntry.objects.get(pk=entry.pk)
    stored.object_label = "企业「乙」"
    assert compute_hash(stored) != entry.entry_hash
    stored.object_label = ""
    assert compute_hash(stored) != entry.entry_hash
    unlabelled = record(Action.UPDATE, summary="y")
    payload = json.loads(_canonical(unlabelled))
    assert "label" not in payload  # the canonical form of the entries written before labels existed


def test_appending_is_one_head_lock_one_insert_and_one_head_update(db):
    record(Action.CREATE, summary="头已存在")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        record(Action.UPDATE, summary="计数")
    statements = [q["sql"].split()[0].upper() for q in queries if "SAVEPOINT" not in q["sql"].upper()]
    assert statements == ["SELECT", "INSERT", "UPDATE"]
    if connection.vendor == "postgresql":
        assert any("FOR UPDATE" in q["sql"] for q in queries)
