"""Every change of the youth-entrepreneur training (青年企业家培训): cohorts and their curriculum, trainees'
applications, attendance, graduation and the certificates' PDFs.

One function per use case, each in one transaction that locks what two people could change at once through
the access rule (kaopu.programs.permissions_training: another district's or enterprise's row raises Http404,
as a guessed id must) and appends an audit entry naming its object in words. Refusals raise
:class:`TrainingError` with the field concerned and a message naming the field and the rule.

The cohort's states are data (COHORT_MOVES): draft → open (applications) → in progress → finished; staff
edit a cohort's facts while it is a draft or open, its curriculum until it finishes. Approvals lock the
cohort's row before counting the approved trainees, so two staff approving at once never pass the capacity.
Graduation (once, when finished) gives a certificate to each approved trainee who meets the completion rule
(kaopu.programs.selectors_training.meets_rule) and queues their PDFs on huey (kaopu.programs.tasks).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.errors import ActionRefused
from kaopu.core.inputs import Inputs
from kaopu.core.phones import normalise_phone
from kaopu.core.workdays import local_today
from kaopu.dialogues import codes
from kaopu.directory.models import District, Enterprise
from kaopu.notifications.actions import notify
from kaopu.programs.models import Attendance, Certificate, Cohort, Trainee, TrainingSession
from kaopu.programs.selectors_training import meets_rule

State = Cohort.State
# move → (the states it may start from, the state it leads to)
COHORT_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "open": (frozenset({State.DRAFT}), State.OPEN),
    "start": (frozenset({State.OPEN}), State.IN_PROGRESS),
    "finish": (frozenset({State.IN_PROGRESS}), State.FINISHED),
}
EDITABLE = frozenset({State.DRAFT, State.OPEN})  # the cohort's facts
CURRICULUM_EDITABLE = frozenset({State.DRAFT, State.OPEN, State.IN_PROGRESS})
ENROLLING = frozenset({State.OPEN, State.IN_PROGRESS})  # staff may enrol and approve
CHECK_IN_EARLY = timedelta(minutes=30)  # codes are taken from half an hour before a session to its end
MAX_SESSIONS = 60
MAX_CAPACITY = 1000
NOTIFY_KIND = "programs.training"


class TrainingError(ActionRefused):
    """A refused change of the training: ``field`` names the input, ``message`` is for a person."""


# --- input ----------------------------------------------------------------------------------------------

_read = Inputs(TrainingError)
_refuse = _read.refuse
_text = _read.text


def _whole(value: Any, field: str, label: Any, low: int, high: int) -> int:
    try:
        number = int(unicodedata.normalize("NFKC", str(value)).strip())
    except (TypeError, ValueError):
        raise _refuse(field, label, _("please give a whole number.")) from None
    if not low <= number <= high:
        raise _refuse(field, label, _("must be between %(low)s and %(high)s.") % {"low": low, "high": high})
    return number


def _percent(value: Any) -> Decimal:
    label = _("Completion threshold")
    try:
        number = Decimal(unicodedata.normalize("NFKC", str(value if value not in (None, "") else "80")).strip())
    except (InvalidOperation, ValueError):
        raise _refuse("completion_threshold", label, _("please give a percentage such as 80.")) from None
    if not number.is_finite() or not Decimal(1) <= number <= Decimal(100) or number != round(number, 2):
        raise _refuse("completion_threshold", label, _("a percentage between 1 and 100, at most two decimals."))
    return number


def _day(value: Any, field: str, label: Any) -> date | None:
    return _read.day(value, field, label, required=False)


def _moment(value: Any, field: str, label: Any) -> datetime:
    if isinstance(value, str):
        try:
            value = parse_datetime(unicodedata.normalize("NFKC", value).strip().replace(" ", "T", 1))
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        raise _refuse(field, label, _("please give a date and time written YYYY-MM-DD HH:MM."))
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _cohort_values(values: dict[str, Any]) -> dict[str, Any]:
    year = _whole(values.get("year"), "year", _("Year"), 2000, local_today().year + 1)
    opens = _day(values.get("applications_open_on"), "applications_open_on", _("Applications open on"))
    closes = _day(values.get("applications_close_on"), "applications_close_on", _("Applications close on"))
    if opens and closes and closes < opens:
        raise _refuse("applications_close_on", _("Applications close on"), _("cannot be before the opening day."))
    return {
        "year": year,
        "name": _text(values.get("name"), "name", _("Name of the cohort"), 100, required=True),
        "description": _text(values.get("description"), "description", _("Description of the cohort"), 3000),
        "capacity": _whole(values.get("capacity"), "capacity", _("Capacity"), 1, MAX_CAPACITY),
        "applications_open_on": opens,
        "applications_close_on": closes,
        "completion_threshold": _percent(values.get("completion_threshold")),
    }


def _person(values: dict[str, Any]) -> dict[str, str]:
    try:
        mobile = normalise_phone(values.get("mobile"), _("Mobile"))
    except ValidationError as error:
        raise TrainingError("mobile", error.messages[0]) from None
    if not mobile.isdigit():
        raise _refuse("mobile", _("Mobile"), _("please give an 11-digit mainland mobile number."))
    return {"name": _text(values.get("name"), "name", _("Name of the trainee"), 30, required=True),
            "position": _text(values.get("position"), "position", _("Position"), 50),
            "mobile": mobile}


# --- who and what -----------------------------------------------------------------------------------------

def _staff(user: Any) -> int:
    if getattr(user, "role", None) != Role.FIC_STAFF or not user.district_id:
        raise TrainingError("user", _("Only the FIC staff of a district run its training cohorts."))
    return int(user.district_id)


def _locked(user: Any, queryset: Any, pk: Any, action: str = "change") -> Any:
    return access.get_object_for_user(user, queryset.select_for_update(of=("self",)), getattr(pk, "pk", pk), action)


def _cohort_words(cohort: Cohort) -> str:
    return f"「{cohort.name}」"


def _trainee_words(trainee: Trainee) -> str:
    return f"{trainee.name}（{trainee.enterprise.name}，{trainee.cohort.name}）"


def _enterprise_users(enterprise_id: int) -> list[User]:
    return list(User.objects.filter(role=Role.ENTERPRISE_USER, is_active=True,
                                    organisation__enterprise_id=enterprise_id))


def _tell_enterprise(trainee: Trainee, title: str, body: str = "") -> None:
    users = _enterprise_users(trainee.enterprise_id)
    url = reverse("programs:training_enterprise")
    transaction.on_commit(lambda: notify(users, kind=NOTIFY_KIND, title=title, body=body, url=url))


# --- cohorts and their curriculum -------------------------------------------------------------------------

def create_cohort(*, acting_user: Any, **values: Any) -> Cohort:
    """A draft cohort of the staff member's district. Errors: a missing or bad field, a name another cohort
    of the district has, a role that runs no cohort."""
    district_id = _staff(acting_user)
    clean = _cohort_values(values)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(district_id=district_id, created_by=acting_user, **clean)
            record(Action.CREATE, actor=acting_user, target=cohort, summary=f"新建培训班{_cohort_words(cohort)}",
                   data={k: str(v) for k, v in clean.items()})
    except IntegrityError:
        raise _refuse("name", _("Name of the cohort"), _("another cohort of the district has this name.")) from None
    return cohort


def update_cohort(cohort: Any, *, acting_user: Any, **values: Any) -> Cohort:
    """The cohort's facts replaced, while it is a draft or open. Errors: as :func:`create_cohort`, a cohort in
    progress or finished, a capacity below the trainees already approved; Http404 for another district's."""
    _staff(acting_user)
    clean = _cohort_values(values)
    try:
        with transaction.atomic():
            locked = _locked(acting_user, Cohort.objects, cohort)
            if locked.state not in EDITABLE:
                raise TrainingError("state", _("A cohort is edited only while it is a draft or open for "
                                               "applications."))
            approved = locked.trainees.filter(state=Trainee.State.APPROVED).count()
            if clean["capacity"] < approved:
                raise _refuse("capacity", _("Capacity"), _("%(n)d trainees are already approved.") % {"n": approved})
            changed = {k: [str(getattr(locked, k)), str(v)] for k, v in clean.items() if getattr(locked, k) != v}
            for name, value in clean.items():
                setattr(locked, name, value)
            locked.save(update_fields=list(clean))
            record(Action.UPDATE, actor=acting_user, target=locked, summary=f"修改培训班{_cohort_words(locked)}",
                   data={"changed": changed})
    except IntegrityError:
        raise _refuse("name", _("Name of the cohort"), _("another cohort of the district has this name.")) from None
    return locked


