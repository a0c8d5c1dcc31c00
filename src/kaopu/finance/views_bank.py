"""The bank officer's finance pages under /finance/bank/: the worklist of their bank's pushes and one
push (the demand, the enterprise's contact, claim, contact record, grant or decline).

A bank officer reaches only their own bank's pushes (kaopu.finance.permissions): another bank's push,
or a demand not pushed to their bank, is 404. A demand is pushed only with the enterprise's consent
(kaopu.finance.actions.push_demand), so its contact may be shown to the bank.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.core import access
from kaopu.core.pagination import page_from_query
from kaopu.core.workdays import local_today
from kaopu.finance import actions, selectors
from kaopu.finance.forms import ContactForm, DeclineForm, GrantForm
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.views_common import (
    DEMAND_BADGES,
    PUSH_BADGES,
    attempt,
    label_collateral,
    mark_pushes,
    officer_only,
    page_links,
    record_contact_viewing,
    timeline,
)

P = DemandPush.State
TABS = selectors.WORKLIST_TABS


@officer_only
def worklist(request: HttpRequest) -> HttpResponse:
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "claim"
    pushes = selectors.worklist(request.user, tab).select_related(
        "demand__enterprise", "demand__industry", "bank", "claimed_by")
    page = page_from_query(pushes, request.GET, size=30)
    mark_pushes(page.items)
    return render(request, "finance/bank_worklist.html", {
        "tab": tab, "tabs": [(name, label) for name, (label, _states) in TABS.items()], **page_links(request, page)})


def _push(request: HttpRequest, pk: int) -> DemandPush:
    queryset = DemandPush.objects.select_related("bank", "claimed_by", "product", "demand__enterprise__industry",
                                                 "demand__enterprise__subdistrict", "demand__industry")
    return access.get_object_for_user(request.user, queryset, pk)


def render_push(request: HttpRequest, push: DemandPush, status: int = 200, **forms: Any) -> HttpResponse:
    demand: FinancingDemand = push.demand
    label_collateral(demand)
    record_contact_viewing(request, demand)
    mark_pushes([push])
    mine = push.claimed_by_id in (None, request.user.pk)
    return render(request, "finance/bank_push.html", {
        "push": push, "demand": demand, "badge": PUSH_BADGES.get(push.state, ""),
        "demand_badge": DEMAND_BADGES.get(demand.state, ""), "events": timeline(request.user, demand),
        "withdrawn": demand.state == FinancingDemand.State.WITHDRAWN,
        "can_claim": push.state == P.PUSHED and demand.state != FinancingDemand.State.WITHDRAWN,
        "can_act": mine and push.state in (P.CLAIMED, P.CONTACTED) and demand.state != FinancingDemand.State.WITHDRAWN,
        "can_decline": mine and push.state in actions.OPEN_PUSH and demand.state != FinancingDemand.State.WITHDRAWN,
        "contact_form": forms.get("contact_form") or ContactForm(),
        "grant_form": forms.get("grant_form") or GrantForm(bank=push.bank, initial={
            "amount": f"{demand.amount.normalize():f}", "term_months": demand.term_months,
            "granted_on": local_today()}),
        "decline_form": forms.get("decline_form") or DeclineForm(),
    }, status=status)


@officer_only
def push_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_push(request, _push(request, pk))


@require_POST
@officer_only
def push_claim(request: HttpRequest, pk: int) -> HttpResponse:
    push = _push(request, pk)
    attempt(request, lambda: actions.claim(acting_user=request.user, push_id=push.pk),
            _("You claimed the demand: contact the enterprise."))
    return redirect("finance:bank_demand", pk=push.pk)


@require_POST
@officer_only
def push_contact(request: HttpRequest, pk: int) -> HttpResponse:
    push = _push(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid() and attempt(
            request, lambda: actions.record_contact(acting_user=request.user, push_id=push.pk,
                                                    note=form.cleaned_data["note"]),
            _("The contact was recorded."), form):
        return redirect("finance:bank_demand", pk=push.pk)
    return render_push(request, _push(request, pk), status=422, contact_form=form)


@require_POST
@officer_only
def push_grant(request: HttpRequest, pk: int) -> HttpResponse:
    push = _push(request, pk)
    form = GrantForm(request.POST, bank=push.bank)
    if form.is_valid():
        data = form.cleaned_data
        if attempt(request, lambda: actions.grant(
                acting_user=request.user, push_id=push.pk, amount=data["amount"], rate=data["rate"],
                term_months=data["term_months"], granted_on=data["granted_on"], product_id=data["product"]),
                _("The grant was recorded; the enterprise and the FIC were told."), form):
            return redirect("finance:bank_demand", pk=push.pk)
    return render_push(request, _push(request, pk), status=422, grant_form=form)


@require_POST
@officer_only
def push_decline(request: HttpRequest, pk: int) -> HttpResponse:
    push = _push(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid() and attempt(
            request, lambda: actions.decline(acting_user=request.user, push_id=push.pk,
                                             reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]),
            _("The demand was declined; the enterprise and the FIC were told."), form):
        return redirect("finance:bank_demand", pk=push.pk)
    return render_push(request, _push(request, pk), status=422, decline_form=form)
