"""Investment leads in the platform search: by name or investor, with the lead list's own matching
(selectors.matching), newest first, through the access rule (FIC staff and leaders, their district's
leads; no other role sees investment work). "More" opens the lead list filtered by the same text."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles
from kaopu.investment import selectors
from kaopu.investment.models import Lead


def lead_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    leads = access.scope(user, Lead.objects.only("id", "name", "investor", "stage"))
    return [SearchHit(text=lead.name, url=reverse("investment:lead_detail", args=[lead.pk]),
                      detail=" · ".join(filter(None, [lead.investor, lead.get_stage_display()])))
            for lead in selectors.matching(leads, query).order_by("-id")[:limit]]


registry.add_search(SearchProvider(
    key="investment.leads", label=pgettext_lazy("search kind", "Investment leads"),
    roles=roles(Role.FIC_STAFF, Role.DISTRICT_LEADER),
    search=lead_hits, more_url=lambda user, query: list_url("investment:lead_list", query), order=60))
