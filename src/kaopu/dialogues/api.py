"""The dialogues JSON API: /api/v1/dialogues/meetings and /api/v1/dialogues/registrations.

Thin like the appeals API (kaopu.appeals.api): kaopu.core.access decides what a caller sees (404 for
anything else, the same answer as for an id that does not exist), kaopu.dialogues.actions make every
change (seats, waitlist, check-in codes, notifications, audit); this module only parses, resolves ids
and translates the actions' refusals. Status codes:

- 401 without a valid token or session;
- 403 when the caller's role may never make this request (a leader approving, an enterprise checking in);
- 404 for a meeting or registration the caller may not see;
- 409 for what the meeting's or registration's state refuses now (DialogueError: full, closed, a code
  used twice or of another meeting …), with the actions' message;
- 422 for invalid input, with one entry per field and rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.api_errors import ApiError, refuse_nul_characters
from kaopu.core.pagination import keyset_page
from kaopu.dialogues import actions, selectors
from kaopu.dialogues.models import Meeting, MeetingKind, Registration
from kaopu.dialogues.schemas import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ID,
    CheckInIn,
    Error,
    MeetingCreate,
    MeetingDetailOut,
    MeetingPage,
    MeetingQuery,
    RegistrationActionChoice,
    RegistrationActionIn,
    RegistrationCreate,
    RegistrationList,
    RegistrationOut,
    RegistrationPage,
    RegistrationQuery,
    meeting_detail_out,
    meeting_out,
    registration_out,
)
from kaopu.directory.models import Department, Enterprise, IndustrySection

router = Router(tags=["dialogues"])

_READ_ERRORS: dict[int, Any] = {401: Error, 404: Error, 422: Error}
_WRITE_ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _id(what: str) -> Any:
    # Ids beyond a bigint are refused with 422 here rather than overflowing in the database.
    return Path(..., ge=1, le=MAX_ID, description=f"The {what}'s id.")


@contextmanager
def _refusals_as_409() -> Iterator[None]:
    """The actions' refusals are conflicts with the meeting's or registration's state, not bad input."""
    try:
        yield
    except actions.DialogueError as exc:
        raise ApiError(409, str(exc)) from exc


def _require_role(user: Any, *roles: str) -> None:
    if user.role not in roles:
        raise PermissionDenied(_("Your role may not do this."))


def _seats_taken(meeting_ids: list[int]) -> dict[int, int]:
    """Seats of the approved registrations of these meetings, in one query whatever their number."""
    if not meeting_ids:
        return {}
    rows = (Registration.objects.filter(meeting_id__in=meeting_ids, state=Registration.State.APPROVED)
            .values("meeting_id").annotate(taken=Sum("seats")).values_list("meeting_id", "taken"))
    return {meeting_id: taken or 0 for meeting_id, taken in rows}


def _meeting_detail(user: Any, meeting_id: int) -> dict[str, Any]:
    queryset = Meeting.objects.select_related("kind").prefetch_related("industries", "leaders", "departments")
    meeting = access.get_object_for_user(user, queryset, meeting_id)
    return meeting_detail_out(user, meeting, _seats_taken([meeting.pk]).get(meeting.pk, 0))


def _registrations() -> QuerySet[Registration]:
    return Registration.objects.select_related("meeting__kind", "enterprise")


# --- meetings --------------------------------------------------------------------------------------


@router.get("/dialogues/meetings", response={200: MeetingPage, **_READ_ERRORS}, operation_id="list_meetings",
            summary="List meetings")
def list_meetings(request: HttpRequest, query: Query[MeetingQuery]) -> dict[str, Any]:
    """The meetings the caller may see, newest first: FIC staff and leaders their district's, an
    enterprise user the published meetings of its district and those it registered for. Keyset pages:
    pass a page's `next` as `after` for the following page. Nothing is counted."""
    user = request.auth  # type: ignore[attr-defined]
    queryset = selectors.meeting_list(user, kind=query.kind, state=query.state, year=query.year)
    page = keyset_page(queryset, after=query.after, before=query.before, size=query.limit)
    taken = _seats_taken([meeting.pk for meeting in page.items])
    return {"items": [meeting_out(meeting, taken.get(meeting.pk, 0)) for meeting in page.items],
            "next": page.next_cursor, "previous": page.previous_cursor}


@router.get("/dialogues/meetings/{meeting_id}", response={200: MeetingDetailOut, **_READ_ERRORS},
            operation_id="get_meeting", summary="One meeting")
def get_meeting(request: HttpRequest, meeting_id: int = _id("meeting")) -> dict[str, Any]:
    """The meeting with its industries, leaders and departments; the minutes for staff and leaders only."""
    return _meeting_detail(request.auth, meeting_id)  # type: ignore[attr-defined]


