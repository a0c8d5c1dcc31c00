"""Reads the finance pages, the start pages (finance.workbench) and the platform search (search.py)
share, always narrowed to what the user may see (kaopu.core.access): the staff's list of demands with
its filters and search box, the enterprise's demands that wait for its consent, and the bank officer's
worklist. A count on a start page and the list its link opens read the same function here, so they
cannot disagree; the list, the enterprise's list and the search find the same rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from kaopu.core import access
from kaopu.core.searching import clean_query
from kaopu.finance.forms import AMOUNT_BANDS
from kaopu.finance.models import DemandPush, FinancingDemand

D = FinancingDemand.State
P = DemandPush.State


def filtered_demands(user: Any, filters: dict[str, Any]) -> QuerySet[FinancingDemand]:
    """The demands the user may see, narrowed by the list's filters (each one served by an index of
    FinancingDemand or DemandPush)."""
    demands = search_demands(access.scope(user, FinancingDemand).select_related("enterprise", "industry"),
                             filters.get("q"))
    if filters.get("state"):
        demands = demands.filter(state=filters["state"])
    if filters.get("bank"):
        demands = demands.filter(Exists(DemandPush.objects.filter(demand=OuterRef("pk"), bank_id=filters["bank"])))
    if filters.get("industry"):
        demands = demands.filter(industry_id=filters["industry"])
    if filters.get("urgency"):
        demands = demands.filter(urgency=filters["urgency"])
    for code, _label, low, high in AMOUNT_BANDS:
        if filters.get("amount") == code:
            if low is not None:
                demands = demands.filter(amount__gt=low)
            if high is not None:
                demands = demands.filter(amount__lte=high)
    return demands


def waiting_for_consent(demands: QuerySet[FinancingDemand]) -> QuerySet[FinancingDemand]:
    """The demands no bank may see yet: submitted without the enterprise's consent to share its data
    (kaopu.finance.actions.push_demand refuses them; consent is given only before a push)."""
    return demands.filter(state=D.SUBMITTED, consent_to_share=False)


def needs_consent(demand: FinancingDemand) -> bool:
    """Whether one demand is among :func:`waiting_for_consent`'s (for a row already read)."""
    return demand.state == D.SUBMITTED and not demand.consent_to_share


# The bank officer's worklist tabs: name → (label, states). "mine" is narrowed to the officer's own claims.
WORKLIST_TABS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "claim": (gettext_lazy("To claim"), (P.PUSHED,)),
    "mine": (gettext_lazy("Mine in progress"), (P.CLAIMED, P.CONTACTED)),
    "granted": (gettext_lazy("Granted"), (P.GRANTED,)),
    "declined": (gettext_lazy("Declined or withdrawn"), (P.DECLINED, P.WITHDRAWN)),
}


def worklist(user: Any, tab: str) -> QuerySet[DemandPush]:
    """The pushes of the officer's bank in one tab of the worklist (index push_bank_state_id)."""
    pushes = access.scope(user, DemandPush).filter(state__in=WORKLIST_TABS[tab][1])
    if tab == "mine":
        pushes = pushes.filter(claimed_by=user)
    return pushes


def search_condition(query: str, prefix: str = "") -> Q:
    """A demand by its enterprise's name or by words of what the money is for (``prefix`` "demand__" when
    searching the pushes of a bank)."""
    return Q(**{f"{prefix}enterprise__name__contains": query}) | Q(**{f"{prefix}purpose_detail__contains": query})


def search_demands(queryset: QuerySet[Any], raw_query: str | None, prefix: str = "") -> QuerySet[Any]:
    """The rows matching a search box's text, or all of them for an empty one."""
    query = clean_query(raw_query)
    return queryset.filter(search_condition(query, prefix)) if query else queryset