@transaction.atomic
def move_cohort(cohort: Any, move: str, *, acting_user: Any) -> Cohort:
    """Open a draft for applications, start an open cohort, or finish one in progress (COHORT_MOVES).
    Errors: a move its state does not allow; opening without an application window or a session; Http404."""
    _staff(acting_user)
    locked = _locked(acting_user, Cohort.objects, cohort)
    if move not in COHORT_MOVES or locked.state not in COHORT_MOVES[move][0]:
        raise TrainingError("state", _("The cohort is “%(state)s”: this step is not possible now.")
                            % {"state": locked.get_state_display()})
    if move == "open":
        if not (locked.applications_open_on and locked.applications_close_on):
            raise _refuse("applications_close_on", _("Application window"),
                          _("give the days applications open and close before opening the cohort."))
        if not locked.sessions.exists():
            raise TrainingError("sessions", _("Curriculum: add at least one session before opening the cohort."))
    before, locked.state = locked.state, COHORT_MOVES[move][1]
    locked.save(update_fields=["state"])
    record(Action.UPDATE, actor=acting_user, target=locked,
           summary=f"培训班{_cohort_words(locked)}：{Cohort.State(before).label} → {locked.get_state_display()}",
           data={"state": [before, locked.state]})
    return locked


def _session_values(values: dict[str, Any]) -> dict[str, Any]:
    starts = _moment(values.get("starts_at"), "starts_at", _("Starts at"))
    ends = _moment(values.get("ends_at"), "ends_at", _("Ends at"))
    if ends <= starts:
        raise _refuse("ends_at", _("Ends at"), _("must be after the start."))
    if ends - starts > timedelta(hours=12):
        raise _refuse("ends_at", _("Ends at"), _("a session lasts at most 12 hours."))
    return {"starts_at": starts, "ends_at": ends,
            "topic": _text(values.get("topic"), "topic", _("Topic"), 100, required=True),
            "speaker": _text(values.get("speaker"), "speaker", _("Speaker"), 100),
            "place": _text(values.get("place"), "place", _("Place"), 200)}


