"""The JSON API of finance (mounted under /api/v1/ by kaopu.api): /finance/demands, /finance/pushes,
/finance/products.

Thin like kaopu.dialogues.api: kaopu.core.access decides what a caller sees (404 for anything else,
the same answer as for an id that does not exist), kaopu.finance.actions make every change. Status
codes:

- 401 without a valid token or session;
- 403 when the caller's role may never make this request (a leader pushing, a bank submitting);
- 404 for a demand or push the caller may not see (another enterprise's, another bank's);
- 409 for what the demand's or push's state refuses now (already granted, claimed by a colleague,
  withdrawn), with the actions' message;
- 422 for invalid input, with the field named (the actions' FinanceError.field).

Amounts and rates are strings of a Decimal in both directions, never floats.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.api_errors import ApiError, refuse_nul_characters
from kaopu.core.pagination import keyset_page
from kaopu.directory.models import Enterprise
from kaopu.finance import actions
from kaopu.finance.models import DemandEvent, DemandPush, FinancingDemand, LoanProduct
from kaopu.finance.permissions import contact_phone_for
from kaopu.finance.schemas import (
    MAX_ID,
    BankPushOut,
    ContactIn,
    DeclineIn,
    DemandDetailOut,
    DemandIn,
    DemandPage,
    DemandQuery,
    Error,
    GrantIn,
    ProductPage,
    ProductQuery,
    PushIn,
    PushPage,
    PushQuery,
    WithdrawIn,
    demand_detail_out,
    demand_out,
    product_out,
    push_out,
)
from kaopu.finance.views_common import record_contact_viewing

router = Router(tags=["finance"])

_READ_ERRORS: dict[int, Any] = {401: Error, 404: Error, 422: Error}
_WRITE_ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _id(what: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=f"The {what}'s id.")


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal naming a field is bad input (422, the field named); any other is a conflict with the
    state of the demand or push (409)."""
    try:
        yield
    except actions.FinanceError as error:
        if error.field:
            errors = error.errors  # every wrong field at once (actions.InvalidFields), each named
            detail = errors[0].message if len(errors) == 1 else _("The input is invalid; see the errors of each "
                                                                   "field.")
            raise ApiError(422, detail, [{"field": each.field or None, "message": each.message} for each in errors]
                           ) from error
        raise ApiError(409, error.message) from error


def _require_role(user: Any, *roles: str) -> None:
    if user.role not in roles:
        raise PermissionDenied(_("Your role may not do this."))


def _demand_detail(user: Any, demand_id: int, *, reading: HttpRequest | None = None) -> dict[str, Any]:
    """The demand's detail; ``reading`` (the GET's request) records who read the contact's phone."""
    demand = access.get_object_for_user(user, FinancingDemand.objects.select_related("enterprise"), demand_id)
    if reading is not None:
        record_contact_viewing(reading, demand)
    pushes = list(access.scope(user, DemandPush).filter(demand=demand).select_related("bank", "product")
                  .order_by("id"))
    events = list(access.scope(user, DemandEvent).filter(demand=demand).select_related("push__bank").order_by("id"))
    return {**demand_detail_out(demand, pushes, events), "contact_phone": contact_phone_for(user, demand)}


def _push_detail(user: Any, push_id: int) -> dict[str, Any]:
    push = access.get_object_for_user(user, DemandPush.objects.select_related("bank", "product"), push_id)
    return {**push_out(push), "demand": _demand_detail(user, push.demand_id)}


# --- Demands ----------------------------------------------------------------------------------------------------

@router.get("/finance/demands", response={200: DemandPage, **_READ_ERRORS}, operation_id="list_financing_demands",
            summary="List financing demands")
def list_demands(request: HttpRequest, query: Query[DemandQuery]) -> dict[str, Any]:
    """The demands the caller may see, newest first: FIC staff and leaders their district's, an
    enterprise its own, a bank officer those pushed to their bank. Keyset pages: pass `next` as `after`."""
    user = request.auth  # type: ignore[attr-defined]
    demands = access.scope(user, FinancingDemand).select_related("enterprise")
    if query.state:
        demands = demands.filter(state=query.state)
    page = keyset_page(demands, after=query.after, before=query.before, size=query.limit)
    return {"items": [demand_out(demand) for demand in page.items], "next": page.next_cursor,
            "previous": page.previous_cursor}


