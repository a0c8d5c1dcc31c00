"""Financing demands in the platform search: by enterprise name or words of what the money is for, with
the demand lists' own matching (selectors.search_demands), newest first, through the access rule: staff
and leaders their district's demands, an enterprise its own, a bank officer only the demands pushed to
their bank (read through the bank's push rows, whose pages the officer opens).

"More" opens the staff's list or the enterprise's list filtered by the same text; the bank's work list is
split by the state of its pushes, so a bank officer's hits come without a "more" link.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.selectors import search_demands

DEMAND_COLUMNS = ("id", "amount", "purpose", "state", "enterprise__name")


def _hit(demand: FinancingDemand, url: str) -> SearchHit:
    amount = f"{demand.amount.normalize():f}"  # 500, 12.5: no trailing zeros, never 5E+2
    amount = pgettext("search hit", "%(amount)s 10k yuan") % {"amount": amount}
    return SearchHit(text=f"{demand.enterprise.name} {amount}", url=url,
                     detail=f"{demand.get_purpose_display()} · {demand.get_state_display()}")


def demand_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    if user.role == Role.BANK_OFFICER:
        pushes = access.scope(user, DemandPush.objects.select_related("demand__enterprise").only(
            "id", *(f"demand__{column}" for column in DEMAND_COLUMNS)))
        return [_hit(push.demand, reverse("finance:bank_demand", args=[push.pk]))
                for push in search_demands(pushes, query, prefix="demand__").order_by("-id")[:limit]]
    page = "finance:my_demand" if user.role == Role.ENTERPRISE_USER else "finance:demand_detail"
    demands = access.scope(user, FinancingDemand.objects.select_related("enterprise").only(*DEMAND_COLUMNS))
    return [_hit(demand, reverse(page, args=[demand.pk]))
            for demand in search_demands(demands, query).order_by("-id")[:limit]]


def demands_more(user: Any, query: str) -> str:
    if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
        return list_url("finance:demand_list", query)
    if user.role == Role.ENTERPRISE_USER:
        return list_url("finance:my_demands", query)
    return ""


registry.add_search(SearchProvider(
    key="finance.demands", label=pgettext_lazy("search kind", "Financing demands"),
    roles=roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.ENTERPRISE_USER, Role.BANK_OFFICER),
    search=demand_hits, more_url=demands_more, order=50))