@transaction.atomic
def add_session(cohort: Any, *, acting_user: Any, **values: Any) -> TrainingSession:
    """A session added to the curriculum, until the cohort finishes. Errors: a bad field, a finished cohort,
    more than MAX_SESSIONS sessions; Http404 for another district's cohort."""
    _staff(acting_user)
    clean = _session_values(values)
    locked = _locked(acting_user, Cohort.objects, cohort)
    if locked.state not in CURRICULUM_EDITABLE:
        raise TrainingError("state", _("The curriculum of a finished cohort stays as it was."))
    if locked.sessions.count() >= MAX_SESSIONS:
        raise TrainingError("sessions", _("Curriculum: at most %(max)d sessions.") % {"max": MAX_SESSIONS})
    session = TrainingSession.objects.create(cohort=locked, **clean)
    record(Action.CREATE, actor=acting_user, target=locked,
           summary=f"培训班{_cohort_words(locked)}新增课程“{session.topic}”"
                   f"（{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}）",
           data={"session": session.pk, **{k: str(v) for k, v in clean.items()}})
    return session


@transaction.atomic
def cancel_session(session: Any, *, acting_user: Any) -> TrainingSession:
    """A session cancelled: it stays in the curriculum, counts for nobody, and its attendance is kept for the
    record. Errors: a finished cohort; Http404 for another district's."""
    _staff(acting_user)
    locked = _locked(acting_user, TrainingSession.objects.select_related("cohort"), session)
    if locked.cohort.state not in CURRICULUM_EDITABLE:
        raise TrainingError("state", _("The curriculum of a finished cohort stays as it was."))
    locked.is_cancelled = True
    locked.save(update_fields=["is_cancelled"])
    record(Action.UPDATE, actor=acting_user, target=locked.cohort,
           summary=f"培训班{_cohort_words(locked.cohort)}取消课程“{locked.topic}”", data={"session": locked.pk})
    return locked


