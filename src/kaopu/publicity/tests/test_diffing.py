"""Two versions compared (publicity.diffing): character-level for Chinese, lines first for the body,
escaped, every field."""

from __future__ import annotations

from types import SimpleNamespace

from kaopu.publicity import diffing


def version(**fields: object) -> SimpleNamespace:
    base = {"title": "座谈会", "column_name": "工作动态", "summary": "", "source": "区工商联", "byline": "",
            "attachment_names": [], "body": "<p>第一段。</p><p>第二段。</p>"}
    return SimpleNamespace(**{**base, **fields})


def test_chinese_is_compared_character_by_character() -> None:
    assert diffing.chars("区工商联召开座谈会", "区工商联举办座谈会") == "区工商联<del>召开</del><ins>举办</ins>座谈会"


def test_the_body_is_compared_by_paragraph_then_character() -> None:
    old = version(body="<p>第一段。</p><p>会上12家企业发言。</p><p>末段。</p>")
    new = version(body="<p>第一段。</p><p>会上15家企业发言。</p><p>新增一段。</p><p>末段。</p>")
    body = {row.name: row for row in diffing.compare(old, new)}["body"]
    assert body.changed
    assert "<p>第一段。</p>" in body.html and "<p>末段。</p>" in body.html
    assert "1<del>2</del><ins>5</ins>家" in body.html
    assert "新增一段。</ins>" in body.html and "新增一段。" not in body.html.split("<ins>")[0]


def test_text_is_escaped_and_unchanged_fields_are_marked() -> None:
    rows = {row.name: row for row in diffing.compare(version(title="<b>旧</b>"), version(title="<b>新</b>",
                                                                                         attachment_names=["通知.pdf"]))}
    assert rows["title"].html == "&lt;b&gt;<del>旧</del><ins>新</ins>&lt;/b&gt;"
    assert rows["attachments"].changed and "<ins>通知.pdf</ins>" in rows["attachments"].html
    assert not rows["source"].changed and not rows["column_name"].changed


def test_very_long_changes_are_shown_whole() -> None:
    old, new = "甲" * 15_000, "乙" * 15_000
    assert diffing.chars(old, new) == f"<del>{old}</del><ins>{new}</ins>"
