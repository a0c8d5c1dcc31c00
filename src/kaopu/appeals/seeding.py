"""Generated appeals with their timelines, for the demo (kaopu.appeals.demo) and `kaopu seed --appeals N`.

One deterministic generator (a seeded ``random.Random``) tells each appeal's story the way the
actions of kaopu.appeals.actions and the deadline sweep of kaopu.appeals.tasks would have written
it: a submission on a working day in working hours, then accept or decline or merge, dispatch (with
co-handlers for some, a return asked for by a few), sign for, co-handlers' opinions, an extension
asked for by some, the reply, the rating (the two lowest reopen the appeal, at most twice, then
staff arbitrate) or no rating in time (closed as unrated by the sweep); withdrawals on the way. The
sweep's markers (remind, escalate) are written where the sweep would have written them. Every
deadline (``due_on``) is counted in working days exactly as kaopu.appeals.deadlines counts it, and
the facts for the measures (signed_on_time, first_reply_days, replied_late) follow the events.

The story runs in time from the submission and stops at ``now``: an appeal submitted long ago is
usually closed, one submitted yesterday is still waiting, so the states come out in a realistic
mix. :class:`AppealSpec` asks for an appeal that is in a given state now (the demo's walk-through
needs some of each), found by moving the submission back until the story is in that state now.

Rows are plain values: the ORM writer (SQLite, the demo) and the COPY writer (PostgreSQL, millions
of rows in constant memory, ids reserved from the sequences) insert the same rows.

Working days come from kaopu.core.workdays, precomputed for the years the data spans; a year that
no calendar knows counts Monday to Friday, and what was counted over it is marked provisional, as
the real actions do (``due_provisional``, ``first_reply_provisional``).
"""

from __future__ import annotations

import bisect
import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals import contact, deadlines, numbering
from kaopu.appeals.demo_texts import (
    ARBITRATIONS,
    BANKS,
    CATEGORIES,
    DECLINE_REASONS,
    EXTENSION_NOTES,
    EXTENSION_REASONS,
    INSTRUCTIONS,
    JOBS,
    OPINIONS,
    PERMITS,
    PRODUCTS,
    RATING_COMMENTS,
    RETURN_NOTES,
    RETURN_REASONS,
    ROUNDS,
    WITHDRAW_REASONS,
)
from kaopu.appeals.models import Appeal, Category, CoHandler, DeadlineRule, Event
from kaopu.core import workdays
from kaopu.core.masking import mask_personal_data
from kaopu.directory import demo as directory_demo
from kaopu.directory import seeding as directory_seeding
from kaopu.directory.models import Department, District, Enterprise

S = Appeal.State
OPEN = frozenset({S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.REPLIED})
FINAL = frozenset({S.DECLINED, S.CLOSED, S.WITHDRAWN, S.MERGED})
# Events that are not actions of workflow.TRANSITIONS: the submission and the deadline sweep's.
NON_TABLE_EVENTS = frozenset({"submit", "remind", "escalate", "close_unrated"})

DAY_START = 9 * 60  # working hours 9:00–17:30, local time
DAY_MINUTES = 8 * 60 + 30
CHUNK = 5_000
MAX_REOPENINGS = 2

APPEAL_COLUMNS = tuple(f.column for f in Appeal._meta.concrete_fields)
EVENT_COLUMNS = ("appeal_id", "action", "from_state", "to_state", "actor_id", "at", "text", "data", "is_public")
CO_HANDLER_COLUMNS = ("appeal_id", "department_id", "opinion", "opinion_at", "opinion_due_on")

KINDS = directory_demo.Picker([Appeal.Kind.CONSULTATION, Appeal.Kind.HELP, Appeal.Kind.SUGGESTION,
                               Appeal.Kind.COMPLAINT], [30, 45, 12, 13])
SOURCES = directory_demo.Picker([Appeal.Source.ONLINE, Appeal.Source.BREAKFAST, Appeal.Source.ROUNDTABLE,
                                 Appeal.Source.HOTLINE, Appeal.Source.VISIT, Appeal.Source.OTHER_MEETING],
                                [70, 8, 7, 7, 5, 3])
CATEGORY_WEIGHTS = {"融资": 16, "法律": 7, "用工": 13, "政策咨询": 15, "审批": 12, "用地用房": 9, "知识产权": 6,
                    "税费": 9, "市场监管": 8, "其他": 5}
FIRST_RATINGS = directory_demo.Picker(["5", "4", "3", "2", "1"], [45, 30, 12, 8, 5])
LATER_RATINGS = directory_demo.Picker(["5", "4", "3", "2", "1"], [25, 30, 20, 15, 10])
LOW_RATINGS = frozenset({"2", "1"})


# ---------------------------------------------------------------------------------------- calendar