# --- trainees ---------------------------------------------------------------------------------------------

def _new_trainee(cohort: Cohort, enterprise: Enterprise, user: Any, person: dict[str, str], state: str) -> Trainee:
    if Trainee.objects.filter(cohort=cohort, mobile=person["mobile"],
                              state__in=[Trainee.State.APPLIED, Trainee.State.APPROVED]).exists():
        raise _refuse("mobile", _("Mobile"), _("this person has already applied to the cohort."))
    trainee = Trainee.objects.create(cohort=cohort, enterprise=enterprise, applied_by=user, state=state, **person)
    trainee.cohort, trainee.enterprise = cohort, enterprise
    return trainee


@transaction.atomic
def apply_to_cohort(cohort: Any, *, acting_user: Any, **values: Any) -> Trainee:
    """An enterprise user applies for one of their enterprise's people, while the cohort is open and today
    lies in its application window. Errors: a bad field, the same mobile applying twice, outside the window,
    an enterprise of another district; Http404 for a cohort the user may not see."""
    if getattr(acting_user, "role", None) != Role.ENTERPRISE_USER or not acting_user.enterprise_id:
        raise TrainingError("user", _("Only an enterprise's account applies for its people."))
    person = _person(values)
    locked = _locked(acting_user, Cohort.objects, cohort, "view")
    enterprise = Enterprise.objects.get(pk=acting_user.enterprise_id)
    if enterprise.district_id != locked.district_id:
        raise TrainingError("cohort", _("Cohort: only enterprises of the cohort's district may apply."))
    today = local_today()
    if locked.state != State.OPEN or not (locked.applications_open_on and locked.applications_close_on
                                          and locked.applications_open_on <= today <= locked.applications_close_on):
        raise TrainingError("cohort", _("Applications to this cohort are not open today."))
    trainee = _new_trainee(locked, enterprise, acting_user, person, Trainee.State.APPLIED)
    record(Action.CREATE, actor=acting_user, target=trainee, summary=f"报名培训班：{_trainee_words(trainee)}",
           data={"cohort": locked.pk, "position": trainee.position})
    return trainee


def _approve(trainee: Trainee, cohort: Cohort, user: Any) -> None:
    """Approve under the cohort's lock (taken by the caller): the capacity counted, a check-in code given."""
    approved = cohort.trainees.filter(state=Trainee.State.APPROVED).count()
    if approved >= cohort.capacity:
        raise TrainingError("capacity", _("Capacity: all %(n)d places of the cohort are taken.")
                            % {"n": cohort.capacity})
    trainee.state, trainee.decided_by, trainee.decided_at = Trainee.State.APPROVED, user, timezone.now()
    trainee.check_in_code = codes.new_code()
    while Trainee.objects.filter(check_in_code=trainee.check_in_code).exists():
        trainee.check_in_code = codes.new_code()


