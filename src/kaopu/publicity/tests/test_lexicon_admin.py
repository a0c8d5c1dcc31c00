"""The security administrator's lexicon terms: merged over the shipped file, applied to the next scan,
kept in /admin/ by that role alone, every save audited."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.publicity.guard import scan_text
from kaopu.publicity.guard.lexicon import current_lexicon
from kaopu.publicity.models import LexiconTerm

pytestmark = pytest.mark.django_db


def test_a_term_the_administrator_adds_is_found_by_the_next_scan() -> None:
    assert scan_text("欢迎来到幸运大转盘娱乐", current_lexicon()) == []
    LexiconTerm.objects.create(term="幸运大转盘", category="gambling", severity="high", variants="@pinyin")
    found = scan_text("欢迎来到幸運大轉盤娱乐 xingyundazhuanpan", current_lexicon())
    assert [(f.text, f.term) for f in found] == [("幸運大轉盤", "幸运大转盘"), ("xingyundazhuanpan", "幸运大转盘")]


def test_an_inactive_row_switches_a_shipped_term_off_and_a_row_can_change_its_severity() -> None:
    assert scan_text("代开发票", current_lexicon())[0].severity == "high"
    row = LexiconTerm.objects.create(term="代开发票", category="fraud", severity="low")
    assert scan_text("代开发票", current_lexicon())[0].severity == "low"
    row.active = False
    row.save()
    assert scan_text("代开发票", current_lexicon()) == []


def test_the_scan_command_uses_the_administrators_terms(tmp_path: Path) -> None:
    LexiconTerm.objects.create(term="某某速贷", category="fraud", severity="medium")
    page = tmp_path / "a.txt"
    page.write_text("点击某某速贷", encoding="utf-8")
    out = StringIO()
    call_command("contentguard", "scan", str(page), stdout=out)  # medium only: no SystemExit
    assert json.loads(out.getvalue())["term"] == "某某速贷"


def test_only_the_security_administrator_keeps_the_lexicon_and_each_save_is_audited(world, login) -> None:  # type: ignore[no-untyped-def]
    add = reverse("admin:publicity_lexiconterm_add")
    assert login(world.users["sysadmin"]).get(add).status_code == 403
    assert login(world.users["auditadmin"]).get(add).status_code == 403
    client = login(world.users["secadmin"])
    response = client.post(add, {"term": "新葡京娱乐城", "category": "gambling", "severity": "high",
                                 "variants": "@pinyin", "active": "on", "note": "巡查发现", "_save": "1"})
    assert response.status_code == 302
    row = LexiconTerm.objects.get(term="新葡京娱乐城")
    entry = AuditEntry.objects.filter(object_type="publicity.lexiconterm", object_id=str(row.pk)).get()
    assert entry.action == "create"
    assert entry.summary == "管理后台新建内容安全词语「新葡京娱乐城」"
    assert entry.actor_id == world.users["secadmin"].pk


def test_a_term_without_any_letter_is_refused_in_chinese(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["secadmin"])
    response = client.post(reverse("admin:publicity_lexiconterm_add"),
                           {"term": "……", "category": "gambling", "severity": "high", "_save": "1"},
                           HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert "词语至少要含有一个字母、数字或汉字" in response.content.decode()
    assert not LexiconTerm.objects.exists()
