"""The work report as a Word document (python-docx), in the customary layout of a Chinese government work
report (GB/T 9704-2012, 党政机关公文格式, as far as a generated report follows it): A4 with the usual margins,
the title in 方正小标宋简体 二号 centred, the body in 仿宋 三号 at a fixed 28-point line spacing with a two-character
indent, first-level headings 一、二、三 in 黑体, second-level (一)(二) in 楷体, tables with a shaded header
row, charts as pictures with numbered captions, page numbers "— 1 —" at the foot, and the figures'
definitions as an appendix.

Everything written comes from the report's kept figures (kaopu.reports.figures) and summary: writing the
document again gives the same document. Charts are drawn by kaopu.reports.charts from the same ChartData
the cockpit draws.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.core.registry import ChartData
from kaopu.insights.cockpit import change, shown
from kaopu.reports import figures as numbers
from kaopu.reports.periods import date_words

TITLE_FONT, HEADING_FONT, SUBHEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "楷体", "仿宋"
ORDINALS = "一二三四五六七八九十"
CHART_WIDTH_CM = 15.0
TEXT_WIDTH_CM = 21 - 2.8 - 2.6  # A4 less the left and right margins


def ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for a report's sections)."""
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return (ORDINALS[tens - 1] if tens > 1 else "") + "十" + (ORDINALS[ones - 1] if ones else "")


def value_text(value: Any, unit: str) -> str:
    return shown(numbers.decode(value), unit)


class _Metric:
    """A kept metric, readable by kaopu.insights.cockpit.change (which wants ``unit`` and ``better``)."""

    def __init__(self, kept: dict[str, Any]) -> None:
        self.unit, self.better = kept["unit"], kept["better"]


def draft_summary(figures: dict[str, Any], scope_name: str, period_words: str) -> str:
    """The summary paragraph the report starts with, before staff edit it: the period's main figures of
    every section that has data, three at most each."""
    clauses = []
    for section in figures["sections"]:
        if not section["installed"] or not section["has_data"]:
            continue
        parts = [_("%(label)s %(value)s") % {"label": m["label"], "value": value_text(m["value"], m["unit"])}
                 for m in section["metrics"] if m["value"] is not None][:3]
        if parts:
            clauses.append(_("%(section)s: %(figures)s") % {"section": section["title"], "figures": "，".join(parts)})
    opening = _("In %(period)s, the work of the Federation of Industry and Commerce of %(scope)s in figures.") % {
        "period": period_words, "scope": scope_name}
    if not clauses:
        return opening + _("No module recorded any data in the period.")
    return opening + "；".join(clauses) + "。"


