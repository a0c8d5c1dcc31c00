"""Input and output of the appeals API (/api/v1/appeals).

The input schemas say only what type each field has (so that the OpenAPI document is useful and a
wrong type is refused with 422 before any query); which fields an action needs, and every rule of
the workflow, live in kaopu.appeals.api's dispatch table and in kaopu.appeals.actions. The output
functions at the bottom decide what an enterprise user is shown: the public part of the timeline
and none of the internal flags.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from kaopu.accounts.roles import Role
from kaopu.appeals import contact, selectors, workflow
from kaopu.appeals.models import Appeal, Attachment, Event
from kaopu.core import workdays
from kaopu.directory.schemas import DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE_SIZE, Error, ErrorItem

__all__ = ["Error", "ErrorItem"]

# The choices come from the model and the workflow table, so a new state or action reaches the API by itself.
StateChoice = Literal[tuple(Appeal.State.values)]  # type: ignore[valid-type]
KindChoice = Literal[tuple(Appeal.Kind.values)]  # type: ignore[valid-type]
SourceChoice = Literal[tuple(Appeal.Source.values)]  # type: ignore[valid-type]
RatingChoice = Literal[tuple(Appeal.Rating.values)]  # type: ignore[valid-type]
ActionChoice = Literal[tuple(workflow.TRANSITIONS)]  # type: ignore[valid-type]

# Free text of a timeline event; the model's content limit, so that no answer is longer than an appeal.
MAX_TEXT = 5000


class AppealQuery(Schema):
    """The filters of the list and the keyset cursor. Filters only narrow what the caller may see."""

    state: StateChoice | None = None
    category: int | None = Field(None, ge=1, le=MAX_ID, description="Category id.")
    department: int | None = Field(None, ge=1, le=MAX_ID, description="Lead department id.")
    overdue: bool | None = Field(None, description="true: open appeals past their deadline; false: the others.")
    source: SourceChoice | None = None
    subdistrict: int | None = Field(None, ge=1, le=MAX_ID, description="The enterprise's subdistrict id.")
    industry: str | None = Field(None, max_length=4, description="The enterprise's industry division code.")
    created_from: date | None = Field(None, description="Submitted on or after this day.")
    created_to: date | None = Field(None, description="Submitted on or before this day.")
    q: str = Field("", max_length=100, description="An appeal number (PT-2026-000302; 2026-302; or its last "
                                                    "digits, 302, which also finds titles holding them), "
                                                    "or part of the title.")
    after: int | None = Field(None, ge=1, le=MAX_ID,
                              description="Return the appeals after this cursor (the `next` of a page).")
    before: int | None = Field(None, ge=1, le=MAX_ID,
                               description="Return the appeals before this cursor (the `previous` of a page).")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size.")


class AppealCreate(Schema):
    """A new appeal. An enterprise user submits for its own enterprise (``enterprise`` may be left
    out, ``source`` is online); FIC staff submit on an enterprise's behalf and say where it was raised."""

    enterprise: int | None = Field(None, ge=1, le=MAX_ID, description="Enterprise id (required for FIC staff).")
    kind: KindChoice
    category: int = Field(ge=1, le=MAX_ID, description="Category id (an active category).")
    title: str = Field(max_length=100)
    content: str = Field(max_length=MAX_TEXT)
    is_confidential: bool = False
    publish_consent: bool = False
    source: SourceChoice | None = Field(None, description="Where the appeal was raised (required for FIC staff).")
    source_meeting_id: int | None = Field(None, ge=1, le=MAX_ID, description="The meeting, for meeting sources.")
    contact_name: str | None = Field(None, max_length=100, description="Whom the departments call about it. Left "
                                     "out with contact_phone: the submitting enterprise user (the account's name "
                                     "and phone), else the enterprise's contact in the directory.")
    contact_phone: str | None = Field(None, max_length=100, description="A mainland mobile number, or a landline "
                                      "number with its area code (021-62345678); given with contact_name.")


def _text(description: str) -> Any:
    return Field(None, max_length=MAX_TEXT, description=description)


INSTRUCTION_MAX_LENGTH = 500  # actions.DISPATCH_INSTRUCTION_MAX_LENGTH


class TransitionIn(Schema):
    """One action on an appeal and the fields that action needs; the others must be left out."""

    action: ActionChoice = Field(description="One of the workflow's actions.")
    reason: str | None = _text("decline, request_return, request_extension, return_reply (required); withdraw "
                               "(optional).")
    text: str | None = _text("reply: the answer.")
    rating: RatingChoice | None = Field(None, description="rate: 5 very satisfied … 1 very dissatisfied.")
    comment: str | None = _text("rate: optional comment.")
    lead_department: int | None = Field(None, ge=1, le=MAX_ID, description="dispatch: the lead department's id.")
    co_departments: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = Field(None, max_length=50,
                                             description="dispatch: co-handling departments' ids (optional).")
    working_days: int | None = Field(None, ge=1, le=30, description="request_extension: 1 to 30 working days.")
    into: int | None = Field(None, ge=1, le=MAX_ID, description="merge: the id of the appeal to merge into.")
    instruction: str | None = Field(None, max_length=INSTRUCTION_MAX_LENGTH,
                                    description="dispatch: the instruction to the departments (交办意见), internal.")
    opinion: str | None = _text("give_opinion: the co-handler's opinion.")
    conclusion: str | None = _text("arbitrate: the conclusion.")
    instruction: str | None = _text("instruct: the leader's instruction.")
    note: str | None = _text("approve/refuse_return, approve/refuse_extension, approve_reply: optional note.")


