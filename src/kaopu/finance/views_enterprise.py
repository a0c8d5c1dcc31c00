"""The enterprise's finance pages under /finance/my/: its demands, asking for money, following each
bank's answer, changing a demand no bank has seen, withdrawing; and the alliance's products.

An enterprise user sees its own enterprise's demands only (kaopu.finance.permissions): another
enterprise's demand is 404, like one that does not exist. Internal events and other people's
notes never show here; a bank's officer and grant are shown once the bank acts.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaopu.core import access
from kaopu.core.pagination import page_from_query
from kaopu.core.state_filter import StateTab, filter_by_state
from kaopu.finance import actions, matching, selectors
from kaopu.finance.forms import DemandForm, WithdrawForm
from kaopu.finance.models import FinancingDemand, LoanProduct
from kaopu.finance.selectors import search_demands
from kaopu.finance.views_common import (
    DEMAND_BADGES,
    alliance_bank_names,
    attach_pushes,
    attempt,
    demand_pushes,
    enterprise_only,
    form_status,
    label_collateral,
    mark_demands,
    page_links,
    timeline,
)

CHANGEABLE = (FinancingDemand.State.SUBMITTED,)
WITHDRAWABLE = (FinancingDemand.State.SUBMITTED, FinancingDemand.State.PUSHED, FinancingDemand.State.UNMET)
SHOWN_MATCHES = 8
D = FinancingDemand.State
# The list's state filter (kaopu.core.state_filter): every state of a demand, after “all”.
STATE_TABS = [StateTab("", gettext_lazy("All")),
              *(StateTab(value, label, (value,)) for value, label in FinancingDemand.State.choices)]


@enterprise_only
def my_demands(request: HttpRequest) -> HttpResponse:
    demands = search_demands(access.scope(request.user, FinancingDemand).filter(
        enterprise_id=request.user.enterprise_id), request.GET.get("q"))
    demands, tabs = filter_by_state(demands, STATE_TABS, request.GET)
    # ?consent=missing: only the demands no bank may see yet (the start page's to-do, finance.workbench).
    consent_missing = request.GET.get("consent") == "missing"
    if consent_missing:
        demands = selectors.waiting_for_consent(demands)
    page = page_from_query(demands, request.GET, size=20)
    mark_demands(page.items)
    attach_pushes(request.user, page.items)
    return render(request, "finance/my_list.html", {**page_links(request, page), "state_tabs": tabs,
                                                    "consent_missing": consent_missing})


def _own(request: HttpRequest, pk: int, action: str = "view") -> FinancingDemand:
    return access.get_object_for_user(request.user, FinancingDemand.objects.select_related("enterprise"), pk, action)


def _initial(request: HttpRequest) -> dict[str, str]:
    """The contact person of the enterprise's last demand, or the user."""
    last = FinancingDemand.objects.filter(enterprise_id=request.user.enterprise_id).order_by("-id").values(
        "contact_name", "contact_phone").first()
    return last or {"contact_name": request.user.name, "contact_phone": request.user.phone}


@enterprise_only
def my_demand_new(request: HttpRequest) -> HttpResponse:
    if not request.user.enterprise_id:
        raise Http404
    form = DemandForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        enterprise = request.user.organisation.enterprise
        created: list[FinancingDemand] = []
        if attempt(request, lambda: created.append(actions.submit_demand(
                enterprise=enterprise, acting_user=request.user, data=form.cleaned_data)),
                _("Your demand was sent to the FIC, which will pass it to the banks whose products fit."), form):
            return redirect(f"{_detail_url(created[0].pk)}?new=1")
    return render(request, "finance/demand_form.html", {
        "form": form, "staff": False, "demand": None, "banks": alliance_bank_names(request.user)},
        status=form_status(request, form))


def _detail_url(pk: int) -> str:
    return reverse("finance:my_demand", args=[pk])


def _fitting_products(demand: FinancingDemand) -> list[matching.Match]:
    """The products that fit (not the near misses: those are for staff to advise on)."""
    return [match for match in matching.match_demand(demand) if match.fits][:SHOWN_MATCHES]


def render_my_demand(request: HttpRequest, demand: FinancingDemand, withdraw_form: WithdrawForm | None = None,
                     status: int = 200) -> HttpResponse:
    label_collateral(demand)
    pushes = demand_pushes(request.user, demand)
    return render(request, "finance/my_detail.html", {
        "demand": demand, "badge": DEMAND_BADGES.get(demand.state, ""), "pushes": pushes,
        "events": timeline(request.user, demand),
        "matches": _fitting_products(demand) if demand.state == FinancingDemand.State.SUBMITTED else [],
        "is_new": request.GET.get("new") == "1",
        "can_edit": demand.state in CHANGEABLE, "can_withdraw": demand.state in WITHDRAWABLE,
        "needs_consent": not demand.consent_to_share and demand.state == FinancingDemand.State.SUBMITTED,
        "withdraw_form": withdraw_form or WithdrawForm(),
    }, status=status)


@enterprise_only
def my_demand(request: HttpRequest, pk: int) -> HttpResponse:
    return render_my_demand(request, _own(request, pk))


@enterprise_only
def my_demand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _own(request, pk, "change")
    form = DemandForm(request.POST or None, initial=DemandForm.initial_of(demand))
    if demand.state not in CHANGEABLE and request.method != "POST":
        return redirect("finance:my_demand", pk=demand.pk)
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: actions.update_demand(acting_user=request.user, demand_id=demand.pk,
                                                   data=form.cleaned_data),
            _("Your demand was saved."), form):
        return redirect("finance:my_demand", pk=demand.pk)
    return render(request, "finance/demand_form.html", {
        "form": form, "staff": False, "demand": demand, "banks": alliance_bank_names(request.user)},
        status=form_status(request, form))


@require_POST
@enterprise_only
def my_consent(request: HttpRequest, pk: int) -> HttpResponse:
    """The button on a demand no bank can see: give the consent to share now (an audited action)."""
    demand = _own(request, pk, "change")
    attempt(request, lambda: actions.give_consent(acting_user=request.user, demand_id=demand.pk),
            _("Thank you: the FIC can now pass your demand to the banks whose products fit."))
    return redirect("finance:my_demand", pk=demand.pk)


@require_POST
@enterprise_only
def my_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _own(request, pk, "change")
    form = WithdrawForm(request.POST)
    form.is_valid()
    if attempt(request, lambda: actions.withdraw_demand(acting_user=request.user, demand_id=demand.pk,
                                                        reason=request.POST.get("reason", "")),
               _("Your demand was withdrawn; the banks were told."), form):
        return redirect("finance:my_demand", pk=demand.pk)
    return render_my_demand(request, _own(request, pk), withdraw_form=form, status=422)


@enterprise_only
def products_browse(request: HttpRequest) -> HttpResponse:
    """The alliance's active products, by bank (a few dozen rows: one page)."""
    products = access.scope(request.user, LoanProduct).filter(is_active=True).select_related("bank").order_by(
        "bank__sort_order", "bank_id", "amount_min", "id")
    return render(request, "finance/products_browse.html", {"products": list(products[:300])})
