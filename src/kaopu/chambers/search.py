"""Chambers in the platform search: by name, through the access rule (staff and leaders their district's
chambers, a chamber officer only their own). "More" opens the chamber list filtered by the same text."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.chambers import selectors
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles


def chamber_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    found = selectors.matching(selectors.chambers(user), query).order_by("name", "id")[:limit]
    return [SearchHit(text=chamber.name, url=reverse("chambers:chamber_detail", args=[chamber.pk]),
                      detail=" · ".join(filter(None, [chamber.get_kind_display(), chamber.secretary_general])))
            for chamber in found]


def _more(user: Any, query: str) -> str:
    if user.role == Role.CHAMBER_OFFICER:
        return ""
    return list_url("chambers:chamber_list", query)


registry.add_search(SearchProvider(
    key="chambers.chambers", label=pgettext_lazy("search kind", "Chambers of commerce"),
    roles=roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.CHAMBER_OFFICER),
    search=chamber_hits, more_url=_more, order=70))
