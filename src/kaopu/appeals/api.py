"""The appeals JSON API: /api/v1/appeals.

Thin like the pages: kaopu.core.access decides what a caller sees (404 for anything else, the same
answer as for an id that does not exist), kaopu.appeals.actions make every change; this module only
parses, resolves ids and translates the actions' refusals. Status codes:

- 401 without a valid token or session;
- 403 when the caller's role may never make this request (submitting as a department);
- 404 for an appeal the caller may not see;
- 409 for an action the workflow refuses now (TransitionError, naming the action and the state);
  a deadline in a year whose working-day calendar nobody entered is never refused: it is provisional;
- 422 for invalid input, with one entry per field and rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router, Status

from kaopu.accounts.roles import Role
from kaopu.appeals import actions, contact, selectors
from kaopu.appeals.models import Appeal, Attachment, Category, Event
from kaopu.appeals.schemas import (
    MAX_ID,
    AppealCreate,
    AppealDetailOut,
    AppealPage,
    AppealQuery,
    Error,
    TransitionIn,
    appeal_detail_out,
    appeal_out,
)
from kaopu.appeals.workflow import TransitionError
from kaopu.core import access, workdays
from kaopu.core.api_errors import ApiError, refuse_nul_characters
from kaopu.directory.models import Department, Enterprise

router = Router(tags=["appeals"])

_READ_ERRORS: dict[int, Any] = {401: Error, 404: Error, 422: Error}
_WRITE_ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
_MEETING_SOURCES = frozenset({Appeal.Source.BREAKFAST, Appeal.Source.ROUNDTABLE, Appeal.Source.OTHER_MEETING})


def _appeal_id() -> Any:
    # Ids beyond a bigint are refused with 422 here rather than overflowing in the database.
    return Path(..., ge=1, le=MAX_ID, description="The appeal's id.")


@contextmanager
def _refusals_as_409() -> Iterator[None]:
    """The actions' refusals are conflicts with the appeal's current state, not bad input."""
    try:
        yield
    except TransitionError as exc:
        raise ApiError(409, str(exc)) from exc


# --- reads -----------------------------------------------------------------------------------------


def _filters(query: AppealQuery) -> selectors.AppealFilters:
    refuse_nul_characters(query.dict())
    return selectors.AppealFilters(
        state=query.state, category=query.category, department=query.department, overdue=query.overdue,
        source=query.source, subdistrict=query.subdistrict, industry=query.industry or None,
        created_from=query.created_from, created_to=query.created_to, q=query.q)


def _timeline(user: Any, appeal: Appeal) -> list[Event]:
    """The appeal's events, oldest first; an enterprise user sees only the public ones (no internal notes)."""
    events = Event.objects.filter(appeal=appeal).select_related("actor").order_by("id")
    if user.role == Role.ENTERPRISE_USER:
        events = events.filter(is_public=True)
    return list(events)


def _attachments(user: Any, appeal: Appeal) -> list[Attachment]:
    """The appeal's files, oldest first, in one query; an enterprise user gets only the public ones,
    as from the download view (kaopu.appeals.views_attachments)."""
    attachments = Attachment.objects.filter(appeal=appeal).only(
        "id", "name", "size", "uploaded_at", "event_id").order_by("id")
    if user.role == Role.ENTERPRISE_USER:
        attachments = attachments.filter(is_public=True)
    return list(attachments)


def _detail(request: HttpRequest, appeal_id: int) -> dict[str, Any]:
    """The appeal as the caller may read it; showing its contact's phone whole is recorded (contact)."""
    user = request.auth  # type: ignore[attr-defined]
    queryset = (Appeal.objects.select_related("category", "enterprise", "lead_department")
                .prefetch_related("co_handlers__department"))
    appeal = access.get_object_for_user(user, queryset, appeal_id)
    contact.record_viewing(request, user, appeal)
    return appeal_detail_out(user, appeal, _timeline(user, appeal), _attachments(user, appeal))


@router.get("/appeals", response={200: AppealPage, **_READ_ERRORS}, operation_id="list_appeals",
            summary="List appeals")
def list_appeals(request: HttpRequest, query: Query[AppealQuery]) -> dict[str, Any]:
    """The appeals the caller may see, newest first. Keyset pages: pass a page's `next` as `after`
    for the following page. Nothing is counted."""
    user = request.auth  # type: ignore[attr-defined]
    today = workdays.local_today()
    page = selectors.appeal_page(user, _filters(query), after=query.after, before=query.before, size=query.limit)
    return {"items": [appeal_out(appeal, today) for appeal in page.items],
            "next": page.next_cursor, "previous": page.previous_cursor}