class Writer:
    """Builds one document; ``render`` draws a chart (kaopu.reports.charts.render_png by default)."""

    def __init__(self, report_title: str, figures: dict[str, Any], summary: str, *, scope_name: str,
                 period_words: str, render: Callable[..., bytes | None] | None = None) -> None:
        import docx  # python-docx: imported by the worker that writes, not by every web process

        self.docx = docx
        self.title, self.figures, self.summary = report_title, figures, summary
        self.scope_name, self.period_words = scope_name, period_words
        self.render = render or _default_render
        self.document = docx.Document()
        self.tables = 0
        self.pictures = 0

    # --- styles ---------------------------------------------------------------------------------

    def _font(self, font: Any, element: Any, name: str, size: float, bold: bool = False) -> None:
        from docx.oxml.ns import qn
        from docx.shared import Pt

        font.name, font.size, font.bold = name, Pt(size), bold
        rpr = element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        fonts.set(qn("w:eastAsia"), name)
        font.color.rgb = None

    def _style(self, name: str, font: str, size: float, *, bold: bool = False, indent: bool = False,
               centre: bool = False, before: float = 0, after: float = 0) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Pt

        style = self.document.styles[name]
        self._font(style.font, style.element, font, size, bold)
        paragraph = style.paragraph_format
        paragraph.line_spacing_rule, paragraph.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
        paragraph.space_before, paragraph.space_after = Pt(before), Pt(after)
        paragraph.first_line_indent = Pt(size * 2) if indent else Pt(0)
        if centre:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def _page(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
        self._style("Normal", BODY_FONT, 16, indent=True)
        self._style("Title", TITLE_FONT, 22, centre=True, after=12)
        self._style("Heading 1", HEADING_FONT, 16, before=6)
        self._style("Heading 2", SUBHEADING_FONT, 16, bold=True)
        self._style("Caption", SUBHEADING_FONT, 12, centre=True)
        # 一、 and （一） headings keep the body's two-character indent; the title has no rule under it.
        self.document.styles["Heading 1"].paragraph_format.first_line_indent = Pt(32)
        self.document.styles["Heading 2"].paragraph_format.first_line_indent = Pt(32)
        title = self.document.styles["Title"].element.get_or_add_pPr()
        for border in title.findall(qn("w:pBdr")):
            title.remove(border)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.paragraph_format.first_line_indent = Pt(0)
        footer.add_run("— ")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        footer._p.append(field)
        footer.add_run(" —")

    # --- writing --------------------------------------------------------------------------------

    def paragraph(self, text: str, style: str | None = None) -> Any:
        return self.document.add_paragraph(text, style=style)

    def subheading(self, n: int, text: str) -> None:
        self.paragraph(f"（{ordinal(n)}）{text}", "Heading 2")

    def note(self, text: str) -> None:
        from docx.shared import Pt

        paragraph = self.paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(0)
        for run in paragraph.runs:
            self._font(run.font, run._element, SUBHEADING_FONT, 12)
        paragraph.paragraph_format.line_spacing = Pt(20)

    def table(self, header: list[str], rows: list[list[str]], caption: str = "") -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        if caption:
            self.tables += 1
            self.paragraph(_("Table %(n)s  %(caption)s") % {"n": self.tables, "caption": caption}, "Caption")
        table = self.document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        size = 12 if len(header) <= 4 else 10.5 if len(header) <= 7 else 9
        # The label column takes what a label needs; the numbers share the rest of the text width.
        first = min(5.0, TEXT_WIDTH_CM / 2) if len(header) > 2 else TEXT_WIDTH_CM / 2
        widths = [Cm(first), *[Cm((TEXT_WIDTH_CM - first) / (len(header) - 1))] * (len(header) - 1)]
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width  # the grid, which LibreOffice reads
        for r, values in enumerate([header, *rows]):
            cells = table.rows[r].cells
            for c, value in enumerate(values):
                cells[c].width = widths[c]
                paragraph = cells[c].paragraphs[0]
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph.paragraph_format.line_spacing = Pt(size * 1.5)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.RIGHT
                if r == 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(value)
                self._font(run.font, run._element, HEADING_FONT if r == 0 else BODY_FONT, size)
                if r == 0:
                    shading = OxmlElement("w:shd")
                    shading.set(qn("w:val"), "clear")
                    shading.set(qn("w:fill"), "D9E2F3")
                    cells[c]._tc.get_or_add_tcPr().append(shading)
        # The header row repeats on every page a long table runs over.
        header_row = table.rows[0]._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        header_row.append(repeat)
        self.paragraph("").paragraph_format.line_spacing = Pt(8)

    def picture(self, png: bytes, caption: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Cm, Pt

        self.pictures += 1
        paragraph = self.paragraph("")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.first_line_indent = Pt(0)
        # The body's exact 28-point spacing would cut the picture to one line's height.
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(CHART_WIDTH_CM))
        self.paragraph(_("Figure %(n)s  %(caption)s") % {"n": self.pictures, "caption": caption}, "Caption")

    def build(self) -> bytes:
        self._page()
        self.paragraph(self.title, "Title")
        self._dates_line()
        for text in [line.strip() for line in self.summary.splitlines() if line.strip()]:
            self.paragraph(text)
        for n, section in enumerate(self.figures["sections"], start=1):
            self._section(n, section)
        self._appendix()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    def _dates_line(self) -> None:
        period = self.figures["period"]
        start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        as_of = self.figures.get("as_of")
        line = _("(Period: %(start)s to %(end)s; figures as of %(as_of)s, computed on %(computed)s)") % {
            "start": date_words(start), "end": date_words(end, since=start),
            "as_of": date_words(date.fromisoformat(as_of)) if as_of else "—",
            "computed": date_words(numbers.computed_at(self.figures).date())}
        paragraph = self.paragraph(line, "Caption")
        paragraph.paragraph_format.space_after = self.docx.shared.Pt(12)

    def _section(self, n: int, section: dict[str, Any]) -> None:
        self.paragraph(f"{ordinal(n)}、{section['title']}", "Heading 1")
        if not section["installed"]:
            self.paragraph(_("This module is not in use on the platform: the report has no figures for it."))
            return
        if not section["has_data"]:
            self.paragraph(_("No data was recorded for this work in the period."))
            return
        metrics = section["metrics"]
        sub = 0
        if metrics:
            sub += 1
            self.subheading(sub, _("Main figures"))
            parts = [_("%(label)s %(value)s") % {"label": m["label"], "value": value_text(m["value"], m["unit"])}
                     for m in metrics if m["value"] is not None]
            if parts:
                self.paragraph(_("In the period, %(figures)s.") % {"figures": "，".join(parts)})
            self.table([_("Figure"), _("This period"), _("Period before"), _("Same period a year earlier"),
                        _("Change on the period before"), _("Change on a year earlier")],
                       [self._metric_row(m) for m in metrics], caption=_("%(section)s: main figures") % {
                           "section": section["title"]})
            moments = [m for m in metrics if m["read_on"]]
            for m in moments:
                self.note(_("%(label)s describes a moment, not the period: read on %(day)s.") % {
                    "label": m["label"], "day": date_words(date.fromisoformat(m["read_on"]))})
        charts = [c for c in section["charts"] if c["rows"]]
        for chart in charts:
            sub += 1
            self.subheading(sub, chart["label"])
            data = ChartData(columns=tuple(chart["columns"]), rows=numbers.decoded_rows(chart["rows"]),
                             units=tuple(chart["units"]), note=chart["note"])
            png = self.render(chart["kind"], data, chart["label"], width_cm=CHART_WIDTH_CM)
            if png:
                self.picture(png, chart["label"])
            self.table(["", *chart["columns"]],
                       [[label, *(shown(v, u) for v, u in zip(values, chart["units"], strict=False))]
                        for label, values in data.rows], caption=chart["label"])
            if chart["note"]:
                self.note(chart["note"])
        if section["districts"]:
            sub += 1
            self.subheading(sub, _("By district"))
            self._districts(section)

    def _metric_row(self, kept: dict[str, Any]) -> list[str]:
        value = numbers.decode(kept["value"])
        if kept["read_on"]:
            return [kept["label"], value_text(kept["value"], kept["unit"]), "—", "—", "—", "—"]
        previous, year = numbers.decode(kept["previous"]), numbers.decode(kept["year_before"])
        metric = _Metric(kept)
        return [kept["label"], shown(value, kept["unit"]), shown(previous, kept["unit"]), shown(year, kept["unit"]),
                change(value, previous, metric).text, change(value, year, metric).text]  # type: ignore[arg-type]

    def _districts(self, section: dict[str, Any]) -> None:
        labels = {m["key"]: m for m in section["metrics"]}
        columns = [row for row in section["districts"] if row["key"] in labels]
        rows = []
        for pk, name in self.figures["districts"]:
            rows.append([name, *(value_text(row["values"].get(str(pk)), labels[row["key"]]["unit"])
                                 for row in columns)])
        self.table([pgettext("work report", "District"), *(labels[row["key"]]["label"] for row in columns)], rows,
                   caption=_("%(section)s by district") % {"section": section["title"]})

    def _appendix(self) -> None:
        self.document.add_page_break()
        self.paragraph(_("Appendix: what each figure means"), "Heading 1")
        for section in self.figures["sections"]:
            if not section["metrics"] and not section["charts"]:
                continue
            self.paragraph(section["title"], "Heading 2")
            for entry in [*section["metrics"], *section["charts"]]:
                if entry["definition"]:
                    self.note(f"{entry['label']}：{entry['definition']}")


def _default_render(kind: str, data: ChartData, title: str, *, width_cm: float) -> bytes | None:
    from kaopu.reports import charts

    try:
        return charts.render_png(kind, data, title, width_cm=width_cm)
    except charts.EmptyChart:  # rows, but nothing to draw (every value 0 or none): the table says it
        return None


def write(report_title: str, figures: dict[str, Any], summary: str, *, scope_name: str, period_words: str,
          render: Callable[..., bytes | None] | None = None) -> bytes:
    """The .docx of a report, from its kept figures and summary."""
    return Writer(report_title, figures, summary, scope_name=scope_name, period_words=period_words,
                  render=render).build()
