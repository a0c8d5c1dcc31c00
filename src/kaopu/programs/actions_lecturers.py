"""Every change of the lecturers' group (讲师团) and of their bookings (讲师预约).

The group: FIC staff add a lecturer, edit them (topics, kind, enterprise, an optional account: an
existing user of the district) and retire or reinstate them.

Bookings: staff book a lecturer for an activity of their district or a training session; a chamber
officer for their own chamber's activity only (another's raises Http404, as a guessed id must). The
lecturer answers with their own account, or staff answer on their behalf (``answered_by`` records who):
accepted, or declined with a reason. The requester (or staff) may cancel a booking that is waiting or
accepted. Every step locks the booking row, so that an answer and a cancellation at the same moment
cannot both win; each appends an audit entry naming the lecturer and the event, and tells the other side
(kaopu.notifications, after the commit). Accepting a booking that overlaps another accepted booking of
the same lecturer is allowed, and the overlaps are returned so that the page warns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.errors import ActionRefused
from kaopu.core.inputs import Inputs
from kaopu.notifications.actions import notify
from kaopu.programs.actions_sites import SiteError, _enterprise_of
from kaopu.programs.models import Activity, Booking, Lecturer, TrainingSession

# The roles whose holders may be given a lecturer's account: entrepreneurs (enterprise users) and
# experts of the legal service team; every other expert is answered for by staff.
ACCOUNT_ROLES = frozenset({Role.ENTERPRISE_USER, Role.LAWYER})
DEFAULT_LENGTH = timedelta(hours=2)  # an event without an end, for the overlap warning


class LecturerError(ActionRefused):
    """A refused change of a lecturer or a booking."""


_read = Inputs(LecturerError)
_refuse = _read.refuse
_text = _read.text


def _lecturer_words(lecturer: Lecturer) -> str:
    return f"讲师“{lecturer.name}”"


def _booking_words(booking: Booking) -> str:
    """The booking in words: 讲师“name”在「event」（date）主讲“topic”."""
    event = booking.event
    return (f"{_lecturer_words(booking.lecturer)}在「{event}」（{timezone.localdate(event.starts_at):%Y-%m-%d}）"
            f"主讲“{booking.topic}”")


# --- the group ---------------------------------------------------------------------------------------------

def _staff_district(user: Any) -> int:
    if getattr(user, "role", None) != Role.FIC_STAFF or not user.district_id:
        raise LecturerError("user", _("Only the FIC staff of a district edit the lecturers' group."))
    return int(user.district_id)


def _account(value: Any, district_id: int, current: Lecturer | None) -> User | None:
    """The user named by login name (or given), who must be an active enterprise user or lawyer of the
    district and no other lecturer's account."""
    label = _("Account")
    if value in (None, ""):
        return None
    name = value.username if isinstance(value, User) else str(value).strip()
    user = (User.objects.select_related("organisation").filter(username=name, is_active=True).first()
            if name else None)
    if user is None or user.district_id != district_id or user.role not in ACCOUNT_ROLES:
        raise _refuse("account", label, _("“%(name)s” is no active enterprise user or lawyer of your district.")
                      % {"name": name})
    taken = Lecturer.objects.filter(user=user).exclude(pk=getattr(current, "pk", None)).first()
    if taken is not None:
        raise _refuse("account", label, _("this account is already the lecturer %(name)s's.") % {"name": taken.name})
    return user


def _clean(values: dict[str, Any], district_id: int, current: Lecturer | None) -> dict[str, Any]:
    kind = values.get("kind")
    if kind not in Lecturer.Kind.values:
        raise _refuse("kind", _("Kind of lecturer"), _("please choose one of the list."))
    try:
        enterprise = _enterprise_of(values.get("enterprise"), district_id, "enterprise", _("Enterprise"))
    except SiteError as error:
        raise LecturerError(error.field, error.message) from None
    if kind == Lecturer.Kind.ENTREPRENEUR and enterprise is None:
        raise _refuse("enterprise", _("Enterprise"), _("an entrepreneur lecturer names their enterprise."))
    return {
        "name": _text(values.get("name"), "name", _("Lecturer's name"), 50, required=True),
        "kind": kind,
        "enterprise": enterprise,
        "affiliation": _text(values.get("affiliation"), "affiliation", _("Affiliation and title"), 100),
        "topics": _text(values.get("topics"), "topics", pgettext("lecturer", "Topics"), 2000, required=True),
        "user": _account(values.get("account"), district_id, current),
    }


