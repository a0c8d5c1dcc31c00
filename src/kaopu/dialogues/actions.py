"""Every change of a meeting and its registrations.

Each function runs in one transaction. Where seats or states change it locks the meeting row first
(select_for_update) and only then the registration, so that two people acting at once queue on the
meeting and seats are never given twice. Refusals raise :class:`DialogueError` with a message for a
person naming the field or the rule; objects the user may not see raise Http404
(kaopu.core.access). Notifications (kaopu.dialogues.notify) are sent after commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.dialogues import codes, notify, selectors
from kaopu.dialogues.models import Meeting, MeetingKind, RaisedIssue, Registration
from kaopu.directory.models import Department, Enterprise, IndustrySection
from kaopu.publicity import screening

M = Meeting.State
R = Registration.State
LIVE = (R.PENDING, R.APPROVED, R.WAITLISTED)
TITLE_LENGTH = 30


class DialogueError(Exception):
    """A refused dialogue action; the message is for a person."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class SeatsShort(DialogueError):
    """Some seats are free, but fewer than the registration asks for (at a meeting that gives seats at
    once): the enterprise chooses to register the seats that remain (``left``) or to put all of its
    attendees (``asked``) on the waitlist (register again with accept_waitlist=True)."""

    def __init__(self, left: int, asked: int) -> None:
        super().__init__(ngettext(
            "Only %(left)s seat is left: register %(left)s, or put all %(asked)s on the waitlist.",
            "Only %(left)s seats are left: register %(left)s, or put all %(asked)s on the waitlist.",
            left) % {"left": left, "asked": asked})
        self.left, self.asked = left, asked


class ContentRefused(DialogueError):
    """The content guard refused a meeting's public text (kaopu.publicity.screening): ``refused`` holds the
    findings and whether acknowledging them (the same action with their keys) lets it through."""

    def __init__(self, refused: screening.ScreeningRefused) -> None:
        super().__init__(refused.message)
        self.refused = refused


# --- Seats ----------------------------------------------------------------------------------------

def seats_taken(meeting: Meeting) -> int:
    """Seats held by approved registrations."""
    total = meeting.registrations.filter(state=R.APPROVED).aggregate(n=Sum("seats"))["n"]
    return total or 0


def seats_left(meeting: Meeting) -> int:
    return max(meeting.capacity - seats_taken(meeting), 0)


# --- Helpers --------------------------------------------------------------------------------------

def _staff_only(user: Any) -> None:
    if getattr(user, "role", None) != Role.FIC_STAFF:
        raise DialogueError(_("Only FIC staff of the meeting's district may manage meetings."))


def _locked_meeting(user: Any, meeting_id: Any) -> Meeting:
    """The meeting, locked, for a staff action (404 outside the staff member's district)."""
    _staff_only(user)
    return access.get_object_for_user(user, Meeting.objects.select_for_update(), meeting_id, "change")


def _state_label(state: str) -> str:
    return str(M(state).label)


def _refuse_state(meeting: Meeting, allowed: Iterable[str], what: str) -> None:
    if meeting.state not in allowed:
        raise DialogueError(_("This meeting is %(state)s: it cannot %(what)s.")
                            % {"state": _state_label(meeting.state), "what": what})


def _after_commit(key: str, registration_ids: Iterable[int], body: str = "") -> None:
    ids = list(registration_ids)
    if ids:
        transaction.on_commit(partial(notify.after, key, ids, body), robust=True)


def _audit(user: Any, target: Any, summary: str, data: dict[str, Any] | None = None,
           action: Action = Action.UPDATE) -> None:
    record(action, actor=user, target=target, summary=summary, data=data or {})


def _of(registration: Registration, meeting: Meeting) -> str:
    """A registration in words for the audit log: the enterprise and the meeting."""
    return f"{registration.enterprise.name} 参加 {meeting}"