@router.get("/finance/demands/{demand_id}", response={200: DemandDetailOut, **_READ_ERRORS},
            operation_id="get_financing_demand", summary="One financing demand")
def get_demand(request: HttpRequest, demand_id: int = _id("demand")) -> dict[str, Any]:
    """The demand with the pushes and timeline events the caller may see (an enterprise: no internal
    event; a bank officer: only their own bank's push)."""
    return _demand_detail(request.auth, demand_id, reading=request)  # type: ignore[attr-defined]


@router.post("/finance/demands", response={201: DemandDetailOut, **_WRITE_ERRORS},
             operation_id="submit_financing_demand", summary="Submit a financing demand")
def submit_demand(request: HttpRequest, payload: DemandIn) -> Status:
    """An enterprise user asks for its own enterprise; FIC staff for an enterprise of their district
    (`enterprise_id`)."""
    user = request.auth  # type: ignore[attr-defined]
    _require_role(user, Role.ENTERPRISE_USER, Role.FIC_STAFF)
    data = payload.dict()
    refuse_nul_characters(data)
    if user.role == Role.FIC_STAFF:
        if payload.enterprise_id is None:  # said together with every other wrong field
            missing = actions.FinanceError(_("“enterprise_id” is required."), "enterprise_id")
            try:
                actions.clean_demand(data)
            except actions.FinanceError as error:
                missing = actions.InvalidFields([missing, *error.errors])
            with _refusals():
                raise missing
        enterprise = access.get_object_for_user(user, Enterprise, payload.enterprise_id)
    else:
        enterprise = Enterprise.objects.filter(pk=user.enterprise_id).first()
        if enterprise is None:
            raise PermissionDenied(_("Your role may not do this."))
    with _refusals():
        demand = actions.submit_demand(enterprise=enterprise, acting_user=user, data=data)
    return Status(201, _demand_detail(user, demand.pk))


@router.post("/finance/demands/{demand_id}/withdraw", response={200: DemandDetailOut, **_WRITE_ERRORS},
             operation_id="withdraw_financing_demand", summary="Withdraw a financing demand")
def withdraw_demand(request: HttpRequest, payload: WithdrawIn, demand_id: int = _id("demand")) -> dict[str, Any]:
    """The enterprise (or FIC staff, with a reason) withdraws a demand not yet granted."""
    user = request.auth  # type: ignore[attr-defined]
    access.get_object_for_user(user, FinancingDemand, demand_id)  # 404 before 403
    _require_role(user, Role.ENTERPRISE_USER, Role.FIC_STAFF)
    refuse_nul_characters(payload.dict())
    with _refusals():
        actions.withdraw_demand(acting_user=user, demand_id=demand_id, reason=payload.reason)
    return _demand_detail(user, demand_id)


@router.post("/finance/demands/{demand_id}/consent", response={200: DemandDetailOut, **_WRITE_ERRORS},
             operation_id="consent_financing_demand", summary="Consent to share a demand with the banks")
def consent(request: HttpRequest, demand_id: int = _id("demand")) -> dict[str, Any]:
    """The enterprise agrees that the FIC passes a demand it submitted without consent (not yet with any
    bank), its registration facts and the contact to the alliance banks. Giving it twice changes nothing."""
    user = request.auth  # type: ignore[attr-defined]
    access.get_object_for_user(user, FinancingDemand, demand_id)  # 404 before 403
    _require_role(user, Role.ENTERPRISE_USER)
    with _refusals():
        actions.give_consent(acting_user=user, demand_id=demand_id)
    return _demand_detail(user, demand_id)


@router.post("/finance/demands/{demand_id}/push", response={200: DemandDetailOut, **_WRITE_ERRORS},
             operation_id="push_financing_demand", summary="Push a demand to banks")
def push_demand(request: HttpRequest, payload: PushIn, demand_id: int = _id("demand")) -> dict[str, Any]:
    """FIC staff send the demand to one or more active alliance banks (each once)."""
    user = request.auth  # type: ignore[attr-defined]
    access.get_object_for_user(user, FinancingDemand, demand_id)
    _require_role(user, Role.FIC_STAFF)
    refuse_nul_characters(payload.dict())
    with _refusals():
        actions.push_demand(acting_user=user, demand_id=demand_id, banks=payload.banks, note=payload.note)
    return _demand_detail(user, demand_id)