def _aware(name: str, value: datetime | None, errors: dict[str, str]) -> datetime | None:
    """A time in the site's zone when none is given; a year Kaopu can hold, or an error naming the field."""
    if value is None:
        return None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        errors[name] = _("“%(field)s” must be a time between the years %(first)s and %(last)s.") % {
            "field": name, "first": FIRST_YEAR, "last": LAST_YEAR}
        return None
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _meeting_arguments(user: Any, payload: MeetingCreate) -> dict[str, Any]:
    """The keyword arguments of actions.create_meeting, or ValidationError naming each bad field."""
    refuse_nul_characters(payload.dict())
    errors: dict[str, str] = {}
    kind = MeetingKind.objects.filter(pk=payload.kind, is_active=True).first()
    if kind is None:
        errors["kind"] = _("“kind” must be the id of an active meeting kind.")
    for name in ("theme", "venue"):
        if not getattr(payload, name).strip():
            errors[name] = _("“%(field)s” is required.") % {"field": name}
    starts_at = _aware("starts_at", payload.starts_at, errors)
    ends_at = _aware("ends_at", payload.ends_at, errors)
    closes_at = _aware("registration_closes_at", payload.registration_closes_at, errors)
    if starts_at and ends_at and ends_at < starts_at:
        errors["ends_at"] = _("“ends_at” must not be before “starts_at”.")
    codes = list(dict.fromkeys(payload.industries))
    industries = list(IndustrySection.objects.filter(code__in=codes))
    if len(industries) != len(codes):
        errors["industries"] = _("“industries” must be section codes of GB/T 4754 (A–T).")
    leader_ids = list(dict.fromkeys(payload.leaders))
    leaders = list(User.objects.filter(pk__in=leader_ids, role=Role.DISTRICT_LEADER, is_active=True,
                                       organisation__district_id=user.district_id))
    if len(leaders) != len(leader_ids):
        errors["leaders"] = _("“leaders” must be the ids of district leaders of your district.")
    department_ids = list(dict.fromkeys(payload.departments))
    departments = list(Department.objects.filter(pk__in=department_ids, district_id=user.district_id,
                                                 is_active=True))
    if len(departments) != len(department_ids):
        errors["departments"] = _("“departments” must be the ids of active departments of your district.")
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "theme": payload.theme.strip(), "starts_at": starts_at, "ends_at": ends_at,
            "venue": payload.venue.strip(), "capacity": payload.capacity,
            "seats_per_enterprise": payload.seats_per_enterprise, "requires_approval": payload.requires_approval,
            "registration_closes_at": closes_at, "description": payload.description.strip(),
            "industries": industries, "leaders": leaders, "departments": departments}


@router.post("/dialogues/meetings", response={201: MeetingDetailOut, **_WRITE_ERRORS},
             operation_id="create_meeting", summary="Create a meeting")
def create_meeting(request: HttpRequest, payload: MeetingCreate) -> Status:
    """FIC staff create a meeting of their district, as a draft; its number is the next in its kind's series.
    Registration opens from the staff pages (or the meeting's state actions)."""
    user = request.auth  # type: ignore[attr-defined]
    _require_role(user, Role.FIC_STAFF)
    arguments = _meeting_arguments(user, payload)
    with _refusals_as_409():
        meeting = actions.create_meeting(acting_user=user, **arguments)
    return Status(201, _meeting_detail(user, meeting.pk))


# --- registrations ---------------------------------------------------------------------------------


def _invited(user: Any, ids: list[int]) -> list[Enterprise]:
    wanted = list(dict.fromkeys(ids))
    enterprises = list(access.scope(user, Enterprise).filter(pk__in=wanted).order_by("id"))
    if not wanted or len(enterprises) != len(wanted):
        raise ValidationError({"enterprises": _("“enterprises” must be a list of ids of enterprises of your "
                                                "district.")})
    by_id = {enterprise.pk: enterprise for enterprise in enterprises}
    return [by_id[pk] for pk in wanted]


@router.post("/dialogues/meetings/{meeting_id}/registrations", response={201: RegistrationList, **_WRITE_ERRORS},
             operation_id="register_for_meeting", summary="Register, or invite enterprises")
def register_for_meeting(request: HttpRequest, payload: RegistrationCreate,
                         meeting_id: int = _id("meeting")) -> Status:
    """An enterprise user registers its own enterprise for an open meeting (pending approval, or a seat
    at once, or the waitlist when full; 409 when fewer seats are left than asked for, unless
    ``accept_waitlist``); FIC staff invite the enterprises listed in ``enterprises``
    (approved while seats last, then waitlisted; those already registered are skipped)."""
    user = request.auth  # type: ignore[attr-defined]
    meeting = access.get_object_for_user(user, Meeting, meeting_id)  # 404 before anything about the input
    _require_role(user, Role.ENTERPRISE_USER, Role.FIC_STAFF)
    refuse_nul_characters(payload.dict())
    if user.role == Role.FIC_STAFF:
        unused = [name for name in ("attendee_names", "topic") if getattr(payload, name)]
        if payload.seats != 1:
            unused.append("seats")
        if payload.accept_waitlist:
            unused.append("accept_waitlist")
        if unused:
            raise ValidationError({name: _("“%(field)s” is the enterprise's to fill; leave it out when "
                                           "inviting.") % {"field": name} for name in unused})
        enterprises = _invited(user, payload.enterprises or [])
        with _refusals_as_409():
            made = actions.invite(meeting.pk, acting_user=user, enterprises=enterprises)
    else:
        if payload.enterprises is not None:
            raise ValidationError({"enterprises": _("“enterprises” is for FIC staff inviting; leave it out.")})
        with _refusals_as_409():
            made = [actions.register(meeting.pk, acting_user=user, seats=payload.seats,
                                     attendee_names=payload.attendee_names.strip(), topic=payload.topic.strip(),
                                     accept_waitlist=payload.accept_waitlist)]
    rows = _registrations().in_bulk([registration.pk for registration in made])
    return Status(201, {"items": [registration_out(rows[registration.pk]) for registration in made]})