def _text(value: Any, field: str, max_length: int, *, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise DialogueError(_("%(field)s: please write text.") % {"field": field})
    if required and not text:
        raise DialogueError(_("%(field)s: this field is required.") % {"field": field})
    if len(text) > max_length:
        raise DialogueError(_("%(field)s: at most %(max)s characters (now %(n)s).")
                            % {"field": field, "max": max_length, "n": len(text)})
    return text


def _positive_int(value: Any, field: str, *, maximum: int = 100000) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise DialogueError(_("%(field)s: please give a whole number.") % {"field": field}) from None
    if isinstance(value, float) and value != number:
        raise DialogueError(_("%(field)s: please give a whole number.") % {"field": field})
    if number < 1 or number > maximum:
        raise DialogueError(_("%(field)s: must be between 1 and %(max)s.") % {"field": field, "max": maximum})
    return number


def _datetime(value: Any, field: str, *, required: bool = True) -> datetime | None:
    if value is None or value == "":
        if required:
            raise DialogueError(_("%(field)s: this field is required.") % {"field": field})
        return None
    if not isinstance(value, datetime):
        raise DialogueError(_("%(field)s: please give a date and time.") % {"field": field})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


# --- Meetings -------------------------------------------------------------------------------------

# The texts the public meeting pages show (views_public.py, the .ics feed): screened by the content guard
# when a meeting becomes public and whenever they change while it is public.
PUBLIC_TEXTS = ("theme", "venue", "description")


def _public_label(name: str) -> str:
    return {"theme": _("Theme"), "venue": _("Venue"), "description": _("Description")}[name]


def _screen(texts: dict[str, str], acknowledged: Iterable[str]) -> dict[str, Any]:
    """The content guard over a meeting's public ``texts`` ({field name: text}); the audit data of the
    acknowledged medium findings (empty when none). Raises ContentRefused."""
    try:
        medium = screening.check_public_texts({_public_label(name): text for name, text in texts.items()},
                                              acknowledged)
    except screening.ScreeningRefused as refused:
        raise ContentRefused(refused) from None
    return {"acknowledged": screening.audit_record(medium)} if medium else {}


_SIMPLE_FIELDS = ("theme", "starts_at", "ends_at", "venue", "capacity", "seats_per_enterprise",
                  "requires_approval", "registration_closes_at", "description")


def _clean_meeting(values: dict[str, Any], district_id: int) -> dict[str, Any]:
    """Validated field values of a meeting (all fields given)."""
    clean: dict[str, Any] = {
        "theme": _text(values["theme"], _("Theme"), 100, required=True),
        "venue": _text(values["venue"], _("Venue"), 200, required=True),
        "description": _text(values.get("description", ""), _("Description"), 5000),
        "capacity": _positive_int(values["capacity"], _("Seats")),
        "seats_per_enterprise": _positive_int(values.get("seats_per_enterprise", 1), _("Seats per enterprise"),
                                              maximum=1000),
        "requires_approval": bool(values.get("requires_approval", True)),
        "starts_at": _datetime(values["starts_at"], _("Starts at")),
        "ends_at": _datetime(values["ends_at"], _("Ends at")),
        "registration_closes_at": _datetime(values.get("registration_closes_at"), _("Registration closes at"),
                                            required=False),
    }
    if clean["ends_at"] < clean["starts_at"]:
        raise DialogueError(_("Ends at: the meeting cannot end before it starts."))
    if clean["registration_closes_at"] and clean["registration_closes_at"] > clean["starts_at"]:
        raise DialogueError(_("Registration closes at: must not be after the meeting starts."))
    if clean["seats_per_enterprise"] > clean["capacity"]:
        raise DialogueError(_("Seats per enterprise: cannot be more than the meeting's seats (%(n)s).")
                            % {"n": clean["capacity"]})
    return clean


def _kind(kind: Any) -> MeetingKind:
    pk = kind.pk if isinstance(kind, MeetingKind) else kind
    found = MeetingKind.objects.filter(pk=pk, is_active=True).first() if str(pk).isdigit() else None
    if found is None:
        raise DialogueError(_("Kind: please choose one of the meeting kinds."))
    return found


def _set_relations(meeting: Meeting, industries: Any, leaders: Any, departments: Any) -> None:
    if industries is not None:
        ids = [getattr(i, "pk", i) for i in industries]
        found = list(IndustrySection.objects.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise DialogueError(_("Industry focus: please choose industries from the list."))
        meeting.industries.set(found)
    if leaders is not None:
        ids = [getattr(u, "pk", u) for u in leaders]
        found = list(User.objects.filter(pk__in=ids, role=Role.DISTRICT_LEADER, is_active=True)
                     .filter(organisation__district_id=meeting.district_id))
        if len(found) != len(set(ids)):
            raise DialogueError(_("Leaders attending: please choose leaders of this district."))
        meeting.leaders.set(found)
    if departments is not None:
        ids = [getattr(d, "pk", d) for d in departments]
        found = list(Department.objects.filter(pk__in=ids))
        if len(found) != len(set(ids)):
            raise DialogueError(_("Departments attending: please choose departments from the list."))
        meeting.departments.set(found)


def create_meeting(*, acting_user: Any, kind: Any, theme: str, starts_at: Any, ends_at: Any, venue: str,
                   capacity: Any, seats_per_enterprise: Any = 1, requires_approval: bool = True,
                   registration_closes_at: Any = None, description: str = "", industries: Iterable[Any] = (),
                   leaders: Iterable[Any] = (), departments: Iterable[Any] = (),
                   district: Any = None) -> Meeting:
    """A draft meeting of the staff member's district, numbered next in its (district, kind) series.
    City-level staff (no district of their own) name the ``district``."""
    _staff_only(acting_user)
    district_id = acting_user.district_id or getattr(district, "pk", district)
    if not district_id:
        raise DialogueError(_("District: please choose the district of the meeting."))
    if acting_user.district_id and district is not None and getattr(district, "pk", district) != district_id:
        raise DialogueError(_("District: you may create meetings only for your own district."))
    clean = _clean_meeting({"theme": theme, "starts_at": starts_at, "ends_at": ends_at, "venue": venue,
                            "capacity": capacity, "seats_per_enterprise": seats_per_enterprise,
                            "requires_approval": requires_approval,
                            "registration_closes_at": registration_closes_at, "description": description},
                           district_id)
    meeting_kind = _kind(kind)
    with transaction.atomic():
        # The kind's row is the lock of its numbering: two meetings created at once get different numbers.
        MeetingKind.objects.select_for_update().get(pk=meeting_kind.pk)
        last = Meeting.objects.filter(district_id=district_id, kind=meeting_kind).aggregate(n=Max("number"))["n"]
        meeting = Meeting.objects.create(district_id=district_id, kind=meeting_kind, number=(last or 0) + 1,
                                         organiser=acting_user, state=M.DRAFT, **clean)
        _set_relations(meeting, industries, leaders, departments)
        _audit(acting_user, meeting, f"新建会议 {meeting}", {"number": meeting.number}, Action.CREATE)
    return meeting


def update_meeting(meeting_id: Any, *, acting_user: Any, acknowledged: Iterable[str] = (), **fields: Any) -> Meeting:
    """Change a meeting's facts (not its state). Seats may not drop below the seats already taken. On a
    public meeting (not a draft) the public texts that change pass the content guard (see open_registration)."""
    unknown = set(fields) - {*_SIMPLE_FIELDS, "kind", "industries", "leaders", "departments"}
    if unknown:
        raise TypeError(f"update_meeting: unknown fields {sorted(unknown)}")
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_state(meeting, (M.DRAFT, M.OPEN, M.CLOSED, M.HELD), _("be changed"))
        values = {name: fields.get(name, getattr(meeting, name)) for name in _SIMPLE_FIELDS}
        clean = _clean_meeting(values, meeting.district_id)
        taken = seats_taken(meeting)
        if clean["capacity"] < taken:
            raise DialogueError(_("Seats: %(taken)s seats are already taken; the meeting cannot have fewer.")
                                % {"taken": taken})
        if "kind" in fields and _kind(fields["kind"]).pk != meeting.kind_id:
            raise DialogueError(_("Kind: a meeting keeps the kind of its series; create a new meeting instead."))
        diff: dict[str, Any] = {name: str(value) for name, value in clean.items() if getattr(meeting, name) != value}
        if meeting.state != M.DRAFT:
            diff.update(_screen({name: clean[name] for name in PUBLIC_TEXTS if name in diff}, acknowledged))
        for name, value in clean.items():
            setattr(meeting, name, value)
        meeting.save()
        _set_relations(meeting, fields.get("industries"), fields.get("leaders"), fields.get("departments"))
        _audit(acting_user, meeting, f"修改会议 {meeting}", diff)
        promoted = _promote(meeting)
    _after_commit("promoted", promoted)
    return meeting


def _transition(meeting_id: Any, acting_user: Any, allowed: Iterable[str], target: str, what: str,
                summary: str, acknowledged: Iterable[str] | None = None) -> Meeting:
    """Move a meeting to ``target``. With ``acknowledged`` (opening), a draft's public texts are screened
    first, as it becomes public."""
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_state(meeting, allowed, what)
        before = meeting.state
        data: dict[str, Any] = {"from": before, "to": target}
        if acknowledged is not None and before == M.DRAFT:
            data.update(_screen({name: getattr(meeting, name) for name in PUBLIC_TEXTS}, acknowledged))
        meeting.state = target
        meeting.save(update_fields=["state", "updated_at"])
        _audit(acting_user, meeting, f"{summary} {meeting}", data)
    return meeting


def open_registration(meeting_id: Any, *, acting_user: Any, acknowledged: Iterable[str] = ()) -> Meeting:
    """Open registration: a draft becomes public, so its public texts pass the content guard first (a
    high-severity finding refuses; medium ones need their keys in ``acknowledged``, recorded in the audit
    entry). Reopening a closed meeting changes no text and is not screened again."""
    return _transition(meeting_id, acting_user, (M.DRAFT, M.CLOSED), M.OPEN, _("be opened for registration"),
                       "开放报名", acknowledged=tuple(acknowledged))


def close_registration(meeting_id: Any, *, acting_user: Any) -> Meeting:
    return _transition(meeting_id, acting_user, (M.OPEN,), M.CLOSED, _("close its registration"), "截止报名")


def mark_held(meeting_id: Any, *, acting_user: Any) -> Meeting:
    return _transition(meeting_id, acting_user, (M.OPEN, M.CLOSED), M.HELD, _("be marked as held"), "会议已召开")


def cancel_meeting(meeting_id: Any, *, acting_user: Any, reason: str, acknowledged: Iterable[str] = ()) -> Meeting:
    """Cancel a meeting that was not held; every live registrant is told, with the reason. A cancelled
    meeting is public (views_public.published shows all but drafts): a draft's texts pass the content
    guard first, as when it is opened."""
    reason = _text(reason, _("Reason for cancelling"), 200, required=True)
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_state(meeting, (M.DRAFT, M.OPEN, M.CLOSED), _("be cancelled"))
        data: dict[str, Any] = {}
        if meeting.state == M.DRAFT:
            data = _screen({name: getattr(meeting, name) for name in PUBLIC_TEXTS}, acknowledged)
        meeting.state, meeting.cancel_reason = M.CANCELLED, reason
        meeting.save(update_fields=["state", "cancel_reason", "updated_at"])
        live = list(meeting.registrations.filter(state__in=LIVE).values_list("pk", flat=True))
        _audit(acting_user, meeting, f"取消会议 {meeting}", {"reason": reason, "registrations": len(live), **data})
    _after_commit("meeting_cancelled", live, reason)
    return meeting


# --- Registrations --------------------------------------------------------------------------------

def _new_registration(meeting: Meeting, enterprise_id: int, *, user: Any, origin: str, state: str,
                      seats: int = 1, attendee_names: str = "", topic: str = "") -> Registration:
    now = timezone.now()
    return Registration.objects.create(
        meeting=meeting, enterprise_id=enterprise_id, origin=origin, state=state, seats=seats,
        attendee_names=attendee_names, topic=topic, code=codes.new_code(), created_by=user,
        decided_at=now if state in (R.APPROVED, R.WAITLISTED) else None)


def _promote(meeting: Meeting) -> list[int]:
    """Approve the waitlist's head(s) in arrival order while their seats fit (the meeting is locked).
    Stops at the first that does not fit, so nobody overtakes an earlier registration."""
    if meeting.state not in (M.OPEN, M.CLOSED):
        return []
    free = meeting.capacity - seats_taken(meeting)
    promoted: list[int] = []
    for registration in meeting.registrations.select_for_update().filter(state=R.WAITLISTED).order_by("id"):
        if registration.seats > free:
            break
        free -= registration.seats
        registration.state, registration.decided_at = R.APPROVED, timezone.now()
        registration.save(update_fields=["state", "decided_at"])
        promoted.append(registration.pk)
    return promoted


def invite(meeting_id: Any, *, acting_user: Any, enterprises: Iterable[Any]) -> list[Registration]:
    """Invite enterprises of the meeting's district: approved while seats last, then waitlisted.
    Enterprises already registered (a live registration) are skipped."""
    ids = list(dict.fromkeys(getattr(e, "pk", e) for e in enterprises))
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_state(meeting, (M.DRAFT, M.OPEN, M.CLOSED), _("take invitations"))
        found = set(access.scope(acting_user, Enterprise).filter(pk__in=ids, district_id=meeting.district_id)
                    .values_list("pk", flat=True))
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise DialogueError(_("Enterprises: no enterprise of this district has the number(s) %(ids)s.")
                                % {"ids": ", ".join(missing)})
        already = set(meeting.registrations.filter(state__in=LIVE, enterprise_id__in=ids)
                      .values_list("enterprise_id", flat=True))
        free = meeting.capacity - seats_taken(meeting)
        created = []
        for pk in ids:
            if pk in already:
                continue
            state = R.APPROVED if free >= 1 else R.WAITLISTED
            free -= 1 if state == R.APPROVED else 0
            created.append(_new_registration(meeting, pk, user=acting_user, origin=Registration.Origin.INVITED,
                                             state=state))
        if created:
            names = "、".join(Enterprise.objects.filter(pk__in=[r.enterprise_id for r in created])
                             .order_by("pk").values_list("name", flat=True))
            _audit(acting_user, meeting, f"邀请企业参会 {meeting}：{names}",
                   {"enterprises": [r.enterprise_id for r in created]})
    _after_commit("invited", [r.pk for r in created if r.state == R.APPROVED])
    _after_commit("waitlisted", [r.pk for r in created if r.state == R.WAITLISTED])
    return created


def register(meeting_id: Any, *, acting_user: Any, seats: Any = 1, attendee_names: str = "",
             topic: str = "", accept_waitlist: bool = False) -> Registration:
    """An enterprise user registers its enterprise for an open meeting before registration closes.

    At a meeting that needs approval the registration waits (pending). Otherwise it takes its seats at
    once when they are free, or joins the waitlist when no seat is free; when some seats are free but
    fewer than asked, it raises SeatsShort (the seats left, checked under the meeting's lock) unless
    ``accept_waitlist`` says that the enterprise chose to wait with all of its attendees: it is never
    put on the waitlist for want of seats it could have had without being asked."""
    if getattr(acting_user, "role", None) != Role.ENTERPRISE_USER or not acting_user.enterprise_id:
        raise DialogueError(_("Only enterprise users may register for a meeting."))
    attendee_names = _text(attendee_names, _("Names of the attendees"), 200)
    topic = _text(topic, _("Topic to raise"), 2000)
    with transaction.atomic():
        meeting = access.get_object_for_user(acting_user, Meeting.objects.select_for_update(), meeting_id)
        if meeting.state != M.OPEN:
            raise DialogueError(_("This meeting is %(state)s: it does not take registrations.")
                                % {"state": _state_label(meeting.state)})
        deadline = meeting.registration_closes_at or meeting.starts_at
        if timezone.now() >= deadline:
            raise DialogueError(_("Registration for this meeting closed at %(when)s.")
                                % {"when": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")})
        seats = _positive_int(seats, _("Attendees"), maximum=1000)
        if seats > meeting.seats_per_enterprise:
            raise DialogueError(_("Attendees: at most %(n)s per enterprise at this meeting.")
                                % {"n": meeting.seats_per_enterprise})
        existing = meeting.registrations.filter(enterprise_id=acting_user.enterprise_id, state__in=LIVE).first()
        if existing is not None:
            raise DialogueError(_("Your enterprise is already registered for this meeting (%(state)s).")
                                % {"state": existing.get_state_display()})
        state = R.PENDING
        if not meeting.requires_approval:
            left = seats_left(meeting)
            if left >= seats:
                state = R.APPROVED
            elif left == 0 or accept_waitlist:
                state = R.WAITLISTED
            else:
                raise SeatsShort(left, seats)
        registration = _new_registration(meeting, acting_user.enterprise_id, user=acting_user,
                                         origin=Registration.Origin.SELF, state=state, seats=seats,
                                         attendee_names=attendee_names, topic=topic)
        _audit(acting_user, registration, f"报名：{_of(registration, meeting)}",
               {"state": state, "seats": seats, "accept_waitlist": bool(accept_waitlist)}, Action.CREATE)
    key = {R.PENDING: "registered", R.APPROVED: "approved", R.WAITLISTED: "waitlisted"}[state]
    _after_commit(key, [registration.pk])
    return registration


def _locked_registration(user: Any, registration_id: Any, action: str = "change") -> tuple[Meeting, Registration]:
    """The registration and its meeting, both locked (meeting first, like every other action)."""
    found = access.get_object_for_user(user, Registration, registration_id, action)  # type: ignore[arg-type]
    meeting = Meeting.objects.select_for_update().get(pk=found.meeting_id)
    registration = Registration.objects.select_for_update().get(pk=found.pk)
    registration.meeting = meeting
    return meeting, registration


def approve(registration_id: Any, *, acting_user: Any) -> Registration:
    """Pending (or waitlisted) → approved when its seats fit, otherwise waitlisted."""
    _staff_only(acting_user)
    with transaction.atomic():
        meeting, registration = _locked_registration(acting_user, registration_id)
        _refuse_state(meeting, (M.DRAFT, M.OPEN, M.CLOSED), _("take decisions on registrations"))
        if registration.state not in (R.PENDING, R.WAITLISTED):
            raise DialogueError(_("This registration is %(state)s: it cannot be approved.")
                                % {"state": registration.get_state_display()})
        fits = seats_left(meeting) >= registration.seats
        if not fits and registration.state == R.WAITLISTED:
            raise DialogueError(_("No seat is free: the registration stays on the waitlist."))
        registration.state = R.APPROVED if fits else R.WAITLISTED
        registration.decided_at = timezone.now()
        registration.save(update_fields=["state", "decided_at"])
        _audit(acting_user, registration, f"审核报名：{_of(registration, meeting)}", {"state": registration.state})
    _after_commit("approved" if fits else "waitlisted", [registration.pk])
    return registration


def decline(registration_id: Any, *, acting_user: Any, note: str = "") -> Registration:
    _staff_only(acting_user)
    note = _text(note, _("Note"), 200)
    with transaction.atomic():
        meeting, registration = _locked_registration(acting_user, registration_id)
        _refuse_state(meeting, (M.DRAFT, M.OPEN, M.CLOSED), _("take decisions on registrations"))
        if registration.state not in LIVE or registration.checked_in_at:
            raise DialogueError(_("This registration is %(state)s: it cannot be declined.")
                                % {"state": registration.get_state_display()})
        registration.state, registration.note, registration.decided_at = R.DECLINED, note, timezone.now()
        registration.save(update_fields=["state", "note", "decided_at"])
        _audit(acting_user, registration, f"拒绝报名：{_of(registration, meeting)}", {"note": note})
        promoted = _promote(meeting)
    _after_commit("declined", [registration.pk], note)
    _after_commit("promoted", promoted)
    return registration


def cancel_registration(registration_id: Any, *, acting_user: Any) -> Registration:
    """The enterprise withdraws its own registration, or staff cancel it; the seats go to the
    waitlist's head(s) in arrival order."""
    role = getattr(acting_user, "role", None)
    if role not in (Role.ENTERPRISE_USER, Role.FIC_STAFF):
        raise DialogueError(_("Only the registered enterprise or FIC staff may cancel a registration."))
    with transaction.atomic():
        meeting, registration = _locked_registration(
            acting_user, registration_id, "view" if role == Role.ENTERPRISE_USER else "change")
        if role == Role.ENTERPRISE_USER and registration.enterprise_id != acting_user.enterprise_id:
            raise DialogueError(_("Only the registered enterprise or FIC staff may cancel a registration."))
        _refuse_state(meeting, (M.DRAFT, M.OPEN, M.CLOSED), _("take cancellations"))
        if registration.state not in LIVE:
            raise DialogueError(_("This registration is %(state)s already.")
                                % {"state": registration.get_state_display()})
        if registration.checked_in_at:
            raise DialogueError(_("This registration has checked in: it cannot be cancelled."))
        registration.state, registration.decided_at = R.CANCELLED, timezone.now()
        registration.save(update_fields=["state", "decided_at"])
        _audit(acting_user, registration, f"取消报名：{_of(registration, meeting)}", {"by": role})
        promoted = _promote(meeting)
    if role == Role.FIC_STAFF:
        _after_commit("cancelled_by_staff", [registration.pk])
    _after_commit("promoted", promoted)
    return registration


# --- Check-in -------------------------------------------------------------------------------------

def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _refuse_check_in_closed(meeting: Meeting) -> None:
    """Check-in is taken in the meeting's window only (Meeting.check_in_opens_at … ends_at, see
    settings.KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE), whoever checks in and however: the message says when."""
    _refuse_state(meeting, (M.OPEN, M.CLOSED, M.HELD), _("take check-ins"))
    timing = meeting.check_in_timing(timezone.now())
    if timing == "early":
        raise DialogueError(_("Check-in has not opened yet: it opens at %(when)s, %(minutes)s minutes before "
                              "the meeting starts.") % {"when": _when(meeting.check_in_opens_at),
                                                        "minutes": settings.KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE})
    if timing == "over":
        raise DialogueError(_("Check-in has closed: the meeting ended at %(when)s.")
                            % {"when": _when(meeting.check_in_closes_at)})


def _check_in(meeting: Meeting, registration: Registration, user: Any) -> Registration:
    """The registration checks in (the meeting is locked and its check-in window checked)."""
    if registration.state != R.APPROVED:
        raise DialogueError(_("This registration is %(state)s, not approved: it cannot check in.")
                            % {"state": registration.get_state_display()})
    if registration.checked_in_at is not None:
        raise DialogueError(_("This code was already used: %(enterprise)s checked in at %(when)s.")
                            % {"enterprise": registration.enterprise.name,
                               "when": timezone.localtime(registration.checked_in_at).strftime("%H:%M")})
    registration.checked_in_at, registration.checked_in_by = timezone.now(), user
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    _audit(user, registration, f"签到：{_of(registration, meeting)}", {"code": registration.code})
    return registration


def check_in(meeting_id: Any, *, acting_user: Any, code: Any) -> Registration:
    """Check in by the code typed or scanned: it works once, only for its meeting, and only while the
    meeting's check-in is open (from KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE minutes before the start
    until the end). Refusals say which: not a code, unknown, another meeting's, not approved, already
    used, check-in not open yet or closed."""
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_check_in_closed(meeting)
        normalised = codes.normalise(code)
        if not normalised:
            raise DialogueError(_("Check-in code: this is not a check-in code (%(n)s letters and digits, "
                                  "like ABCD-2345).") % {"n": codes.LENGTH})
        registration = (Registration.objects.select_for_update().select_related("enterprise")
                        .filter(code=normalised).first())
        if registration is None:
            raise DialogueError(_("Check-in code: no registration has the code %(code)s.")
                                % {"code": codes.display(normalised)})
        if registration.meeting_id != meeting.pk:
            raise DialogueError(_("Check-in code: %(code)s belongs to another meeting, not this one.")
                                % {"code": codes.display(normalised)})
        return _check_in(meeting, registration, acting_user)


def check_in_registration(registration_id: Any, *, acting_user: Any) -> Registration:
    """Check in from the tick list of a meeting's approved registrations (same window as check_in)."""
    _staff_only(acting_user)
    with transaction.atomic():
        meeting, registration = _locked_registration(acting_user, registration_id)
        _refuse_check_in_closed(meeting)
        return _check_in(meeting, registration, acting_user)


# --- Minutes and issues ---------------------------------------------------------------------------

def save_minutes(meeting_id: Any, *, acting_user: Any, minutes: str) -> Meeting:
    minutes = _text(minutes, _("Minutes"), 20000)
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_state(meeting, (M.OPEN, M.CLOSED, M.HELD), _("have minutes"))
        meeting.minutes, meeting.minutes_updated_at = minutes, timezone.now()
        meeting.save(update_fields=["minutes", "minutes_updated_at", "updated_at"])
        _audit(acting_user, meeting, f"保存会议纪要 {meeting}", {"length": len(minutes)})
    return meeting


def add_issue(meeting_id: Any, *, acting_user: Any, enterprise: Any, summary: str) -> RaisedIssue:
    """Record an issue an enterprise of the district raised at the meeting."""
    summary = _text(summary, _("Issue"), 2000, required=True)
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_state(meeting, (M.OPEN, M.CLOSED, M.HELD), _("have issues raised"))
        pk = getattr(enterprise, "pk", enterprise)
        found = access.scope(acting_user, Enterprise).filter(district_id=meeting.district_id)
        found = found.filter(pk=pk).first() if str(pk).isdigit() else None
        if found is None:
            raise DialogueError(_("Enterprise: please choose an enterprise of this district."))
        issue = RaisedIssue.objects.create(meeting=meeting, enterprise=found, summary=summary,
                                           created_by=acting_user)
        _audit(acting_user, issue, f"记录 {found.name} 在 {meeting} 提出的问题：{summary[:60]}",
               {"meeting": meeting.pk, "enterprise": found.pk}, Action.CREATE)
    return issue


def issues_to_appeals(meeting_id: Any, *, acting_user: Any, items: Iterable[tuple[Any, str, Any]]) -> list[Any]:
    """Turn issues raised at the meeting into appeals on the enterprises' behalf (source = this
    meeting), all in one transaction: if one is refused, none is created. A refusal names the issue by
    its number in the meeting and its enterprise (RaisedIssue.named), as the minutes page lists it."""
    from kaopu.appeals import actions as appeal_actions
    from kaopu.appeals.models import Appeal, Category
    from kaopu.appeals.workflow import TransitionError

    items = list(items)
    if not items:
        raise DialogueError(_("Issues: please choose at least one issue."))
    appeals = []
    with transaction.atomic():
        meeting = _locked_meeting(acting_user, meeting_id)
        _refuse_state(meeting, (M.OPEN, M.CLOSED, M.HELD), _("turn issues into appeals"))
        ids = [item[0] for item in items]
        issues = {issue.pk: issue for issue in RaisedIssue.objects.select_for_update().select_related("enterprise")
                  .filter(meeting=meeting, pk__in=[i for i in ids if str(i).isdigit()])}
        numbers = selectors.issue_numbers(meeting)
        for issue_id, kind, category in items:
            issue = issues.get(int(issue_id)) if str(issue_id).isdigit() else None
            if issue is None:
                raise DialogueError(_("Issues: this meeting has no issue number %(id)s.") % {"id": issue_id})
            named = RaisedIssue.named(numbers[issue.pk], issue.enterprise.name)

            def refuse(error: str, named: str = named) -> DialogueError:
                return DialogueError(_("%(issue)s: %(error)s") % {"issue": named, "error": error})

            if issue.appeal_id is not None:
                raise refuse(_("it already became appeal #%(appeal)s.") % {"appeal": issue.appeal_id})
            if kind not in Appeal.Kind.values:
                raise refuse(_("please choose the appeal's type."))
            category_pk = getattr(category, "pk", category)
            found = Category.objects.filter(pk=category_pk).first() if str(category_pk).isdigit() else None
            if found is None:
                raise refuse(_("please choose the appeal's category."))
            try:
                appeal = appeal_actions.submit_appeal(
                    enterprise=issue.enterprise, acting_user=acting_user, kind=kind, category=found,
                    title=issue.summary.strip().splitlines()[0][:TITLE_LENGTH] if issue.summary.strip() else "",
                    content=issue.summary, source=meeting.kind.appeal_source, source_meeting_id=meeting.pk)
            except TransitionError as error:
                raise refuse(str(error)) from None
            issue.appeal = appeal
            issue.save(update_fields=["appeal"])
            appeals.append(appeal)
        _audit(acting_user, meeting, f"会议问题转诉求 {meeting}", {"appeals": [a.pk for a in appeals]})
    return appeals
