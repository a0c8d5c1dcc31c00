"""The FIC staff's finance pages (政会银企): the demands, pushing them to banks, the alliance's banks
and the policy schemes. District leaders read the same pages without buttons; every other role
gets 404, as for a demand of another district.

Thin, like kaopu.dialogues.views_staff: authorize, parse, call one action (kaopu.finance.actions,
kaopu.finance.alliance), render. A refusal comes back on the form's field, in Chinese, never a 500.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.pagination import page_from_query
from kaopu.finance import actions, alliance
from kaopu.finance.forms import (
    AMOUNT_BANDS,
    BankContactForm,
    BankForm,
    DemandFilterForm,
    PushForm,
    SchemeForm,
    StaffDemandForm,
    WithdrawForm,
)
from kaopu.finance.models import Bank, DemandMatch, DemandPush, FinancingDemand, LoanProduct, PolicyScheme
from kaopu.finance.permissions import contact_phone_for
from kaopu.finance.selectors import search_demands
from kaopu.finance.views_common import (
    DEMAND_BADGES,
    alliance_bank_names,
    attach_pushes,
    attempt,
    demand_pushes,
    form_status,
    label_collateral,
    mark_demands,
    page_links,
    record_contact_viewing,
    timeline,
    url_or_empty,
)

PAGE_SIZE = 30
# The states in which staff may push a demand on or withdraw it (kaopu.finance.actions decides again).
PUSHABLE = (FinancingDemand.State.SUBMITTED, FinancingDemand.State.PUSHED, FinancingDemand.State.UNMET)


# --- Demands ------------------------------------------------------------------------------------------------

def filtered_demands(user: Any, filters: dict[str, Any]) -> Any:
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


@staff_and_leaders
def demand_list(request: HttpRequest) -> HttpResponse:
    form = DemandFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    page = page_from_query(filtered_demands(request.user, filters), request.GET, size=PAGE_SIZE)
    mark_demands(page.items)
    attach_pushes(request.user, page.items)
    return render(request, "finance/staff_list.html", {
        "form": form, "is_staff": request.user.role == Role.FIC_STAFF,
        "figures_url": url_or_empty("finance:figures"), **page_links(request, page)})


def _demand(request: HttpRequest, pk: int) -> FinancingDemand:
    queryset = FinancingDemand.objects.select_related(
        "enterprise__industry", "enterprise__subdistrict", "industry", "submitted_by")
    return access.get_object_for_user(request.user, queryset, pk)


# Staff push a demand to a few banks at a time; the banks of the best-fitting products are ticked.
PRETICKED_BANKS = 3


def _push_choices(user: Any, demand: FinancingDemand,
                  pushes: list[DemandPush]) -> tuple[list[Bank], list[str], int]:
    """The active banks the demand is not yet pushed to, the (at most PRETICKED_BANKS) ones whose
    products fit it best (pre-ticked), and how many of them have a product that fits."""
    pushed = {push.bank_id for push in pushes}
    banks = [bank for bank in access.scope(user, Bank).filter(district_id=demand.district_id, is_active=True)
             if bank.pk not in pushed]
    available = {bank.pk for bank in banks}
    ranked = DemandMatch.objects.filter(demand=demand).order_by("rank").values_list("product__bank_id", flat=True)
    fitting = [pk for pk in dict.fromkeys(ranked) if pk in available]  # each bank at its best product's rank
    return banks, [str(pk) for pk in fitting[:PRETICKED_BANKS]], len(fitting)


def render_demand(request: HttpRequest, demand: FinancingDemand, *, push_form: PushForm | None = None,
                  withdraw_form: WithdrawForm | None = None, status: int = 200) -> HttpResponse:
    label_collateral(demand)
    record_contact_viewing(request, demand)
    demand.shown_phone = contact_phone_for(request.user, demand)
    is_staff = request.user.role == Role.FIC_STAFF
    pushes = demand_pushes(request.user, demand)
    banks, ticked, fitting = _push_choices(request.user, demand, pushes) if is_staff else ([], [], 0)
    can_push = is_staff and demand.state in PUSHABLE
    return render(request, "finance/staff_detail.html", {
        "demand": demand, "badge": DEMAND_BADGES.get(demand.state, ""), "is_staff": is_staff,
        "pushes": pushes, "events": timeline(request.user, demand),
        "push_form": push_form or PushForm(banks=banks, initial={"banks": ticked}),
        "can_push": can_push and bool(banks) and demand.consent_to_share,
        "ticked_banks": len(ticked), "fitting_banks": fitting,
        "can_withdraw": is_staff and demand.state in PUSHABLE,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "matches_url": url_or_empty("finance:demand_matches", demand.pk),
    }, status=status)


@staff_and_leaders
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_demand(request, _demand(request, pk))


@require_POST
@staff_only
def demand_push(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    pushes = demand_pushes(request.user, demand)
    banks, _ticked, _fitting = _push_choices(request.user, demand, pushes)
    form = PushForm(request.POST, banks=banks)
    form.is_valid()  # unknown banks: the action names them
    # Ids as numbers: the action compares them with the banks' primary keys (junk becomes 0: "no bank 0").
    chosen = [int(value) if value.isdigit() and len(value) < 18 else 0 for value in request.POST.getlist("banks")]
    note = form.cleaned_data.get("note", "") if hasattr(form, "cleaned_data") else ""
    form.errors.pop("banks", None)
    if attempt(request, lambda: actions.push_demand(acting_user=request.user, demand_id=demand.pk, banks=chosen,
                                                    note=note),
               _("The demand was pushed to the banks."), form):
        return redirect("finance:demand_detail", pk=demand.pk)
    return render_demand(request, _demand(request, pk), push_form=form, status=422)


@require_POST
@staff_only
def demand_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    demand = _demand(request, pk)
    form = WithdrawForm(request.POST)
    form.is_valid()
    if attempt(request, lambda: actions.withdraw_demand(acting_user=request.user, demand_id=demand.pk,
                                                        reason=request.POST.get("reason", "")),
               _("The demand was withdrawn."), form):
        return redirect("finance:demand_detail", pk=demand.pk)
    return render_demand(request, demand, withdraw_form=form, status=422)


@staff_only
def demand_new(request: HttpRequest) -> HttpResponse:
    """Staff enter a demand for an enterprise (from a visit, the hotline or a breakfast meeting)."""
    form = StaffDemandForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[FinancingDemand] = []
        if attempt(request, lambda: created.append(actions.submit_demand(
                enterprise=data["enterprise"], acting_user=request.user, data=data)),
                _("The demand was recorded: push it to the banks that fit."), form):
            return redirect("finance:demand_detail", pk=created[0].pk)
    return render(request, "finance/demand_form.html", {
        "form": form, "staff": True, "demand": None, "banks": alliance_bank_names(request.user)},
        status=form_status(request, form))


# --- Banks of the alliance -----------------------------------------------------------------------------------

@staff_and_leaders
def bank_list(request: HttpRequest) -> HttpResponse:
    """The alliance's banks (seventeen or so: one page, no pager), with their counts in two queries."""
    banks = list(access.scope(request.user, Bank).annotate(
        products_active=Count("products", filter=Q(products__is_active=True), distinct=True)))
    counts: dict[int, dict[str, int]] = {}
    pushes = access.scope(request.user, DemandPush).filter(bank__in=[bank.pk for bank in banks])
    for bank_id, state, n in pushes.values_list("bank_id", "state").annotate(n=Count("id")).order_by():
        counts.setdefault(bank_id, {})[state] = n
    for bank in banks:
        states = counts.get(bank.pk, {})
        bank.pushed_total = sum(states.values())
        bank.granted_total = states.get(DemandPush.State.GRANTED, 0)
        bank.open_total = sum(states.get(s, 0) for s in actions.OPEN_PUSH)
    return render(request, "finance/bank_list.html", {"banks": banks, "is_staff": request.user.role == Role.FIC_STAFF})