@router.get("/appeals/{appeal_id}", response={200: AppealDetailOut, **_READ_ERRORS}, operation_id="get_appeal",
            summary="One appeal with its timeline")
def get_appeal(request: HttpRequest, appeal_id: int = _appeal_id()) -> dict[str, Any]:
    """The appeal and its timeline; an enterprise user sees only the events shown to the enterprise."""
    return _detail(request, appeal_id)


# --- submit ----------------------------------------------------------------------------------------


def _submit_enterprise(user: Any, payload: AppealCreate, errors: dict[str, str]) -> Enterprise | None:
    if user.role == Role.ENTERPRISE_USER:
        if payload.enterprise is not None and payload.enterprise != user.enterprise_id:
            errors["enterprise"] = _("“enterprise” must be your own enterprise (or left out).")
        if payload.source not in (None, Appeal.Source.ONLINE):
            errors["source"] = _("“source” must be “online” (or left out) for an enterprise user.")
        if payload.source_meeting_id is not None:
            errors["source_meeting_id"] = _("“source_meeting_id” is for FIC staff only.")
        return Enterprise.objects.filter(pk=user.enterprise_id).first()
    if payload.source is None:
        errors["source"] = _("“source” is required: say where the appeal was raised.")
    elif payload.source_meeting_id is not None and payload.source not in _MEETING_SOURCES:
        errors["source_meeting_id"] = _("“source_meeting_id” is only for appeals raised at a meeting.")
    if payload.enterprise is None:
        errors["enterprise"] = _("“enterprise” is required: the id of the enterprise the appeal is for.")
        return None
    enterprise = access.scope(user, Enterprise).filter(pk=payload.enterprise).first()
    if enterprise is None:
        errors["enterprise"] = _("“enterprise” must be the id of an enterprise of your district.")
    return enterprise


@router.post("/appeals", response={201: AppealDetailOut, **_WRITE_ERRORS}, operation_id="submit_appeal",
             summary="Submit an appeal")
def submit_appeal(request: HttpRequest, payload: AppealCreate) -> Status:
    """An enterprise user submits for its own enterprise; FIC staff submit on an enterprise's behalf,
    with the source (and meeting) it was raised at. The appeal then waits to be accepted."""
    user = request.auth  # type: ignore[attr-defined]
    if user.role not in (Role.ENTERPRISE_USER, Role.FIC_STAFF):
        raise PermissionDenied(_("Only enterprise users and FIC staff may submit appeals."))
    refuse_nul_characters(payload.dict())
    errors: dict[str, str] = {}
    enterprise = _submit_enterprise(user, payload, errors)
    category = Category.objects.filter(pk=payload.category, is_active=True).first()
    if category is None:
        errors["category"] = _("“category” must be the id of an active category.")
    for name in ("title", "content"):
        if not getattr(payload, name).strip():
            errors[name] = _("“%(field)s” is required.") % {"field": name}
    if (payload.contact_name or "").strip() or (payload.contact_phone or "").strip():
        try:
            contact.clean(payload.contact_name, payload.contact_phone)
        except ValidationError as error:
            errors.update({field: messages[0] for field, messages in error.message_dict.items()})
    if errors or enterprise is None or category is None:
        raise ValidationError(errors or {"enterprise": _("Your account belongs to no enterprise.")})
    with _refusals_as_409():
        appeal = actions.submit_appeal(
            enterprise=enterprise, acting_user=user, kind=payload.kind, category=category,
            title=payload.title.strip(), content=payload.content.strip(), is_confidential=payload.is_confidential,
            publish_consent=payload.publish_consent, source=payload.source or Appeal.Source.ONLINE,
            source_meeting_id=payload.source_meeting_id, contact_name=payload.contact_name or "",
            contact_phone=payload.contact_phone or "")
    return Status(201, _detail(request, appeal.pk))


# --- transitions -----------------------------------------------------------------------------------


def _department(appeal: Appeal, field_name: str, department_id: int) -> Department:
    department = Department.objects.filter(pk=department_id, district_id=appeal.district_id, is_active=True).first()
    if department is None:
        raise ValidationError({field_name: _("“%(field)s” must be the id of an active department of the "
                                             "appeal's district; %(id)s is not.") % {"field": field_name,
                                                                                     "id": department_id}})
    return department


