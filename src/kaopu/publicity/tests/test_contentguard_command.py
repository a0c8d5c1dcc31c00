"""``kaopu contentguard scan FILE…``: JSON lines per finding, exit status 1 on a high-severity finding."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db  # the command reads the administrator's lexicon terms


def scan(*paths: Path) -> tuple[int, list[dict[str, object]]]:
    out = StringIO()
    try:
        call_command("contentguard", "scan", *map(str, paths), stdout=out)
        status = 0
    except SystemExit as exit:
        status = int(exit.code or 0)
    return status, [json.loads(line) for line in out.getvalue().splitlines()]


def test_a_high_finding_prints_its_json_and_exits_1(tmp_path: Path) -> None:
    page = tmp_path / "wechat.txt"
    page.write_text("区工商联动态\n欢迎访问有哪些信誉好的足球投注网站", encoding="utf-8")
    status, [line] = scan(page)
    assert status == 1
    assert line == {
        "file": str(page), "start": 11, "end": 24, "text": "有哪些信誉好的足球投注网站",
        "term": "有哪些信誉好的足球投注网站", "category": "gambling", "severity": "high", "reason": line["reason"],
    }


def test_clean_files_print_nothing_and_exit_0(tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_text("<p>区工商联召开民营企业早餐会，企业提出的问题当场转为诉求。</p>", encoding="utf-8")
    assert scan(page) == (0, [])


def test_only_medium_findings_exit_0(tmp_path: Path) -> None:
    page = tmp_path / "notice.html"
    page.write_text('<p>详见<a href="https://example.com/">这里</a></p>', encoding="utf-8")
    status, [line] = scan(page)
    assert (status, line["severity"], line["category"]) == (0, "medium", "outside_link")


def test_gb18030_files_are_decoded_and_offsets_count_characters(tmp_path: Path) -> None:
    page = tmp_path / "export.txt"
    page.write_bytes("通知：澳門賭場開業".encode("gb18030"))
    status, [line] = scan(page)
    assert status == 1
    assert (line["start"], line["end"], line["text"], line["term"]) == (3, 7, "澳門賭場", "澳门赌场")


def test_html_files_are_scanned_as_html_with_offsets_in_the_file(tmp_path: Path) -> None:
    html = '<html><body><p>政务服务</p><div style="display:none"><a href="http://x.example/">入口</a></div></body></html>'
    page = tmp_path / "page.htm"
    page.write_text("\ufeff" + html, encoding="utf-8")
    status, lines = scan(page, tmp_path / "page.htm")
    assert status == 1
    hidden = [line for line in lines if line["category"] == "hidden_content"]
    assert len(hidden) == 2  # one per file named
    assert html[hidden[0]["start"] : hidden[0]["end"]] == hidden[0]["text"]


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as error:
        call_command("contentguard", "scan", str(tmp_path / "missing.txt"))
    assert error.value.returncode == 2
    assert "missing.txt" in str(error.value)


def test_without_a_readable_database_the_shipped_lexicon_is_used_with_a_warning(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.db import OperationalError

    from kaopu.publicity.management.commands import contentguard

    def no_table() -> None:
        raise OperationalError("no such table: publicity_lexiconterm")

    monkeypatch.setattr(contentguard, "current_lexicon", no_table)
    page = tmp_path / "a.txt"
    page.write_text("澳门赌场", encoding="utf-8")
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):
        call_command("contentguard", "scan", str(page), stdout=out, stderr=err)
    assert json.loads(out.getvalue())["term"] == "澳门赌场"
    assert "publicity_lexiconterm" in err.getvalue()