@transaction.atomic
def create_lecturer(*, acting_user: Any, **values: Any) -> Lecturer:
    """A new member of the district's group, active. Errors: a missing or too long name or topics, an
    unknown kind, an entrepreneur without an enterprise or an enterprise of another district, an account
    that is not an active enterprise user or lawyer of the district or is another lecturer's."""
    district_id = _staff_district(acting_user)
    lecturer = Lecturer.objects.create(district_id=district_id, **_clean(values, district_id, None))
    record(Action.CREATE, actor=acting_user, target=lecturer, summary=f"新增{_lecturer_words(lecturer)}",
           data={"kind": lecturer.kind, "account": lecturer.user_id})
    return lecturer


def _locked_lecturer(user: Any, lecturer: Any) -> Lecturer:
    return access.get_object_for_user(user, Lecturer.objects.select_for_update(), getattr(lecturer, "pk", lecturer),
                                      "change")


@transaction.atomic
def update_lecturer(lecturer: Any, *, acting_user: Any, **values: Any) -> Lecturer:
    """The lecturer's fields replaced (all given). Errors as :func:`create_lecturer`; Http404 for a
    lecturer the user may not change."""
    district_id = _staff_district(acting_user)
    locked = _locked_lecturer(acting_user, lecturer)
    clean = _clean(values, district_id, locked)
    changed = {name: [str(getattr(locked, name) or ""), str(value or "")] for name, value in clean.items()
               if getattr(locked, name) != value}
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.save()
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"修改{_lecturer_words(locked)}",
           data={"changed": changed})
    return locked


@transaction.atomic
def set_lecturer_active(lecturer: Any, *, acting_user: Any, active: bool) -> Lecturer:
    """Retire a lecturer from the group (no new booking; their history stays) or reinstate them.
    Errors: the lecturer is already so; Http404 for a lecturer the user may not change."""
    _staff_district(acting_user)
    locked = _locked_lecturer(acting_user, lecturer)
    if locked.is_active == bool(active):
        raise LecturerError("is_active", _("The lecturer is already in the group.") if active
                            else _("The lecturer has already retired from the group."))
    locked.is_active = bool(active)
    locked.save(update_fields=["is_active"])
    verb = "恢复" if active else "退出讲师团："
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"{verb}{_lecturer_words(locked)}",
           data={"is_active": locked.is_active})
    return locked


# --- bookings ----------------------------------------------------------------------------------------------

def _event(acting_user: Any, activity: Any, training_session: Any) -> Activity | TrainingSession:
    """The one event of the booking, which the user may change (Http404 otherwise): an activity (staff:
    their district's; an officer: their chamber's) or, for staff, a training session of their district."""
    if (activity in (None, "")) == (training_session in (None, "")):
        raise LecturerError("event", _("Event: please choose one activity or one training session."))
    if activity not in (None, ""):
        return access.get_object_for_user(acting_user, Activity.objects.select_related("chamber"),
                                          getattr(activity, "pk", activity), "change")
    if acting_user.role != Role.FIC_STAFF:
        raise LecturerError("event", _("Event: only FIC staff book lecturers for training sessions."))
    # The training part (kaopu.programs.models.training) states its own access rules; a staff member
    # books for the sessions of their district's cohorts.
    sessions = TrainingSession.objects.select_related("cohort")
    if acting_user.district_id:
        sessions = sessions.filter(cohort__district_id=acting_user.district_id)
    pk = getattr(training_session, "pk", training_session)
    found = sessions.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404
    return found