def _bank(request: HttpRequest, pk: int, action: str = "view") -> Bank:
    return access.get_object_for_user(request.user, Bank.objects.select_related("organisation"), pk, action)


def render_bank(request: HttpRequest, bank: Bank, contact_form: BankContactForm | None = None,
                status: int = 200) -> HttpResponse:
    officers = User.objects.filter(organisation_id=bank.organisation_id, role=Role.BANK_OFFICER,
                                   is_active=True).order_by("name")
    states = dict(access.scope(request.user, DemandPush).filter(bank=bank).values_list("state").annotate(
        n=Count("id")).order_by())
    return render(request, "finance/bank_detail.html", {
        "bank": bank, "officers": list(officers), "contacts": list(bank.contacts.all()),
        "products": list(LoanProduct.objects.filter(bank=bank).order_by("-is_active", "name")),
        "counts": [(DemandPush.State(state).label, states.get(state, 0)) for state in DemandPush.State.values],
        "is_staff": request.user.role == Role.FIC_STAFF, "contact_form": contact_form or BankContactForm(),
    }, status=status)


@staff_and_leaders
def bank_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_bank(request, _bank(request, pk))


@staff_only
def bank_new(request: HttpRequest) -> HttpResponse:
    form = BankForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = Organisation.objects.filter(pk=data["organisation"]).first() if data.get(
            "organisation") else None
        created: list[Bank] = []
        if attempt(request, lambda: created.append(alliance.create_bank(
                acting_user=request.user, data=data, organisation=organisation)),
                _("The bank joined the alliance."), form):
            return redirect("finance:bank_detail", pk=created[0].pk)
    return render(request, "finance/bank_form.html", {"form": form, "bank": None},
                  status=form_status(request, form))