class NamedOut(Schema):
    id: int
    name: str


class AppealOut(Schema):
    id: int
    number: str = Field(description="The appeal's number for people: district, year, sequence (PT-2026-000302).")
    title: str
    kind: str
    category: NamedOut
    enterprise: NamedOut
    state: str
    source: str
    lead_department: NamedOut | None
    due_on: date | None
    due_provisional: bool = Field(description="true: counted Monday–Friday over a year whose holidays nobody "
                                              "has entered yet; recomputed once they are.")
    is_overdue: bool
    is_confidential: bool
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


class AppealEventOut(Schema):
    id: int
    action: str
    from_state: str
    to_state: str
    actor: str | None = Field(description="The name of the person who acted; null for the deadline sweep.")
    at: datetime
    text: str
    data: dict[str, Any]
    is_public: bool


class AttachmentOut(Schema):
    id: int
    name: str
    size: int = Field(description="In bytes.")
    uploaded_at: datetime
    event: int | None = Field(description="The timeline event the file came with (submission, reply, opinion).")
    url: str = Field(description="Where the file downloads, with the same access rules as the appeal.")


class AppealDetailOut(AppealOut):
    content: str
    contact_name: str = Field(description="The enterprise's contact for this appeal; empty when none was given.")
    contact_phone: str = Field(description="The contact's phone: masked (138****5678) for a district leader.")
    publish_consent: bool
    source_meeting_id: int | None
    co_departments: list[NamedOut]
    rating: str
    close_reason: str
    reopen_count: int
    merged_into: int | None
    return_requested: bool | None = Field(description="Internal: null for an enterprise user.")
    extension_requested: bool | None = Field(description="Internal: null for an enterprise user.")
    actions: list[str] = Field(description="The actions the caller's role may take in the appeal's state.")
    timeline: list[AppealEventOut] = Field(description="Oldest first; an enterprise user sees only the public events.")
    attachments: list[AttachmentOut] = Field(
        description="Oldest first; an enterprise user sees only the public ones (never a co-handler's).")


class AppealPage(Schema):
    items: list[AppealOut]
    next: int | None = Field(description="Cursor of the next (older) page: pass it as `after`; null on the last.")
    previous: int | None = Field(description="Cursor of the previous (newer) page: pass it as `before`.")


def _named(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(obj)}


def appeal_out(appeal: Appeal, today: date) -> dict[str, Any]:
    """A list row. Needs select_related("category", "enterprise", "lead_department") for one query per page."""
    return {
        "id": appeal.pk, "number": appeal.number, "title": appeal.title, "kind": appeal.kind,
        "category": _named(appeal.category),
        "enterprise": {"id": appeal.enterprise_id, "name": appeal.enterprise.name}, "state": appeal.state,
        "source": appeal.source, "lead_department": _named(appeal.lead_department), "due_on": appeal.due_on,
        "due_provisional": appeal.due_provisional,
        "is_overdue": selectors.is_overdue(appeal, today), "is_confidential": appeal.is_confidential,
        "created_at": appeal.created_at, "updated_at": appeal.updated_at, "closed_at": appeal.closed_at,
    }


# Details of a public event that only the government side reads: the routing rule behind a dispatch.
INTERNAL_EVENT_DATA = frozenset({"routing", "instruction"})


def event_out(event: Event, internal: bool = True) -> dict[str, Any]:
    data = event.data if isinstance(event.data, dict) else {}
    if not internal:
        data = {key: value for key, value in data.items() if key not in INTERNAL_EVENT_DATA}
    return {"id": event.pk, "action": event.action, "from_state": event.from_state, "to_state": event.to_state,
            "actor": event.actor.name if event.actor is not None else None, "at": event.at, "text": event.text,
            "data": data, "is_public": event.is_public}


def attachment_out(attachment: Attachment) -> dict[str, Any]:
    return {"id": attachment.pk, "name": attachment.name, "size": attachment.size,
            "uploaded_at": attachment.uploaded_at, "event": attachment.event_id,
            "url": reverse("appeals:attachment_download", args=[attachment.pk])}


def appeal_detail_out(user: Any, appeal: Appeal, events: list[Event],
                      attachments: list[Attachment]) -> dict[str, Any]:
    """The detail; ``events`` and ``attachments`` are already narrowed to what ``user`` may see
    (see api._timeline and api._attachments)."""
    internal = user.role != Role.ENTERPRISE_USER
    return {
        **appeal_out(appeal, workdays.local_today()),
        "content": appeal.content, "publish_consent": appeal.publish_consent,
        "contact_name": appeal.contact_name, "contact_phone": contact.phone_for(user, appeal),
        "source_meeting_id": appeal.source_meeting_id,
        "co_departments": [_named(c.department) for c in appeal.co_handlers.all()],
        "rating": appeal.rating, "close_reason": appeal.close_reason, "reopen_count": appeal.reopen_count,
        "merged_into": appeal.merged_into_id,
        "return_requested": appeal.return_requested if internal else None,
        "extension_requested": appeal.extension_requested if internal else None,
        "actions": [t.name for t in workflow.actions_for(appeal, user.role)],
        "timeline": [event_out(event, internal) for event in events],
        "attachments": [attachment_out(attachment) for attachment in attachments],
    }
