"""``kaopu publicity verify`` and ``kaopu publicity fingerprint``: lines, exit codes, re-baselining."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from kaopu.audit.models import AuditEntry
from kaopu.publicity.models import Article, Column, PageFingerprint, TamperIncident
from kaopu.publicity.testing import published_article

pytestmark = pytest.mark.django_db
S = Article.State


def verify(capsys, *options: str) -> tuple[int, list[str], str]:  # type: ignore[no-untyped-def]
    try:
        call_command("publicity", "verify", *options)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, [line for line in out.splitlines() if line], err


def test_verify_exits_0_and_prints_no_problem_when_every_page_matches(world, capsys):
    published_article(world)
    published_article(world, title="区工商联举办政策宣讲会")
    code, lines, err = verify(capsys)
    assert (code, lines) == (0, [])
    assert "2" in err and "页" in err


def test_verify_reports_each_problem_on_a_line_and_exits_1(world, capsys):
    article = published_article(world)
    Article.objects.filter(pk=article.pk).update(title="区工商联召开民营企业座谈会（已改）")
    code, lines, _err = verify(capsys, "--no-withdraw")
    assert code == 1
    assert lines[0].startswith(f"{article.pk} /news/{article.pk}/ content:")
    assert lines[1].startswith(f"{article.pk} /news/{article.pk}/ page [浏览器, Baiduspider, Googlebot]:")
    assert len(lines) == 2
    # --no-withdraw writes nothing
    assert Article.objects.get(pk=article.pk).state == S.PUBLISHED and not TamperIncident.objects.exists()

    code, lines, _err = verify(capsys, "--diff")
    assert code == 1 and "（已撤下）" in lines[0]
    assert any(line.startswith("+title: 区工商联召开民营企业座谈会（已改）") for line in lines)
    assert Article.objects.get(pk=article.pk).state == S.WITHDRAWN
    code, lines, _err = verify(capsys)
    assert (code, lines) == (0, [])  # withdrawn: nothing published is wrong any more


def test_fingerprint_rebaselines_named_pages_or_all_with_the_reason_audited(world, capsys):
    first = published_article(world)
    second = published_article(world, title="区工商联举办政策宣讲会")
    Column.objects.filter(pk=first.column_id).update(name="工作要闻")
    assert verify(capsys, "--no-withdraw")[0] == 1
    call_command("publicity", "fingerprint", str(first.pk), "--reason", "栏目更名为工作要闻")
    assert "1" in capsys.readouterr().out
    code, lines, _err = verify(capsys, "--no-withdraw")
    assert code == 1 and {line.split()[0] for line in lines} == {str(second.pk)}
    call_command("publicity", "fingerprint", "--all", "--reason", "栏目更名为工作要闻")
    assert verify(capsys)[0] == 0
    assert PageFingerprint.objects.filter(article=first).count() == 3  # published, then twice again
    entry = AuditEntry.objects.filter(object_id=str(first.pk)).latest("sequence")
    assert "栏目更名为工作要闻" in entry.summary and entry.actor_name == "system"


def test_fingerprint_refuses_unclear_requests(world):
    article = published_article(world)
    with pytest.raises(CommandError):
        call_command("publicity", "fingerprint", "--reason", "部署")
    with pytest.raises(CommandError):
        call_command("publicity", "fingerprint", str(article.pk), "--all", "--reason", "部署")
    with pytest.raises(CommandError, match="999"):
        call_command("publicity", "fingerprint", "999", "--reason", "部署")
    with pytest.raises(CommandError):
        call_command("publicity", "fingerprint", str(article.pk), "--reason", " ")


def test_verify_over_http_reads_the_pages_from_the_public_address(world, live_server, capsys):
    article = published_article(world)
    assert verify(capsys, "--over-http", live_server.url)[:2] == (0, [])
    Article.objects.filter(pk=article.pk).update(body="<p>被改动的正文</p>")
    code, lines, _err = verify(capsys, "--no-withdraw", "--over-http", live_server.url)
    where = f"{article.pk} /news/{article.pk}/"
    assert code == 1 and [line.split(":")[0] for line in lines] == [
        f"{where} content", f"{where} page [浏览器, Baiduspider, Googlebot]"]
