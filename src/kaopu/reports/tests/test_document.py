"""The .docx opened with python-docx: its title, numbered sections, tables, pictures and the appendix, in
the customary fonts; a section without data says so."""

from __future__ import annotations

import io
from datetime import date

import docx

from kaopu.core.registry import registry
from kaopu.reports import document, figures
from kaopu.reports.periods import ReportPeriod

TODAY = date(2026, 3, 10)


def written(world, drawn, summary: str = "本月工作综述。") -> docx.document.Document:  # type: ignore[no-untyped-def]
    kept = figures.compute([(world.district.pk, world.district.name)], ReportPeriod.month(2026, 3), today=TODAY)
    content = document.write("普陀区工商联2026年3月工作报告", kept, summary, scope_name="普陀区",
                             period_words="2026年3月")
    return docx.Document(io.BytesIO(content))


def test_the_title_the_summary_and_the_numbered_sections(world, march, drawn) -> None:  # type: ignore[no-untyped-def]
    opened = written(world, drawn)
    paragraphs = opened.paragraphs
    assert paragraphs[0].style.name == "Title" and paragraphs[0].text == "普陀区工商联2026年3月工作报告"
    assert "2026年3月1日至3月31日" in paragraphs[1].text and "2026年3月10日" in paragraphs[1].text
    assert paragraphs[2].text == "本月工作综述。"
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == ["一、民营经济发展情况", "二、企业诉求办理情况", "三、政企沟通活动"]
    assert headings[-1] == "附：指标说明"
    assert [h.split("、", 1)[0] for h in headings[:11]] == [*"一二三四五六七八九十", "十一"]


def test_the_appeals_section_has_its_figures_table_the_ranking_and_the_charts(world, march, drawn,  # type: ignore[no-untyped-def]
                                                                            settings) -> None:
    settings.APPEALS_RANKING_MIN_CLOSED = 1
    opened = written(world, drawn)
    texts = [p.text for p in opened.paragraphs]
    start = texts.index("二、企业诉求办理情况")
    end = texts.index("三、政企沟通活动")
    section = texts[start:end]
    assert "（一）主要数据" in section
    figures_table = next(t for t in opened.tables if t.rows[0].cells[0].text == "指标"
                         and any(r.cells[0].text == "收到诉求数" for r in t.rows))
    row = next(r for r in figures_table.rows if r.cells[0].text == "收到诉求数")
    assert [c.text for c in row.cells] == ["收到诉求数", "6", "2", "1", "+200.0%", "+500.0%"]
    response = next(r for r in figures_table.rows if r.cells[0].text == "响应率")
    assert [c.text for c in response.cells][1:3] == ["75.0%", "50.0%"]
    # Every chart with rows is drawn from the registry's ChartData, the ranking first.
    ranking = str(registry.charts["appeals.department_ranking"].label)
    assert drawn[0][:1] == ("hbar",) and drawn[0][2] == ranking
    # D2 closed A3 on time (unrated); D1 closed A1 on time and A2 late, both rated satisfied.
    assert [label for label, _values in drawn[0][1].rows] == ["区人社局", "区市场监管局"]
    ranking_table = next(t for t in opened.tables
                         if [r.cells[0].text for r in t.rows][1:] == ["区人社局", "区市场监管局"])
    assert [[c.text for c in row.cells][1:] for row in ranking_table.rows[1:]] == [["100.0%", "—", "1"],
                                                                                  ["50.0%", "100.0%", "2"]]
    assert f"（二）{ranking}" in section
    assert len(opened.inline_shapes) == len(drawn) > 0


def test_a_section_without_data_says_so(world, march, drawn) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in written(world, drawn).paragraphs]
    legal = texts.index("五、法律服务")
    assert texts[legal + 1] == "本期未记录该项工作的数据。"


def test_the_fonts_are_the_customary_ones(world, march, drawn) -> None:  # type: ignore[no-untyped-def]
    from docx.oxml.ns import qn

    opened = written(world, drawn)

    def east_asian(style: str) -> str:
        return opened.styles[style].element.rPr.rFonts.get(qn("w:eastAsia"))

    assert (east_asian("Title"), east_asian("Heading 1"), east_asian("Heading 2"), east_asian("Normal")) == (
        "方正小标宋简体", "黑体", "楷体", "仿宋")
    section = opened.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.top_margin.cm, 1) == 3.7


def test_the_same_figures_give_the_same_text(world, march, drawn) -> None:  # type: ignore[no-untyped-def]
    first = [p.text for p in written(world, drawn).paragraphs]
    assert first == [p.text for p in written(world, drawn).paragraphs]


def test_ordinals() -> None:
    assert [document.ordinal(n) for n in (1, 9, 10, 11, 12, 20, 21)] == [
        "一", "九", "十", "十一", "十二", "二十", "二十一"]