def _lead(user: Any, appeal: Appeal, value: int) -> Department:
    return _department(appeal, "lead_department", value)


def _co_handlers(user: Any, appeal: Appeal, value: list[int]) -> list[Department]:
    return [_department(appeal, "co_departments", pk) for pk in dict.fromkeys(value)]


def _into(user: Any, appeal: Appeal, value: int) -> Appeal:
    target = access.scope(user, Appeal).filter(pk=value).first()
    if target is None:
        raise ValidationError({"into": _("“into” must be the id of an appeal you may see.")})
    return target


def _same(user: Any, appeal: Appeal, value: Any) -> Any:
    return value


# Payload field → (the action function's keyword, how the value becomes that argument).
_ARGUMENTS: dict[str, tuple[str, Callable[[Any, Appeal, Any], Any]]] = {
    "lead_department": ("lead", _lead),
    "co_departments": ("co_handlers", _co_handlers),
    "into": ("into", _into),
}


@dataclass(frozen=True)
class Step:
    """How one workflow action is called: its function, the payload fields it needs and may take."""

    run: Callable[..., Appeal]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)


# One entry per name of workflow.TRANSITIONS (a test checks that none is missing).
DISPATCH: dict[str, Step] = {
    "accept": Step(actions.accept),
    "decline": Step(actions.decline, required=("reason",)),
    "dispatch": Step(actions.dispatch, required=("lead_department",), optional=("co_departments", "instruction")),
    "sign_for": Step(actions.sign_for),
    "request_return": Step(actions.request_return, required=("reason",)),
    "approve_return": Step(actions.decide_return, optional=("note",), fixed={"approve": True}),
    "refuse_return": Step(actions.decide_return, optional=("note",), fixed={"approve": False}),
    "give_opinion": Step(actions.give_opinion, required=("opinion",)),
    "request_extension": Step(actions.request_extension, required=("reason", "working_days")),
    "approve_extension": Step(actions.decide_extension, optional=("note",), fixed={"approve": True}),
    "refuse_extension": Step(actions.decide_extension, optional=("note",), fixed={"approve": False}),
    "reply": Step(actions.reply, required=("text",)),
    "approve_reply": Step(actions.approve_reply, optional=("note",)),
    "return_reply": Step(actions.return_reply, required=("reason",)),
    "withdraw": Step(actions.withdraw, optional=("reason",)),
    "rate": Step(actions.rate, required=("rating",), optional=("comment",)),
    "arbitrate": Step(actions.arbitrate, required=("conclusion",)),
    "merge": Step(actions.merge, required=("into",)),
    "instruct": Step(actions.instruct, required=("instruction",)),
}


def _arguments(user: Any, appeal: Appeal, payload: TransitionIn, step: Step) -> dict[str, Any]:
    """The action's keyword arguments, or ValidationError naming each missing, blank or unused field."""
    given = {name: value for name, value in payload.dict(exclude={"action"}).items() if value is not None}
    refuse_nul_characters(given)
    errors: dict[str, str] = {}
    for name in step.required:
        value = given.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = _("“%(field)s” is required for the action “%(action)s”.") % {
                "field": name, "action": payload.action}
    for name in given.keys() - {*step.required, *step.optional}:
        errors[name] = _("“%(field)s” is not used by the action “%(action)s”; leave it out.") % {
            "field": name, "action": payload.action}
    if errors:
        raise ValidationError(errors)
    arguments = dict(step.fixed)
    for name, value in given.items():
        keyword, convert = _ARGUMENTS.get(name, (name, _same))
        arguments[keyword] = convert(user, appeal, value)
    return arguments


@router.post("/appeals/{appeal_id}/transitions", response={200: AppealDetailOut, **_WRITE_ERRORS},
             operation_id="transition_appeal", summary="Take an action on an appeal")
def transition_appeal(request: HttpRequest, payload: TransitionIn, appeal_id: int = _appeal_id()) -> dict[str, Any]:
    """Accept, dispatch, sign for, reply, rate … (the names of the workflow table), with the fields
    that action needs. Answers the appeal as it is afterwards; 409 when the workflow refuses the action
    in the appeal's current state or for the caller's role."""
    user = request.auth  # type: ignore[attr-defined]
    appeal = access.get_object_for_user(user, Appeal, appeal_id)  # 404 before anything about the input
    step = DISPATCH[payload.action]
    arguments = _arguments(user, appeal, payload, step)
    with _refusals_as_409():
        step.run(appeal.pk, acting_user=user, **arguments)
    return _detail(request, appeal.pk)
