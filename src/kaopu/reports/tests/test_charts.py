"""The cockpit's charts drawn on the server (kaopu.reports.charts): the same series, axes and units as
static/insights/charts.js, checked on the figure's axes and on the PNG's pixels."""

from __future__ import annotations

import io
import logging
import math
import os
import subprocess
import sys
import threading
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from kaopu.core.registry import ChartData
from kaopu.reports import charts

WIDTH_PX = round(15 / 2.54 * 200)  # 1,181

TREND = ChartData(columns=("受理诉求", "办结率", "按时办结率", "满意率"),
                  rows=[(f"2026-{m:02d}", (100 + m, 0.5, None if m == 5 else 0.563, 0.9)) for m in range(1, 13)],
                  units=("count", "percent", "percent", "percent"))
RANKING = ChartData(columns=("按时办结率", "满意率", "办结数"),
                    rows=[("区市场监督管理局", (0.95, 0.9, 120)),
                          ("区人力资源和社会保障局劳动保障监察大队第一中队", (0.9, 0.85, 80)),
                          ("区税务局", (0.7, None, 40))],
                    units=("percent", "percent", "count"))
BANKS = ChartData(columns=("放款金额",),
                  rows=[("中国工商银行", (Decimal("12500000"),)), ("农商银行", (Decimal("3000000"),))], units=("yuan",))
SHARES = ChartData(columns=("捐赠金额",), rows=[("教育", (50000,)), ("扶贫济困", (30000,)), ("其他", (None,))],
                   units=("yuan",))
RATES = ChartData(columns=("满意率",), rows=[("一月", (0.5,)), ("二月", (0.6,)), ("三月", (0.7,))], units=("percent",))
CASES = {"bar": TREND, "hbar": RANKING, "line": RATES, "pie": SHARES}


