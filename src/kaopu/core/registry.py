"""The registry every module plugs into: its to-dos, its short lists and its figures.

The start pages (工作台), the leaders' cockpit (领导驾驶舱), the platform search and, later, the work report
read this registry and nothing else, so that a number has one definition wherever it is shown (DESIGN.md
section 6). A module declares its entries in its own ``workbench.py`` (to-dos, short lists, notices),
``metrics.py`` (figures and charts) and ``search.py`` (search providers), which :func:`autodiscover`
imports at start-up; a new module plugs in by registering, without touching the pages that show the
entries (the way Decidim's components register their stats).

- :class:`Todo`: a count of what waits for the user ("3 appeals to accept"), one query bounded by an
  index, the roles that see it, and the link to the list filtered to exactly those rows.
- :class:`Panel`: a short list on a start page ("my open appeals and their deadlines"), at most a few
  rows read with one bounded query, and the link to the full list.
- :class:`Metric`: a figure of a period and some districts (响应率, 融资金额 …) with its one written
  definition, computed by a :class:`MetricSource` that reads several related figures at once.
- :class:`Chart`: a breakdown (a ranking, hotspots, a trend) drawn on the cockpit, readable as a table
  and downloadable.
- :class:`SearchProvider`: one kind of result of the platform search, through the app's access rule.

Every callable receives the user (or the :class:`Scope` of the cockpit) and must keep to a fixed number
of queries whatever the data size: the pages' query-count tests hold each entry to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.utils.functional import Promise

Number = int | float | Decimal | None
Unit = Literal["count", "percent", "yuan", "days", "people", "score"]  # score: a mean rating (4.3 stars)


class RegistryError(ValueError):
    """A module registered an entry twice, or under a key of the wrong shape."""


# --- The start pages ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Todo:
    """Something that waits for the user: a count and the link to exactly the counted rows.

    ``count(user)`` runs one query bounded by an index (it must go through the app's access rule, e.g.
    ``access.scope``, so that it counts only what the user may see); ``url(user)`` is the filtered list.
    ``urgent`` marks counts that mean something is late (shown in red when not zero). ``help`` is the
    to-do's definition, shown as its tooltip and on the definitions page.
    """

    key: str
    label: Promise | str
    roles: frozenset[str]
    count: Callable[[Any], int]
    url: Callable[[Any], str]
    help: Promise | str = ""
    urgent: bool = False
    order: int = 100


@dataclass(frozen=True)
class PanelRow:
    """One row of a short list: its text, where it leads, and a few words beside it (a deadline, a code)."""

    text: str
    url: str = ""
    detail: str = ""
    badge: str = ""  # rendered HTML of a state badge (already escaped by its template tag)
    urgent: bool = False


@dataclass(frozen=True)
class Panel:
    """A short list on a start page: ``rows(user, limit)`` reads at most ``limit`` rows in one bounded
    query; ``url(user)`` is the full list; ``empty`` says what an empty list means ("no open appeals")."""

    key: str
    label: Promise | str
    roles: frozenset[str]
    rows: Callable[[Any, int], Sequence[PanelRow]]
    url: Callable[[Any], str]
    empty: Promise | str
    order: int = 100
    # For a panel that only some holders of its roles need (a lecturer's invitations: the enterprise
    # users who are lecturers): ``shown(user)`` decides, in one bounded query. None: every holder.
    shown: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Notice:
    """A fixed paragraph on a start page (e.g. what a module that is not built yet will bring)."""

    key: str
    label: Promise | str
    roles: frozenset[str]
    text: Promise | str
    order: int = 100


# --- The cockpit --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """What a figure is computed over: the districts, and the dates [start, end] (both included).
    ``district_ids`` is never empty: a city-level user's scope lists every district.

    ``as_of`` is the day a figure that depends on "now" describes (a work report of a past period is read
    as of the period's last day, so that generating it again gives the same numbers); None is now (the
    cockpit). A metric whose definition says "by now" (closed by now, granted by now) counts what had
    happened by the end of that day (Asia/Shanghai) where its records say when.
    """

    district_ids: tuple[int, ...]
    start: date
    end: date
    as_of: date | None = None


@dataclass(frozen=True)
class Metric:
    """One figure with its one written definition. ``better`` says which way is good ("up" for a
    satisfaction rate, "down" for the overdue count, "" where neither), so that a change can be coloured."""

    key: str
    label: Promise | str
    definition: Promise | str
    unit: Unit = "count"
    better: Literal["up", "down", ""] = "up"
    order: int = 100


@dataclass(frozen=True)
class MetricSource:
    """A module's figures read together: ``compute(scope)`` returns ``{metric key: value}`` for every
    metric it declares, in a fixed number of queries (typically one over a rollup table), and
    ``by_district(scope)`` returns ``{district id: {metric key: value}}`` for the comparison of districts
    (None: the comparison calls ``compute`` once per district). ``as_of_now`` lists metrics that describe
    the moment rather than the period (overdue now): they are computed for the current scope only."""

    module: Promise | str
    metrics: tuple[Metric, ...]
    compute: Callable[[Scope], dict[str, Number]]
    by_district: Callable[[Scope], dict[int, dict[str, Number]]] | None = None
    as_of_now: frozenset[str] = frozenset()
    order: int = 100
    # The as_of_now metrics can also be read as of a past day (Scope.as_of): a chamber's members on
    # 31 December, from the membership periods. False: they are only known now (overdue now).
    reads_past_days: bool = False


@dataclass(frozen=True)
class ChartData:
    """A table: ``columns`` name the series (their units in ``units``), each row is a label and one
    value per column. ``note`` states a rule the reader must know (e.g. a minimum volume)."""

    columns: tuple[Promise | str, ...]
    rows: list[tuple[str, tuple[Number, ...]]]
    units: tuple[Unit, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A breakdown on the cockpit, drawn in the browser, readable as a table and downloadable."""

    key: str
    label: Promise | str
    module: Promise | str
    kind: Literal["bar", "hbar", "line", "pie"]
    data: Callable[[Scope], ChartData]
    definition: Promise | str = ""
    order: int = 100


