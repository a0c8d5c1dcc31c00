"""The products that fit a demand, and why (/finance/demands/<pk>/matches/).

Whoever may see the demand sees its matches (kaopu.core.access: 404 otherwise), but a bank officer
only their own bank's products. Requested by htmx (the demand pages load it into themselves) the
answer is the fragment finance/_matches.html; opened directly, a full page around it. Matching runs
live against the active products (kept per process until a product, bank or scheme changes:
kaopu.finance.matching.cached_products), so the page never shows a stale stored match; at most
MAX_FITS products that fit and MAX_NEAR near misses are drawn.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaopu.accounts.roles import Role
from kaopu.core.access import get_object_for_user
from kaopu.finance.matching import Match, match_demand, wan
from kaopu.finance.models import Bank, FinancingDemand, LoanProduct

MAX_FITS = 20
MAX_NEAR = 10


def _row(match: Match) -> dict[str, Any]:
    product = match.product
    return {
        "match": match,
        "product": product,
        "kind": LoanProduct.Kind(product.kind).label if product.kind in LoanProduct.Kind.values else product.kind,
        "amounts": f"{wan(product.amount_min)}–{wan(product.amount_max)}",
        "rates": f"{product.rate_min}%–{product.rate_max}%",
        "terms": f"{product.term_min_months}–{product.term_max_months}",
    }


def matches_context(user: Any, demand: FinancingDemand) -> dict[str, Any]:
    """What finance/_matches.html needs, for a demand ``user`` may see (the caller checked)."""
    bank_ids = None
    if user.role == Role.BANK_OFFICER:
        bank_ids = list(Bank.objects.filter(organisation_id=user.organisation_id).values_list("pk", flat=True))
    matches = match_demand(demand, bank_ids=bank_ids, cached=True)
    fits = [m for m in matches if m.fits]
    near = [m for m in matches if not m.fits]
    return {
        "demand": demand,
        "demand_amount": wan(demand.amount),
        "fits": [_row(m) for m in fits[:MAX_FITS]],
        "near": [_row(m) for m in near[:MAX_NEAR]],
        "fits_count": len(fits), "near_count": len(near),
        "more_fits": max(len(fits) - MAX_FITS, 0), "more_near": max(len(near) - MAX_NEAR, 0),
        "own_bank_only": bank_ids is not None,
    }


@login_required
def demand_matches(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_object_for_user(request.user, FinancingDemand.objects.select_related("industry", "enterprise"), pk)
    context = matches_context(request.user, demand)
    htmx = getattr(request, "htmx", None)
    template = "finance/_matches.html" if htmx and not htmx.boosted else "finance/matches_page.html"
    return render(request, template, context)
