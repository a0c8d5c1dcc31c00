"""The legal JSON API (mounted under /api/v1/ by kaopu.api): /legal/requests and its steps.

Thin like kaopu.dialogues.api: kaopu.core.access decides what a caller sees, kaopu.legal.actions make
every change. Status codes:

- 401 without a valid token or session;
- 403 when the caller's role may never make this request (a leader assigning, an enterprise recording a session);
- 404 for a request the caller may not see (another enterprise's, another lawyer's, another district's);
- 409 for what the request's state refuses now (rated twice, completing before any session …);
- 422 for invalid input, one entry per field and rule (the actions' LegalError names its field).
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
from kaopu.legal import actions, selectors
from kaopu.legal.models import LegalRequest
from kaopu.legal.schemas import (
    MAX_ID,
    AssignIn,
    CompleteIn,
    Error,
    RateIn,
    RequestCreate,
    RequestDetailOut,
    RequestPage,
    RequestQuery,
    SessionIn,
    SuggestionOut,
    request_detail_out,
    request_out,
)
from kaopu.legal.suggestions import suggest_lawyers

router = Router(tags=["legal"])

_READ_ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error, 422: Error}
_WRITE_ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
READERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.ENTERPRISE_USER, Role.LAWYER)


def _id() -> Any:
    return Path(..., ge=1, le=MAX_ID, description="The request's id.")


@contextmanager
def _refusals() -> Iterator[None]:
    """A refusal naming an input field is 422; one of the request's state or the caller's part, 409."""
    try:
        yield
    except actions.LegalError as error:
        if error.field:
            raise ApiError(422, _("The input is invalid; see the errors of each field."),
                           [{"field": error.field, "message": error.message}]) from error
        raise ApiError(409, error.message) from error


def _require_role(user: Any, *roles: str) -> None:
    if user.role not in roles:
        raise PermissionDenied(_("Your role may not do this."))


def _detail(user: Any, request_id: int, *, reading: HttpRequest | None = None) -> dict[str, Any]:
    """The request's detail; ``reading`` (the GET's request) records who read the contact's phone."""
    public_only = user.role == Role.ENTERPRISE_USER
    found = access.get_object_for_user(user, selectors.detail_queryset(public_only=public_only), request_id)
    if reading is not None:
        selectors.record_phone_viewing(reading, user, found)
    checklist = selectors.checklist(found) if found.service.has_checklist else []
    return request_detail_out(found, selectors.shown_phone(user, found), checklist)


@router.get("/legal/requests", response={200: RequestPage, **_READ_ERRORS}, operation_id="list_legal_requests",
            summary="List legal service requests")
def list_requests(request: HttpRequest, query: Query[RequestQuery]) -> dict[str, Any]:
    """The requests the caller may see, newest first: FIC staff and leaders their district's, an
    enterprise user its own, a lawyer those assigned to them. Keyset pages; nothing is counted."""
    user = request.auth  # type: ignore[attr-defined]
    _require_role(user, *READERS)
    queryset = selectors.request_list(user, state=query.state, service=query.service).select_related("lawyer__firm")
    page = keyset_page(queryset, after=query.after, before=query.before, size=query.limit)
    return {"items": [request_out(row) for row in page.items], "next": page.next_cursor,
            "previous": page.previous_cursor}


@router.get("/legal/requests/{request_id}", response={200: RequestDetailOut, **_READ_ERRORS},
            operation_id="get_legal_request", summary="One legal service request")
def get_request(request: HttpRequest, request_id: int = _id()) -> dict[str, Any]:
    """The request with its timeline (the enterprise sees no internal event), sessions, checklist and files."""
    user = request.auth  # type: ignore[attr-defined]
    _require_role(user, *READERS)
    return _detail(user, request_id, reading=request)


@router.post("/legal/requests", response={201: RequestDetailOut, **_WRITE_ERRORS},
             operation_id="submit_legal_request", summary="Ask for a legal service")
