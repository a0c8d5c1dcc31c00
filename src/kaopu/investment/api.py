"""The investment JSON API: /api/v1/investment/… (mounted under /api/v1/ by kaopu.api).

Thin like the pages: kaopu.core.access decides what a caller sees, kaopu.investment.actions make every
change. FIC staff and district leaders read their district's rows; only FIC staff write. Status codes:

- 401 without a valid token or session;
- 403 for a write by a district leader (a role that may read but never change);
- 404 for every other role, and for a row of another district (the same answer as a missing id);
- 409 for a move the lead's stage refuses (InvestmentError on "stage"), with the actions' message;
- 422 for invalid input, with one entry per field and rule (the actions' messages, in Chinese).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.api_errors import ApiError, refuse_nul_characters
from kaopu.core.pagination import keyset_page
from kaopu.investment import actions, selectors
from kaopu.investment.models import Lead
from kaopu.investment.schemas import (
    MAX_ID,
    Error,
    FigureQuery,
    FiguresOut,
    FollowUpCreate,
    FollowUpOut,
    LeadCreate,
    LeadDetailOut,
    LeadPage,
    LeadQuery,
    MoveIn,
    PageQuery,
    PartnerPage,
    VisitPage,
    lead_detail_out,
    lead_out,
    money,
    partner_out,
    visit_out,
)

router = Router(tags=["investment"])

_READ_ERRORS: dict[int, Any] = {401: Error, 404: Error, 422: Error}
_WRITE_ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
READERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER)
DETAIL_ROWS = 100


def _reader(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if user.role not in READERS:
        raise Http404
    return user


def _writer(request: HttpRequest) -> Any:
    user = _reader(request)
    if user.role != Role.FIC_STAFF:
        raise PermissionDenied(_("Your role may not do this."))
    return user


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal of the lead's stage is a conflict (409); every other refusal is bad input (422)."""
    try:
        yield
    except actions.InvestmentError as exc:
        if exc.field == "stage":
            raise ApiError(409, exc.message) from exc
        raise ApiError(422, exc.message, [{"field": exc.field, "message": exc.message}]) from exc


def _lead_detail(user: Any, lead_id: int) -> dict[str, Any]:
    lead = access.get_object_for_user(user, Lead.objects.select_related("industry", "owner"), lead_id)
    follow_ups = list(lead.follow_ups.order_by("-happened_on", "-id")[:DETAIL_ROWS])
    changes = list(lead.stage_changes.order_by("id")[:DETAIL_ROWS])
    return lead_detail_out(lead, follow_ups, changes)


def _id() -> Any:
    return Path(..., ge=1, le=MAX_ID, description="The lead's id.")


@router.get(
    "/investment/leads",
    response={200: LeadPage, **_READ_ERRORS},
    operation_id="list_investment_leads",
    summary="List investment leads",
)
def list_leads(request: HttpRequest, query: Query[LeadQuery]) -> dict[str, Any]:
    """The district's leads, newest first, narrowed by stage, industry, owner, partner or `mine`.
    Keyset pages: pass a page's `next` as `after`. Nothing is counted."""
    user = _reader(request)
    owner = user.pk if query.mine else query.owner
    queryset = selectors.lead_list(user, stage=query.stage, industry=query.industry, owner=owner, partner=query.partner)
    page = keyset_page(queryset, after=query.after, before=query.before, size=query.limit)
    return {
        "items": [lead_out(lead) for lead in page.items],
        "next": page.next_cursor,
        "previous": page.previous_cursor,
    }


@router.get(
    "/investment/leads/{lead_id}",
    response={200: LeadDetailOut, **_READ_ERRORS},
    operation_id="get_investment_lead",
    summary="One investment lead",
)
def get_lead(request: HttpRequest, lead_id: int = _id()) -> dict[str, Any]:
    """The lead with its follow-ups (newest first) and its stage history (oldest first)."""
    return _lead_detail(_reader(request), lead_id)


