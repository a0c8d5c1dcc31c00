"""A list's state filter as a row of tabs with counts (全部 3 · 办理中 2 · 待评价 1 …), for the short lists
people read on a phone: an enterprise's appeals, its financing demands.

A list declares its tabs as data (:class:`StateTab`: a code for the address, a label, the states it
holds; the first tab, with no states, is “all”); :func:`filter_by_state` counts every tab in one query
(a GROUP BY over the rows the user may see) and narrows the queryset to the chosen tab. An unknown
``?state=`` falls back to the first tab, so a stale link still shows a list. The tabs keep the page's
other parameters but drop the keyset cursors: a new filter starts at the first page. Rendered by
core/_state_filter.html.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import QueryDict

from kaopu.core.pagination import query_with


@dataclass(frozen=True)
class StateTab:
    code: str
    label: Any
    states: tuple[str, ...] = ()  # empty: every state


@dataclass(frozen=True)
class ShownTab:
    code: str
    label: str
    count: int
    active: bool
    query: str

    # What the platform's one tab bar (core/_tabs.html, kaopu.core.tabs) reads.
    @property
    def url(self) -> str:
        return f"?{self.query}"

    @property
    def id(self) -> str:
        return f"state-{self.code or 'all'}"


def filter_by_state(queryset: QuerySet[Any], tabs: list[StateTab], params: QueryDict, *, field: str = "state",
                    param: str = "state") -> tuple[QuerySet[Any], list[ShownTab]]:
    """The queryset narrowed to the chosen tab, and every tab with its count (one query)."""
    counts = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    chosen = next((tab for tab in tabs if tab.code == params.get(param)), tabs[0])
    shown = [ShownTab(tab.code, str(tab.label),
                      sum(n for state, n in counts.items() if not tab.states or state in tab.states),
                      tab is chosen,
                      query_with(params, **{param: tab.code if tab is not tabs[0] else None}, after=None, before=None))
             for tab in tabs]
    if chosen.states:
        queryset = queryset.filter(**{f"{field}__in": chosen.states})
    return queryset, shown