def submit_request(request: HttpRequest, payload: RequestCreate) -> Status:
    """An enterprise user asks for its own enterprise; FIC staff name ``enterprise`` (of their district).
    Attachments are added on the page (multipart), not through this JSON call."""
    user = request.auth  # type: ignore[attr-defined]
    _require_role(user, Role.ENTERPRISE_USER, Role.FIC_STAFF)
    refuse_nul_characters(payload.dict())
    with _refusals():
        created = actions.submit_request(acting_user=user, **payload.dict())
    return Status(201, _detail(user, created.pk))


@router.get("/legal/requests/{request_id}/suggestions", response={200: list[SuggestionOut], **_READ_ERRORS},
            operation_id="suggest_legal_lawyers", summary="Lawyers to suggest for a request")
def suggestions(request: HttpRequest, request_id: int = _id()) -> list[dict[str, Any]]:
    """FIC staff: the district's available lawyers, best first, each with the reason."""
    user = request.auth  # type: ignore[attr-defined]
    found = access.get_object_for_user(user, LegalRequest, request_id)
    _require_role(user, Role.FIC_STAFF)
    return [{"lawyer": {"id": s.lawyer.pk, "name": s.lawyer.user.name, "firm": s.lawyer.firm.name},
             "load": s.load, "area_match": s.area_match, "is_full": s.is_full, "reason": s.reason}
            for s in suggest_lawyers(found)]


def _step(request: HttpRequest, request_id: int, role: str, call: Any) -> dict[str, Any]:
    """404 for a request the caller may not see, then 403 for the wrong role, then the action."""
    user = request.auth  # type: ignore[attr-defined]
    access.get_object_for_user(user, LegalRequest, request_id)
    _require_role(user, role)
    with _refusals():
        call(user)
    return _detail(user, request_id)


@router.post("/legal/requests/{request_id}/assign", response={200: RequestDetailOut, **_WRITE_ERRORS},
             operation_id="assign_legal_lawyer", summary="Assign or change the lawyer")
def assign(request: HttpRequest, payload: AssignIn, request_id: int = _id()) -> dict[str, Any]:
    """FIC staff: the lawyer must be available, of the district's team, and under their maximum load
    unless ``override_load``."""
    expected: Any = actions.UNCHECKED
    if payload.expected_lawyer is not None:
        expected = payload.expected_lawyer or None
    return _step(request, request_id, Role.FIC_STAFF, lambda user: actions.assign_lawyer(
        request_id, acting_user=user, lawyer=payload.lawyer, override_load=payload.override_load,
        expected_lawyer=expected))


@router.post("/legal/requests/{request_id}/sessions", response={200: RequestDetailOut, **_WRITE_ERRORS},
             operation_id="record_legal_session", summary="Record a session")
def session(request: HttpRequest, payload: SessionIn, request_id: int = _id()) -> dict[str, Any]:
    """The assigned lawyer; the first session moves the request to in progress."""
    refuse_nul_characters(payload.dict())
    return _step(request, request_id, Role.LAWYER, lambda user: actions.record_session(
        request_id, acting_user=user, **payload.dict()))


@router.post("/legal/requests/{request_id}/complete", response={200: RequestDetailOut, **_WRITE_ERRORS},
             operation_id="complete_legal_request", summary="Complete with the outcome")
def complete(request: HttpRequest, payload: CompleteIn, request_id: int = _id()) -> dict[str, Any]:
    """The assigned lawyer, after at least one session (and every checklist item for a health check)."""
    refuse_nul_characters(payload.dict())
    return _step(request, request_id, Role.LAWYER, lambda user: actions.complete_request(
        request_id, acting_user=user, **payload.dict()))


@router.post("/legal/requests/{request_id}/rate", response={200: RequestDetailOut, **_WRITE_ERRORS},
             operation_id="rate_legal_request", summary="Rate the completed service")
def rate(request: HttpRequest, payload: RateIn, request_id: int = _id()) -> dict[str, Any]:
    """The enterprise, once, when the service is completed."""
    refuse_nul_characters(payload.dict())
    return _step(request, request_id, Role.ENTERPRISE_USER, lambda user: actions.rate_request(
        request_id, acting_user=user, **payload.dict()))
