"""Input and output of the finance API (kaopu.finance.api).

Money never passes through a float: amounts (万元) and rates (% a year) are strings of a Decimal in
both directions ("300.0000", "3.45"); the actions parse the input (full-width digits and "1,000"
accepted) and refuse a bad one naming the field.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from kaopu.directory.schemas import DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE_SIZE, Error, ErrorItem
from kaopu.finance.models import DemandEvent, DemandPush, FinancingDemand, LoanProduct

__all__ = ["Error", "ErrorItem"]

DemandStateChoice = Literal[tuple(FinancingDemand.State.values)]  # type: ignore[valid-type]
PushStateChoice = Literal[tuple(DemandPush.State.values)]  # type: ignore[valid-type]
KindChoice = Literal[tuple(LoanProduct.Kind.values)]  # type: ignore[valid-type]


# A number as text (or a whole number): a float would lose the yuan.
Number = Annotated[str, StringConstraints(max_length=30)] | int


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


class PageQuery(Schema):
    after: int | None = Field(None, ge=1, le=MAX_ID, description="Rows after this cursor (a page's `next`).")
    before: int | None = Field(None, ge=1, le=MAX_ID, description="Rows before this cursor (a page's `previous`).")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size.")


class DemandQuery(PageQuery):
    state: DemandStateChoice | None = Field(None, description="Only demands in this state.")


class PushQuery(PageQuery):
    state: PushStateChoice | None = Field(None, description="Only pushes in this state.")


class ProductQuery(PageQuery):
    bank: int | None = Field(None, ge=1, le=MAX_ID, description="Only this bank's products.")
    kind: KindChoice | None = None
    active: bool | None = None


# --- Output ---------------------------------------------------------------------------------------------------

class PushOut(Schema):
    id: int
    bank_id: int
    bank: str
    state: str
    state_label: str
    pushed_at: datetime
    claimed_at: datetime | None
    contacted_at: datetime | None
    granted_amount: str | None = Field(description="万元, a Decimal as a string.")
    granted_rate: str | None = Field(description="% a year, a Decimal as a string.")
    granted_term_months: int | None
    granted_on: date | None
    product: str | None
    decline_reason: str
    decline_note: str


class DemandEventOut(Schema):
    kind: str
    label: str
    bank: str | None
    text: str
    at: datetime


class DemandOut(Schema):
    id: int
    enterprise_id: int
    enterprise: str
    amount: str = Field(description="万元, a Decimal as a string.")
    term_months: int
    purpose: str
    urgency: str
    state: str
    state_label: str
    consent_to_share: bool
    created_at: datetime
    granted_at: datetime | None


class DemandDetailOut(DemandOut):
    purpose_detail: str
    collateral: list[str]
    wants_policy_guarantee: bool
    contact_name: str
    contact_phone: str
    industry: str | None
    size: str
    withdrawn_reason: str
    pushes: list[PushOut]
    events: list[DemandEventOut]


class BankPushOut(PushOut):
    """A push as the bank's officer sees it: with the demand (pushed only with the enterprise's consent)."""

    demand: DemandDetailOut


class DemandPage(Schema):
    items: list[DemandOut]
    next: int | None
    previous: int | None


class PushPage(Schema):
    items: list[PushOut]
    next: int | None
    previous: int | None


class ProductOut(Schema):
    id: int
    bank_id: int
    bank: str
    name: str
    kind: str
    amount_min: str
    amount_max: str
    rate_min: str
    rate_max: str
    term_min_months: int
    term_max_months: int
    collateral: list[str]
    sizes: list[str]
    is_active: bool


class ProductPage(Schema):
    items: list[ProductOut]
    next: int | None
    previous: int | None


# --- Input ------------------------------------------------------------------------------------------------------

class DemandIn(Schema):
    """Only the JSON types are checked here: every rule (required, lengths, choices, amounts) is the
    action's (kaopu.finance.actions.clean_demand), which answers every wrong field in one 422, as the
    page's form does; a "required" or "too long" here would hide the other fields' errors until the
    next try."""

    enterprise_id: int | None = Field(None, ge=1, le=MAX_ID,
                                      description="FIC staff only: the enterprise the demand is for.")
    amount: Number | None = Field(None, description="万元 as a string (or a whole number), e.g. \"300\" or "
                                                    "\"12.5\"; never a float. Required.")
    term_months: Number | None = Field(None, description="Months, 1 to 360. Required.")
    purpose: str | None = Field(None, description="One of the purposes (working_capital, equipment …). Required.")
    purpose_detail: str | None = Field(None, description="What the money is for, at most 2000 characters. "
                                                         "Required.")
    collateral: list[str] = Field(default_factory=list, max_length=20)
    wants_policy_guarantee: bool = False
    urgency: str | None = Field(FinancingDemand.Urgency.NORMAL)
    consent_to_share: bool = Field(False, description="The enterprise agrees that the FIC passes the demand, its "
                                                      "registration facts and the contact to the alliance banks it "
                                                      "chooses. Without it no bank can see the demand.")
    contact_name: str | None = Field(None, description="At most 50 characters. Required.")
    contact_phone: str | None = Field(None, description="7 to 20 digits. Required.")


class WithdrawIn(Schema):
    reason: str = Field("", max_length=200)


class PushIn(Schema):
    banks: list[int] = Field(max_length=50, description="Ids of alliance banks.")
    note: str = Field("", max_length=300)


class ContactIn(Schema):
    note: str = Field(max_length=1000)


class GrantIn(Schema):
    amount: Number = Field(description="万元 as a string (or a whole number); never a float.")
    rate: Number = Field(description="% a year as a string, e.g. \"3.45\"; never a float.")
    term_months: Number
    granted_on: date | None = None
    product_id: int | None = Field(None, ge=1, le=MAX_ID)


class DeclineIn(Schema):
    reason: str = Field(max_length=12)
    note: str = Field("", max_length=2000)


# --- Converters ----------------------------------------------------------------------------------------------

def push_out(push: DemandPush) -> dict[str, Any]:
    return {
        "id": push.pk, "bank_id": push.bank_id, "bank": push.bank.name, "state": push.state,
        "state_label": str(DemandPush.State(push.state).label), "pushed_at": push.pushed_at,
        "claimed_at": push.claimed_at, "contacted_at": push.contacted_at, "granted_amount": money(push.granted_amount),
        "granted_rate": money(push.granted_rate), "granted_term_months": push.granted_term_months,
        "granted_on": push.granted_on, "product": push.product.name if push.product_id else None,
        "decline_reason": push.decline_reason, "decline_note": push.decline_note,
    }


def event_out(event: DemandEvent) -> dict[str, Any]:
    return {"kind": event.kind, "label": str(DemandEvent.Kind(event.kind).label),
            "bank": event.push.bank.name if event.push_id else None, "text": event.text, "at": event.created_at}


def demand_out(demand: FinancingDemand) -> dict[str, Any]:
    return {
        "id": demand.pk, "enterprise_id": demand.enterprise_id, "enterprise": demand.enterprise.name,
        "amount": money(demand.amount), "term_months": demand.term_months, "purpose": demand.purpose,
        "urgency": demand.urgency, "state": demand.state, "state_label": str(demand.get_state_display()),
        "consent_to_share": demand.consent_to_share, "created_at": demand.created_at, "granted_at": demand.granted_at,
    }


def demand_detail_out(demand: FinancingDemand, pushes: list[DemandPush], events: list[DemandEvent]
                      ) -> dict[str, Any]:
    return {
        **demand_out(demand), "purpose_detail": demand.purpose_detail, "collateral": list(demand.collateral or []),
        "wants_policy_guarantee": demand.wants_policy_guarantee, "contact_name": demand.contact_name,
        "contact_phone": demand.contact_phone, "industry": demand.industry_id, "size": demand.size,
        "withdrawn_reason": demand.withdrawn_reason,
        "pushes": [push_out(push) for push in pushes], "events": [event_out(event) for event in events],
    }


def product_out(product: LoanProduct) -> dict[str, Any]:
    return {
        "id": product.pk, "bank_id": product.bank_id, "bank": product.bank.name, "name": product.name,
        "kind": product.kind, "amount_min": money(product.amount_min), "amount_max": money(product.amount_max),
        "rate_min": money(product.rate_min), "rate_max": money(product.rate_max),
        "term_min_months": product.term_min_months, "term_max_months": product.term_max_months,
        "collateral": list(product.collateral or []), "sizes": list(product.sizes or []),
        "is_active": product.is_active,
    }