@transaction.atomic
def enrol_trainee(cohort: Any, *, acting_user: Any, enterprise: Any, **values: Any) -> Trainee:
    """Staff enrol a person directly (approved at once) while the cohort is open or in progress. Errors: a bad
    field, an enterprise of another district, the same mobile twice, the cohort full; Http404."""
    _staff(acting_user)
    person = _person(values)
    locked = _locked(acting_user, Cohort.objects, cohort)
    if locked.state not in ENROLLING:
        raise TrainingError("state", _("Trainees are enrolled while the cohort is open or in progress."))
    pk = getattr(enterprise, "pk", enterprise)
    found = Enterprise.objects.filter(pk=pk, district_id=locked.district_id).first() if str(pk).isdigit() else None
    if found is None:
        raise _refuse("enterprise", _("Enterprise"), _("please choose an enterprise of the district."))
    trainee = _new_trainee(locked, found, acting_user, person, Trainee.State.APPLIED)
    _approve(trainee, locked, acting_user)
    trainee.save(update_fields=["state", "decided_by", "decided_at", "check_in_code"])
    record(Action.CREATE, actor=acting_user, target=trainee, summary=f"直接录取学员：{_trainee_words(trainee)}",
           data={"cohort": locked.pk})
    _tell_enterprise(trainee, f"{trainee.name}已录取为「{locked.name}」学员")
    return trainee


def _decide(trainee: Any, user: Any) -> tuple[Trainee, Cohort]:
    """The trainee and its cohort, both locked (the cohort first: approvals queue on it)."""
    _staff(user)
    cohort_id = access.get_object_for_user(user, Trainee, getattr(trainee, "pk", trainee), "change").cohort_id
    cohort = _locked(user, Cohort.objects, cohort_id)
    locked = _locked(user, Trainee.objects.select_related("enterprise"), trainee)
    locked.cohort = cohort
    if locked.state != Trainee.State.APPLIED:
        raise TrainingError("state", _("Only an application waiting for a decision can be approved or refused."))
    if cohort.state not in ENROLLING:
        raise TrainingError("state", _("Trainees are enrolled while the cohort is open or in progress."))
    return locked, cohort


@transaction.atomic
def approve_trainee(trainee: Any, *, acting_user: Any) -> Trainee:
    """An application approved: the trainee gets a check-in code; the enterprise is told. Errors: not waiting,
    the cohort not enrolling, the cohort full (counted under the cohort's lock); Http404."""
    locked, cohort = _decide(trainee, acting_user)
    _approve(locked, cohort, acting_user)
    locked.save(update_fields=["state", "decided_by", "decided_at", "check_in_code"])
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"录取学员：{_trainee_words(locked)}",
           data={"state": [Trainee.State.APPLIED, Trainee.State.APPROVED]})
    _tell_enterprise(locked, f"{locked.name}报名「{cohort.name}」已录取")
    return locked


@transaction.atomic
def refuse_trainee(trainee: Any, *, acting_user: Any, reason: Any) -> Trainee:
    """An application refused with a reason the enterprise reads. Errors: no reason, not waiting; Http404."""
    text = _text(reason, "reason", _("Reason for refusal"), 200, required=True)
    locked, cohort = _decide(trainee, acting_user)
    locked.state, locked.refusal_reason = Trainee.State.REFUSED, text
    locked.decided_by, locked.decided_at = acting_user, timezone.now()
    locked.save(update_fields=["state", "refusal_reason", "decided_by", "decided_at"])
    record(Action.UPDATE, actor=acting_user, target=locked,
           summary=f"未录取学员：{_trainee_words(locked)}，理由：{text}",
           data={"state": [Trainee.State.APPLIED, Trainee.State.REFUSED], "reason": text})
    _tell_enterprise(locked, f"{locked.name}报名「{cohort.name}」未录取", text)
    return locked


@transaction.atomic
def withdraw_application(trainee: Any, *, acting_user: Any) -> Trainee:
    """The enterprise withdraws an application not yet decided. Errors: decided already; Http404 for another
    enterprise's."""
    locked = _locked(acting_user, Trainee.objects.select_related("enterprise", "cohort"), trainee)
    if acting_user.role != Role.ENTERPRISE_USER or locked.state != Trainee.State.APPLIED:
        raise TrainingError("state", _("Only an application waiting for a decision can be withdrawn."))
    locked.state = Trainee.State.WITHDRAWN
    locked.save(update_fields=["state"])
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"撤回报名：{_trainee_words(locked)}",
           data={"state": [Trainee.State.APPLIED, Trainee.State.WITHDRAWN]})
    return locked