@staff_only
def bank_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank(request, pk, "change")
    form = BankForm(request.POST or None, user=request.user, editing=True, initial=BankForm.initial_of(bank))
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: alliance.update_bank(acting_user=request.user, bank_id=bank.pk, data=form.cleaned_data),
            _("The bank was saved."), form):
        return redirect("finance:bank_detail", pk=bank.pk)
    return render(request, "finance/bank_form.html", {"form": form, "bank": bank},
                  status=form_status(request, form))


@require_POST
@staff_only
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank(request, pk, "change")
    form = BankContactForm(request.POST)
    if form.is_valid() and attempt(
            request, lambda: alliance.add_contact(acting_user=request.user, bank_id=bank.pk, data=form.cleaned_data),
            _("The contact officer was added."), form):
        return redirect("finance:bank_detail", pk=bank.pk)
    return render_bank(request, bank, contact_form=form, status=422)


@require_POST
@staff_only
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    bank = alliance.remove_contact(acting_user=request.user, contact_id=pk)
    messages.success(request, _("The contact officer was removed."))
    return redirect("finance:bank_detail", pk=bank.pk)


# --- Policy schemes -----------------------------------------------------------------------------------------

@staff_only
def schemes(request: HttpRequest) -> HttpResponse:
    form = SchemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and attempt(
            request, lambda: alliance.add_scheme(acting_user=request.user, data=form.cleaned_data),
            _("The policy scheme was added."), form):
        return redirect("finance:schemes")
    rows = list(PolicyScheme.objects.annotate(n_products=Count("products")).order_by("-is_active", "sort_order",
                                                                                     "id"))
    return render(request, "finance/schemes.html", {"form": form, "schemes": rows},
                  status=form_status(request, form))


@require_POST
@staff_only
def scheme_rename(request: HttpRequest, pk: int) -> HttpResponse:
    form = SchemeForm(request.POST)
    if form.is_valid():
        try:
            alliance.rename_scheme(acting_user=request.user, scheme_id=pk, data=form.cleaned_data)
        except actions.FinanceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The policy scheme was saved."))
    return redirect("finance:schemes")


@require_POST
@staff_only
def scheme_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    alliance.set_scheme_active(acting_user=request.user, scheme_id=pk, active=active)
    messages.success(request, _("The policy scheme is in use again.") if active else
                     _("The policy scheme was retired: products keep it, matching ignores it."))
    return redirect("finance:schemes")