class WorkCalendar:
    """Working days between two dates, precomputed: deadlines for millions of appeals in memory.

    A *work clock* value counts working minutes from 9:00 of the first working day; it is how the
    story moves on during working hours (a delay of 600 minutes on a Friday afternoon ends on the
    next working day)."""

    def __init__(self, first: date, last: date, zone: ZoneInfo) -> None:
        self.first, self.zone = first, zone
        self.unknown_years = {year for year in range(first.year, last.year + 1)
                              if workdays.known_calendar(year) is None}
        self.days: list[date] = []
        self.ordinals: list[int] = []  # per calendar day since first: working days up to and including it
        day = first
        while day <= last:
            if _is_working_day(day):
                self.days.append(day)
            self.ordinals.append(len(self.days))
            day += workdays.ONE_DAY
        self.starts = [datetime.combine(day, datetime.min.time(), zone) + timedelta(minutes=DAY_START)
                       for day in self.days]

    def rank(self, day: date) -> int:
        """Working days from ``first`` up to and including ``day``."""
        return self.ordinals[(day - self.first).days]

    def add(self, start: date, n: int) -> date:
        """workdays.add_working_days: the n-th working day after ``start``."""
        return self.days[self.rank(start) + n - 1]

    def between(self, first: date, last: date) -> int:
        """workdays.working_days_between: working days after ``first`` up to and including ``last``."""
        return max(0, self.rank(last) - self.rank(first))

    def provisional(self, first: date, last: date) -> bool:
        """Whether a count from ``first`` to ``last`` crossed a year no calendar knows (Monday–Friday)."""
        return any(year in self.unknown_years for year in range(first.year, last.year + 1))

    def deadline(self, start: date, n: int) -> Due:
        """deadlines.set_due's three fields and its provisional mark, for a count of ``n`` from ``start``."""
        on = self.add(start, n)
        return Due(on, start, n, self.provisional(start, on))

    def previous(self, day: date) -> date:
        """The last working day before ``day``."""
        return self.days[self.rank(day - workdays.ONE_DAY) - 1]

    def at(self, clock: int) -> datetime:
        """The local time of a work clock value."""
        return self.starts[clock // DAY_MINUTES] + timedelta(minutes=clock % DAY_MINUTES)

    def date_of(self, clock: int) -> date:
        return self.days[clock // DAY_MINUTES]

    def clock(self, day: date) -> int:
        """9:00 of ``day``, or of the next working day (the first clock value on or after it)."""
        return self.rank(day - workdays.ONE_DAY) * DAY_MINUTES

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), self.zone)

    def clock_before(self, moment: datetime) -> int:
        """The last work clock value at or before a time."""
        index = bisect.bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0
        return index * DAY_MINUTES + min(DAY_MINUTES - 1, int((moment - self.starts[index]).total_seconds() // 60))


@dataclass(frozen=True)
class Due:
    """A deadline as kaopu.appeals.deadlines stores it: the date, its count, whether provisional."""

    on: date
    start: date
    working_days: int
    provisional: bool


def _is_working_day(day: date) -> bool:
    calendar = workdays.known_calendar(day.year)
    if calendar is None:  # no calendar for this year: Monday to Friday (generated data only)
        return day.weekday() < 5
    return calendar.is_working_day(day)


# ---------------------------------------------------------------------------------------- the cast

@dataclass
class Cast:
    """Everyone and everything the stories of one district's appeals need, as ids."""

    district_id: int
    staff: list[int]
    leaders: list[int]
    handlers: dict[int, int]  # department id -> its handler's user id
    department_names: dict[int, str]
    leads_by_category: dict[int, list[int]]  # category id -> departments that usually lead it
    enterprises: list[tuple[int, int]]  # (enterprise id, its user's id); earlier ones appeal more
    categories: list[tuple[int, str]]
    category_weights: list[float]
    # The DeadlineRule rows by step, then (type, category) -> working days.
    rules: dict[str, dict[tuple[str, int | None], int]] = field(default_factory=dict)
    # An enterprise user's id -> the contact of the appeals it submits (its name and phone).
    contacts: dict[int, tuple[str, str]] = field(default_factory=dict)

    def working_days(self, step: str, kind: str, category_id: int) -> int:
        """deadlines.working_days_for, without a query per appeal."""
        return deadlines.resolve(step, kind, category_id, self.rules.get(step, {}))[0]


def prepare_cast(district: District, *, enterprises: int, password: str | None = None,
                 first_enterprises: Sequence[int] = ()) -> Cast:
    """The cast of ``district``, creating what is missing: FIC staff, the departments (the demo's) and
    a handler for each, and users for ``enterprises`` active enterprises (``first_enterprises`` first:
    they appeal most). Created users get ``password`` (a hash) or an unusable one."""
    password = password or make_password(None)
    fic = _organisation(district, OrganisationKind.FIC, f"{district.name}工商联")
    staff = _users(Role.FIC_STAFF, organisation__district=district)
    if not staff:
        _create_users([(f"fic{district.pk}-{n}", name, Role.FIC_STAFF, fic)
                       for n, name in enumerate(("陆海燕", "孙立军", "韩雪"), start=1)], password)
        staff = _users(Role.FIC_STAFF, organisation__district=district)
    leaders = _users(Role.DISTRICT_LEADER, organisation__district=district)
    departments = _departments(district)
    handlers = _department_handlers(district, departments, password)
    categories = list(Category.objects.filter(is_active=True).order_by("sort_order", "id").values_list("id", "name"))
    by_name = {department.name: department.pk for department in departments}
    every = [department.pk for department in departments]
    leads = {pk: [by_name[name] for name in CATEGORIES.get(name, CATEGORIES["其他"]).departments
                  if name in by_name] or every for pk, name in categories}
    appealing = _enterprise_users(district, enterprises, password, first_enterprises)
    return Cast(
        district_id=district.pk, staff=staff, leaders=leaders, handlers=handlers,
        department_names={department.pk: department.name for department in departments},
        leads_by_category=leads,
        enterprises=appealing,
        categories=categories, category_weights=[CATEGORY_WEIGHTS.get(name, 5) for _pk, name in categories],
        rules=_rules(), contacts=_contacts([user for _enterprise, user in appealing]),
    )


def _contacts(user_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The contact each enterprise user gives on its appeals: itself, with the account's phone, or a mobile
    number made from its id when the account has none (the generated users have none)."""
    rows = User.objects.filter(pk__in=user_ids).values_list("id", "name", "phone")
    return {pk: (name[:contact.NAME_MAX_LENGTH], contact.valid_phone(phone) or f"139{pk * 7919 % 10**8:08d}")
            for pk, name, phone in rows}


def _rules() -> dict[str, dict[tuple[str, int | None], int]]:
    rules: dict[str, dict[tuple[str, int | None], int]] = {}
    for rule in DeadlineRule.objects.all():
        rules.setdefault(rule.step, {})[(rule.kind, rule.category_id)] = rule.working_days
    return rules


def _organisation(district: District, kind: str, name: str) -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(kind=kind, name=name, district=district)
    return organisation


def _users(role: str, **lookup: Any) -> list[int]:
    return list(User.objects.filter(role=role, is_active=True, **lookup).order_by("id").values_list("id", flat=True))


def _create_users(rows: list[tuple[str, str, str, Organisation]], password: str) -> None:
    User.objects.bulk_create([User(username=username, name=name, role=role, organisation=organisation,
                                   password=password) for username, name, role, organisation in rows],
                             batch_size=2000)


def _departments(district: District) -> list[Department]:
    """The district's active departments; a district without any gets the demo's list."""
    departments = list(Department.objects.filter(district=district, is_active=True).order_by("id"))
    if departments:
        return departments
    Department.objects.bulk_create([Department(district=district, name=name, short_name=short)
                                    for name, short in directory_demo.DEPARTMENTS])
    return list(Department.objects.filter(district=district, is_active=True).order_by("id"))


def _department_handlers(district: District, departments: list[Department], password: str) -> dict[int, int]:
    """One handler per department (the first one's, by id); created for departments without one."""
    def current() -> dict[int, int]:
        rows = (User.objects.filter(role=Role.DEPARTMENT_HANDLER, is_active=True,
                                    organisation__department__district=district)
                .order_by("-id").values_list("organisation__department_id", "id"))
        return dict(rows)  # the lowest id wins: rows come highest first

    handlers = current()
    missing = [department for department in departments if department.pk not in handlers]
    if missing:
        existing = dict(Organisation.objects.filter(department__in=missing).values_list("department_id", "id"))
        Organisation.objects.bulk_create([
            Organisation(kind=OrganisationKind.DEPARTMENT, name=department.name, district=district,
                         department=department) for department in missing if department.pk not in existing])
        organisations = {org.department_id: org for org in Organisation.objects.filter(department__in=missing)}
        rng = random.Random(f"handlers:{district.pk}")
        _create_users([(f"bm{department.pk}", directory_demo.person_name(rng, rng.choice("MF")),
                        Role.DEPARTMENT_HANDLER, organisations[department.pk]) for department in missing], password)
        handlers = current()
    return handlers


def _enterprise_users(district: District, count: int, password: str,
                      first: Sequence[int]) -> list[tuple[int, int]]:
    """(enterprise id, user id) of ``count`` active enterprises of the district, ``first`` ones first;
    an enterprise without a user gets one (and its organisation)."""
    active = Enterprise.objects.filter(district=district, status=Enterprise.Status.ACTIVE)
    chosen = list(first) + [pk for pk in active.exclude(pk__in=list(first)).order_by("id")
                            .values_list("id", flat=True)[:max(0, count - len(first))]]

    def users() -> dict[int, int]:
        rows = (User.objects.filter(role=Role.ENTERPRISE_USER, is_active=True, organisation__enterprise__in=chosen)
                .order_by("-id").values_list("organisation__enterprise_id", "id"))
        return dict(rows)

    found = users()
    missing = [pk for pk in chosen if pk not in found]
    if missing:
        with_org = set(Organisation.objects.filter(enterprise__in=missing).values_list("enterprise_id", flat=True))
        names = dict(Enterprise.objects.filter(pk__in=missing).values_list("id", "name"))
        Organisation.objects.bulk_create([
            Organisation(kind=OrganisationKind.ENTERPRISE, name=names[pk], district=district, enterprise_id=pk)
            for pk in missing if pk not in with_org], batch_size=2000)
        organisations = {org.enterprise_id: org for org in Organisation.objects.filter(enterprise__in=missing)}
        legal = dict(Enterprise.objects.filter(pk__in=missing).values_list("id", "legal_representative"))
        _create_users([(f"qy{pk}", legal[pk] or names[pk][:20], Role.ENTERPRISE_USER, organisations[pk])
                       for pk in missing], password)
        found = users()
    return [(pk, found[pk]) for pk in chosen if pk in found]


# ---------------------------------------------------------------------------------------- stories

@dataclass(frozen=True)
class AppealSpec:
    """An appeal the caller wants: in ``state`` now, of this enterprise (an index into Cast.enterprises),
    led by this department, with these co-handlers, with a return or an extension waiting for staff."""

    state: str | None = None
    enterprise: int | None = None
    lead: int | None = None
    co_handlers: tuple[int, ...] = ()
    return_pending: bool = False
    extension_pending: bool = False
    arbitrated: bool = False  # rated unsatisfied three times, then closed by staff
    review_pending: bool = False  # the department replied; the reply waits for FIC staff's review


@dataclass
class GeneratedAppeal:
    appeal: dict[str, Any]  # column -> value
    events: list[tuple[Any, ...]]  # EVENT_COLUMNS without appeal_id
    co_handlers: list[tuple[Any, ...]]  # CO_HANDLER_COLUMNS without appeal_id


class _Stop(Exception):
    """The story reached ``now``."""


NEVER = 10**9  # a delay that never ends: a decision still awaited


class _Story:
    """One appeal's timeline, told forward in time until it ends or reaches ``now``."""

    def __init__(self, generator: AppealGenerator, appeal: dict[str, Any], plan: dict[str, Any]) -> None:
        self.g, self.cal, self.rng, self.cast = generator, generator.calendar, generator.rng, generator.cast
        self.appeal, self.plan = appeal, plan
        self.events: list[tuple[Any, ...]] = []
        self.co: dict[int, list[Any]] = {}  # department id -> [opinion, opinion_at]
        self.opinion_due: date | None = None  # the date co-handlers are asked for their opinion by
        self.state = S.SUBMITTED
        self.pending: list[tuple[datetime, str]] = []  # the sweep's markers of the current (state, due_on)
        self.swept: set[tuple[str, date, str]] = set()

    # -- recording

    def record(self, action: str, to_state: str, actor: int | None, at: datetime, *, text: str = "",
               data: dict[str, Any] | None = None, public: bool = True, due: Any = "keep") -> None:
        if at > self.g.now:
            raise _Stop
        self.sweep(at)
        from_state = self.state
        self.events.append((action, from_state, to_state, actor, at, text, data or {}, public))
        changed = to_state != from_state or (due != "keep" and getattr(due, "on", None) != self.appeal["due_on"])
        self.state = self.appeal["state"] = to_state
        if due != "keep":
            self._set_due(due)
        if changed:
            self.plan_sweep(at)
        if to_state in FINAL and self.appeal["closed_at"] is None:
            self.appeal["closed_at"] = at

    def _set_due(self, due: Due | None) -> None:
        a = self.appeal
        a["due_on"], a["due_from"] = (due.on, due.start) if due else (None, None)
        a["due_working_days"], a["due_provisional"] = (due.working_days, due.provisional) if due else (None, False)

    def plan_sweep(self, start: datetime) -> None:
        """When the deadline sweep (tasks.sweep, every 15 minutes) will write its markers if nothing
        happens before: a reminder from the working day before the deadline, an escalation once it
        has passed (a reply not rated is closed by the story instead: close_unrated)."""
        due, state = self.appeal["due_on"], self.state
        self.pending = []
        if due is None or state not in OPEN:
            return
        tick = start.replace(second=0, microsecond=0) + timedelta(minutes=15 - start.minute % 15)
        seconds = timedelta(seconds=1 + int(self.rng.random() * 39))
        if tick.date() > due:
            if state != S.REPLIED:
                self.pending.append((tick + seconds, "escalate"))
            return
        self.pending.append((max(tick, self.cal.midnight(self.cal.previous(due))) + seconds, "remind"))
        if state != S.REPLIED:
            self.pending.append((self.cal.midnight(due + workdays.ONE_DAY) + seconds, "escalate"))

    def sweep(self, until: datetime) -> None:
        """The markers the sweep wrote before ``until`` (the next event, or now)."""
        while self.pending and self.pending[0][0] < until:
            at, action = self.pending.pop(0)
            self.mark(action, at, until)

    def mark(self, action: str, at: datetime, until: datetime) -> None:
        due, state = self.appeal["due_on"], self.state
        if at >= until or (action, due, state) in self.swept:
            return
        self.swept.add((action, due, state))
        self.events.append((action, state, state, None, at, "", {"due_on": due.isoformat(), "state": state},
                            False))
        if action == "escalate":
            self.appeal["escalated"] = True  # as tasks.sweep marks it (the measures count it)

    # -- time

    def after(self, clock: int, low: int, high: int) -> int:
        """A work clock value ``low``..``high`` working minutes after ``clock``."""
        return clock + low + int(self.rng.random() * (high - low + 1))

    def at(self, clock: int) -> datetime:
        if clock >= self.g.now_clock + DAY_MINUTES * 2 or clock >= len(self.cal.days) * DAY_MINUTES:
            raise _Stop  # far past now (and past the calendar): the story stops here anyway
        return self.cal.at(clock) + timedelta(seconds=int(self.rng.random() * 60))

    def due(self, step: str, clock: int) -> Due:
        return self.cal.deadline(self.cal.date_of(clock), self.cast.working_days(
            step, self.appeal["kind"], self.appeal["category_id"]))

    # -- the story

    def tell(self, clock: int) -> None:
        with suppress(_Stop):
            self._tell(clock)
        self.sweep(self.g.now)
        self.events.sort(key=lambda event: event[4])  # the sweep's markers in their place
        self.appeal["updated_at"] = self.events[-1][4]

    def _tell(self, clock: int) -> None:
        a, plan, rng = self.appeal, self.plan, self.rng
        submitted = min(self.cal.at(clock) + timedelta(seconds=rng.randrange(60)), self.g.now)
        a["created_at"] = submitted
        self.record("submit", S.SUBMITTED, a["created_by_id"], submitted, text=a["content"][:200],
                    due=self.due("accept", clock))
        staff = rng.choice(self.cast.staff)
        clock = self.after(clock, *plan["accept_delay"])
        if plan["outcome"] == "decline":
            self.record("decline", S.DECLINED, staff, self.at(clock), text=rng.choice(DECLINE_REASONS), due=None)
            return
        if plan["outcome"] == "merge" and plan["merge_from"] == S.SUBMITTED:
            self.merge(staff, clock)
            return
        if plan["withdraw"] == S.SUBMITTED:
            self.withdraw(clock)
            return
        self.record("accept", S.ACCEPTED, staff, self.at(clock), due=self.due("dispatch", clock))
        a["assigned_staff_id"] = staff
        if plan["outcome"] == "merge":
            self.merge(staff, self.after(clock, 20, 400))
            return
        if plan["withdraw"] == S.ACCEPTED:
            self.withdraw(self.after(clock, 10, 200))
            return
        clock = self.dispatch(staff, self.after(clock, *plan["dispatch_delay"]), plan["lead"], plan["co_handlers"])
        if plan["return"]:
            clock = self.ask_return(staff, clock)
        if plan["withdraw"] == S.DISPATCHED:
            self.withdraw(self.after(clock, 30, 300))
            return
        self.handle(staff, clock)

    def dispatch(self, staff: int, clock: int, lead: int, co_handlers: tuple[int, ...]) -> int:
        self.record("dispatch", S.DISPATCHED, staff, self.at(clock),
                    data={"lead": lead, "co_handlers": list(co_handlers)}, due=self.due("sign_for", clock))
        self.appeal["lead_department_id"], self.appeal["return_requested"] = lead, False
        self.co = {department: ["", None] for department in co_handlers}
        self.opinion_due = self.due("opinion", clock).on if co_handlers else None
        return clock

    def ask_return(self, staff: int, clock: int) -> int:
        """The lead department asks within 1 working day of dispatch; staff approve (then dispatch to
        another department) or refuse (the department keeps it). A pending request stops the story."""
        rng, a = self.rng, self.appeal
        clock = self.after(clock, 30, 400)
        other = rng.choice([d for d in self.cast.department_names if d != a["lead_department_id"]]
                           or [a["lead_department_id"]])
        reason = rng.choice(RETURN_REASONS).format(department=self.cast.department_names[other])
        self.record("request_return", S.DISPATCHED, self.cast.handlers[a["lead_department_id"]], self.at(clock),
                    text=reason, public=False)
        a["return_requested"] = True
        if self.plan["return"] == "pending":
            raise _Stop
        clock = self.after(clock, 30, 500)
        if self.plan["return"] == "approve":
            self.record("approve_return", S.ACCEPTED, staff, self.at(clock), text=RETURN_NOTES[0], public=False,
                        due=self.due("dispatch", clock))
            a["lead_department_id"], a["return_requested"] = None, False
            co = tuple(d for d in self.plan["co_handlers"] if d != other)
            return self.dispatch(staff, self.after(clock, 20, 300), other, co)
        self.record("refuse_return", S.DISPATCHED, staff, self.at(clock), text=RETURN_NOTES[1], public=False)
        a["return_requested"] = False
        return clock

    def handle(self, staff: int, clock: int) -> None:
        """Sign for, opinions, an extension, the reply and its rating, reopened at most twice."""
        rng, a, plan = self.rng, self.appeal, self.plan
        lead = a["lead_department_id"]
        handler = self.cast.handlers[lead]
        clock = self.after(clock, *plan["sign_delay"])
        signed = self.at(clock)
        sign_due = a["due_on"]
        self.record("sign_for", S.IN_PROGRESS, handler, signed, due=self.due("reply", clock))
        a["signed_on_time"] = signed.date() <= sign_due
        if plan["withdraw"] == S.IN_PROGRESS:
            self.withdraw(self.after(clock, 60, 2000))
            return
        submitted_on = a["created_at"].date()
        for round_ in range(MAX_REOPENINGS + 1):
            clock = self.work_on(staff, clock, first=round_ == 0)
            reply_due = a["due_on"]
            replied = self.at(clock)
            opinions = {self.cast.department_names[d]: opinion for d, (opinion, _at) in self.co.items() if opinion}
            if plan["review_pending"]:  # as actions.reply for a category whose replies staff review
                due = {"on": reply_due.isoformat(), "from": a["due_from"].isoformat(),
                       "days": a["due_working_days"], "provisional": a["due_provisional"]}
                self.record("submit_reply", S.REVIEWING, handler, replied, text=self.g.reply_text(a), public=False,
                            data={"co_handler_opinions": opinions, "reply_due": due}, due=self.due("review", clock))
            else:
                self.record("reply", S.REPLIED, handler, replied, text=self.g.reply_text(a),
                            data={"co_handler_opinions": opinions}, due=self.due("rate", clock))
                a["rating"] = ""
            if a["first_reply_days"] is None:
                a["first_reply_days"] = self.cal.between(submitted_on, replied.date())
                a["first_reply_provisional"] = self.cal.provisional(submitted_on, replied.date())
            a["replied_late"] = a["replied_late"] or replied.date() > reply_due
            if plan["review_pending"]:
                raise _Stop
            rate_due = a["due_on"]
            if rng.random() < plan["unrated"]:
                closing = self.cal.midnight(rate_due + workdays.ONE_DAY)
                self.record("close_unrated", S.CLOSED, None, closing + timedelta(seconds=rng.randrange(1, 40)),
                            due=None)
                a["close_reason"] = Appeal.CloseReason.UNRATED
                return
            # The enterprise rates within its window (by the end of the rate deadline's day).
            last = self.cal.clock(rate_due) + DAY_MINUTES - 1
            clock = min(last, self.after(clock, 30, 2500))
            ratings = FIRST_RATINGS if round_ == 0 else LATER_RATINGS
            rating = plan["ratings"][round_] if plan["ratings"] else ratings(rng)
            user = self.g.enterprise_user(a)
            rated = self.at(clock)
            comment = rng.choice(RATING_COMMENTS[rating])
            if rating not in LOW_RATINGS:
                self.record("rate", S.CLOSED, user, rated, text=comment, data={"rating": rating}, due=None)
                a["rating"], a["close_reason"] = rating, Appeal.CloseReason.RATED
                return
            if a["reopen_count"] >= MAX_REOPENINGS:
                self.record("rate", S.REPLIED, user, rated, text=comment, data={"rating": rating}, due=None)
                a["rating"], a["escalated"] = rating, True  # to FIC arbitration, as actions.rate marks it
                clock = self.after(clock, DAY_MINUTES, 3 * DAY_MINUTES)
                self.record("arbitrate", S.CLOSED, staff, self.at(clock), text=rng.choice(ARBITRATIONS), due=None)
                a["close_reason"] = Appeal.CloseReason.ARBITRATED
                return
            self.record("rate", S.IN_PROGRESS, user, rated, text=comment, data={"rating": rating},
                        due=self.due("reply", clock))
            a["rating"] = rating
            a["reopen_count"] += 1

    def work_on(self, staff: int, clock: int, *, first: bool) -> int:
        """Between signing for (or reopening) and replying: the co-handlers' opinions, maybe a leader's
        instruction and an extension, in time order; the reply's work clock value (on time for most,
        a few days late for some)."""
        rng, a, plan = self.rng, self.appeal, self.plan
        due_clock = self.cal.clock(a["due_on"]) + DAY_MINUTES - 1
        window = max(30, due_clock - clock)
        latest = clock
        if first:
            moments = [(self.after(clock, window // 10, max(window // 10, window // 3)), department)
                       for department in self.co]
            if self.cast.leaders and rng.random() < plan["instruct"]:
                moments.append((self.after(clock, 10, max(10, window // 3)), None))
            for moment, department in sorted(moments, key=lambda item: item[0]):
                at = self.at(moment)
                if department is None:
                    self.record("instruct", self.state, rng.choice(self.cast.leaders), at,
                                text=rng.choice(INSTRUCTIONS), public=False)
                else:
                    opinion = rng.choice(OPINIONS)
                    self.record("give_opinion", self.state, self.cast.handlers[department], at, text=opinion,
                                public=False)
                    self.co[department] = [opinion, at]
                latest = moment
        if first and plan["extension"]:
            days = rng.choice((5, 5, 10, 10, 15))
            # Asked before the deadline passes (request_extension refuses it afterwards).
            asked = min(due_clock, max(latest + 10, self.after(clock, window // 3, max(window // 3, window * 3 // 4))))
            self.record("request_extension", self.state, self.cast.handlers[a["lead_department_id"]], self.at(asked),
                        text=rng.choice(EXTENSION_REASONS).format(days=days), data={"working_days": days},
                        public=False)
            a["extension_requested"] = True
            if plan["extension"] == "pending":
                raise _Stop
            latest = self.after(asked, 30, 600)
            if plan["extension"] == "approve":
                self.record("approve_extension", self.state, staff, self.at(latest), text=EXTENSION_NOTES[0],
                            due=self.cal.deadline(a["due_from"], a["due_working_days"] + days))
                due_clock = self.cal.clock(a["due_on"]) + DAY_MINUTES - 1
            else:
                self.record("refuse_extension", self.state, staff, self.at(latest), text=EXTENSION_NOTES[1])
            a["extension_requested"], a["extension_used"] = False, True
        if rng.random() < plan["late_reply"]:
            return max(latest, due_clock) + rng.randint(1, 5 * DAY_MINUTES)
        span = due_clock - latest
        return latest + (rng.randint(max(5, span // 8), span) if span > 10 else 5)

    def withdraw(self, clock: int) -> None:
        self.record("withdraw", S.WITHDRAWN, self.g.enterprise_user(self.appeal), self.at(clock),
                    text=self.rng.choice(WITHDRAW_REASONS), due=None)

    def merge(self, staff: int, clock: int) -> None:
        target = self.plan["merge_into"]
        if self.at(clock) >= target["open_until"]:
            raise _Stop  # the duplicate waits; the caller checks that it was merged
        self.record("merge", S.MERGED, staff, self.at(clock), data={"into": target["id"]}, due=None)
        self.appeal["merged_into_id"] = target["id"]


class _Details(dict[str, Any]):
    """The details that fill an appeal's templates, drawn when a template first asks for one (so that
    the texts of one appeal agree: its reply names the amount its content asked for)."""

    def __init__(self, rng: random.Random, today: date) -> None:
        super().__init__()
        self.rng, self.today = rng, today

    def __missing__(self, key: str) -> Any:
        value = self[key] = _DRAWS[key](self.rng, self.today)
        return value


_ROADS = list(directory_demo.ROADS.values())
_INDUSTRY_WORDS = ("软件信息", "生物医药", "智能制造", "数字贸易", "新材料", "检验检测")
_DRAWS: dict[str, Callable[[random.Random, date], Any]] = {
    "amount": lambda rng, today: rng.choice((50, 80, 100, 150, 200, 300, 500, 800, 1000, 1500, 2000)),
    "bank": lambda rng, today: rng.choice(BANKS),
    "date": lambda rng, today: f"{(on := today - timedelta(days=rng.randrange(5, 120))).month}月{on.day}日",
    "month": lambda rng, today: f"{rng.randrange(1, 13)}月",
    "year": lambda rng, today: today.year - rng.choice((0, 1, 1, 2)),
    "industry": lambda rng, today: rng.choice(_INDUSTRY_WORDS),
    "count": lambda rng, today: rng.randrange(3, 60),
    "revenue": lambda rng, today: rng.randrange(5, 300) * 100,
    "days": lambda rng, today: rng.choice((30, 45, 60, 90, 120)),
    "round": lambda rng, today: rng.choice(ROUNDS),
    "road": lambda rng, today: rng.choice(rng.choice(_ROADS)),
    "job": lambda rng, today: rng.choice(JOBS),
    "name": lambda rng, today: directory_demo.person_name(rng, rng.choice("MF")),
    "ext": lambda rng, today: rng.randrange(801, 899),
    "percent": lambda rng, today: rng.choice((10, 15, 20, 25, 30, 40)),
    "permit": lambda rng, today: rng.choice(PERMITS),
    "product": lambda rng, today: rng.choice(PRODUCTS),
    "area": lambda rng, today: rng.randrange(3, 40) * 100,
    "price": lambda rng, today: rng.choice(("2.5", "3", "3.8", "4.5", "5")),
    "months": lambda rng, today: rng.randrange(2, 8),
    "class_": lambda rng, today: rng.randrange(1, 46),
}


class AppealGenerator:
    """Appeals of one district submitted between ``start`` and ``now``; the same seed and ``now``
    give the same rows."""

    def __init__(self, cast: Cast, *, now: datetime, start: date, seed: object = 2026) -> None:
        if not cast.staff or not cast.enterprises or not cast.handlers or not cast.categories:
            raise ValueError("the district needs FIC staff, departments with handlers, enterprises with users "
                             "and appeal categories")
        self.cast = cast
        self.rng = random.Random(f"kaopu-appeals:{seed}")
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.localtime(now, self.zone)
        # Deadlines run up to ~4 months past the last event (an extension on a complaint reopened twice).
        self.calendar = WorkCalendar(start - timedelta(days=7), self.now.date() + timedelta(days=150), self.zone)
        self.first_clock = self.calendar.clock(start)
        self.now_clock = self.calendar.clock_before(self.now)
        self.leads_by_category = cast.leads_by_category
        self.category = directory_demo.Picker(cast.categories, cast.category_weights)

    # -- texts

    def details(self) -> _Details:
        return _Details(self.rng, self.now.date())

    def reply_text(self, appeal: dict[str, Any]) -> str:
        texts = CATEGORIES.get(appeal["_category"], CATEGORIES["其他"])
        return self.rng.choice(texts.replies).format_map(appeal["_details"])

    def enterprise_user(self, appeal: dict[str, Any]) -> int:
        return appeal["_user"]

    # -- appeals

    def appeal_row(self, appeal_id: int, spec: AppealSpec, enterprise: tuple[int, int] | None = None,
                   category: tuple[int, str] | None = None, text: tuple[str, str] | None = None) -> dict[str, Any]:
        rng, cast = self.rng, self.cast
        if enterprise is None:
            index = spec.enterprise if spec.enterprise is not None else int(len(cast.enterprises) * rng.random() ** 2)
            enterprise = cast.enterprises[index]
        category = category or self.category(rng)
        details = self.details()
        if text is None:
            title, content = rng.choice(CATEGORIES.get(category[1], CATEGORIES["其他"]).appeals)
            text = (title.format_map(details)[:100], content.format_map(details))
        source = SOURCES(rng)
        person = cast.contacts.get(enterprise[1], ("", ""))
        return {
            "id": appeal_id, "district_id": cast.district_id, "number": "", "number_year": 0, "number_sequence": 0,
            "contact_name": person[0], "contact_phone": person[1], "enterprise_id": enterprise[0],
            "created_by_id": enterprise[1] if source == Appeal.Source.ONLINE else rng.choice(cast.staff),
            "kind": KINDS(rng), "category_id": category[0], "title": text[0], "content": text[1],
            "source": source, "source_meeting_id": None, "is_confidential": rng.random() < 0.05,
            "publish_consent": rng.random() < 0.5, "state": S.SUBMITTED, "assigned_staff_id": None,
            "lead_department_id": None, "due_on": None, "due_from": None, "due_working_days": None,
            "due_provisional": False, "return_requested": False, "extension_requested": False,
            "extension_used": False, "reopen_count": 0, "escalated": False, "rating": "", "close_reason": "",
            "merged_into_id": None,
            "created_at": None, "updated_at": None, "closed_at": None, "signed_on_time": None,
            "first_reply_days": None, "first_reply_provisional": False, "replied_late": False, "public_summary": "",
            "summary_review": Appeal.SummaryReview.PENDING, "summary_reviewed_by_id": None,
            "summary_reviewed_at": None, "summary_withheld_reason": "",
            "_user": enterprise[1], "_category": category[1], "_details": details,
        }

    def plan(self, appeal: dict[str, Any], spec: AppealSpec, outcome: str | None = None) -> dict[str, Any]:
        """What will happen to the appeal, drawn before the story is told (durations in working minutes)."""
        rng = self.rng
        wanted = spec.state
        if outcome is None:
            outcome = {S.DECLINED: "decline", S.MERGED: "merge"}.get(wanted or "", "")
            if not outcome and wanted is None:
                draw = rng.random()
                outcome = "decline" if draw < 0.05 else "merge" if draw < 0.07 else ""
        withdraw = None
        if wanted == S.WITHDRAWN or (wanted is None and not outcome and rng.random() < 0.04):
            withdraw = rng.choice((S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.IN_PROGRESS))
        lead = spec.lead or rng.choice(self.leads_by_category[appeal["category_id"]])
        co_handlers = spec.co_handlers
        if not co_handlers and rng.random() < 0.25:
            others = [d for d in self.cast.handlers if d != lead]
            co_handlers = tuple(rng.sample(others, min(len(others), rng.choice((1, 1, 2)))))
        returned = "pending" if spec.return_pending else (
            None if wanted is not None or rng.random() >= 0.05 else rng.choice(("approve", "approve", "refuse")))
        extension = "pending" if spec.extension_pending else (
            None if rng.random() >= 0.08 else rng.choice(("approve", "approve", "approve", "refuse")))
        late_accept = rng.random() < 0.08
        late_sign = rng.random() < 0.1
        return {
            "outcome": outcome, "withdraw": withdraw, "merge_from": rng.choice((S.SUBMITTED, S.SUBMITTED, S.ACCEPTED)),
            "lead": lead, "co_handlers": tuple(d for d in co_handlers if d != lead), "return": returned,
            "extension": extension,
            "accept_delay": (DAY_MINUTES, 3 * DAY_MINUTES) if late_accept else (15, 400),
            "dispatch_delay": (10, 240),
            "sign_delay": (DAY_MINUTES + 60, 3 * DAY_MINUTES) if late_sign else (10, 480),
            "late_reply": 0.12, "unrated": 0.12 if wanted != S.REPLIED and not spec.arbitrated else 0.0,
            "instruct": 0.03, "ratings": [rng.choice("12") for _round in range(3)] if spec.arbitrated else None,
            "review_pending": spec.review_pending,
        }

    def story(self, appeal_id: int, spec: AppealSpec, clock: int, *, plan_outcome: str | None = None,
              merge_into: dict[str, Any] | None = None, appeal: dict[str, Any] | None = None) -> _Story:
        appeal = dict(appeal) if appeal else self.appeal_row(appeal_id, spec)
        plan = self.plan(appeal, spec, plan_outcome)
        if merge_into is not None:
            plan["outcome"], plan["merge_into"], plan["withdraw"] = "merge", merge_into, None
        elif plan["outcome"] == "merge":
            plan["outcome"] = ""  # a duplicate needs its original: see generate()
        story = _Story(self, appeal, plan)
        story.tell(clock)
        return story

    def one(self, appeal_id: int, spec: AppealSpec | None = None, clock: int | None = None) -> list[GeneratedAppeal]:
        """One appeal (two when it is a duplicate merged into another: the original first), submitted
        at ``clock`` (a random time when None) unless ``spec`` asks for a state."""
        spec = spec or AppealSpec()
        if spec.state is None:
            clock = self.rng.randint(self.first_clock, self.now_clock) if clock is None else clock
            if self.rng.random() < 0.02:
                return self._pair(appeal_id, spec, clock)
            return [self._finish(self.story(appeal_id, spec, clock))]
        if spec.state == S.MERGED:
            for back in self._backs():
                pair = self._pair(appeal_id, spec, self.now_clock - back)
                if len(pair) == 2 and pair[1].appeal["state"] == S.MERGED:
                    return pair
            raise ValueError("no merged appeal could be generated")
        for back in self._backs():
            story = self.story(appeal_id, spec, max(self.first_clock, self.now_clock - back))
            if story.state == spec.state and self._flags_hold(story, spec):
                return [self._finish(story)]
        raise ValueError(f"no appeal in state {spec.state} could be generated before {self.now:%Y-%m-%d}")

    def _backs(self) -> Iterator[int]:
        """How far back to submit an appeal that must be in a given state now: the most recent first."""
        for _attempt in range(3):
            back = 20
            while back < 300 * DAY_MINUTES:
                yield back + self.rng.randrange(back // 4 + 1)
                back = back * 11 // 10 + 10

    @staticmethod
    def _flags_hold(story: _Story, spec: AppealSpec) -> bool:
        return ((not spec.return_pending or story.appeal["return_requested"])
                and (not spec.arbitrated or story.appeal["close_reason"] == Appeal.CloseReason.ARBITRATED)
                and (not spec.extension_pending or story.appeal["extension_requested"]))

    def _pair(self, appeal_id: int, spec: AppealSpec, clock: int) -> list[GeneratedAppeal]:
        """An original and, a little later, the same problem submitted again, merged into it while the
        original was open (when the original closed too soon the second one tells its own story)."""
        original = self.story(appeal_id, replace_state(spec), clock)
        end = original.appeal["closed_at"] or self.now
        appeal = self.appeal_row(appeal_id + 1, spec, (original.appeal["enterprise_id"], original.appeal["_user"]),
                                 (original.appeal["category_id"], original.appeal["_category"]),
                                 (original.appeal["title"], original.appeal["content"]))
        later = min(self.now_clock, self.after_clock(clock, 60, 5 * DAY_MINUTES))
        target = {"id": appeal_id, "open_until": end}
        duplicate = self.story(appeal_id + 1, spec, later, merge_into=target, appeal=appeal)
        if duplicate.state not in (S.MERGED, S.SUBMITTED, S.ACCEPTED):
            raise AssertionError("a duplicate is merged or waits")
        if duplicate.state != S.MERGED and end < self.now:
            duplicate = self.story(appeal_id + 1, replace_state(spec), later, appeal=appeal, plan_outcome="")
        return [self._finish(original), self._finish(duplicate)]

    def _review_summary(self, story: _Story) -> None:
        """Staff approved the public summary of about seven in ten closed appeals that may be shown (the
        masked last answer, an hour after closing), so that the demo's board is not empty; the others
        wait in the review queue. Chosen by the appeal's number, so that the random draws of the other
        appeals stay the same."""
        a = story.appeal
        if a["state"] != S.CLOSED or not a["publish_consent"] or a["is_confidential"] or a["id"] % 10 >= 7:
            return
        answers = [event for event in story.events if event[0] in ("reply", "arbitrate")]
        at = a["closed_at"] + timedelta(hours=1)
        if not answers or at > self.now:
            return
        reviewer = self.cast.staff[a["id"] % len(self.cast.staff)]
        summary = mask_personal_data(answers[-1][5])[:500]
        # Recorded on the appeal only (who and when), not as a timeline event: the seeded timeline
        # holds the workflow's and the sweep's events.
        a.update(summary_review=Appeal.SummaryReview.APPROVED, public_summary=summary, summary_reviewed_by_id=reviewer,
                 summary_reviewed_at=at)

    def after_clock(self, clock: int, low: int, high: int) -> int:
        return clock + self.rng.randint(low, high)

    def _finish(self, story: _Story) -> GeneratedAppeal:
        self._review_summary(story)
        appeal = {column: story.appeal[column] for column in APPEAL_COLUMNS}
        co_handlers = [(department, opinion, at, story.opinion_due) for department, (opinion, at) in story.co.items()]
        return GeneratedAppeal(appeal, story.events, co_handlers)

    def generate(self, count: int, first_id: int, specs: Sequence[AppealSpec] = ()) -> Iterator[GeneratedAppeal]:
        """``count`` appeals numbered from ``first_id``: the ``specs`` first, then the natural mix,
        submitted one after the other over the period (ids grow with the submission time, as they do
        when people submit; ``renumber`` puts the specs' appeals in their place)."""
        made = 0
        queue = list(specs)
        span = self.now_clock - self.first_clock
        while made < count:
            spec = queue.pop(0) if queue else AppealSpec()
            clock = self.first_clock + int((made + self.rng.random()) * span / count)
            rows = self.one(first_id + made, spec, clock)
            if made + len(rows) > count:  # no room for a pair at the very end
                rows = [self._finish(self.story(first_id + made, replace_state(spec),
                                                self.rng.randint(self.first_clock, self.now_clock)))]
            yield from rows
            made += len(rows)


def renumber(rows: list[GeneratedAppeal], first_id: int) -> list[GeneratedAppeal]:
    """The rows in the order of their submission, numbered from ``first_id`` (merges follow)."""
    rows = sorted(rows, key=lambda row: row.appeal["created_at"])
    new_ids = {row.appeal["id"]: first_id + index for index, row in enumerate(rows)}
    for row in rows:
        row.appeal["id"] = new_ids[row.appeal["id"]]
        if row.appeal["merged_into_id"] is not None:
            row.appeal["merged_into_id"] = new_ids[row.appeal["merged_into_id"]]
            row.events = [(*event[:6], {"into": row.appeal["merged_into_id"]}, event[7]) if event[0] == "merge"
                          else event for event in row.events]
    return rows


def replace_state(spec: AppealSpec) -> AppealSpec:
    """The spec of an original that a duplicate is merged into: no state asked for."""
    return AppealSpec(enterprise=spec.enterprise, lead=spec.lead, co_handlers=spec.co_handlers)


# ---------------------------------------------------------------------------------------- writing

@contextmanager
def _keeping_times() -> Iterator[None]:
    """bulk_create would stamp auto_now(_add) columns with the present; generated rows carry their past."""
    fields = [Appeal._meta.get_field("created_at"), Appeal._meta.get_field("updated_at"),
              Event._meta.get_field("at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[union-attr]
    for f in fields:
        f.auto_now = f.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add  # type: ignore[union-attr]


def give_numbers(rows: list[GeneratedAppeal]) -> None:
    """Number the rows (by district, year and id, after the numbers already given: kaopu.appeals.numbering)
    as the writers insert them; within the writer's transaction, the counters stay locked until it ends."""
    districts = {row.appeal["district_id"] for row in rows}
    abbreviations = dict(District.objects.filter(pk__in=districts).values_list("pk", "abbreviation"))
    numbers = numbering.number_rows([(row.appeal["id"], row.appeal["district_id"], row.appeal["created_at"])
                                     for row in rows], abbreviations)
    for row in rows:
        given = numbers[row.appeal["id"]]
        row.appeal.update(number=given.number, number_year=given.year, number_sequence=given.sequence)


def write_orm(rows: list[GeneratedAppeal]) -> tuple[int, int]:
    """Insert generated appeals through bulk_create (SQLite, the demo); (appeals, events) written."""
    give_numbers(rows)
    with _keeping_times():
        Appeal.objects.bulk_create([Appeal(**row.appeal) for row in rows], batch_size=500)
        events = [Event(appeal_id=row.appeal["id"], **dict(zip(EVENT_COLUMNS[1:], event, strict=True)))
                  for row in rows for event in row.events]
        Event.objects.bulk_create(events, batch_size=1000)
    CoHandler.objects.bulk_create([CoHandler(appeal_id=row.appeal["id"], department_id=department,
                                             opinion=opinion, opinion_at=at, opinion_due_on=due)
                                   for row in rows for department, opinion, at, due in row.co_handlers],
                                  batch_size=1000)
    return len(rows), len(events)


def write_copy(cursor: Any, rows: list[GeneratedAppeal]) -> tuple[int, int]:
    """Insert generated appeals with COPY (PostgreSQL); event and co-handler ids come from their sequences."""
    give_numbers(rows)
    directory_seeding.copy_rows(cursor, Appeal._meta.db_table, APPEAL_COLUMNS,
                                [tuple(row.appeal.values()) for row in rows])
    events = [(row.appeal["id"], action, from_state, to_state, actor, at, text, json.dumps(data, ensure_ascii=False),
               public) for row in rows for action, from_state, to_state, actor, at, text, data, public in row.events]
    directory_seeding.copy_rows(cursor, Event._meta.db_table, EVENT_COLUMNS, events)
    directory_seeding.copy_rows(cursor, CoHandler._meta.db_table, CO_HANDLER_COLUMNS,
                                [(row.appeal["id"], *co) for row in rows for co in row.co_handlers])
    return len(rows), len(events)


def first_free_id(model: type[Any], count: int) -> int:
    """The first of ``count`` ids for new rows: reserved from the sequence on PostgreSQL, after the
    largest on SQLite (one writer at a time there)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            return directory_seeding.reserve_ids(cursor, model._meta.db_table, count)
    largest = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (largest or 0) + 1


# ---------------------------------------------------------------------------------------- seeding

@dataclass
class AppealSeedResult:
    appeals: int = 0
    events: int = 0
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        rows = self.appeals + self.events
        return rows / self.seconds if self.seconds else float(rows)


def rebuild_measures(district_ids: list[int]) -> None:
    """The measures' rollup (KpiCell) recomputed from the appeals just written."""
    from kaopu.appeals import kpi

    kpi.rebuild(district_ids=district_ids)


def seed_appeals(*, count: int, district_name: str, now: datetime | None = None, months: int = 12,
                 chunk: int = CHUNK, progress: Callable[[int], None] | None = None, seed: object = None,
                 rebuild_indexes: bool | None = None) -> AppealSeedResult:
    """Add ``count`` appeals with their timelines to a district that has enterprises (`kaopu seed`).

    Appeals come from about one active enterprise in 25 (users are made for them), submitted over the
    ``months`` before ``now``. On PostgreSQL the rows stream into COPY a chunk at a time; for a load
    several times larger than the table, its secondary indexes are dropped and rebuilt around it
    (in the same transaction: a failure restores them)."""
    started = time.monotonic()
    now = now or timezone.now()
    district = District.objects.filter(name=district_name).first()
    if district is None:
        raise ValueError(f"there is no district named {district_name}; seed its enterprises first")
    result = AppealSeedResult()
    with transaction.atomic():
        active = Enterprise.objects.filter(district=district, status=Enterprise.Status.ACTIVE).count()
        if not active:
            raise ValueError(f"{district_name} has no active enterprises; seed them first (--enterprises)")
        cast = prepare_cast(district, enterprises=min(active, max(50, count // 25)))
        local_today = timezone.localtime(now).date()
        start = _months_before(local_today, months)
        generator = AppealGenerator(cast, now=now, start=start,
                                    seed=seed if seed is not None else f"{district.pk}:{Appeal.objects.count()}")
        first_id = first_free_id(Appeal, count)
        postgres = connection.vendor == "postgresql"
        if rebuild_indexes is None:
            rebuild_indexes = postgres and count >= 100_000 and count > 2 * Appeal.objects.count()
        if postgres:
            with connection.cursor() as cursor:
                # Foreign keys are checked at the end of each statement (each COPY), not queued for the
                # commit: a queue of millions of deferred checks would hold memory, and pending checks
                # forbid altering the tables.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        dropped = _drop_indexes() if rebuild_indexes else []
        rows = generator.generate(count, first_id)
        if postgres:
            connection.ensure_connection()
            with connection.connection.cursor() as raw:  # the psycopg 3 cursor under Django's wrapper
                _load(raw, rows, chunk, result, progress)
                for statement in dropped:
                    raw.execute(statement)
        else:
            _load(None, rows, chunk, result, progress)
        rebuild_measures([district.pk])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics, so that the planner knows the tables' sizes and picks their indexes.
            cursor.execute(f"ANALYZE {Appeal._meta.db_table}, {Event._meta.db_table}, {CoHandler._meta.db_table}")
    result.seconds = time.monotonic() - started
    return result


def _load(cursor: Any, rows: Iterator[GeneratedAppeal], chunk: int, result: AppealSeedResult,
          progress: Callable[[int], None] | None) -> None:
    """Write the rows a chunk at a time: COPY through ``cursor``, or bulk_create when it is None."""
    batch: list[GeneratedAppeal] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= chunk:
            _write(cursor, batch, result, progress)
    if batch:
        _write(cursor, batch, result, progress)


def _write(cursor: Any, batch: list[GeneratedAppeal], result: AppealSeedResult,
           progress: Callable[[int], None] | None) -> None:
    appeals, events = write_copy(cursor, batch) if cursor is not None else write_orm(batch)
    result.appeals += appeals
    result.events += events
    batch.clear()
    if progress:
        progress(result.appeals)


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, 28))


def _drop_indexes() -> list[str]:
    """Drop the appeal and event tables' plain indexes (not the primary keys) and the foreign keys of
    the three tables written; the statements that create them again, to run after the load.

    PostgreSQL's advice for bulk loads: one index build and one validating join per foreign key after
    the load are much faster than updating every index and checking every key row by row. All of it
    happens in the load's transaction, so a failure restores the indexes and keys with the rows."""
    tables = [Appeal._meta.db_table, Event._meta.db_table]
    written = [*tables, CoHandler._meta.db_table]
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)""", [tables])
        # Partial indexes stay: their conditions would come back in another spelling, which the
        # queries written to match them (selectors.OPEN_STATES) might no longer match.
        indexes = [(name, definition) for name, definition in cursor.fetchall() if " WHERE " not in definition]
        cursor.execute("""
            SELECT c.conname, c.conrelid::regclass::text, pg_get_constraintdef(c.oid) FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s)""", [written])
        keys = cursor.fetchall()
        for name, table, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return ([definition for _name, definition in indexes]
            + [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for name, table, definition in keys])
