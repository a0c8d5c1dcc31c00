"""The cockpit's charts drawn on the server as PNG images, for the work report (.docx).

The same definitions as the browser's drawing (kaopu/insights/static/insights/charts.js, which draws
``cockpit.chart_payload`` with ECharts), mirrored with matplotlib:

- ``bar`` and ``line``: one category per row. Columns of the first column's unit are bars (``bar``) or
  lines (``line``) on the left axis; columns of another unit are lines on a second axis at the right
  (appeals per month as bars, their rates as lines on a 0–100% axis).
- ``hbar``: a ranking, the first row at the top; only the columns of the first unit are drawn (the
  report's table under the image has every column), each bar with its value at its end.
- ``pie``: the first column, as a ring (ECharts' radius 35%–65%), each slice named with its share.
- Percentages come as fractions and are drawn as 0–100% on an axis fixed to 0–100; yuan are drawn in 万元
  when the axis reaches 10,000 (values written on bars as ``cockpit.shown`` writes them); None is a gap
  (no bar, a break in a line, no slice), never a zero. Colours are ECharts' default palette, in the
  columns' order (the slices' order in a pie). ``ChartData.note`` is not drawn: the caller prints it
  under the image, as the cockpit does under its chart.

Nothing to draw (no rows, or every drawn value None or 0) raises :class:`EmptyChart`, whose message is
"本期无数据": the caller writes that sentence instead of an image.

The text is set in the platform's embedded font (kaopu/core/fonts/NotoSerifSC-Kaopu.ttf, registered
once with matplotlib by path; no system font). A character the subset lacks (a rare character in a
department's or a bank's name) would silently become an empty box; instead it is replaced by the geta
mark 〓, the typesetter's sign for "a character missing here", and a warning is logged naming the
characters, so that someone can add them to the font (core/fonts/build_subset.py). The report is not
refused for one rare character in a label.

matplotlib is imported on the first drawing (about 1 s), never at start-up, so that web processes that
never draw do not pay for it. Only the object API is used (``Figure``, no pyplot and no change to the
global rcParams: every text is given its font explicitly), and drawings are serialised by a lock, since
matplotlib is not thread-safe and huey runs several worker threads. The output is deterministic: fixed
size and dpi, no "Software" metadata; the same input gives the same bytes.
"""

from __future__ import annotations

import io
import logging
import math
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from kaopu.core.registry import ChartData, Number
from kaopu.insights.cockpit import shown

logger = logging.getLogger(__name__)

FONT_FILE = Path(__file__).resolve().parent.parent / "core" / "fonts" / "NotoSerifSC-Kaopu.ttf"
DPI = 200
CM = 1 / 2.54  # inches
# ECharts 5's default palette: the same colour for the same series as on the cockpit.
PALETTE = ("#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc")
AXIS_COLOUR = "#6e7079"
SPLIT_LINE_COLOUR = "#e0e6f1"
TEXT_COLOUR = "#333333"
MISSING_GLYPH = "\u3013"  # 〓 (in the font's subset)
ELLIPSIS = "\u2026"
KINDS = ("bar", "hbar", "line", "pie")
MAX_BAR_LABELS = 30  # beyond this, values written on the bars overlap: the table under the chart has them

_lock = threading.Lock()


class EmptyChart(ValueError):
    """Nothing to draw: no rows, or no value other than None or 0. The message is "本期无数据"."""

    def __init__(self) -> None:
        super().__init__(_("No data in this period"))


# --- Text ---------------------------------------------------------------------------------------

@cache
def _charmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(FONT_FILE), lazy=True).getBestCmap())


def missing_characters(text: str) -> list[str]:
    """The characters of ``text`` the embedded font cannot draw (spaces and line breaks aside)."""
    known = _charmap()
    return sorted({c for c in text if not c.isspace() and ord(c) not in known})


def drawable(text: str) -> str:
    """``text`` with every character the font lacks replaced by 〓 (and a warning logged)."""
    missing = missing_characters(text)
    if not missing:
        return text
    logger.warning("chart text %r: the embedded font lacks %s; drawn as %s", text, " ".join(missing), MISSING_GLYPH)
    return "".join(MISSING_GLYPH if c in missing else c for c in text)