# --- A bank's pushes ----------------------------------------------------------------------------------------------

@router.get("/finance/pushes", response={200: PushPage, **_READ_ERRORS}, operation_id="list_demand_pushes",
            summary="List pushes to banks")
def list_pushes(request: HttpRequest, query: Query[PushQuery]) -> dict[str, Any]:
    """A bank officer: their bank's pushes; FIC staff and leaders: their district's. Newest first."""
    user = request.auth  # type: ignore[attr-defined]
    pushes = access.scope(user, DemandPush).select_related("bank", "product")
    if query.state:
        pushes = pushes.filter(state=query.state)
    page = keyset_page(pushes, after=query.after, before=query.before, size=query.limit)
    return {"items": [push_out(push) for push in page.items], "next": page.next_cursor,
            "previous": page.previous_cursor}


@router.get("/finance/pushes/{push_id}", response={200: BankPushOut, **_READ_ERRORS},
            operation_id="get_demand_push", summary="One push, with its demand")
def get_push(request: HttpRequest, push_id: int = _id("push")) -> dict[str, Any]:
    return _push_detail(request.auth, push_id)  # type: ignore[attr-defined]


def _bank_step(request: HttpRequest, push_id: int, step: Any, **arguments: Any) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    access.get_object_for_user(user, DemandPush, push_id)  # 404 before 403
    _require_role(user, Role.BANK_OFFICER)
    refuse_nul_characters({name: value for name, value in arguments.items() if isinstance(value, str)})
    with _refusals():
        step(acting_user=user, push_id=push_id, **arguments)
    return _push_detail(user, push_id)


@router.post("/finance/pushes/{push_id}/claim", response={200: BankPushOut, **_WRITE_ERRORS},
             operation_id="claim_demand_push", summary="Claim a demand pushed to your bank")
def claim(request: HttpRequest, push_id: int = _id("push")) -> dict[str, Any]:
    return _bank_step(request, push_id, actions.claim)


@router.post("/finance/pushes/{push_id}/contact", response={200: BankPushOut, **_WRITE_ERRORS},
             operation_id="record_demand_contact", summary="Record a contact with the enterprise")
def contact(request: HttpRequest, payload: ContactIn, push_id: int = _id("push")) -> dict[str, Any]:
    return _bank_step(request, push_id, actions.record_contact, note=payload.note)


@router.post("/finance/pushes/{push_id}/grant", response={200: BankPushOut, **_WRITE_ERRORS},
             operation_id="grant_demand_push", summary="Record a grant")
def grant(request: HttpRequest, payload: GrantIn, push_id: int = _id("push")) -> dict[str, Any]:
    """Amount (万元) and rate (%) as strings of a Decimal, the term in months, the date (today when
    left out; never in the future), optionally one of the bank's products."""
    return _bank_step(request, push_id, actions.grant, amount=payload.amount, rate=payload.rate,
                      term_months=payload.term_months, granted_on=payload.granted_on, product_id=payload.product_id)


@router.post("/finance/pushes/{push_id}/decline", response={200: BankPushOut, **_WRITE_ERRORS},
             operation_id="decline_demand_push", summary="Decline a demand")
def decline(request: HttpRequest, payload: DeclineIn, push_id: int = _id("push")) -> dict[str, Any]:
    return _bank_step(request, push_id, actions.decline, reason=payload.reason, note=payload.note)


# --- Products -------------------------------------------------------------------------------------------------------

@router.get("/finance/products", response={200: ProductPage, **_READ_ERRORS}, operation_id="list_loan_products",
            summary="List loan products")
def list_products(request: HttpRequest, query: Query[ProductQuery]) -> dict[str, Any]:
    """Staff and leaders: the alliance's products; a bank officer: their bank's; an enterprise: the
    active products of its district's active banks."""
    user = request.auth  # type: ignore[attr-defined]
    products = access.scope(user, LoanProduct).select_related("bank")
    if query.bank:
        products = products.filter(bank_id=query.bank)
    if query.kind:
        products = products.filter(kind=query.kind)
    if query.active is not None:
        products = products.filter(is_active=query.active)
    page = keyset_page(products, after=query.after, before=query.before, size=query.limit)
    return {"items": [product_out(product) for product in page.items], "next": page.next_cursor,
            "previous": page.previous_cursor}
