"""Input and output of the legal API (/api/v1/legal).

As in kaopu.dialogues.schemas, input schemas say only the type and size of each field (a wrong type is
refused with 422 before any query); the rules live in kaopu.legal.actions. The output functions decide
what each side is shown: the enterprise never sees internal events, a leader sees the contact phone
masked.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from kaopu.directory.schemas import DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE_SIZE, Error, ErrorItem
from kaopu.legal.models import LegalRequest, LegalSession

__all__ = ["Error", "ErrorItem"]

StateChoice = Literal[tuple(LegalRequest.State.values)]  # type: ignore[valid-type]
SlotChoice = Literal[tuple(LegalRequest.Slot.values)]  # type: ignore[valid-type]
ModeChoice = Literal[tuple(LegalSession.Mode.values)]  # type: ignore[valid-type]
OutcomeChoice = Literal[tuple(LegalRequest.Outcome.values)]  # type: ignore[valid-type]


class RequestQuery(Schema):
    state: StateChoice | None = None
    service: int | None = Field(None, ge=1, le=MAX_ID, description="Service id.")
    after: int | None = Field(None, ge=1, le=MAX_ID, description="Rows after this cursor (a page's `next`).")
    before: int | None = Field(None, ge=1, le=MAX_ID, description="Rows before this cursor (a page's `previous`).")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size.")


class RequestCreate(Schema):
    """A request of the caller's enterprise (enterprise users), or of ``enterprise`` (FIC staff)."""

    service: int = Field(ge=1, le=MAX_ID, description="Service id (an active service).")
    topic: str = Field(max_length=100)
    description: str = Field(max_length=5000)
    contact_name: str = Field(max_length=50)
    contact_phone: str = Field(max_length=30)
    practice_area: int | None = Field(None, ge=1, le=MAX_ID, description="Field of law id, if known.")
    preferred_date: date | None = None
    preferred_slot: SlotChoice = "any"
    enterprise: int | None = Field(None, ge=1, le=MAX_ID, description="FIC staff only: the enterprise's id.")


class AssignIn(Schema):
    lawyer: int = Field(ge=1, le=MAX_ID, description="Lawyer id (see /suggestions).")
    override_load: bool = Field(False, description="Assign even when the lawyer is at their maximum load.")
    expected_lawyer: int | None = Field(None, ge=0, le=MAX_ID, description=(
        "The lawyer you saw on the request (0 for none): refused with 409 if someone changed it meanwhile. "
        "Leave out to skip the check."))


class SessionIn(Schema):
    held_at: datetime
    mode: ModeChoice
    minutes: int = Field(ge=1, le=1440)
    summary: str = Field(max_length=5000)


class CompleteIn(Schema):
    outcome: OutcomeChoice
    outcome_text: str = Field(max_length=5000)


class RateIn(Schema):
    rating: int = Field(ge=1, le=5, description="1 (very poor) to 5 (excellent).")
    comment: str = Field("", max_length=500)


class Named(Schema):
    id: int
    name: str


class LawyerRef(Schema):
    id: int
    name: str
    firm: str


class RequestOut(Schema):
    id: int
    topic: str
    state: str
    state_label: str
    service: Named
    practice_area: Named | None
    enterprise: Named
    lawyer: LawyerRef | None
    preferred_date: date | None
    preferred_slot: str
    created_at: datetime
    assigned_at: datetime | None
    completed_at: datetime | None
    rating: int | None
    appeal_id: int | None


class RequestPage(Schema):
    items: list[RequestOut]
    next: int | None
    previous: int | None


class RequestEventOut(Schema):
    kind: str
    label: str
    text: str
    at: datetime
    by: str


class SessionOut(Schema):
    id: int
    held_at: datetime
    mode: str
    minutes: int
    summary: str


class FindingOut(Schema):
    item: int
    check: str
    status: str | None
    finding: str
    advice: str


class FileOut(Schema):
    id: int
    name: str
    size: int
    url: str


class RequestDetailOut(RequestOut):
    description: str
    contact_name: str
    contact_phone: str
    outcome: str
    outcome_text: str
    rating_comment: str
    events: list[RequestEventOut]
    sessions: list[SessionOut]
    checklist: list[FindingOut]
    attachments: list[FileOut]


class SuggestionOut(Schema):
    lawyer: LawyerRef
    load: int
    area_match: bool
    is_full: bool
    reason: str


def request_out(request: LegalRequest) -> dict[str, Any]:
    """A list row; needs select_related of kaopu.legal.selectors.LIST_RELATED (and lawyer__firm)."""
    lawyer = request.lawyer
    return {
        "id": request.pk, "topic": request.topic, "state": request.state,
        "state_label": str(LegalRequest.State(request.state).label),
        "service": {"id": request.service_id, "name": request.service.name},
        "practice_area": {"id": request.practice_area_id, "name": request.practice_area.name}
        if request.practice_area_id else None,
        "enterprise": {"id": request.enterprise_id, "name": request.enterprise.name},
        "lawyer": {"id": lawyer.pk, "name": lawyer.user.name, "firm": lawyer.firm.name} if lawyer else None,
        "preferred_date": request.preferred_date, "preferred_slot": request.preferred_slot,
        "created_at": request.created_at, "assigned_at": request.assigned_at, "completed_at": request.completed_at,
        "rating": request.rating, "appeal_id": request.appeal_id,
    }


def request_detail_out(request: LegalRequest, phone: str, checklist: list[Any]) -> dict[str, Any]:
    """The whole request as the detail page shows it (request from selectors.detail_queryset)."""
    return {
        **request_out(request),
        "description": request.description, "contact_name": request.contact_name, "contact_phone": phone,
        "outcome": request.outcome, "outcome_text": request.outcome_text, "rating_comment": request.rating_comment,
        "events": [{"kind": e.kind, "label": str(e.get_kind_display()), "text": e.text, "at": e.created_at,
                    "by": e.actor.organisation.name} for e in request.timeline],
        "sessions": [{"id": s.pk, "held_at": s.held_at, "mode": s.mode, "minutes": s.minutes, "summary": s.summary}
                     for s in request.session_list],
        "checklist": [{"item": item.pk, "check": item.title, "status": found.status if found else None,
                       "finding": found.finding if found else "", "advice": found.advice if found else ""}
                      for item, found in checklist],
        "attachments": [{"id": f.pk, "name": f.original_name, "size": f.size,
                         "url": reverse("legal:attachment", args=[f.pk])} for f in request.files],
    }
