"""Properties of the guard: offsets always point into the original; disguising a term never hides it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kaopu.publicity.guard import default_lexicon, scan_html, scan_text
from kaopu.publicity.guard.normalise import streams, streams_by_character

TERMS = ["博彩", "澳门赌场", "真人荷官", "代开发票", "刷单返利", "有哪些信誉好的足球投注网站", "网贷口子"]
HIDERS = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", " ", "\u3000", ".", "*"])
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
CHINESE = st.text(
    alphabet=st.sampled_from("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
                             "博彩赌场澳门真人荷官网投菠菜 .,，。\u200b<>&;#"),
    max_size=120,
)

HTML_PIECES = st.lists(
    st.sampled_from([
        "<p>", "</p>", '<div style="display:none">', "</div>", '<a href="http://x.example/">', "</a>", "<br>",
        "&#21338;", "&amp;", "&nbsp", "\r", "\n", "\r\n", "博", "彩", "澳门", "赌场", " ", "\u200b", "<script>",
        "</script>", "<!-- c -->", "<b>", "</b>", "<", ">", "&", '<img src="javascript:x" onerror=y>',
    ]),
    max_size=40,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(ANY_TEXT, CHINESE))
def test_every_finding_points_at_the_original_text(text: str) -> None:
    for finding in scan_text(text):
        assert text[finding.start : finding.end] == finding.text
        assert 0 <= finding.start < finding.end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, CHINESE, HTML_PIECES))
def test_every_html_finding_points_at_the_original_html(html: str) -> None:
    for finding in scan_html(html, allowed_domains=()):
        assert 0 <= finding.start <= finding.end <= len(html)
        assert html[finding.start : finding.end] == finding.text


@settings(max_examples=200, deadline=None)
@given(
    term=st.sampled_from(TERMS),
    hiders=st.lists(st.lists(HIDERS, max_size=3).map("".join), min_size=20, max_size=20),
    before=CHINESE.filter(lambda s: "。" not in s[-1:] and "，" not in s[-1:]),
)
def test_zero_width_characters_or_spaces_inserted_into_a_term_never_hide_it(
    term: str, hiders: list[str], before: str
) -> None:
    disguised = "".join(char + hider for char, hider in zip(term, hiders, strict=False)).rstrip(
        "".join(set("".join(hiders)))
    )
    text = before + "：" + disguised + "。"
    findings = scan_text(text)
    assert any(f.start == len(before) + 1 and f.text.startswith(term[0]) for f in findings), (text, findings)
    assert default_lexicon()  # the lexicon is compiled once, reused


@settings(max_examples=200, deadline=None)
@given(st.one_of(ANY_TEXT, CHINESE))
def test_the_fast_streams_equal_the_character_by_character_streams(text: str) -> None:
    assert streams(text) == streams_by_character(text)
