"""Input and output of the investment API (/api/v1/investment).

The input schemas say only types and sizes (422 before any query for a wrong type); the rules of
amounts, dates, stages and who may do what live in kaopu.investment.actions. Amounts are accepted as
JSON strings (“1,200.5”, full-width digits) or numbers and are returned as strings in 万元 with four
decimals, so no client ever reads them as floats.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from kaopu.directory.schemas import DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE_SIZE, Error, ErrorItem
from kaopu.investment.models import FollowUp, Lead, Partner, Visit

__all__ = ["Error", "ErrorItem"]

StageChoice = Literal[tuple(Lead.Stage.values)]  # type: ignore[valid-type]
KindChoice = Literal[tuple(Lead.Kind.values)]  # type: ignore[valid-type]
MethodChoice = Literal[tuple(FollowUp.Method.values)]  # type: ignore[valid-type]
MoveChoice = Literal["sign", "land", "terminate", "reopen"]
Amount = Decimal | str  # parsed by actions.parse_amount


class PageQuery(Schema):
    after: int | None = Field(None, ge=1, le=MAX_ID, description="Rows after this cursor (a page's `next`).")
    before: int | None = Field(None, ge=1, le=MAX_ID, description="Rows before this cursor (a page's `previous`).")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size.")


class LeadQuery(PageQuery):
    stage: StageChoice | None = None
    industry: str | None = Field(None, max_length=1, description="GB/T 4754 section code (A–T).")
    owner: int | None = Field(None, ge=1, le=MAX_ID, description="Owner's user id.")
    partner: int | None = Field(None, ge=1, le=MAX_ID, description="Source partner id.")
    mine: bool = Field(False, description="Only the caller's own leads.")


class LeadCreate(Schema):
    kind: KindChoice = "enterprise"
    name: str = Field(max_length=200)
    investor: str = Field("", max_length=200)
    industry: str = Field(max_length=1, description="GB/T 4754 section code (A–T).")
    description: str = Field("", max_length=5000)
    intended_amount: Amount = Field(description="In 10k yuan (万元), more than 0, at most 1,000,000, 4 decimals.")
    land_area_mu: Amount | None = None
    floor_area_m2: Amount | None = None
    space_note: str = Field("", max_length=300)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    source_visit: int | None = Field(None, ge=1, le=MAX_ID)
    source_partner: int | None = Field(None, ge=1, le=MAX_ID)
    owner: int | None = Field(None, ge=1, le=MAX_ID, description="An FIC staff member of the district; you by default.")


class FollowUpCreate(Schema):
    happened_on: date
    method: MethodChoice
    note: str = Field(max_length=3000)
    next_step: str = Field("", max_length=200)
    next_step_on: date | None = None


class MoveIn(Schema):
    move: MoveChoice
    amount: Amount | None = Field(None, description="sign: the signed amount; land: the landed amount (10k yuan).")
    on: date | None = Field(None, description="sign: the signing date; land: the landing date.")
    signed_amount: Amount | None = Field(None, description="land from negotiating: the signed amount too.")
    signed_on: date | None = None
    enterprise: int | None = Field(None, ge=1, le=MAX_ID, description="land: the registered directory enterprise.")
    reason: str = Field("", max_length=20, description="terminate: one of Lead.EndReason.")
    note: str = Field("", max_length=500)


class FigureQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4f}"


class LeadOut(Schema):
    id: int
    kind: str
    name: str
    investor: str
    industry: str
    stage: str
    stage_label: str
    intended_amount: str
    signed_amount: str | None
    signed_on: date | None
    landed_amount: str | None
    landed_on: date | None
    source_partner: int | None
    source_visit: int | None
    owner: int
    owner_name: str
    next_step: str
    next_step_on: date | None
    end_reason: str
    end_note: str


class FollowUpOut(Schema):
    id: int
    happened_on: date
    method: str
    note: str
    next_step: str
    next_step_on: date | None


class StageChangeOut(Schema):
    id: int
    from_stage: str
    to_stage: str
    amount: str | None
    happened_on: date
    note: str


class LeadDetailOut(LeadOut):
    description: str
    space_note: str
    landed_enterprise: int | None
    follow_ups: list[FollowUpOut]
    stage_changes: list[StageChangeOut]


class LeadPage(Schema):
    items: list[LeadOut]
    next: int | None
    previous: int | None


class PartnerOut(Schema):
    id: int
    name: str
    kind: str
    region: str
    agreement_on: date | None
    is_active: bool


class PartnerPage(Schema):
    items: list[PartnerOut]
    next: int | None
    previous: int | None


class VisitOut(Schema):
    id: int
    title: str
    direction: str
    visited_on: date
    partner: int | None
    place: str
    topics: str


class VisitPage(Schema):
    items: list[VisitOut]
    next: int | None
    previous: int | None


class StageFigure(Schema):
    stage: str
    label: str
    leads: int
    intended: str
    signed: str
    landed: str


class AmountFigure(Schema):
    key: str | None
    label: str
    leads: int
    amount: str


class ConversionFigure(Schema):
    partner: int | None
    label: str
    leads: int
    signed: int
    landed: int
    signed_rate: float | None
    landed_rate: float | None
    landed_amount: str


class FiguresOut(Schema):
    year: int | None
    by_stage: list[StageFigure]
    by_industry: list[AmountFigure]
    by_partner: list[AmountFigure]
    conversion: list[ConversionFigure]


def lead_out(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.pk,
        "kind": lead.kind,
        "name": lead.name,
        "investor": lead.investor,
        "industry": lead.industry_id,
        "stage": lead.stage,
        "stage_label": str(lead.get_stage_display()),
        "intended_amount": money(lead.intended_amount),
        "signed_amount": money(lead.signed_amount),
        "signed_on": lead.signed_on,
        "landed_amount": money(lead.landed_amount),
        "landed_on": lead.landed_on,
        "source_partner": lead.source_partner_id,
        "source_visit": lead.source_visit_id,
        "owner": lead.owner_id,
        "owner_name": lead.owner.name or lead.owner.username,
        "next_step": lead.next_step,
        "next_step_on": lead.next_step_on,
        "end_reason": lead.end_reason,
        "end_note": lead.end_note,
    }


def lead_detail_out(lead: Lead, follow_ups: list[FollowUp], changes: list[Any]) -> dict[str, Any]:
    out = lead_out(lead)
    out.update(
        description=lead.description,
        space_note=lead.space_note,
        landed_enterprise=lead.landed_enterprise_id,
        follow_ups=[
            {
                "id": f.pk,
                "happened_on": f.happened_on,
                "method": f.method,
                "note": f.note,
                "next_step": f.next_step,
                "next_step_on": f.next_step_on,
            }
            for f in follow_ups
        ],
        stage_changes=[
            {
                "id": c.pk,
                "from_stage": c.from_stage,
                "to_stage": c.to_stage,
                "amount": money(c.amount),
                "happened_on": c.happened_on,
                "note": c.note,
            }
            for c in changes
        ],
    )
    return out


def partner_out(partner: Partner) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "name": partner.name,
        "kind": partner.kind,
        "region": partner.region,
        "agreement_on": partner.agreement_on,
        "is_active": partner.is_active,
    }


def visit_out(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "title": visit.title,
        "direction": visit.direction,
        "visited_on": visit.visited_on,
        "partner": visit.partner_id,
        "place": visit.place,
        "topics": visit.topics,
    }