@router.post(
    "/investment/leads",
    response={201: LeadDetailOut, **_WRITE_ERRORS},
    operation_id="create_investment_lead",
    summary="Record a lead",
)
def create_lead(request: HttpRequest, body: LeadCreate) -> Status:
    """A lead in negotiation (洽谈) of the caller's district; the owner is the caller unless named."""
    user = _writer(request)
    values = body.dict()
    refuse_nul_characters(values)
    with _refusals():
        lead = actions.create_lead(acting_user=user, **values)
    return Status(201, _lead_detail(user, lead.pk))


@router.post(
    "/investment/leads/{lead_id}/follow-ups",
    response={201: FollowUpOut, **_WRITE_ERRORS},
    operation_id="create_investment_follow_up",
    summary="Record a follow-up",
)
def create_follow_up(request: HttpRequest, body: FollowUpCreate, lead_id: int = _id()) -> Status:
    """A contact with the lead's investor; its next step becomes the lead's next step."""
    user = _writer(request)
    values = body.dict()
    refuse_nul_characters(values)
    access.get_object_for_user(user, Lead, lead_id, "change")
    with _refusals():
        follow_up = actions.record_follow_up(lead_id, acting_user=user, **values)
    return Status(201, follow_up)


@router.post(
    "/investment/leads/{lead_id}/moves",
    response={200: LeadDetailOut, **_WRITE_ERRORS},
    operation_id="move_investment_lead",
    summary="Move a lead between stages",
)
def move_lead(request: HttpRequest, body: MoveIn, lead_id: int = _id()) -> dict[str, Any]:
    """`sign` (洽谈→签约: amount, on), `land` (签约→落地: amount, on, optional enterprise; from 洽谈 also
    signed_amount and signed_on), `terminate` (reason, note), `reopen` (终止→洽谈: note)."""
    user = _writer(request)
    values = body.dict()
    refuse_nul_characters(values)
    access.get_object_for_user(user, Lead, lead_id, "change")
    with _refusals():
        actions.move_lead(lead_id, acting_user=user, **values)
    return _lead_detail(user, lead_id)


@router.get(
    "/investment/partners",
    response={200: PartnerPage, **_READ_ERRORS},
    operation_id="list_investment_partners",
    summary="List partner organisations",
)
def list_partners(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    page = keyset_page(selectors.partners(_reader(request)), after=query.after, before=query.before, size=query.limit)
    return {"items": [partner_out(p) for p in page.items], "next": page.next_cursor, "previous": page.previous_cursor}


@router.get(
    "/investment/visits",
    response={200: VisitPage, **_READ_ERRORS},
    operation_id="list_investment_visits",
    summary="List delegation visits",
)
def list_visits(request: HttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    page = keyset_page(selectors.visits(_reader(request)), after=query.after, before=query.before, size=query.limit)
    return {"items": [visit_out(v) for v in page.items], "next": page.next_cursor, "previous": page.previous_cursor}


@router.get(
    "/investment/figures",
    response={200: FiguresOut, **_READ_ERRORS},
    operation_id="investment_figures",
    summary="Investment figures",
)
def figures(request: HttpRequest, query: Query[FigureQuery]) -> dict[str, Any]:
    """Leads by stage, landed amount by industry and by partner, conversion per partner (see the page)."""
    result = selectors.figures(_reader(request), query.year)
    return {
        "year": result.year,
        "by_stage": [
            {
                "stage": r.stage,
                "label": r.label,
                "leads": r.leads,
                "intended": money(r.intended),
                "signed": money(r.signed),
                "landed": money(r.landed),
            }
            for r in result.by_stage
        ],
        "by_industry": [
            {"key": r.key, "label": r.label, "leads": r.leads, "amount": money(r.amount)} for r in result.by_industry
        ],
        "by_partner": [
            {
                "key": None if r.key is None else str(r.key),
                "label": r.label,
                "leads": r.leads,
                "amount": money(r.amount),
            }
            for r in result.by_partner
        ],
        "conversion": [
            {
                "partner": r.key,
                "label": r.label,
                "leads": r.leads,
                "signed": r.signed,
                "landed": r.landed,
                "signed_rate": r.signed_rate,
                "landed_rate": r.landed_rate,
                "landed_amount": money(r.landed_amount),
            }
            for r in result.conversion
        ],
    }
