"""Every change of a legal service request, of the service team and of the catalogue.

Each request action runs in one transaction, locks the request row (select_for_update) and writes
one RequestEvent (the request's timeline, also what the figures count). Who may act is checked
first: a row the user may not see is Http404 (kaopu.core.access), a step their role or the request's
state refuses is :class:`LegalError`, whose message names the field or the rule. Notifications
(kaopu.legal.notify) go out after commit; changes of who handles a request or of the team are
audited (kaopu.audit).

States: submitted → assigned → in_progress → completed → rated, with cancelled (the enterprise,
before completion) and declined (staff, before any session) as side exits. WORKFLOW is the table.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals.attachments import clean_name, problems
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.workflow import TransitionError
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.workdays import local_today
from kaopu.directory.models import Enterprise
from kaopu.legal import notify
from kaopu.legal.models import (
    CheckResult,
    HealthCheckItem,
    LawFirm,
    Lawyer,
    LegalRequest,
    LegalSession,
    PracticeArea,
    RequestAttachment,
    RequestEvent,
    ServiceKind,
)

logger = logging.getLogger(__name__)

S = LegalRequest.State
E = RequestEvent.Kind
OPEN_STATES = (S.ASSIGNED, S.IN_PROGRESS)  # what counts in a lawyer's load
# The state table: action → the states it may start from (the target is set by the action).
WORKFLOW: dict[str, tuple[str, ...]] = {
    "assign": (S.SUBMITTED,),
    "reassign": (S.ASSIGNED, S.IN_PROGRESS),
    "decline": (S.SUBMITTED, S.ASSIGNED),
    "cancel": (S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS),
    "session": (S.ASSIGNED, S.IN_PROGRESS),
    "checklist": (S.ASSIGNED, S.IN_PROGRESS),
    "complete": (S.IN_PROGRESS,),
    "rate": (S.COMPLETED,),
    "to_appeal": (S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.COMPLETED, S.RATED, S.DECLINED),
}
PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,28}[0-9]$")


class LegalError(Exception):
    """A refused step. ``field`` is the input at fault (the API's field name) or None when the
    request's state or the user's role refuses it; ``message`` is for a person and names the field
    or the rule."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message


# --- checks ---------------------------------------------------------------------------------------


def _text(value: Any, field: str, label: str, max_length: int, *, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        raise LegalError(field, _("%(field)s: please write text.") % {"field": label})
    text = (value or "").strip()
    if "\x00" in text:
        raise LegalError(field, _("%(field)s: the text contains a NUL character.") % {"field": label})
    if required and not text:
        raise LegalError(field, _("%(field)s: this field is required.") % {"field": label})
    if len(text) > max_length:
        raise LegalError(field, _("%(field)s: at most %(max)s characters (now %(n)s).")
                         % {"field": label, "max": max_length, "n": len(text)})
    return text


def _whole_number(value: Any, field: str, label: str, low: int, high: int) -> int:
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise LegalError(field, _("%(field)s: please give a whole number.") % {"field": label})
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise LegalError(field, _("%(field)s: please give a whole number.") % {"field": label}) from None
    if not low <= number <= high:
        raise LegalError(field, _("%(field)s: must be between %(low)s and %(high)s.")
                         % {"field": label, "low": low, "high": high})
    return number


def _choice(value: Any, choices: Any, field: str, label: str) -> str:
    if value not in choices.values:
        names = "、".join(str(choice.label) for choice in choices)
        raise LegalError(field, _("%(field)s: please choose one of %(choices)s.") % {"field": label, "choices": names})
    return str(value)


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def _role(user: Any, *roles: str, what: str) -> None:
    if getattr(user, "role", None) not in roles:
        raise LegalError(None, _("Your role may not %(what)s.") % {"what": what})


def _locked(user: Any, request_id: Any) -> LegalRequest:
    """The request, locked until the transaction ends; Http404 when ``user`` may not change it."""
    queryset = LegalRequest.objects.select_for_update(of=("self",)).select_related("service", "lawyer__user",
                                                                                "enterprise")
    return access.get_object_for_user(user, queryset, _pk(request_id), "change")


def _state(request: LegalRequest, action: str) -> None:
    if request.state not in WORKFLOW[action]:
        raise LegalError(None, _("This request is “%(state)s”: this step is not possible now.")
                         % {"state": S(request.state).label})


def _event(request: LegalRequest, kind: str, user: Any, text: str = "", *, internal: bool = False) -> RequestEvent:
    return RequestEvent.objects.create(request=request, kind=kind, actor=user, text=text[:5000], internal=internal)


def _named(request: LegalRequest) -> str:
    """A request in words for the audit log: 「topic」（#id，enterprise）."""
    return f"「{request.topic}」（#{request.pk}，{request.enterprise.name}）"


def _audit(user: Any, target: Any, summary: str, data: dict[str, Any] | None = None,
           action: Action = Action.UPDATE) -> None:
    record(action, actor=user, target=target, summary=summary, data=data or {})


def _tell(key: str, request: LegalRequest, **extra: Any) -> None:
    transaction.on_commit(partial(notify.after, key, request.pk, **extra), robust=True)


def _save(request: LegalRequest, *fields: str) -> None:
    request.save(update_fields=[*fields, "updated_at"])


# --- submitting -----------------------------------------------------------------------------------


def _enterprise_for(user: Any, enterprise: Any) -> Enterprise:
    if user.role == Role.ENTERPRISE_USER:
        if not user.enterprise_id:
            raise LegalError(None, _("Your account is not bound to an enterprise."))
        if enterprise is not None and _pk(enterprise) != user.enterprise_id:
            raise LegalError("enterprise", _("Enterprise: you may request services only for your own enterprise."))
        return Enterprise.objects.get(pk=user.enterprise_id)
    if user.role == Role.FIC_STAFF:
        if enterprise is None:
            raise LegalError("enterprise", _("Enterprise: please choose the enterprise the request is for."))
        return access.get_object_for_user(user, Enterprise, _pk(enterprise))  # 404 outside the district
    raise LegalError(None, _("Your role may not %(what)s.") % {"what": _("request legal services")})


def _service(value: Any) -> ServiceKind:
    pk = _pk(value)
    found = ServiceKind.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if found is None:
        raise LegalError("service", _("Service: please choose one of the services offered."))
    return found


def _practice_area(value: Any) -> PracticeArea | None:
    if value in (None, ""):
        return None
    pk = _pk(value)
    found = PracticeArea.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if found is None:
        raise LegalError("practice_area", _("Field of law: please choose one from the list, or leave it empty."))
    return found


def _preferred_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime) or not isinstance(value, date):
        raise LegalError("preferred_date", _("Preferred date: please give a date."))
    today = local_today()
    if value < today:
        raise LegalError("preferred_date", _("Preferred date: cannot be in the past (today is %(today)s).")
                         % {"today": today.isoformat()})
    if value > today + timedelta(days=366):
        raise LegalError("preferred_date", _("Preferred date: at most one year from today."))
    return value


def _phone(value: Any) -> str:
    phone = _text(value, "contact_phone", _("Contact phone"), 30, required=True)
    if not PHONE.match(phone):
        raise LegalError("contact_phone", _("Contact phone: digits only (a landline may have a hyphen), "
                                            "at least 7 digits."))
    return phone


def _check_files(files: Iterable[Any]) -> list[Any]:
    chosen = [file for file in files if file]
    reasons = problems(chosen)
    if reasons:
        raise LegalError("attachments", " ".join(str(reason) for reason in reasons))
    return chosen


def _attach(request: LegalRequest, files: list[Any], user: Any, written: list[str]) -> None:
    for file in files:
        name = clean_name(file.name or "")
        row = RequestAttachment(request=request, original_name=name, size=file.size, uploaded_by=user)
        file.seek(0)
        row.file.save(name, file, save=False)  # written before the row; removed again if we roll back
        written.append(row.file.name)
        row.save()


def _discard(written: list[str]) -> None:
    for name in written:
        try:
            default_storage.delete(name)
        except OSError:  # pragma: no cover - the orphan file is harmless, no row points to it
            logger.exception("Could not delete the legal attachment %s after a rollback", name)


def submit_request(*, acting_user: Any, service: Any, topic: Any, description: Any, contact_name: Any,
                   contact_phone: Any, enterprise: Any = None, practice_area: Any = None,
                   preferred_date: Any = None, preferred_slot: Any = LegalRequest.Slot.ANY,
                   attachments: Iterable[Any] = ()) -> LegalRequest:
    """An enterprise user asks for a service for its own enterprise, or FIC staff on behalf of an
    enterprise of their district. The request waits for staff to assign a lawyer; the district's
    staff are told. Refused: another enterprise, an inactive service or field of law, a date in the
    past, missing topic/description/contact, a bad phone, more than 5 files or a bad file."""
    firm = _enterprise_for(acting_user, enterprise)
    values = {
        "service": _service(service),
        "practice_area": _practice_area(practice_area),
        "topic": _text(topic, "topic", _("Topic"), 100, required=True),
        "description": _text(description, "description", _("Description"), 5000, required=True),
        "preferred_date": _preferred_date(preferred_date),
        "preferred_slot": _choice(preferred_slot or LegalRequest.Slot.ANY, LegalRequest.Slot, "preferred_slot",
                                  _("Preferred time")),
        "contact_name": _text(contact_name, "contact_name", _("Contact person"), 50, required=True),
        "contact_phone": _phone(contact_phone),
    }
    files = _check_files(attachments)
    written: list[str] = []
    try:
        with transaction.atomic():
            request = LegalRequest.objects.create(district_id=firm.district_id, enterprise=firm,
                                                  submitted_by=acting_user, **values)
            _attach(request, files, acting_user, written)
            _event(request, E.SUBMITTED, acting_user, values["topic"])
            _audit(acting_user, request, f"提交法律服务申请{_named(request)}：{request.service.name}",
                   {"service": request.service.pk, "attachments": len(files)}, Action.CREATE)
            _tell("submitted", request)
    except BaseException:
        _discard(written)
        raise
    return request


# --- staff: assignment, decline, appeal -----------------------------------------------------------


def open_load(lawyer_id: int, *, excluding: int | None = None) -> int:
    """The lawyer's open requests (assigned or in progress)."""
    queryset = LegalRequest.objects.filter(lawyer_id=lawyer_id, state__in=OPEN_STATES)
    if excluding is not None:
        queryset = queryset.exclude(pk=excluding)
    return queryset.count()


def _lawyer_for(request: LegalRequest, value: Any) -> Lawyer:
    pk = _pk(value)
    # Locked so that two assignments to the same lawyer at once count each other in the load.
    lawyer = (Lawyer.objects.select_for_update(of=("self",)).select_related("user", "firm").filter(pk=pk).first()
              if str(pk).isdigit() else None)
    if lawyer is None or lawyer.firm.district_id != request.district_id:
        raise LegalError("lawyer", _("Lawyer: please choose a lawyer of this district's service team."))
    if not lawyer.firm.is_active:
        raise LegalError("lawyer", _("Lawyer: %(firm)s no longer belongs to the service team.")
                         % {"firm": lawyer.firm.name})
    if not lawyer.is_available or not lawyer.user.is_active:
        raise LegalError("lawyer", _("Lawyer: %(name)s is not taking requests at the moment.")
                         % {"name": lawyer.user.name or lawyer.user.username})
    return lawyer


UNCHECKED = object()


def assign_lawyer(request_id: Any, *, acting_user: Any, lawyer: Any, override_load: bool = False,
                  expected_lawyer: Any = UNCHECKED) -> LegalRequest:
    """Staff give a waiting request to a lawyer, or hand an open one to another lawyer. The lawyer
    must be available, of an active firm of the request's district, and have fewer open requests
    than their maximum unless staff confirm overriding it. Tells the lawyer(s) and the enterprise;
    audited. Refused: not staff, a closed request, the same lawyer again, an unavailable or full one,
    and, when ``expected_lawyer`` (the lawyer the page showed, None for none) is given, a request
    whose lawyer someone else changed in the meantime: two staff assigning at once make one assignment."""
    _role(acting_user, Role.FIC_STAFF, what=_("assign lawyers"))
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        if expected_lawyer is not UNCHECKED and _pk(expected_lawyer) != request.lawyer_id:
            raise LegalError(None, _("Someone else has just assigned this request (now: %(name)s); please look "
                                     "again before changing it.")
                             % {"name": request.lawyer.user.name if request.lawyer else "—"})
        action = "assign" if request.state == S.SUBMITTED else "reassign"
        _state(request, action)
        chosen = _lawyer_for(request, lawyer)
        previous = request.lawyer
        if previous is not None and previous.pk == chosen.pk:
            raise LegalError("lawyer", _("Lawyer: the request is already assigned to %(name)s.")
                             % {"name": chosen.user.name})
        load = open_load(chosen.pk, excluding=request.pk)
        if load >= chosen.max_open_requests and not override_load:
            raise LegalError("lawyer", _("Lawyer: %(name)s already has %(n)s open requests (at most %(max)s); "
                                         "confirm the override to assign anyway.")
                             % {"name": chosen.user.name, "n": load, "max": chosen.max_open_requests})
        request.lawyer = chosen
        request.assigned_at = timezone.now()
        if request.state == S.SUBMITTED:
            request.state = S.ASSIGNED
        _save(request, "lawyer", "assigned_at", "state")
        name = f"{chosen.user.name}（{chosen.firm.name}）"
        if previous is None:
            _event(request, E.ASSIGNED, acting_user, name)
        else:
            _event(request, E.REASSIGNED, acting_user, _("%(old)s → %(new)s") % {"old": previous.user.name,
                                                                                "new": name})
        # The lawyer now reads the enterprise's request, contact and files: a sharing with a third party.
        record(Action.SHARE, actor=acting_user, target=request,
               summary=f"将法律服务申请{_named(request)}{'转派' if previous else '指派'}给律师 {name}，"
                       f"共享 {request.enterprise.name} 的申请材料",
               data={"lawyer": chosen.pk, "previous": previous.pk if previous else None,
                     "override_load": bool(override_load and load >= chosen.max_open_requests), "load": load})
        _tell("assigned", request, previous_lawyer_id=previous.pk if previous else None)
    return request


def decline_request(request_id: Any, *, acting_user: Any, reason: Any) -> LegalRequest:
    """Staff decline a request that the service team cannot take up (before any session), with a
    reason the enterprise reads. Refused: not staff, no reason, a request already under way."""
    _role(acting_user, Role.FIC_STAFF, what=_("decline requests"))
    text = _text(reason, "reason", _("Reason"), 500, required=True)
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        _state(request, "decline")
        request.state = S.DECLINED
        _save(request, "state")
        _event(request, E.DECLINED, acting_user, text)
        _audit(acting_user, request, f"不予受理法律服务申请{_named(request)}", {"reason": text})
        _tell("declined", request)
    return request


def turn_into_appeal(request_id: Any, *, acting_user: Any, category: Any, kind: Any = Appeal.Kind.HELP,
                     title: Any = None, content: Any = None) -> Appeal:
    """Staff turn a request that needs a government answer into an appeal of the same enterprise
    (kaopu.appeals.actions.submit_appeal), linked from the request. Refused: not staff, a cancelled
    request, one already turned into an appeal, a bad category or kind."""
    from kaopu.appeals import contact as appeal_contact
    from kaopu.appeals.actions import submit_appeal  # appeals is a lower app; imported late to keep startup light

    _role(acting_user, Role.FIC_STAFF, what=_("turn requests into appeals"))
    found = Category.objects.filter(pk=_pk(category), is_active=True).first() if str(_pk(category)).isdigit() else None
    if found is None:
        raise LegalError("category", _("Category: please choose one of the appeal categories."))
    kind = _choice(kind, Appeal.Kind, "kind", _("Kind of appeal"))
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        if request.appeal_id:
            raise LegalError(None, _("This request was already turned into an appeal."))
        _state(request, "to_appeal")
        heading = _text(title if title is not None else request.topic, "title", _("Title"), 100, required=True)
        body = _text(content if content is not None else request.description, "content", _("Content"), 5000,
                     required=True)
        try:
            # The request's contact becomes the appeal's when its phone passes the appeals' check (else the default).
            phone = appeal_contact.valid_phone(request.contact_phone)
            appeal = submit_appeal(enterprise=request.enterprise, acting_user=acting_user, kind=kind,
                                   category=found, title=heading, content=body, source=Appeal.Source.LEGAL,
                                   contact_name=request.contact_name[:50] if phone else "", contact_phone=phone)
        except TransitionError as error:
            raise LegalError(None, str(error)) from error
        request.appeal = appeal
        _save(request, "appeal")
        _event(request, E.TO_APPEAL, acting_user, _("Appeal No. %(id)s: %(title)s") % {"id": appeal.pk,
                                                                                        "title": heading})
        _audit(acting_user, request, f"法律服务申请{_named(request)}转为诉求「{heading}」（#{appeal.pk}）",
               {"appeal": appeal.pk})
        _tell("to_appeal", request)
    return appeal


# --- the enterprise -------------------------------------------------------------------------------


def _own(user: Any, request: LegalRequest) -> None:
    if user.role != Role.ENTERPRISE_USER or request.enterprise_id != user.enterprise_id:
        raise LegalError(None, _("Only the enterprise that asked for the service may do this."))


def cancel_request(request_id: Any, *, acting_user: Any, reason: Any = "") -> LegalRequest:
    """The enterprise withdraws its request before it is completed; the lawyer, if any, is told."""
    _role(acting_user, Role.ENTERPRISE_USER, what=_("cancel requests"))
    text = _text(reason, "reason", _("Reason"), 500)
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        _own(acting_user, request)
        _state(request, "cancel")
        request.state = S.CANCELLED
        _save(request, "state")
        _event(request, E.CANCELLED, acting_user, text)
        _audit(acting_user, request, f"撤回法律服务申请{_named(request)}", {"reason": text})
        _tell("cancelled", request)
    return request


def rate_request(request_id: Any, *, acting_user: Any, rating: Any, comment: Any = "") -> LegalRequest:
    """The enterprise rates a completed service once, 1 (poor) to 5 (excellent), with a comment.
    Refused: not completed yet, rated already, a rating outside 1–5."""
    _role(acting_user, Role.ENTERPRISE_USER, what=_("rate services"))
    stars = _whole_number(rating, "rating", _("Rating"), 1, 5)
    text = _text(comment, "comment", _("Comment"), 500)
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        _own(acting_user, request)
        if request.state == S.RATED:
            raise LegalError(None, _("This service was already rated; a rating cannot be changed."))
        _state(request, "rate")
        request.rating, request.rating_comment, request.rated_at = stars, text, timezone.now()
        request.state = S.RATED
        _save(request, "rating", "rating_comment", "rated_at", "state")
        _event(request, E.RATED, acting_user, f"{stars}/5 {text}".strip())
        _audit(acting_user, request, f"评价法律服务{_named(request)}：{stars} 星", {"rating": stars})
        _tell("rated", request)
    return request


# --- the lawyer -----------------------------------------------------------------------------------


def _assigned_lawyer(user: Any, request: LegalRequest) -> Lawyer:
    if user.role != Role.LAWYER or request.lawyer is None or request.lawyer.user_id != user.pk:
        raise LegalError(None, _("Only the lawyer assigned to this request may do this."))
    return request.lawyer


def _start(request: LegalRequest) -> None:
    if request.state == S.ASSIGNED:
        request.state = S.IN_PROGRESS
        _save(request, "state")


def record_session(request_id: Any, *, acting_user: Any, held_at: Any, mode: Any, minutes: Any,
                   summary: Any) -> LegalSession:
    """The assigned lawyer records a consultation, meeting or review; the first one moves the
    request from assigned to in progress. Refused: another lawyer, a closed request, a time in the
    future or before the request, a duration outside 1–1440 minutes, no summary."""
    _role(acting_user, Role.LAWYER, what=_("record sessions"))
    if not isinstance(held_at, datetime):
        raise LegalError("held_at", _("Held at: please give a date and time."))
    if timezone.is_naive(held_at):
        held_at = timezone.make_aware(held_at)
    mode = _choice(mode, LegalSession.Mode, "mode", _("How"))
    length = _whole_number(minutes, "minutes", _("Duration (minutes)"), 1, 1440)
    text = _text(summary, "summary", pgettext("a legal session", "Summary"), 5000, required=True)
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        lawyer = _assigned_lawyer(acting_user, request)
        _state(request, "session")
        if held_at > timezone.now() + timedelta(minutes=5):
            raise LegalError("held_at", _("Held at: a session is recorded after it was held, not in the future."))
        if timezone.localdate(held_at) < timezone.localdate(request.created_at):
            raise LegalError("held_at", _("Held at: cannot be before the request was submitted (%(day)s).")
                             % {"day": timezone.localdate(request.created_at).isoformat()})
        session = LegalSession.objects.create(request=request, lawyer=lawyer, held_at=held_at, mode=mode,
                                              minutes=length, summary=text)
        _start(request)
        _event(request, E.SESSION, acting_user, f"{LegalSession.Mode(mode).label} · {length}′ · {text}")
        _audit(acting_user, session, f"记录法律服务{_named(request)}的服务过程（{length} 分钟）",
               {"request": request.pk, "mode": mode, "minutes": length}, Action.CREATE)
        _tell("session", request)
    return session


def save_checklist(request_id: Any, *, acting_user: Any,
                   results: Mapping[Any, Mapping[str, Any]]) -> list[CheckResult]:
    """The assigned lawyer fills the health check: ``results`` maps checklist item ids to
    {"status", "finding", "advice"}; items left out keep their earlier finding. Only for services
    that use the checklist; the first save moves the request to in progress."""
    _role(acting_user, Role.LAWYER, what=_("fill health checks"))
    items = {item.pk: item for item in HealthCheckItem.objects.filter(is_active=True)}
    clean: dict[int, dict[str, str]] = {}
    for key, values in results.items():
        pk = int(key) if str(key).isdigit() else None
        item = items.get(pk) if pk is not None else None
        if item is None:
            raise LegalError("results", _("Checklist: item %(id)s is not on the checklist.") % {"id": key})
        label = item.title[:30]
        clean[item.pk] = {
            "status": _choice(values.get("status"), CheckResult.Status, "results", label),
            "finding": _text(values.get("finding", ""), "results", label, 2000),
            "advice": _text(values.get("advice", ""), "results", label, 2000),
        }
        if clean[item.pk]["status"] in (CheckResult.Status.RISK, CheckResult.Status.HIGH_RISK) and not (
                clean[item.pk]["finding"]):
            raise LegalError("results", _("%(item)s: a risk needs a few words on what was found.") % {"item": label})
    if not clean:
        raise LegalError("results", _("Checklist: please give a finding for at least one item."))
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        _assigned_lawyer(acting_user, request)
        if not request.service.has_checklist:
            raise LegalError(None, _("This service has no health-check checklist."))
        _state(request, "checklist")
        existing = {row.item_id: row for row in CheckResult.objects.filter(request=request, item_id__in=clean)}
        saved = []
        for item_id, values in clean.items():
            row = existing.get(item_id) or CheckResult(request=request, item_id=item_id)
            row.status, row.finding, row.advice = values["status"], values["finding"], values["advice"]
            row.save()
            saved.append(row)
        _start(request)
        risks = sum(1 for values in clean.values() if values["status"] != CheckResult.Status.OK
                    and values["status"] != CheckResult.Status.NOT_APPLICABLE)
        _event(request, E.CHECKLIST, acting_user,
               _("%(n)s items checked, %(risks)s with risks") % {"n": len(clean), "risks": risks})
        _audit(acting_user, request, f"填写法律服务{_named(request)}的体检清单：{len(clean)} 项，{risks} 项有风险",
               {"items": sorted(clean), "risks": risks})
    return saved


def missing_checks(request: LegalRequest) -> int:
    """Active checklist items without a finding on ``request``."""
    done = CheckResult.objects.filter(request=request).values("item_id")
    return HealthCheckItem.objects.filter(is_active=True).exclude(pk__in=done).count()


def complete_request(request_id: Any, *, acting_user: Any, outcome: Any, outcome_text: Any) -> LegalRequest:
    """The assigned lawyer closes the service with its outcome; the enterprise is asked to rate it.
    Refused: another lawyer, no session recorded yet, a health check with unchecked items, no text."""
    _role(acting_user, Role.LAWYER, what=_("complete requests"))
    outcome = _choice(outcome, LegalRequest.Outcome, "outcome", _("Outcome"))
    text = _text(outcome_text, "outcome_text", _("Outcome in words"), 5000, required=True)
    with transaction.atomic():
        request = _locked(acting_user, request_id)
        _assigned_lawyer(acting_user, request)
        if request.state == S.ASSIGNED:
            raise LegalError(None, _("Record at least one session before completing the request."))
        _state(request, "complete")
        if request.service.has_checklist and (left := missing_checks(request)):
            raise LegalError("results", _("Checklist: %(n)s items have no finding yet.") % {"n": left})
        request.outcome, request.outcome_text, request.completed_at = outcome, text, timezone.now()
        request.state = S.COMPLETED
        _save(request, "outcome", "outcome_text", "completed_at", "state")
        _event(request, E.COMPLETED, acting_user, f"{LegalRequest.Outcome(outcome).label}：{text}")
        _audit(acting_user, request, f"办结法律服务{_named(request)}", {"outcome": outcome})
        _tell("completed", request)
    return request


def set_availability(lawyer_id: Any, *, acting_user: Any, available: bool) -> Lawyer:
    """A lawyer switches themselves on or off; staff do it for their district's lawyers (audited)."""
    if acting_user.role not in (Role.LAWYER, Role.FIC_STAFF):
        raise LegalError(None, _("Your role may not %(what)s.") % {"what": _("change availability")})
    with transaction.atomic():
        queryset = Lawyer.objects.select_for_update(of=("self",)).select_related("user")
        lawyer = access.get_object_for_user(acting_user, queryset, _pk(lawyer_id),
                                            "view" if acting_user.role == Role.LAWYER else "change")
        lawyer.is_available = bool(available)
        lawyer.save(update_fields=["is_available"])
        record(Action.UPDATE, actor=acting_user, target=lawyer,
               summary=f"律师 {lawyer.user.name}（{lawyer.user.username}）"
                       f"{'开始' if available else '暂停'}接受法律服务申请",
               data={"is_available": bool(available)})
    return lawyer


# --- the team (staff) -----------------------------------------------------------------------------


def save_firm(*, acting_user: Any, firm_id: Any = None, organisation: Any = None, name: Any, address: Any = "",
              phone: Any = "", joined_on: date | None = None, is_active: bool = True) -> LawFirm:
    """Staff add a law firm (an existing organisation of kind law firm in their district) to the team
    or edit one; audited."""
    _role(acting_user, Role.FIC_STAFF, what=_("manage the service team"))
    values = {"name": _text(name, "name", _("Name"), 100, required=True),
              "address": _text(address, "address", _("Address"), 200),
              "phone": _text(phone, "phone", _("Phone"), 30), "joined_on": joined_on, "is_active": bool(is_active)}
    with transaction.atomic():
        if firm_id is not None:
            firm = access.get_object_for_user(acting_user, LawFirm.objects.select_for_update(), _pk(firm_id), "change")
            for key, value in values.items():
                setattr(firm, key, value)
            firm.save()
        else:
            pk = _pk(organisation)
            firms = Organisation.objects.filter(kind=OrganisationKind.LAW_FIRM)
            org = firms.filter(pk=pk).first() if str(pk).isdigit() else None
            if org is None or (acting_user.district_id and org.district_id != acting_user.district_id):
                raise LegalError("organisation", _("Organisation: please choose a law firm of your district."))
            if LawFirm.objects.filter(organisation=org).exists():
                raise LegalError("organisation", _("Organisation: this law firm is already in the team."))
            if not org.district_id:
                raise LegalError("organisation", _("Organisation: the law firm has no district."))
            firm = LawFirm.objects.create(organisation=org, district_id=org.district_id, **values)
        record(Action.UPDATE if firm_id else Action.CREATE, actor=acting_user, target=firm,
               summary=f"{'修改' if firm_id else '新增'}服务团律师事务所 {firm.name}",
               data={"is_active": firm.is_active})
    return firm


def save_lawyer(*, acting_user: Any, lawyer_id: Any = None, user: Any = None, firm: Any = None,
                license_number: Any = "", years_of_practice: Any = 0, practice_areas: Iterable[Any] = (),
                languages: Any = "普通话", is_available: bool = True, availability: Any = "",
                max_open_requests: Any = 5) -> Lawyer:
    """Staff add the lawyer profile of an existing account (role lawyer, of the firm's organisation)
    or edit one; audited. The firm of an existing profile does not change."""
    _role(acting_user, Role.FIC_STAFF, what=_("manage the service team"))
    license_text = _text(license_number, "license_number", _("Practising certificate number"), 17)
    if license_text and not license_text.isdigit():
        raise LegalError("license_number", _("Practising certificate number: digits only (17 digits)."))
    values = {
        "license_number": license_text,
        "years_of_practice": _whole_number(years_of_practice or 0, "years_of_practice", _("Years of practice"), 0, 70),
        "languages": _text(languages, "languages", _("Languages"), 100) or "普通话",
        "is_available": bool(is_available),
        "availability": _text(availability, "availability", _("When available"), 100),
        "max_open_requests": _whole_number(max_open_requests, "max_open_requests", _("Open requests at most"), 1, 50),
    }
    area_ids = {_pk(area) for area in practice_areas}
    areas = list(PracticeArea.objects.filter(pk__in=[a for a in area_ids if str(a).isdigit()]))
    if len(areas) != len(area_ids):
        raise LegalError("practice_areas", _("Practice areas: please choose from the list."))
    with transaction.atomic():
        if lawyer_id is not None:
            lawyer = access.get_object_for_user(acting_user, Lawyer.objects.select_for_update(), _pk(lawyer_id),
                                                "change")
            for key, value in values.items():
                setattr(lawyer, key, value)
            lawyer.save()
        else:
            chosen_firm = access.get_object_for_user(acting_user, LawFirm, _pk(firm), "change")
            pk = _pk(user)
            account = User.objects.filter(pk=pk).first() if str(pk).isdigit() else None
            if account is None or account.role != Role.LAWYER or account.organisation_id != chosen_firm.organisation_id:
                raise LegalError("user", _("Account: please choose an account with the role lawyer of %(firm)s.")
                                 % {"firm": chosen_firm.name})
            if Lawyer.objects.filter(user=account).exists():
                raise LegalError("user", _("Account: this lawyer is already in the team."))
            lawyer = Lawyer.objects.create(user=account, firm=chosen_firm, **values)
        lawyer.practice_areas.set(areas)
        record(Action.UPDATE if lawyer_id else Action.CREATE, actor=acting_user, target=lawyer,
               summary=f"{'修改' if lawyer_id else '新增'}服务团律师 {lawyer.user.name}（{lawyer.firm.name}）",
               data={"firm": lawyer.firm_id, "is_available": lawyer.is_available,
                     "max_open_requests": lawyer.max_open_requests, "areas": sorted(a.pk for a in areas)})
    return lawyer


# --- the catalogue (staff) ------------------------------------------------------------------------

CATALOGUES = {"service": ServiceKind, "area": PracticeArea, "item": HealthCheckItem}
CATALOGUE_NAMES = {"service": "服务项目", "area": "业务领域", "item": "体检项目"}  # in the audit log's words


def save_catalogue_entry(kind: str, *, acting_user: Any, entry_id: Any = None, values: Mapping[str, Any]) -> Any:
    """Add, rename, reorder or retire (is_active=False) a service, a field of law or a checklist item.
    Entries are never deleted: requests and findings keep pointing at them."""
    _role(acting_user, Role.FIC_STAFF, what=_("edit the catalogue"))
    model = CATALOGUES.get(kind)
    if model is None:
        raise LegalError("kind", _("Catalogue: unknown list."))
    clean: dict[str, Any] = {
        "sort_order": _whole_number(values.get("sort_order", 0) or 0, "sort_order", _("Sort order"), 0, 999),
        "is_active": bool(values.get("is_active", True)),
    }
    if model is HealthCheckItem:
        clean["area"] = _text(values.get("area"), "area", _("Area"), 30, required=True)
        clean["title"] = _text(values.get("title"), "title", _("Check"), 200, required=True)
        clean["guidance"] = _text(values.get("guidance", ""), "guidance", _("What to look at"), 500)
    else:
        clean["name"] = _text(values.get("name"), "name", _("Name"), 30, required=True)
        if model is ServiceKind:
            clean["description"] = _text(values.get("description", ""), "description", _("Description"), 300)
            clean["has_checklist"] = bool(values.get("has_checklist", False))
        same = model.objects.filter(name=clean["name"]).exclude(pk=_pk(entry_id) if entry_id else None)
        if same.exists():
            raise LegalError("name", _("Name: “%(name)s” is already in the list.") % {"name": clean["name"]})
    with transaction.atomic():
        if entry_id:
            pk = _pk(entry_id)
            entry = model.objects.select_for_update().filter(pk=pk).first() if str(pk).isdigit() else None
            if entry is None:
                raise LegalError("id", _("Catalogue: this entry does not exist."))
            for key, value in clean.items():
                setattr(entry, key, value)
            entry.save()
        else:
            entry = model.objects.create(**clean)
        record(Action.UPDATE if entry_id else Action.CREATE, actor=acting_user, target=entry,
               summary=f"{'修改' if entry_id else '新增'}法律服务目录（{CATALOGUE_NAMES[kind]}）条目 {entry}",
               data={"active": entry.is_active})
    return entry
