"""Reads of the private-economy indicators that the pages and the registry's figures share.

Every read runs a fixed number of queries whatever the number of values: the list page three (the
indicators, each one's latest value, the last years' whole-year values), an indicator's page one for its
values (at most five periods a year since 2000 per district: bounded by the calendar, so not paged).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from kaopu.core import access
from kaopu.insights.models import Indicator, IndicatorValue

RECENT_YEARS = 5  # the list page's small table, and the cockpit's trend


def indicators(user: Any, *, with_retired: bool = True) -> QuerySet[Indicator]:
    rows = access.scope(user, Indicator)
    return rows if with_retired else rows.filter(is_active=True)


def newest_first(rows: QuerySet[IndicatorValue]) -> QuerySet[IndicatorValue]:
    """Latest period first: by year, then the whole year (which ends with the fourth quarter and is the
    official annual figure) before the quarters, latest quarter first."""
    return rows.order_by("-year", Coalesce("quarter", Value(5)).desc())


def recent_years(end_year: int, count: int = RECENT_YEARS) -> list[int]:
    return list(range(end_year - count + 1, end_year + 1))


@dataclass
class Line:
    """One indicator on the list page: its latest value and its whole-year values of the recent years."""

    indicator: Indicator
    latest: IndicatorValue | None
    by_year: dict[int, IndicatorValue] = field(default_factory=dict)

    def years(self, years: Iterable[int]) -> list[IndicatorValue | None]:
        return [self.by_year.get(year) for year in years]


def overview(user: Any, district_id: int, years: list[int]) -> list[Line]:
    """Every indicator the user may read (retired ones last) with the district's values: three queries."""
    district_values = access.scope(user, IndicatorValue).filter(district_id=district_id)
    latest = newest_first(district_values.filter(indicator_id=OuterRef("pk"))).values("pk")[:1]
    rows = list(indicators(user).annotate(latest_id=Subquery(latest)).order_by("-is_active", "sort_order", "id"))
    found = {row.pk: row for row in district_values.select_related("indicator").filter(
        pk__in=[row.latest_id for row in rows if row.latest_id])}
    lines = {row.pk: Line(row, found.get(row.latest_id)) for row in rows}
    for value in district_values.filter(quarter__isnull=True, year__in=years).select_related("indicator"):
        lines[value.indicator_id].by_year[value.year] = value
    return list(lines.values())


def values_of(user: Any, indicator: Indicator, district_id: int) -> list[IndicatorValue]:
    """The indicator's values in the district, latest period first, with who entered and corrected them."""
    rows = access.scope(user, IndicatorValue).filter(indicator=indicator, district_id=district_id)
    return list(newest_first(rows.select_related("indicator", "entered_by", "corrected_by")))


# --- for the registry (kaopu.insights.metrics) --------------------------------------------------------

def whole_years(keys: Iterable[str] | None, district_ids: Iterable[int], first_year: int, last_year: int,
                published_by: date | None = None) -> list[tuple[str, int, int, Decimal, str]]:
    """(indicator key, district, year, value, unit) of the whole-year values of those years, latest year
    first; ``keys`` None: every active indicator's; ``published_by``: only values whose source was
    published by that day (a report generated again as of a past day reads what was known then)."""
    rows = IndicatorValue.objects.filter(district_id__in=list(district_ids), quarter__isnull=True,
                                         year__gte=first_year, year__lte=last_year)
    rows = rows.filter(indicator__is_active=True) if keys is None else rows.filter(indicator__key__in=list(keys))
    if published_by is not None:
        rows = rows.filter(source_date__lte=published_by)
    return list(rows.order_by("-year").values_list("indicator__key", "district_id", "year", "value",
                                                   F("indicator__unit")))