def _width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def fit(text: str, columns: int, lines: int = 2) -> str:
    """``text`` wrapped to ``lines`` lines of at most ``columns`` columns (a Chinese character takes two),
    the end cut with an ellipsis when it does not fit."""
    rows: list[str] = []
    current, used = "", 0
    for c in " ".join(text.split()):
        if used + _width(c) > columns:
            if len(rows) == lines - 1:
                while current and used + 1 > columns:  # room for the ellipsis
                    used -= _width(current[-1])
                    current = current[:-1]
                return "\n".join([*rows, current.rstrip() + ELLIPSIS])
            rows.append(current.rstrip())
            current, used = "", 0
            if c == " ":
                continue
        current += c
        used += _width(c)
    return "\n".join([*rows, current])


# --- Units --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Axis:
    """A value axis: its unit, the factor its values are multiplied by, its fixed range and ticks."""

    unit: str
    factor: float
    ticks: tuple[float, ...]
    title: str = ""

    def tick_label(self, value: float) -> str:
        if self.unit == "percent":
            return f"{value:.0f}%"
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{value:,.1f}".rstrip("0").rstrip(".")


def _axis(unit: str, values: list[float], ticker: Any) -> Axis:
    if unit == "percent":
        return Axis(unit, 100.0, (0, 20, 40, 60, 80, 100))
    factor, title = 1.0, ""
    if unit == "yuan":
        big = max((abs(v) for v in values), default=0) >= 10_000
        factor, title = (1 / 10_000, _("10k yuan")) if big else (1.0, _("yuan"))
    scaled = [v * factor for v in values]
    low, high = min([0.0, *scaled]), max([0.0, *scaled])
    if high == low:
        high = low + 1
    integer = unit in ("count", "people")
    locator = ticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=integer)
    ticks = [t for t in locator.tick_values(low, high)]
    while len(ticks) > 1 and ticks[-2] >= high:
        ticks.pop()
    while len(ticks) > 1 and ticks[1] <= low:
        ticks.pop(0)
    return Axis(unit, factor, tuple(ticks), title)


def _values(data: ChartData, column: int) -> list[float | None]:
    return [None if values[column] is None else float(values[column]) for _label, values in data.rows]


def _units(data: ChartData) -> tuple[str, ...]:
    return tuple(data.units or ("count",) * len(data.columns))


def _label(value: Number, unit: str) -> str:
    return "" if value is None else shown(value, unit)


# --- Drawing ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Tools:
    figure: Any
    fonts: Any
    ticker: Any


@cache
def _tools() -> _Tools:
    """matplotlib, imported on the first drawing; the font registered once, by path."""
    from matplotlib import font_manager, ticker
    from matplotlib.figure import Figure

    font_manager.fontManager.addfont(str(FONT_FILE))
    return _Tools(Figure, font_manager.FontProperties, ticker)


def _font(size: float) -> Any:
    return _tools().fonts(fname=str(FONT_FILE), size=size)


def render_png(kind: str, data: ChartData, title: str, *, width_cm: float = 15.0) -> bytes:
    """The chart as a PNG of ``width_cm`` (at 200 dpi: 1,181 pixels for 15 cm). Raises EmptyChart when
    there is nothing to draw, ValueError for an unknown kind."""
    with _lock:
        figure = draw(kind, data, title, width_cm=width_cm)
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=DPI, facecolor="white", metadata={"Software": None})
        return out.getvalue()


def draw(kind: str, data: ChartData, title: str, *, width_cm: float = 15.0) -> Any:
    """The chart as a matplotlib Figure (what render_png saves; the tests read its axes). Call it under
    ``_lock`` when other threads may draw."""
    if kind not in KINDS:
        raise ValueError(f"unknown chart kind {kind!r}")
    units = _units(data)
    drawn = _drawn(kind, units)
    if not data.rows or not data.columns or not any(values[i] for _label, values in data.rows for i in drawn):
        raise EmptyChart
    tools = _tools()
    size = [_pixels(width_cm), _pixels(_height(kind, len(data.rows), len(drawn), width_cm))]
    figure = tools.figure(figsize=[(px + 0.5) / DPI for px in size], dpi=DPI, layout="constrained",
                          facecolor="white")
    figure.suptitle(drawable(title), fontproperties=_font(11), color=TEXT_COLOUR)
    if kind == "pie":
        _pie(figure, data)
    elif kind == "hbar":
        _hbar(figure, data, units, drawn, width_cm)
    else:
        _bars_and_lines(figure, kind, data, units, width_cm)
    return figure