def image(png: bytes) -> np.ndarray:
    """The PNG's pixels: rows × columns × RGB."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def mask(pixels: np.ndarray, hex_colour: str, tolerance: int = 12) -> np.ndarray:
    wanted = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return (np.abs(pixels - wanted) <= tolerance).all(axis=2)


def dark(pixels: np.ndarray) -> int:
    return int((pixels.sum(axis=2) < 3 * 128).sum())


# --- Sizes and colours ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(CASES))
def test_each_kind_renders_a_png_of_the_asked_width_with_its_first_colour(kind: str) -> None:
    png = charts.render_png(kind, CASES[kind], "图表")
    assert png.startswith(b"\x89PNG")
    pixels = image(png)
    height, width, _rgb = pixels.shape
    assert width == WIDTH_PX
    if kind != "hbar":
        assert height == round(15 * 0.6 / 2.54 * 200)
    assert mask(pixels, charts.PALETTE[0]).sum() > 2_000  # the first series' bars, line or slice


def test_the_width_follows_width_cm_and_a_ranking_grows_with_its_rows() -> None:
    assert image(charts.render_png("bar", RATES, "", width_cm=8)).shape[1] == round(8 / 2.54 * 200)
    few = image(charts.render_png("hbar", BANKS, "")).shape[0]
    many = image(charts.render_png("hbar", ChartData(BANKS.columns, BANKS.rows * 6, BANKS.units), "")).shape[0]
    assert many > few * 1.5


def test_a_bar_twice_as_long_measures_twice_as_many_pixels() -> None:
    data = ChartData(columns=("企业数",), rows=[("甲", (10,)), ("乙", (5,))], units=("count",))
    per_row = mask(image(charts.render_png("hbar", data, "")), charts.PALETTE[0]).sum(axis=1)
    lengths: list[int] = []
    in_band = False
    for row in per_row:
        if row > 60 and not in_band:
            lengths.append(int(row))
        elif row > 60:
            lengths[-1] = max(lengths[-1], int(row))
        in_band = row > 60
    assert len(lengths) == 2  # the legend's small swatch is under 60 pixels wide
    assert lengths[0] / lengths[1] == pytest.approx(2, rel=0.03)


# --- The cockpit's rules ----------------------------------------------------------------------------

def test_a_count_with_rates_draws_bars_on_the_left_and_lines_on_a_second_zero_to_hundred_percent_axis() -> None:
    figure = charts.draw("bar", TREND, "诉求按月统计")
    left, right = figure.axes
    assert [round(p.get_height()) for p in left.patches] == [101 + m for m in range(12)]
    assert left.get_ylim()[0] == 0
    assert right.get_ylim() == (0, 100)
    assert right.get_yticklabels()[-1].get_text() == "100%"
    lines = right.get_lines()
    assert [line.get_label() for line in lines] == ["办结率", "按时办结率", "满意率"]
    assert lines[1].get_ydata()[0] == pytest.approx(56.3)  # a fraction drawn as a percentage
    assert [line.get_color() for line in lines] == list(charts.PALETTE[1:4])  # ECharts' colours, in order


def test_none_is_a_gap_not_a_zero() -> None:
    on_time = charts.draw("bar", TREND, "").axes[1].get_lines()[1].get_ydata()
    assert math.isnan(on_time[4]) and not math.isnan(on_time[3])
    bars = charts.draw("hbar", RANKING, "").axes[0].patches
    assert math.isnan(bars[5].get_width())  # 区税务局's satisfaction rate: no bar
    # On the pixels: a line [5, None, 5] has nothing in the middle; [5, 0, 5] dips to the axis there.
    def middle(values: tuple[int | None, ...]) -> int:
        data = ChartData(columns=("数",), rows=[(str(i), (v,)) for i, v in enumerate(values)], units=("count",))
        line = mask(image(charts.render_png("line", data, "")), charts.PALETTE[0])
        xs = np.nonzero(line.any(axis=0))[0]
        centre = (xs.min() + xs.max()) // 2
        below_legend = line.shape[0] // 5
        return int(line[below_legend:, centre - 20:centre + 20].sum())
    assert middle((5, None, 5)) == 0
    assert middle((5, 0, 5)) > 100


def test_a_ranking_draws_the_first_unit_only_first_row_at_the_top_long_names_cut() -> None:
    axes = charts.draw("hbar", RANKING, "").axes[0]
    assert len(axes.patches) == 2 * 3  # two rates, not the count of closed appeals
    assert axes.get_ylim()[0] > axes.get_ylim()[1]  # inverted: row 0 at the top
    names = [label.get_text() for label in axes.get_yticklabels()]
    assert names[0] == "区市场监督管理局"
    assert names[1].endswith("…") and names[1].count("\n") == 1
    values = [text.get_text() for text in axes.texts]
    assert "95.0%" in values and "56.3%" not in values


def test_yuan_from_ten_thousand_up_are_drawn_in_wan_yuan() -> None:
    axes = charts.draw("hbar", BANKS, "").axes[0]
    assert axes.get_xlabel() == "万元"
    assert axes.patches[0].get_width() == pytest.approx(1250)
    assert "1,250.0 万元" in [text.get_text() for text in axes.texts]
    small = ChartData(columns=("金额",), rows=[("甲", (800,))], units=("yuan",))
    assert charts.draw("bar", small, "").axes[0].get_ylabel() == "元"


def test_a_pie_skips_missing_slices_and_names_each_share() -> None:
    axes = charts.draw("pie", SHARES, "").axes[0]
    assert len(axes.patches) == 2
    assert [text.get_text() for text in axes.texts] == ["教育\n62.5%", "扶贫济困\n37.5%"]


def test_nothing_to_draw_raises_empty_chart_with_its_chinese_sentence() -> None:
    with pytest.raises(charts.EmptyChart, match="本期无数据"):
        charts.render_png("bar", ChartData(columns=("数",), rows=[], units=("count",)), "")
    with pytest.raises(charts.EmptyChart):
        charts.render_png("hbar", ChartData(columns=("率", "数"), rows=[("甲", (None, 5))],
                                            units=("percent", "count")), "")
    with pytest.raises(charts.EmptyChart):
        charts.render_png("pie", ChartData(columns=("数",), rows=[("甲", (0,))]), "")
    with pytest.raises(ValueError, match="unknown chart kind"):
        charts.render_png("radar", RATES, "")


# --- Chinese text -----------------------------------------------------------------------------------

def test_the_chinese_title_is_drawn() -> None:
    titled = image(charts.render_png("line", RATES, "诉求满意率走势"))
    blank = image(charts.render_png("line", RATES, " "))
    top = titled.shape[0] // 10
    assert dark(titled[:top]) > dark(blank[:top]) + 1_000


def test_a_character_the_font_lacks_is_drawn_as_the_geta_mark_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    assert charts.missing_characters("㐂字 号") == ["㐂"]
    assert charts.missing_characters("区税务局 2026-03 56.3% 万元…〓") == []
    data = ChartData(columns=("数量",), rows=[("㐂字号商会", (3,)), ("普通商会", (6,))])
    with caplog.at_level(logging.WARNING, logger="kaopu.reports.charts"):
        rare = charts.render_png("hbar", data, "商会")
    assert "㐂" in caplog.text
    replaced = ChartData(columns=("数量",), rows=[("〓字号商会", (3,)), ("普通商会", (6,))])
    assert rare == charts.render_png("hbar", replaced, "商会")


@given(st.text(alphabet="区市场监督管理局ab c…", max_size=40), st.integers(4, 30), st.integers(1, 3))
def test_fit_keeps_every_line_within_its_width(text: str, columns: int, lines: int) -> None:
    fitted = charts.fit(text, columns, lines)
    rows = fitted.split("\n")
    assert len(rows) <= lines
    assert all(sum(charts._width(c) for c in row) <= columns for row in rows)
    kept, whole = fitted.replace("\n", "").replace(" ", ""), text.replace(" ", "")
    assert kept == whole or (kept.endswith("…") and whole.startswith(kept[:-1]))


# --- Reproducible, thread-safe, lazy ----------------------------------------------------------------

def test_the_same_input_gives_the_same_bytes_even_from_several_threads() -> None:
    first = charts.render_png("bar", TREND, "诉求按月统计")
    assert b"Software" not in first and b"matplotlib" not in first
    results: list[bytes] = []
    threads = [threading.Thread(target=lambda: results.append(charts.render_png("bar", TREND, "诉求按月统计")))
               for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [first] * 3


def test_importing_the_module_does_not_import_matplotlib() -> None:
    code = ("import django, sys; django.setup(); import kaopu.reports.charts; "
            "print('matplotlib' in sys.modules)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "kaopu.settings_test")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "False"
