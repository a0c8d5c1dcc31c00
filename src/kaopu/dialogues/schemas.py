"""Input and output of the dialogues API (/api/v1/dialogues).

As in kaopu.appeals.schemas, the input schemas say only what type and size each field has (so that
the OpenAPI document is useful and a wrong type is refused with 422 before any query); the rules of
seats, states and who may do what live in kaopu.dialogues.actions. The output functions decide what
an enterprise user is shown: never the minutes, the organiser's notes or another enterprise's
registration, and a check-in code only for its own approved registration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from kaopu.accounts.roles import Role
from kaopu.dialogues.models import Meeting, Registration
from kaopu.directory.schemas import DEFAULT_PAGE_SIZE, MAX_ID, MAX_PAGE_SIZE, Error, ErrorItem

__all__ = ["Error", "ErrorItem"]

MeetingStateChoice = Literal[tuple(Meeting.State.values)]  # type: ignore[valid-type]
RegistrationStateChoice = Literal[tuple(Registration.State.values)]  # type: ignore[valid-type]
# The path names of POST /registrations/{id}/{action} (kaopu.dialogues.api.REGISTRATION_ACTIONS).
RegistrationActionChoice = Literal["approve", "decline", "cancel", "check-in"]

# More people than any hall holds; a bigger number is a typing mistake, refused with 422.
MAX_CAPACITY = 10_000
MAX_SEATS_PER_ENTERPRISE = 50
MAX_LIST = 500  # ids in one request (enterprises invited, leaders, departments)
FIRST_YEAR, LAST_YEAR = 2000, 2100

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _after() -> Any:
    return Field(None, ge=1, le=MAX_ID, description="Return the rows after this cursor (the `next` of a page).")


def _before() -> Any:
    return Field(None, ge=1, le=MAX_ID, description="Return the rows before this cursor (the `previous` of a page).")


class MeetingQuery(Schema):
    """Filters of the meeting list and the keyset cursor. Filters only narrow what the caller may see."""

    kind: int | None = Field(None, ge=1, le=MAX_ID, description="Meeting kind id.")
    state: MeetingStateChoice | None = None
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="Meetings starting in this year.")
    after: int | None = _after()
    before: int | None = _before()
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size.")


class MeetingCreate(Schema):
    """A new meeting (FIC staff, of their district). It starts as a draft; its number is the next of
    its kind's series. Times without a zone are read in the site's time zone."""

    kind: int = Field(ge=1, le=MAX_ID, description="Meeting kind id (an active kind).")
    theme: str = Field(max_length=100)
    starts_at: datetime
    ends_at: datetime
    venue: str = Field(max_length=200)
    capacity: int = Field(ge=1, le=MAX_CAPACITY, description="Seats in all.")
    seats_per_enterprise: int = Field(1, ge=1, le=MAX_SEATS_PER_ENTERPRISE,
                                      description="How many people one enterprise may bring.")
    requires_approval: bool = Field(True, description="false: a registration takes a free seat at once.")
    registration_closes_at: datetime | None = None
    description: str = Field("", max_length=5000, description="Description and how to register.")
    industries: list[Annotated[str, Field(max_length=1)]] = Field(
        default_factory=list, max_length=30, description="GB/T 4754 section codes (A–T).")
    leaders: list[Id] = Field(default_factory=list, max_length=MAX_LIST,
                              description="Ids of the district leaders attending.")
    departments: list[Id] = Field(default_factory=list, max_length=MAX_LIST,
                                  description="Ids of the departments attending.")


class RegistrationCreate(Schema):
    """An enterprise user registers its own enterprise (``enterprises`` left out); FIC staff invite
    enterprises by id (``enterprises`` required; the other fields are the enterprise's to fill)."""

    enterprises: list[Id] | None = Field(None, max_length=MAX_LIST,
                                         description="FIC staff: the ids of the enterprises to invite.")
    seats: int = Field(1, ge=1, le=MAX_SEATS_PER_ENTERPRISE, description="How many people will come.")
    attendee_names: str = Field("", max_length=200)
    topic: str = Field("", max_length=2000, description="The topic the enterprise wants to raise.")
    accept_waitlist: bool = Field(False, description=(
        "At a meeting that gives seats at once: when some seats are free but fewer than ``seats``, the "
        "request is refused (409, saying how many are left) unless this is true, which puts all of them "
        "on the waitlist. Send fewer ``seats`` to take the seats that remain."))


class RegistrationQuery(Schema):
    meeting: int | None = Field(None, ge=1, le=MAX_ID, description="Only this meeting's registrations.")
    state: RegistrationStateChoice | None = None
    after: int | None = _after()
    before: int | None = _before()
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size.")


class RegistrationActionIn(Schema):
    note: str | None = Field(None, max_length=200, description="decline: an optional note to the enterprise.")


class CheckInIn(Schema):
    code: str = Field(max_length=64, description="The check-in code as typed or scanned (spaces and dashes "
                                                 "are ignored, case does not matter).")


class NamedOut(Schema):
    id: int
    name: str


class MeetingIndustryOut(Schema):
    code: str
    name: str


class MeetingOut(Schema):
    id: int
    kind: NamedOut
    number: int = Field(description="Its number in its kind's series (第N期).")
    theme: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    capacity: int
    seats_per_enterprise: int
    seats_taken: int = Field(description="Seats of approved registrations.")
    seats_left: int
    requires_approval: bool
    registration_closes_at: datetime | None
    state: str


class MeetingDetailOut(MeetingOut):
    description: str
    industries: list[MeetingIndustryOut]
    leaders: list[NamedOut]
    departments: list[NamedOut]
    cancel_reason: str
    minutes: str | None = Field(description="FIC staff and leaders only; null for an enterprise user.")


class MeetingPage(Schema):
    items: list[MeetingOut]
    next: int | None = Field(description="Cursor of the next (older) page: pass it as `after`; null on the last.")
    previous: int | None = Field(description="Cursor of the previous (newer) page: pass it as `before`.")


class RegistrationOut(Schema):
    id: int
    meeting: NamedOut
    enterprise: NamedOut
    origin: str
    state: str
    seats: int
    attendee_names: str
    topic: str
    code: str | None = Field(description="The check-in code, once approved; null otherwise.")
    checked_in_at: datetime | None
    created_at: datetime
    decided_at: datetime | None
    note: str


class RegistrationPage(Schema):
    items: list[RegistrationOut]
    next: int | None = Field(description="Cursor of the next (older) page: pass it as `after`; null on the last.")
    previous: int | None = Field(description="Cursor of the previous (newer) page: pass it as `before`.")


class RegistrationList(Schema):
    items: list[RegistrationOut] = Field(description="The registration made, or each enterprise invited.")


def _named(obj: Any) -> dict[str, Any]:
    return {"id": obj.pk, "name": str(obj)}


def meeting_out(meeting: Meeting, seats_taken: int) -> dict[str, Any]:
    """A list row. Needs select_related("kind")."""
    return {
        "id": meeting.pk, "kind": _named(meeting.kind), "number": meeting.number, "theme": meeting.theme,
        "starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "venue": meeting.venue,
        "capacity": meeting.capacity, "seats_per_enterprise": meeting.seats_per_enterprise,
        "seats_taken": seats_taken, "seats_left": max(meeting.capacity - seats_taken, 0),
        "requires_approval": meeting.requires_approval, "registration_closes_at": meeting.registration_closes_at,
        "state": meeting.state,
    }


def meeting_detail_out(user: Any, meeting: Meeting, seats_taken: int) -> dict[str, Any]:
    """The detail; needs prefetch_related("industries", "leaders", "departments")."""
    internal = user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER)
    return {
        **meeting_out(meeting, seats_taken),
        "description": meeting.description,
        "industries": [{"code": section.code, "name": section.name} for section in meeting.industries.all()],
        "leaders": [{"id": leader.pk, "name": leader.name} for leader in meeting.leaders.all()],
        "departments": [_named(department) for department in meeting.departments.all()],
        "cancel_reason": meeting.cancel_reason,
        "minutes": meeting.minutes if internal else None,
    }


def registration_out(registration: Registration) -> dict[str, Any]:
    """Needs select_related("meeting__kind", "enterprise"); the caller may see the registration, so the
    code is shown (an enterprise sees only its own registrations, kaopu.dialogues.permissions)."""
    meeting = registration.meeting
    approved = registration.state == Registration.State.APPROVED
    return {
        "id": registration.pk, "meeting": {"id": meeting.pk, "name": str(meeting)},
        "enterprise": {"id": registration.enterprise_id, "name": registration.enterprise.name},
        "origin": registration.origin, "state": registration.state, "seats": registration.seats,
        "attendee_names": registration.attendee_names, "topic": registration.topic,
        "code": registration.code if approved else None, "checked_in_at": registration.checked_in_at,
        "created_at": registration.created_at, "decided_at": registration.decided_at, "note": registration.note,
    }