def _drawn(kind: str, units: tuple[str, ...]) -> list[int]:
    """The columns drawn: the first of a pie, those of the first unit in a ranking, every one otherwise."""
    if kind == "pie":
        return [0]
    return [i for i, unit in enumerate(units) if kind != "hbar" or unit == units[0]]


def _pixels(cm: float) -> int:
    """A length on paper in pixels at DPI (matplotlib truncates: half a pixel more makes it round)."""
    return round(cm * CM * DPI)


def _height(kind: str, rows: int, series: int, width_cm: float) -> float:
    if kind == "hbar":  # a band per row, as the cockpit grows its chart with the rows
        return max(6.0, 3.0 + rows * (0.35 + 0.3 * series))
    return width_cm * 0.6


def _style(axes: Any, value_axis: str) -> None:
    """ECharts' look: split lines along the values, an axis line along the categories only."""
    for side, spine in axes.spines.items():
        spine.set_visible(side == ("left" if value_axis == "x" else "bottom"))
        spine.set_color(AXIS_COLOUR)
    axes.grid(axis=value_axis, color=SPLIT_LINE_COLOUR, linewidth=0.8)
    axes.set_axisbelow(True)
    axes.tick_params(colors=AXIS_COLOUR, labelcolor=TEXT_COLOUR, length=3)
    axes.tick_params(axis=value_axis, length=0)


def _set_value_axis(axes: Any, axis: Axis, which: str) -> None:
    font = _font(8)
    labels = [axis.tick_label(t) for t in axis.ticks]
    if which == "x":
        axes.set_xlim(axis.ticks[0], axis.ticks[-1])
        axes.set_xticks(axis.ticks, labels, fontproperties=font)
        if axis.title:
            axes.set_xlabel(axis.title, fontproperties=font, color=TEXT_COLOUR)
    else:
        axes.set_ylim(axis.ticks[0], axis.ticks[-1])
        axes.set_yticks(axis.ticks, labels, fontproperties=font)
        if axis.title:
            axes.set_ylabel(axis.title, fontproperties=font, color=TEXT_COLOUR)


def _legend(axes: Any, handles: list[Any]) -> None:
    """Above the plot, under the title (an axes' legend: the layout makes room for it)."""
    axes.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.01), ncols=min(len(handles), 4),
                frameon=False, prop=_font(8), handlelength=1.6, columnspacing=1.2, borderaxespad=0.2)


def _nan(values: list[float | None], factor: float = 1.0) -> list[float]:
    return [math.nan if v is None else v * factor for v in values]