@transaction.atomic
def request_booking(*, acting_user: Any, lecturer: Any, topic: Any, note: Any = "", activity: Any = None,
                    training_session: Any = None) -> Booking:
    """Ask a lecturer of the group to speak at an activity or a training session; the lecturer's
    account is told. Errors: a retired lecturer, neither or both events, an event that has begun, a
    missing or too long topic, an open booking of this lecturer for this event already; Http404 for a
    lecturer or an event the user may not book (another district's, another chamber's activity)."""
    if acting_user.role not in (Role.FIC_STAFF, Role.CHAMBER_OFFICER):
        raise LecturerError("user", _("Only FIC staff and chamber officers book lecturers."))
    chosen = access.get_object_for_user(acting_user, Lecturer.objects.select_related("user"),
                                        getattr(lecturer, "pk", lecturer))
    event = _event(acting_user, activity, training_session)
    district_id = event.district_id if isinstance(event, Activity) else event.cohort.district_id
    if chosen.district_id != district_id:
        raise LecturerError("lecturer", _("Lecturer: please choose a lecturer of the event's district."))
    if not chosen.is_active:
        raise LecturerError("lecturer", _("Lecturer: %(name)s has retired from the group.") % {"name": chosen.name})
    if event.starts_at <= timezone.now():
        raise LecturerError("event", _("Event: it has already begun; book lecturers for events to come."))
    clean_topic = _text(topic, "topic", _("Topic of the talk"), 100, required=True)
    clean_note = _text(note, "note", pgettext("booking", "Note"), 1000)
    booking = Booking(district_id=district_id, lecturer=chosen, topic=clean_topic, note=clean_note,
                      requested_by=acting_user, **({"activity": event} if isinstance(event, Activity)
                                                   else {"training_session": event}))
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise LecturerError("lecturer", _("Lecturer: %(name)s has an open booking for this event already.")
                            % {"name": chosen.name}) from None
    record(Action.CREATE, actor=acting_user, target=booking, summary=f"预约{_booking_words(booking)}",
           data={"lecturer": chosen.pk, "activity": booking.activity_id,
                 "training_session": booking.training_session_id})
    if chosen.user is not None:
        _tell([chosen.user], "programs.booking_requested", booking,
              _("Invitation to speak: %(event)s") % {"event": event})
    return booking


def _tell(users: list[Any], kind: str, booking: Booking, title: str) -> None:
    url = reverse("programs:my_invitations") if kind == "programs.booking_requested" else reverse(
        "programs:lecturer_detail", args=[booking.lecturer_id])
    body = _booking_words(booking)
    transaction.on_commit(lambda: notify(users, kind=kind, title=title, body=body, url=url))


def _locked_booking(user: Any, booking: Any) -> Booking:
    rows = Booking.objects.select_for_update(of=("self",)).select_related(
        "lecturer", "activity__chamber", "training_session", "requested_by")
    return access.get_object_for_user(user, rows, getattr(booking, "pk", booking), "change")


def _may_answer(user: Any, booking: Booking) -> bool:
    """The lecturer's own account, or staff of the booking's district on the lecturer's behalf."""
    return booking.lecturer.user_id == user.pk or (
        user.role == Role.FIC_STAFF and user.district_id in (None, booking.district_id))


def _answerable(user: Any, booking: Booking) -> None:
    if not _may_answer(user, booking):
        raise LecturerError("user", _("Only the lecturer, or FIC staff on their behalf, answer a booking."))
    if booking.state != Booking.State.REQUESTED:
        raise LecturerError("state", _("The booking is %(state)s already: it can no longer be answered.")
                            % {"state": booking.get_state_display()})


def _span(event: Any) -> tuple[datetime, datetime]:
    return event.starts_at, event.ends_at or event.starts_at + DEFAULT_LENGTH


def _overlapping(booking: Booking) -> list[Booking]:
    """The lecturer's other accepted bookings whose event overlaps this one's (two queries at most:
    the events of the same days, compared here)."""
    start, end = _span(booking.event)
    window = Q(activity__starts_at__lt=end, activity__starts_at__gte=start - timedelta(days=31)) | Q(
        training_session__starts_at__lt=end, training_session__starts_at__gte=start - timedelta(days=31))
    others = (Booking.objects.filter(window, lecturer_id=booking.lecturer_id, state=Booking.State.ACCEPTED)
              .exclude(pk=booking.pk).select_related("activity", "training_session", "lecturer")[:50])
    return [other for other in others if _span(other.event)[1] > start]


@dataclass
class Accepted:
    booking: Booking
    overlaps: list[Booking] = field(default_factory=list)


