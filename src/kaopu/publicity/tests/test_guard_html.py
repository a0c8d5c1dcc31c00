"""The content guard on HTML: hidden content, outside links, scripts and redirects, terms behind markup."""

from __future__ import annotations

import pytest
from django.test import override_settings

from kaopu.publicity.guard import Category, Severity, scan_html

PAGE = "<html><body><h1>区工商联工作动态</h1><p>区工商联召开民营企业早餐会。</p>{}</body></html>"


def findings_of(fragment: str, category: str | None = None):  # type: ignore[no-untyped-def]
    html = PAGE.format(fragment)
    found = [f for f in scan_html(html) if category is None or f.category == category]
    for finding in found:
        assert html[finding.start : finding.end] == finding.text
    return found


@pytest.mark.parametrize(
    ("style", "why"),
    [
        ("display:none", "display"),
        ("DISPLAY: none !important", "display"),
        ("visibility:hidden", "visibility"),
        ("font-size:0", "font"),
        ("font-size: 1px", "font"),
        ("color:#fff;background-color:#ffffff", "colour"),
        ("position:absolute;left:-9999px", "left"),
        ("text-indent:-9999px", "text-indent"),
        ("opacity:0", "opacity"),
    ],
)
def test_a_link_hidden_by_css_is_a_high_finding_spanning_the_hidden_element(style: str, why: str) -> None:
    hidden = f'<div style="{style}"><a href="https://www.gov.cn/">入口</a></div>'
    [finding] = findings_of(hidden, Category.HIDDEN_CONTENT)
    assert finding.text == hidden
    assert finding.severity == Severity.HIGH
    assert finding.reason


def test_hidden_text_without_a_link_is_a_medium_finding() -> None:
    [finding] = findings_of('<span hidden>站长统计</span>', Category.HIDDEN_CONTENT)
    assert finding.severity == Severity.MEDIUM


def test_an_empty_hidden_element_is_no_finding() -> None:
    assert findings_of('<div style="display:none"> </div><p style="color:#333">正文</p>') == []


@pytest.mark.parametrize("size", ["0.8em", "12px", "90%", "9pt", "small"])
def test_small_but_readable_fonts_are_not_hidden_content(size: str) -> None:
    assert findings_of(f'<p style="font-size:{size}">注：数据来源于区统计局。</p>') == []


@pytest.mark.parametrize("size", ["0", "1px", "0.5pt", "0.1em", "10%"])
def test_unreadably_small_fonts_are_hidden_content(size: str) -> None:
    [finding] = findings_of(f'<span style="font-size:{size}">站长统计</span>', Category.HIDDEN_CONTENT)
    assert "字号" in finding.reason or "font" in finding.reason


def test_a_term_in_hidden_text_is_found_as_well_as_the_hiding() -> None:
    found = findings_of('<div style="display:none">澳门新葡京</div>')
    assert {f.category for f in found} == {Category.HIDDEN_CONTENT, Category.GAMBLING}
    [term] = [f for f in found if f.category == Category.GAMBLING]
    assert term.text == "澳门新葡京"


@override_settings(ALLOWED_HOSTS=["kaopu.example.gov.cn", "fic.example.com"], CONTENT_GUARD_LINK_DOMAINS=["gov.cn"])
def test_links_to_domains_off_the_allow_list_are_found_and_others_are_not() -> None:
    ok = ('<a href="/news/1/">本站</a><a href="https://www.shanghai.gov.cn/">市政府</a>'
          '<a href="http://fic.example.com/x">本平台</a><a href="mailto:a@b.cn">邮件</a>')
    assert findings_of(ok) == []
    [finding] = findings_of('<a href="https://bet.example.net/reg">点击</a>')
    assert finding.category == Category.OUTSIDE_LINK
    assert finding.term == "bet.example.net"
    assert finding.text == '<a href="https://bet.example.net/reg">'
    # A look-alike domain that merely ends with the allowed name is no subdomain of it.
    assert findings_of('<a href="https://evilgov.cn/">x</a>')[0].term == "evilgov.cn"
    assert findings_of('<a href="//spam.example.org/">x</a>')[0].term == "spam.example.org"


@pytest.mark.parametrize(
    ("fragment", "term", "category"),
    [
        ("<script>location.href='http://x'</script>", "script", Category.ACTIVE_CONTENT),
        ('<script src="https://x.example/a.js"></script>', "script", Category.ACTIVE_CONTENT),
        ('<iframe src="https://x.example/"></iframe>', "iframe", Category.ACTIVE_CONTENT),
        ('<object data="x.swf"></object>', "object", Category.ACTIVE_CONTENT),
        ('<embed src="x.swf">', "embed", Category.ACTIVE_CONTENT),
        ('<meta http-equiv="Refresh" content="0; url=https://x.example/">', "meta refresh", Category.REDIRECT),
        ('<a href="javascript:alert(1)">x</a>', "javascript:", Category.ACTIVE_CONTENT),
        ('<a href=" jav&#x09;ascript:alert(1)">x</a>', "javascript:", Category.ACTIVE_CONTENT),
        ('<img src="x.png" onerror="alert(1)">', "onerror", Category.ACTIVE_CONTENT),
    ],
)
def test_scripts_frames_redirects_and_javascript_urls_are_high(fragment: str, term: str, category: str) -> None:
    [finding] = findings_of(fragment)
    assert (finding.term, finding.category, finding.severity) == (term, category, Severity.HIGH)
    # The element, or for a link the start tag that holds the address.
    expected = fragment.partition(">")[0] + ">" if fragment.startswith("<a ") else fragment
    assert finding.text == expected


def test_a_term_split_by_tags_and_character_references_is_found_with_its_span_in_the_html() -> None:
    html = "<p>欢迎光临&#21338;<b></b>彩娱乐</p>"
    [finding] = scan_html(html)
    assert finding.term == "博彩"
    assert finding.text == "&#21338;<b></b>彩"


def test_terms_do_not_join_across_paragraphs() -> None:
    assert scan_html("<p>我们上网</p><p>投资咨询</p>") == []


def test_a_clean_article_produces_no_finding() -> None:
    html = (
        '<h2>政策解读</h2><p style="text-align:center;color:#333">我区将<strong>严厉打击非法博彩</strong>活动。</p>'
        '<p>详见<a href="https://www.gov.cn/zhengce/">中国政府网</a>。</p><img src="/media/a.png" alt="早餐会">'
    )
    assert scan_html(html) == []


def test_a_class_or_id_hidden_by_the_pages_stylesheet_is_hidden_content() -> None:
    found = findings_of(
        "<style>.nav a{color:#333} .hd, div#box {position:absolute; left:-10000px}</style>"
        '<p class="lead hd"><a href="/x">入口</a></p><div id="box">友情链接</div><p class="nav">正文</p>',
        Category.HIDDEN_CONTENT,
    )
    assert [(f.text, f.severity) for f in found] == [
        ('<p class="lead hd"><a href="/x">入口</a></p>', Severity.HIGH),
        ('<div id="box">友情链接</div>', Severity.MEDIUM),
    ]
    assert ".hd" in found[0].reason


def test_terms_in_alt_title_and_meta_keywords_are_found_where_they_stand() -> None:
    html = ('<head><meta name="keywords" content="政务服务,澳门赌场"><title>区工商联</title></head>'
            "<img src='/a.png' alt='真人荷官'><a href='/x' title=\"开云体育\">链接</a>")
    found = scan_html(html)
    assert [f.text for f in found] == ["澳门赌场", "真人荷官", "开云体育"]
    assert all(html[f.start : f.end] == f.text for f in found)