def _bars_and_lines(figure: Any, kind: str, data: ChartData, units: tuple[str, ...], width_cm: float) -> None:
    tools = _tools()
    axes = figure.add_subplot()
    _style(axes, "y")
    first = units[0]
    columns = range(len(data.columns))
    bars = [i for i in columns if kind == "bar" and units[i] == first]
    others = [i for i in columns if units[i] != first]
    left = _axis(first, [v for i in columns if units[i] == first for v in _values(data, i) if v is not None],
                 tools.ticker)
    _set_value_axis(axes, left, "y")
    right = None
    if others:
        right_axes = axes.twinx()
        _style(right_axes, "y")
        right_axes.grid(False)
        right_axes.spines["bottom"].set_visible(False)
        right = _axis("percent", [], tools.ticker) if all(units[i] == "percent" for i in others) else _axis(
            units[others[0]], [v for i in others for v in _values(data, i) if v is not None], tools.ticker)
        _set_value_axis(right_axes, right, "y")
    positions = list(range(len(data.rows)))
    handles = []
    band = 0.7 / max(len(bars), 1)
    for k, i in enumerate(bars):
        offset = (k - (len(bars) - 1) / 2) * band
        values = _values(data, i)
        container = axes.bar([p + offset for p in positions], _nan(values, left.factor), band * 0.92,
                             color=PALETTE[i % len(PALETTE)], label=drawable(str(data.columns[i])), zorder=2)
        handles.append(container)
        if len(bars) * len(positions) <= MAX_BAR_LABELS:
            axes.bar_label(container, [_label(v, first) for v in values], padding=2, fontproperties=_font(6.5),
                           color=TEXT_COLOUR)
    for i in columns:
        if i in bars:
            continue
        target, axis = (right_axes, right) if units[i] != first else (axes, left)
        (line,) = target.plot(positions, _nan(_values(data, i), axis.factor), color=PALETTE[i % len(PALETTE)],
                              linewidth=1.6, marker="o", markersize=3.5, markerfacecolor="white",
                              label=drawable(str(data.columns[i])), zorder=3)
        handles.append(line)
    columns_per_label = int(width_cm * 5.6 / max(len(positions), 1))
    if columns_per_label >= 8:
        labels = [fit(drawable(label), columns_per_label) for label, _values_ in data.rows]
        axes.set_xticks(positions, labels, fontproperties=_font(7.5))
    else:  # many categories (months of several years): slanted, one line each
        labels = [fit(drawable(label), 16, lines=1) for label, _values_ in data.rows]
        axes.set_xticks(positions, labels, fontproperties=_font(7), rotation=45, ha="right",
                        rotation_mode="anchor")
    axes.set_xlim(-0.6, len(positions) - 0.4)
    _legend(axes, handles)


def _hbar(figure: Any, data: ChartData, units: tuple[str, ...], drawn: list[int], width_cm: float) -> None:
    tools = _tools()
    axes = figure.add_subplot()
    _style(axes, "x")
    first = units[0]
    axis = _axis(first, [v for i in drawn for v in _values(data, i) if v is not None], tools.ticker)
    _set_value_axis(axes, axis, "x")
    positions = list(range(len(data.rows)))
    band = 0.72 / len(drawn)
    handles = []
    for k, i in enumerate(drawn):
        offset = (k - (len(drawn) - 1) / 2) * band
        values = _values(data, i)
        container = axes.barh([p + offset for p in positions], _nan(values, axis.factor), band * 0.9,
                              color=PALETTE[i % len(PALETTE)], label=drawable(str(data.columns[i])), zorder=2)
        handles.append(container)
        axes.bar_label(container, [_label(v, first) for v in values], padding=2, fontproperties=_font(6.5),
                       color=TEXT_COLOUR)
    # A department's full name can be long: two lines of at most 9 characters, then an ellipsis.
    columns = max(8, int(width_cm * 1.2))
    axes.set_yticks(positions, [fit(drawable(label), columns) for label, _values_ in data.rows],
                    fontproperties=_font(7.5))
    axes.set_ylim(len(positions) - 0.5, -0.5)  # the first row at the top, as on the cockpit
    # Room at the end of the longest bar for its value.
    low, high = axes.get_xlim()
    axes.set_xlim(low, high + (high - low) * 0.15)
    _legend(axes, handles)


def _pie(figure: Any, data: ChartData) -> None:
    slices = [(label, float(values[0]), i) for i, (label, values) in enumerate(data.rows)
              if values[0] is not None and float(values[0]) > 0]
    total = sum(value for _label, value, _index in slices)
    axes = figure.add_subplot()
    axes.set_aspect("equal")
    axes.pie(
        [value for _label, value, _index in slices], colors=[PALETTE[i % len(PALETTE)] for *_rest, i in slices],
        labels=[f"{fit(drawable(label), 16)}\n{value / total * 100:.1f}%" for label, value, _index in slices],
        startangle=90, counterclock=False, radius=1.0, labeldistance=1.12,
        wedgeprops={"width": 1 - 35 / 65, "edgecolor": "white", "linewidth": 1},
        textprops={"fontproperties": _font(7), "color": TEXT_COLOUR})