@router.get("/dialogues/registrations", response={200: RegistrationPage, **_READ_ERRORS},
            operation_id="list_registrations", summary="List registrations")
def list_registrations(request: HttpRequest, query: Query[RegistrationQuery]) -> dict[str, Any]:
    """An enterprise user's own registrations; FIC staff's and leaders' those of their district's
    meetings. Newest first, keyset pages as the meeting list."""
    user = request.auth  # type: ignore[attr-defined]
    queryset = access.scope(user, _registrations())
    if query.meeting is not None:
        queryset = queryset.filter(meeting_id=query.meeting)
    if query.state is not None:
        queryset = queryset.filter(state=query.state)
    page = keyset_page(queryset, after=query.after, before=query.before, size=query.limit)
    return {"items": [registration_out(registration) for registration in page.items],
            "next": page.next_cursor, "previous": page.previous_cursor}


def _approve(user: Any, registration_id: int, note: str | None) -> Registration:
    return actions.approve(registration_id, acting_user=user)


def _decline(user: Any, registration_id: int, note: str | None) -> Registration:
    return actions.decline(registration_id, acting_user=user, note=(note or "").strip())


def _cancel(user: Any, registration_id: int, note: str | None) -> Registration:
    return actions.cancel_registration(registration_id, acting_user=user)


def _check_in(user: Any, registration_id: int, note: str | None) -> Registration:
    return actions.check_in_registration(registration_id, acting_user=user)


# Path name → (the roles that may take it, the action, whether it takes a note).
REGISTRATION_ACTIONS: dict[str, tuple[tuple[str, ...], Callable[[Any, int, str | None], Registration], bool]] = {
    "approve": ((Role.FIC_STAFF,), _approve, False),
    "decline": ((Role.FIC_STAFF,), _decline, True),
    "cancel": ((Role.FIC_STAFF, Role.ENTERPRISE_USER), _cancel, False),
    "check-in": ((Role.FIC_STAFF,), _check_in, False),
}


@router.post("/dialogues/registrations/{registration_id}/{action}", response={200: RegistrationOut, **_WRITE_ERRORS},
             operation_id="act_on_registration", summary="Approve, decline, cancel or check in a registration")
def act_on_registration(request: HttpRequest, action: RegistrationActionChoice,
                        registration_id: int = _id("registration"),
                        payload: RegistrationActionIn | None = None) -> dict[str, Any]:
    """FIC staff approve (a seat if one is free, else the waitlist), decline (with an optional note) or
    check in (the tick list); the enterprise (or staff) cancel, which frees the seats for the waitlist.
    Answers the registration as it is afterwards."""
    user = request.auth  # type: ignore[attr-defined]
    registration = access.get_object_for_user(user, Registration, registration_id)
    roles, run, takes_note = REGISTRATION_ACTIONS[action]
    _require_role(user, *roles)
    note = payload.note if payload is not None else None
    if note is not None:
        refuse_nul_characters({"note": note})
        if not takes_note:
            raise ValidationError({"note": _("“note” is not used by the action “%(action)s”; leave it out.") % {
                "action": action}})
    with _refusals_as_409():
        run(user, registration.pk, note)
    return registration_out(_registrations().get(pk=registration.pk))


@router.post("/dialogues/meetings/{meeting_id}/check-in", response={200: RegistrationOut, **_WRITE_ERRORS},
             operation_id="check_in_by_code", summary="Check in by code")
def check_in_by_code(request: HttpRequest, payload: CheckInIn, meeting_id: int = _id("meeting")) -> dict[str, Any]:
    """FIC staff check an attendee in by the code typed or scanned from the QR image. 409 says why a code
    is refused: unknown, of another meeting, not approved or already used."""
    user = request.auth  # type: ignore[attr-defined]
    meeting = access.get_object_for_user(user, Meeting, meeting_id)
    _require_role(user, Role.FIC_STAFF)
    refuse_nul_characters(payload.dict())
    if not payload.code.strip():
        raise ValidationError({"code": _("“%(field)s” is required.") % {"field": "code"}})
    with _refusals_as_409():
        registration = actions.check_in(meeting.pk, acting_user=user, code=payload.code)
    return registration_out(_registrations().get(pk=registration.pk))