# --- The platform search ------------------------------------------------------------------------

@dataclass(frozen=True)
class SearchHit:
    text: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchProvider:
    """One kind of result: ``search(user, query, limit)`` returns at most ``limit`` hits the user may
    see (through the app's access rule), in one or two bounded queries; ``more_url(user, query)`` is the
    app's own list filtered by the query. ``roles`` is who may search this kind at all."""

    key: str
    label: Promise | str
    roles: frozenset[str]
    search: Callable[[Any, str, int], Sequence[SearchHit]]
    more_url: Callable[[Any, str], str]
    order: int = 100


# --- The registry -------------------------------------------------------------------------------

@dataclass
class Registry:
    todos: dict[str, Todo] = field(default_factory=dict)
    panels: dict[str, Panel] = field(default_factory=dict)
    notices: dict[str, Notice] = field(default_factory=dict)
    sources: list[MetricSource] = field(default_factory=list)
    charts: dict[str, Chart] = field(default_factory=dict)
    search_providers: dict[str, SearchProvider] = field(default_factory=dict)

    def _add(self, table: dict[str, Any], entry: Any) -> Any:
        if "." not in entry.key:
            raise RegistryError(f"registry key {entry.key!r} must be '<module>.<name>'")
        if entry.key in table:
            raise RegistryError(f"{entry.key!r} is registered twice")
        table[entry.key] = entry
        return entry

    def add_todo(self, todo: Todo) -> Todo:
        return self._add(self.todos, todo)

    def add_panel(self, panel: Panel) -> Panel:
        return self._add(self.panels, panel)

    def add_notice(self, notice: Notice) -> Notice:
        return self._add(self.notices, notice)

    def add_chart(self, chart: Chart) -> Chart:
        return self._add(self.charts, chart)

    def add_search(self, provider: SearchProvider) -> SearchProvider:
        return self._add(self.search_providers, provider)

    def add_source(self, source: MetricSource) -> MetricSource:
        known = self.metrics()
        for metric in source.metrics:
            if "." not in metric.key:
                raise RegistryError(f"metric key {metric.key!r} must be '<module>.<name>'")
            if metric.key in known:
                raise RegistryError(f"metric {metric.key!r} is registered twice")
        self.sources.append(source)
        return source

    # Reading, in each kind's order.

    def todos_for(self, user: Any) -> list[Todo]:
        return _ordered(t for t in self.todos.values() if user.role in t.roles)

    def panels_for(self, user: Any) -> list[Panel]:
        return _ordered(p for p in self.panels.values()
                        if user.role in p.roles and (p.shown is None or p.shown(user)))

    def notices_for(self, user: Any) -> list[Notice]:
        return _ordered(n for n in self.notices.values() if user.role in n.roles)

    def search_providers_for(self, user: Any) -> list[SearchProvider]:
        return _ordered(p for p in self.search_providers.values() if user.role in p.roles)

    def metrics(self) -> dict[str, Metric]:
        return {m.key: m for s in self.sources for m in s.metrics}

    def ordered_sources(self) -> list[MetricSource]:
        return _ordered(self.sources)

    def ordered_charts(self) -> list[Chart]:
        return _ordered(self.charts.values())


def _ordered(entries: Iterable[Any]) -> list[Any]:
    return sorted(entries, key=lambda e: (e.order, getattr(e, "key", "")))


# The one registry of the platform.
registry = Registry()

# The modules each installed app may hold to register its entries (imported once, at start-up).
REGISTRY_MODULES = ("workbench", "metrics", "search")


def autodiscover() -> None:
    """Import every installed app's ``workbench``, ``metrics`` and ``search`` modules, which register
    their entries (called by CoreConfig.ready(), when every app's models are loaded). An app that is
    not installed registers nothing, so its to-dos and figures simply do not appear."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules(*REGISTRY_MODULES)