# --- attendance -------------------------------------------------------------------------------------------

def _session_for_attendance(user: Any, session: Any) -> TrainingSession:
    _staff(user)
    locked = _locked(user, TrainingSession.objects.select_related("cohort"), session)
    if locked.is_cancelled:
        raise TrainingError("session", _("The session was cancelled: nobody attends it."))
    if locked.cohort.state not in (State.IN_PROGRESS, State.FINISHED) or locked.cohort.graduated_on:
        raise TrainingError("state", _("Attendance is taken while the cohort is in progress or finished, before "
                                       "it graduates."))
    return locked


@transaction.atomic
def check_in(session: Any, *, acting_user: Any, code: Any) -> Attendance:
    """A trainee's code typed or scanned at the session (by staff at the door), from half an hour before the
    session to its end. Errors: a code of nobody approved in the cohort, outside the window, twice; Http404."""
    locked = _session_for_attendance(acting_user, session)
    now = timezone.now()
    if not locked.starts_at - CHECK_IN_EARLY <= now <= locked.ends_at:
        raise _refuse("code", _("Check-in code"), _("codes are taken from half an hour before the session to its "
                                                   "end."))
    typed = codes.normalise(code)
    trainee = Trainee.objects.select_related("enterprise", "cohort").filter(
        cohort=locked.cohort, state=Trainee.State.APPROVED, check_in_code=typed).first() if typed else None
    if trainee is None:
        raise _refuse("code", _("Check-in code"), _("no approved trainee of this cohort has this code."))
    if Attendance.objects.filter(trainee=trainee, session=locked).exists():
        raise _refuse("code", _("Check-in code"), _("%(name)s has already checked in.") % {"name": trainee.name})
    attendance = Attendance.objects.create(trainee=trainee, session=locked, source=Attendance.Source.CODE,
                                           recorded_by=acting_user)
    record(Action.UPDATE, actor=acting_user, target=trainee,
           summary=f"签到：{_trainee_words(trainee)}，课程“{locked.topic}”", data={"session": locked.pk})
    return attendance


@transaction.atomic
def set_attendance(session: Any, *, acting_user: Any, present: Any) -> dict[str, list[int]]:
    """Staff's tick list for a session: ``present`` is the ids of the approved trainees who attended; those
    ticked are added, those unticked removed (a correction), each change audited. Returns the ids added and
    removed. Errors: a cancelled session, a cohort not running; Http404."""
    locked = _session_for_attendance(acting_user, session)
    roll = {t.pk: t for t in Trainee.objects.select_related("enterprise", "cohort")
            .filter(cohort=locked.cohort, state=Trainee.State.APPROVED)}
    wanted = {int(pk) for pk in present or [] if str(pk).isdigit() and int(pk) in roll}
    current = set(Attendance.objects.filter(session=locked).values_list("trainee_id", flat=True))
    added, removed = sorted(wanted - current), sorted(current - wanted)
    Attendance.objects.bulk_create([Attendance(trainee_id=pk, session=locked, source=Attendance.Source.STAFF,
                                               recorded_by=acting_user) for pk in added])
    Attendance.objects.filter(session=locked, trainee_id__in=removed).delete()
    if added or removed:
        names = lambda ids: "、".join(roll[pk].name for pk in ids if pk in roll) or "无"  # noqa: E731
        record(Action.UPDATE, actor=acting_user, target=locked.cohort,
               summary=f"培训班{_cohort_words(locked.cohort)}课程“{locked.topic}”考勤：补记{names(added)}，"
                       f"取消{names(removed)}", data={"session": locked.pk, "added": added, "removed": removed})
    return {"added": added, "removed": removed}


# --- graduation and certificates --------------------------------------------------------------------------

