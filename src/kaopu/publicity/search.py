"""Articles in the platform search (staff and leaders): by title, newest first, through the access rule
(their district's articles in every state). "More" opens the staff's article list with the same q."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles
from kaopu.publicity import selectors_staff


def article_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    rows = selectors_staff.article_list(user, q=query).order_by("-id")[:limit]
    return [SearchHit(text=row.title, url=reverse("publicity:article_detail", args=[row.pk]),
                      detail=" · ".join([row.column.name, str(row.get_state_display())])) for row in rows]


registry.add_search(SearchProvider(
    key="publicity.articles", label=pgettext_lazy("search kind", "Articles"),
    roles=roles(Role.FIC_STAFF, Role.DISTRICT_LEADER), search=article_hits,
    more_url=lambda user, query: list_url("publicity:article_list", query), order=60))
