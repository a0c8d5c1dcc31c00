"""What the cockpit shows, read from the registry (kaopu.core.registry) and nothing else.

Every MetricSource becomes tiles (the period, the period before, the same period a year earlier, and
the changes), every Chart a chart with its numbers as a table; both grouped by module. A source is
computed three times (one scope each), once when all its metrics describe the moment (as_of_now), so
the page runs a fixed number of queries whatever the data size. A city-level user who has not chosen
a district also gets the districts side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.directory.models import District
from kaopu.insights.periods import Period


def scope_of(district_ids: tuple[int, ...], period: Period) -> Scope:
    return Scope(district_ids=district_ids, start=period.start, end=period.end)


def visible_districts(user: Any) -> list[tuple[int, str]]:
    """The districts a user's figures may cover: their own, or every district for a city-level user."""
    districts = District.objects.order_by("name")
    if user.district_id is not None:
        districts = districts.filter(pk=user.district_id)
    return list(districts.values_list("pk", "name"))


# --- Showing a number ---------------------------------------------------------------------------

def as_float(value: Number) -> float | None:
    return None if value is None else float(value)


def shown(value: Number, unit: str) -> str:
    """A figure for a person: percentages from fractions (0.5 → 50.0%), yuan in 万元 from 10,000 up."""
    if value is None:
        return "—"
    if unit == "percent":
        return f"{float(value) * 100:.1f}%"
    if unit in ("days", "score"):
        return f"{float(value):.1f}"
    if unit == "yuan":
        amount = Decimal(value)
        if abs(amount) >= 10_000:
            return _("%(amount)s 10k yuan") % {"amount": f"{amount / 10_000:,.1f}"}
        return _("%(amount)s yuan") % {"amount": f"{amount:,.0f}"}
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


@dataclass
class Change:
    text: str  # "+3.2 pp", "−12.5%", "—"
    tone: str  # "good", "bad" or "" (the metric's ``better`` decides)


def change(now: Number, before: Number, metric: Metric) -> Change:
    """A rate's change in percentage points, any other figure's relative change."""
    if now is None or before is None:
        return Change("—", "")
    difference = float(now) - float(before)
    if metric.unit == "percent":
        text = _("%(points)s pp") % {"points": f"{difference * 100:+.1f}"}
    elif float(before) == 0:
        return Change(_("new") if difference else "±0", "")
    else:
        text = f"{difference / abs(float(before)) * 100:+.1f}%"
    tone = ""
    if difference and metric.better:
        tone = "good" if (difference > 0) == (metric.better == "up") else "bad"
    return Change(text.replace("-", "−"), tone)


# --- Tiles --------------------------------------------------------------------------------------

@dataclass
class Tile:
    metric: Metric
    value: str
    previous: str = ""
    year_before: str = ""
    change_previous: Change | None = None
    change_year: Change | None = None
    as_of_now: bool = False


@dataclass
class Section:
    """One module's tiles and charts."""

    module: str
    tiles: list[Tile] = field(default_factory=list)
    charts: list[ChartView] = field(default_factory=list)


@dataclass
class ChartView:
    chart: Chart
    data: ChartData
    index: int

    @property
    def payload(self) -> dict[str, Any]:
        """What static/insights/charts.js draws (in a json_script: no inline script)."""
        return chart_payload(self.chart.kind, self.data, str(self.chart.label))

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        units = self.data.units or ("count",) * len(self.data.columns)
        return [(label, [shown(v, u) for v, u in zip(values, units, strict=False)]) for label, values in self.data.rows]


def chart_payload(kind: str, data: ChartData, title: str = "") -> dict[str, Any]:
    units = list(data.units or ("count",) * len(data.columns))
    return {"kind": kind, "title": title, "columns": [str(c) for c in data.columns], "units": units,
            "rows": [[label, [as_float(v) for v in values]] for label, values in data.rows]}


def _tiles(source: MetricSource, scopes: dict[str, Scope]) -> list[Tile]:
    compared = any(m.key not in source.as_of_now for m in source.metrics)
    now = source.compute(scopes["now"])
    previous = source.compute(scopes["previous"]) if compared else {}
    year = source.compute(scopes["year_before"]) if compared else {}
    tiles = []
    for metric in sorted(source.metrics, key=lambda m: (m.order, m.key)):
        value = now.get(metric.key)
        if metric.key in source.as_of_now:
            tiles.append(Tile(metric, shown(value, metric.unit), as_of_now=True))
            continue
        before, last_year = previous.get(metric.key), year.get(metric.key)
        tiles.append(Tile(metric, shown(value, metric.unit), shown(before, metric.unit), shown(last_year, metric.unit),
                          change(value, before, metric), change(value, last_year, metric)))
    return tiles


def sections(district_ids: tuple[int, ...], period: Period) -> list[Section]:
    """Every registered figure and chart over the districts and the period, grouped by module in the
    order of each module's first entry."""
    scopes = {"now": scope_of(district_ids, period), "previous": scope_of(district_ids, period.previous()),
              "year_before": scope_of(district_ids, period.year_before())}
    by_module: dict[str, Section] = {}
    for source in registry.ordered_sources():
        section = by_module.setdefault(str(source.module), Section(str(source.module)))
        section.tiles.extend(_tiles(source, scopes))
    for index, chart in enumerate(registry.ordered_charts()):
        section = by_module.setdefault(str(chart.module), Section(str(chart.module)))
        section.charts.append(ChartView(chart, chart.data(scopes["now"]), index))
    return list(by_module.values())


# --- Districts side by side (city-level users) ----------------------------------------------------

@dataclass
class Comparison:
    metrics: list[Metric]
    rows: list[tuple[str, list[str]]]
    chart: dict[str, Any]
    data: ChartData

    @property
    def chart_table(self) -> list[tuple[str, list[str]]]:
        return [(label, [shown(v, "percent") for v in values]) for label, values in self.data.rows]


def compare_districts(districts: list[tuple[int, str]], period: Period) -> Comparison:
    """Every metric of every district: one query per source that reads all districts at once
    (``by_district``), otherwise one per district. The chart shows the rates, on one 0–100% axis."""
    scope = scope_of(tuple(pk for pk, _name in districts), period)
    metrics: list[Metric] = []
    values: dict[int, dict[str, Number]] = {pk: {} for pk, _name in districts}
    for source in registry.ordered_sources():
        metrics.extend(sorted(source.metrics, key=lambda m: (m.order, m.key)))
        if source.by_district is not None:
            found = source.by_district(scope)
        else:
            found = {pk: source.compute(scope_of((pk,), period)) for pk, _name in districts}
        for pk in values:
            values[pk].update(found.get(pk, {}))
    rows = [(name, [shown(values[pk].get(m.key), m.unit) for m in metrics]) for pk, name in districts]
    rates = [m for m in metrics if m.unit == "percent"]
    data = ChartData(columns=tuple(m.label for m in rates),
                     rows=[(name, tuple(values[pk].get(m.key) for m in rates)) for pk, name in districts],
                     units=("percent",) * len(rates))
    return Comparison(metrics, rows, chart_payload("bar", data, _("Districts compared")), data)