def _certificate_number(abbreviation: str, year: int) -> str:
    """PT-2026-QN-7KX4M9PA: the district, the year, 青年 (QN) and eight random characters of the codes'
    alphabet (31⁸ ≈ 8.5 × 10¹¹ possibilities: not guessable), unique."""
    while True:
        number = f"{abbreviation or 'KP'}-{year}-QN-{codes.new_code()}"
        if not Certificate.objects.filter(number=number).exists():
            return number


@transaction.atomic
def graduate_cohort(cohort: Any, *, acting_user: Any) -> list[Certificate]:
    """Once the cohort is finished: every approved trainee meeting the completion rule graduates and gets a
    certificate with its number; the PDFs are queued after the commit. Errors: not finished, graduated
    already, no session held (then nobody could meet the rule); Http404."""
    _staff(acting_user)
    locked = _locked(acting_user, Cohort.objects, cohort)
    if locked.state != State.FINISHED:
        raise TrainingError("state", _("A cohort graduates once it is finished."))
    if locked.graduated_on:
        raise TrainingError("state", _("The cohort has graduated already."))
    held = list(locked.sessions.filter(is_cancelled=False).order_by("starts_at"))
    if not held:
        raise TrainingError("sessions", _("No session of the cohort was held: nobody can meet the completion rule."))
    today = local_today()
    district = District.objects.get(pk=locked.district_id)
    issuer = f"{district.name}工商业联合会"
    trainees = (locked.trainees.filter(state=Trainee.State.APPROVED).select_related("enterprise")
                .annotate(attended=Count("attendances", filter=Q(attendances__session__is_cancelled=False))))
    first, last = timezone.localdate(held[0].starts_at), timezone.localdate(held[-1].starts_at)
    made = [Certificate(trainee=t, district_id=locked.district_id, cohort=locked, year=locked.year,
                        number=_certificate_number(district.abbreviation, locked.year), name=t.name,
                        enterprise_name=t.enterprise.name, cohort_name=locked.name, first_session_on=first,
                        last_session_on=last, issued_on=today, issuer=issuer)
            for t in trainees if meets_rule(t.attended, len(held), locked.completion_threshold)]
    Certificate.objects.bulk_create(made)
    locked.graduated_on = today
    locked.save(update_fields=["graduated_on"])
    record(Action.UPDATE, actor=acting_user, target=locked,
           summary=f"培训班{_cohort_words(locked)}结业：{len(made)}名学员合格（标准：出勤率≥{locked.completion_threshold}%，"
                   f"共{len(held)}次课）", data={"graduates": len(made), "sessions_held": len(held),
                                                "numbers": [c.number for c in made]})
    ids = list(Certificate.objects.filter(cohort=locked).values_list("pk", flat=True))
    transaction.on_commit(lambda: _queue_pdfs(ids))
    for certificate in made:
        _tell_enterprise(certificate.trainee, f"{certificate.name}的结业证书（{certificate.number}）已颁发")
    return made


def _queue_pdfs(ids: list[int]) -> None:
    from kaopu.programs.tasks import write_certificate_pdf

    for pk in ids:
        write_certificate_pdf(pk)


@transaction.atomic
def retry_certificate_pdf(certificate: Any, *, acting_user: Any) -> Certificate:
    """A failed (or lost) PDF queued again; a ready one is left as it is. Http404 for another district's."""
    _staff(acting_user)
    locked = _locked(acting_user, Certificate.objects, certificate)
    if locked.pdf_state != Certificate.PdfState.DONE:
        locked.pdf_state, locked.pdf_error = Certificate.PdfState.QUEUED, ""
        locked.save(update_fields=["pdf_state", "pdf_error"])
        transaction.on_commit(lambda: _queue_pdfs([locked.pk]))
    record(Action.UPDATE, actor=acting_user, target=locked, summary=f"重新生成结业证书{locked.number}（{locked.name}）",
           data={"pdf_state": locked.pdf_state})
    return locked
