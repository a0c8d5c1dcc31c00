"""The private-economy figures of the cockpit (领导驾驶舱) and of the work report (kaopu.core.registry).

A share cannot be added up across districts (56% of one district and 60% of another is not 116%, nor their
mean unless weighted by figures nobody entered), so every figure here is of ONE district: a scope of
several districts (a city-level user who has not chosen one) gets empty values and the chart's note says
to choose a district.

- The four built-in indicators (kaopu.insights.builtins) are metrics: the value for a scope is the
  district's WHOLE-YEAR value of the last year the scope's end has completed — the end's own year when the
  scope ends on 31 December, otherwise the year before (March 2026 shows 2025's value, the year 2025 too)
  — or, when that year has no value yet, of the latest earlier year that has one. Quarterly values are not
  used. So the cockpit's "a year earlier" (March 2025) compares with 2024's value. As a fraction (56.3%
  is 0.563), as every percent of the registry.
- The chart "Private economy trend": the scope's last year and the four years before, one row per year,
  one column per active percent indicator (built-in or custom), whole-year values as fractions; a year
  without a value is None, never 0.

When the scope is read as of a day (``Scope.as_of``: a work report of a past period), only values whose
source was published by that day count, so that the report generated again gives the same numbers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.insights import builtins, selectors
from kaopu.insights.models import FIRST_YEAR, HUNDRED, Indicator, Unit

MODULE = gettext_lazy("Private economy")
_RULE = gettext_lazy(
    "The whole-year value entered by FIC staff (from published statistics, with their source) of the last year "
    "the period's end completes (its own year when the period ends on 31 December, otherwise the year before), "
    "or of the latest earlier year when that year has none; quarterly values are not used. Of one district "
    "only: a share cannot be added up across districts, so it is empty when several districts are shown.")



def _defined(what: Any) -> Any:
    """A metric's definition: what it measures, then the rule every figure here follows."""
    return format_lazy("{} {}", what, _RULE)


METRICS = {
    builtins.MARKET_ENTITIES: Metric(
        "insights.share_market_entities", gettext_lazy("Share of market entities"), _defined(gettext_lazy(
            "Private market entities as a share of all market entities of the district at the year's end.")),
        unit="percent", order=10),
    builtins.HIGH_TECH: Metric(
        "insights.share_high_tech", gettext_lazy("Share of high-tech enterprises"), _defined(gettext_lazy(
            "Private high-tech enterprises as a share of all high-tech enterprises of the district at the year's "
            "end.")), unit="percent", order=11),
    builtins.NEW_JOBS: Metric(
        "insights.share_new_jobs", gettext_lazy("Share of new jobs"), _defined(gettext_lazy(
            "New jobs created by the private economy as a share of all new jobs of the district in the year.")),
        unit="percent", order=12),
    builtins.TAX: Metric(
        "insights.share_tax", gettext_lazy("Share of tax revenue"), _defined(gettext_lazy(
            "Tax revenue from the private economy as a share of the district's tax revenue in the year.")),
        unit="percent", order=13),
}


def as_fraction(value: Decimal, unit: str) -> Decimal:
    """The registry's number: a percent indicator's 56.3000 (percent) is 0.563."""
    return value / HUNDRED if unit == Unit.PERCENT else value


def completed_year(end: date) -> int:
    """The last year a day completes: its own on 31 December, otherwise the one before."""
    return end.year if (end.month, end.day) == (12, 31) else end.year - 1


def _latest(scope: Scope) -> dict[int, dict[str, Number]]:
    """{district: {metric key: value}} for every district of the scope: one query."""
    found: dict[int, dict[str, Number]] = {pk: dict.fromkeys((m.key for m in METRICS.values()), None)
                                           for pk in scope.district_ids}
    for key, district, _year, value, unit in selectors.whole_years(METRICS, scope.district_ids, FIRST_YEAR,
                                                                   completed_year(scope.end), scope.as_of):
        metric = METRICS[key].key
        if found[district][metric] is None:  # latest year first
            found[district][metric] = as_fraction(value, unit)
    return found


def compute(scope: Scope) -> dict[str, Number]:
    """One district's latest values (one query); None for every metric when several districts are in scope."""
    if len(scope.district_ids) != 1:
        return {metric.key: None for metric in METRICS.values()}
    return _latest(scope)[scope.district_ids[0]]


def trend(scope: Scope) -> ChartData:
    """Two queries (the indicators, their values); none of the values for several districts."""
    columns = list(Indicator.objects.filter(is_active=True, unit=Unit.PERCENT).order_by("sort_order", "id")
                   .values_list("key", "name"))
    names, units = tuple(name for _key, name in columns), ("percent",) * len(columns)
    if len(scope.district_ids) != 1:
        return ChartData(names, [], units, note=_("Shares cannot be added up across districts: choose a district "
                                                  "to see its private economy's trend."))
    years = selectors.recent_years(scope.end.year)
    values = {(key, year): as_fraction(value, unit) for key, _district, year, value, unit in selectors.whole_years(
        None, scope.district_ids, years[0], years[-1], scope.as_of)}
    rows = [(str(year), tuple(values.get((key, year)) for key, _name in columns)) for year in years]
    return ChartData(names, rows, units, note=_("Whole-year values entered by FIC staff; a year without a value "
                                                "is left empty."))


registry.add_source(MetricSource(module=MODULE, metrics=tuple(METRICS.values()), compute=compute,
                                 by_district=_latest, order=80))
registry.add_chart(Chart(
    key="insights.indicators_trend", label=gettext_lazy("Private economy trend"), module=MODULE, kind="line",
    data=trend, order=80, definition=gettext_lazy(
        "The private economy's shares in the district (every active indicator measured in percent) over the "
        "period's last year and the four years before: each year's whole-year value entered by FIC staff, empty "
        "where none was entered. Of one district only: shares cannot be added up across districts.")))
