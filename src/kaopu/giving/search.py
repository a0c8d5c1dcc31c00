"""Giving in the platform search, for FIC staff and leaders (through the access rule: their district's):
honours by title or holder, donations by donor, recipient or project. The lists have no text filter, so
"more" leads to the honour list and the donation list unfiltered."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import roles
from kaopu.giving import selectors


def honour_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    """One bounded query."""
    found = selectors.honours(user).filter(
        Q(title__contains=query) | Q(enterprise__name__contains=query) | Q(chamber__name__contains=query)
        | Q(person_name__contains=query)).order_by("-year", "-id")[:limit]
    return [SearchHit(text=h.title, url=reverse("giving:honour_detail", args=[h.pk]),
                      detail=f"{h.holder} · {h.year} · {h.get_level_display()}") for h in found]


def donation_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    """One bounded query."""
    found = selectors.donations(user).filter(
        Q(recipient__contains=query) | Q(project__contains=query) | Q(enterprise__name__contains=query)
        | Q(chamber__name__contains=query) | Q(person_name__contains=query)).order_by("-id")[:limit]
    return [SearchHit(text=f"{d.donor} → {d.recipient}", url=reverse("giving:donation_detail", args=[d.pk]),
                      detail=f"{d.donated_on:%Y-%m-%d} · {d.category.name} · {d.get_state_display()}") for d in found]


registry.add_search(SearchProvider(
    key="giving.honours", label=pgettext_lazy("search kind", "Honours"),
    roles=roles(Role.FIC_STAFF, Role.DISTRICT_LEADER), search=honour_hits,
    more_url=lambda user, query: reverse("giving:honour_list"), order=90))
registry.add_search(SearchProvider(
    key="giving.donations", label=pgettext_lazy("search kind", "Donations"),
    roles=roles(Role.FIC_STAFF, Role.DISTRICT_LEADER), search=donation_hits,
    more_url=lambda user, query: reverse("giving:donation_list"), order=91))