@transaction.atomic
def accept_booking(booking: Any, *, acting_user: Any) -> Accepted:
    """The lecturer (or staff on their behalf) accepts; the requester is told. Returns the booking and
    the lecturer's other accepted bookings that overlap it (a warning, not a refusal). Errors: not the
    lecturer nor staff, a booking no longer waiting; Http404 for a booking the user may not see."""
    locked = _locked_booking(acting_user, booking)
    _answerable(acting_user, locked)
    locked.state, locked.answered_by, locked.answered_at = Booking.State.ACCEPTED, acting_user, timezone.now()
    locked.save(update_fields=["state", "answered_by", "answered_at"])
    overlaps = _overlapping(locked)
    behalf = "" if locked.lecturer.user_id == acting_user.pk else "（工作人员代为答复）"
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"接受预约：{_booking_words(locked)}{behalf}",
           data={"state": locked.state, "overlaps": [o.pk for o in overlaps]})
    _tell([locked.requested_by], "programs.booking_accepted", locked,
          _("%(name)s accepted: %(event)s") % {"name": locked.lecturer.name, "event": locked.event})
    return Accepted(locked, overlaps)


@transaction.atomic
def decline_booking(booking: Any, *, acting_user: Any, reason: Any) -> Booking:
    """The lecturer (or staff on their behalf) declines with a reason; the requester is told. Errors:
    a missing or too long reason, not the lecturer nor staff, a booking no longer waiting; Http404 for a
    booking the user may not see."""
    locked = _locked_booking(acting_user, booking)
    _answerable(acting_user, locked)
    text = _text(reason, "reason", pgettext("booking", "Reason for declining"), 200, required=True)
    locked.state, locked.decline_reason = Booking.State.DECLINED, text
    locked.answered_by, locked.answered_at = acting_user, timezone.now()
    locked.save(update_fields=["state", "decline_reason", "answered_by", "answered_at"])
    behalf = "" if locked.lecturer.user_id == acting_user.pk else "（工作人员代为答复）"
    record(Action.UPDATE, actor=acting_user, target=locked,
           summary=f"谢绝预约：{_booking_words(locked)}，原因：{text}{behalf}", data={"state": locked.state})
    _tell([locked.requested_by], "programs.booking_declined", locked,
          _("%(name)s declined: %(event)s") % {"name": locked.lecturer.name, "event": locked.event})
    return locked


def _may_cancel(user: Any, booking: Booking) -> bool:
    """The requester, staff of the district, or the officer of the activity's chamber (whose bookings
    their predecessor may have made)."""
    if booking.requested_by_id == user.pk or (user.role == Role.FIC_STAFF
                                              and user.district_id in (None, booking.district_id)):
        return True
    chamber = booking.activity.chamber if booking.activity_id else None
    return user.role == Role.CHAMBER_OFFICER and chamber is not None and chamber.organisation_id == user.organisation_id


@transaction.atomic
def cancel_booking(booking: Any, *, acting_user: Any) -> Booking:
    """The requester cancels a booking that waits or was accepted; the lecturer's account is told.
    Errors: not the requester (nor staff, nor the chamber's officer), a booking declined or cancelled
    already; Http404 for a booking the user may not see."""
    locked = _locked_booking(acting_user, booking)
    if not _may_cancel(acting_user, locked):
        raise LecturerError("user", _("Only who asked for the booking (or FIC staff) cancel it."))
    if locked.state not in (Booking.State.REQUESTED, Booking.State.ACCEPTED):
        raise LecturerError("state", _("The booking is %(state)s already: it can no longer be cancelled.")
                            % {"state": locked.get_state_display()})
    before = locked.get_state_display()
    locked.state, locked.cancelled_by, locked.cancelled_at = Booking.State.CANCELLED, acting_user, timezone.now()
    locked.save(update_fields=["state", "cancelled_by", "cancelled_at"])
    record(Action.UPDATE, actor=acting_user, target=locked,
           summary=f"取消预约（原为{before}）：{_booking_words(locked)}", data={"state": locked.state})
    if locked.lecturer.user_id and locked.lecturer.user_id != acting_user.pk:
        _tell([locked.lecturer.user], "programs.booking_cancelled", locked,
              _("Booking cancelled: %(event)s") % {"event": locked.event})
    return locked
