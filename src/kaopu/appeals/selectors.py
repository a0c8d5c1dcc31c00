"""Reads of appeals that the staff pages and the API share. Every one starts from access.scope.

Each filter keeps the query on an index: the district's (district, state, -id) index serves the
state filter and the newest-first order; the lead department's (lead_department, state, -id) index
its filter; the partial due_on index the overdue filter. The subdistrict and industry filters go
through the enterprise (a join to its (subdistrict, -id) / (industry, -id) indexes); the created-date
range and the title search are rechecks on rows the district index already narrowed; a number is found
through its unique index, its last digits through (district, number_sequence, number_year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from kaopu.accounts.roles import Role
from kaopu.appeals import numbering, workflow
from kaopu.appeals.models import Appeal
from kaopu.core import access, workdays
from kaopu.core.pagination import KeysetPage, keyset_page, keyset_union_page
from kaopu.core.searching import clean_query

# The open states of the overdue condition, reviewing included (its deadline is the staff's review): the
# overdue filter, the start pages' and the cockpit's overdue counts and the rows' overdue mark (is_overdue,
# workflow.OPEN_STATES) agree. The condition of the partial index appeal_district_overdue word for word
# (PostgreSQL then counts from the index alone), and within appeal_due_open's.
OPEN_STATES = ["submitted", "accepted", "dispatched", "in_progress", "reviewing", "replied"]


@dataclass
class AppealFilters:
    """The filters of the staff's appeal list, shared by the page and the API. None/"" = no filter."""

    state: str | None = None
    category: int | None = None
    department: int | None = None  # the lead department
    subdistrict: int | None = None  # the enterprise's subdistrict
    industry: str | None = None  # the enterprise's industry division code
    source: str | None = None
    overdue: bool | None = None  # True: open and past its due date
    created_from: date | None = None
    created_to: date | None = None  # inclusive
    q: str = ""  # an appeal's number (or its last digits), or a substring of the title
    # A department's request waiting for staff's decision: "return" (退单) or "extension" (延期); served by
    # the partial index appeal_decision_pending (the start page's to-dos count the same rows).
    pending: str | None = None
    unsatisfied: bool | None = None  # True: rated 不满意/非常不满意 lately (unsatisfied_condition)


def _start_of(day: date) -> datetime:
    """Midnight of ``day`` in local time: a range on the column itself, not on a date() of it."""
    return timezone.make_aware(datetime.combine(day, time.min))


def filter_appeals(queryset: QuerySet[Appeal], filters: AppealFilters) -> QuerySet[Appeal]:
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.category:
        queryset = queryset.filter(category_id=filters.category)
    if filters.department:
        queryset = queryset.filter(lead_department_id=filters.department)
    if filters.subdistrict:
        queryset = queryset.filter(enterprise__subdistrict_id=filters.subdistrict)
    if filters.industry:
        queryset = queryset.filter(enterprise__industry_id=filters.industry)
    if filters.source:
        queryset = queryset.filter(source=filters.source)
    if filters.overdue is True:
        queryset = overdue(queryset)
    elif filters.overdue is False:
        queryset = queryset.exclude(state__in=OPEN_STATES, due_on__lt=workdays.local_today())
    if filters.created_from:
        queryset = queryset.filter(created_at__gte=_start_of(filters.created_from))
    if filters.created_to:
        queryset = queryset.filter(created_at__lt=_start_of(filters.created_to + timedelta(days=1)))
    if filters.pending == "return":
        queryset = queryset.filter(return_requested=True)
    elif filters.pending == "extension":
        queryset = queryset.filter(extension_requested=True)
    if filters.unsatisfied:
        queryset = queryset.filter(unsatisfied_condition())
    return matching(queryset, filters.q)


def matching(queryset: QuerySet[Appeal], raw_query: str | None) -> QuerySet[Appeal]:
    """The appeals matching a search box's text (search_condition), or all of them for an empty one: the
    staff's list, the enterprise's list, the department's inbox and the platform search (search.py) share it."""
    q = clean_query(raw_query)
    return queryset.filter(search_condition(q)) if q else queryset


# How far back a closed appeal rated 不满意/非常不满意 still counts as "rated unsatisfied lately".
UNSATISFIED_WINDOW_DAYS = 30


def unsatisfied_condition() -> Q:
    """Appeals whose current rating is one of the two lowest (不满意, 非常不满意) that are still open
    (reopened, back with the department, or waiting for staff's arbitration after two reopenings) or
    were closed within the last UNSATISFIED_WINDOW_DAYS days. A reopened appeal keeps its rating until the
    department replies again. Served by the partial index appeal_rated_unsatisfied."""
    since = timezone.now() - timedelta(days=UNSATISFIED_WINDOW_DAYS)
    return (Q(rating__in=sorted(workflow.REOPENING_RATINGS))
            & (Q(state__in=sorted(workflow.OPEN_STATES)) | Q(closed_at__gte=since)))


def overdue(appeals: QuerySet[Appeal], today: date | None = None) -> QuerySet[Appeal]:
    """The open appeals of ``appeals`` past their deadline (超期): the staff list's overdue filter, the
    start pages' overdue to-do and the cockpit's "overdue now" all count through this one condition. Filtered
    by district, it is counted by an index-only scan of the partial index appeal_district_overdue (whose
    condition is this list of states), whatever the number of closed appeals."""
    return appeals.filter(state__in=OPEN_STATES, due_on__lt=today or workdays.local_today())


def search_condition(q: str) -> Q:
    """What the search box finds: an appeal by its number (PT-2026-000302, 2026-302, or the last digits
    people read out: 302 — each on an index, see Appeal's constraints), else by a part of its title. Digits
    alone may be either: an appeal numbered 302 and one whose title holds "302" are both found."""
    number = numbering.parse(q)
    if number is None:
        return Q(title__contains=q)
    if number.number:
        return Q(number=number.number)
    if number.year is not None:
        return Q(number_year=number.year, number_sequence=number.sequence)
    return Q(number_sequence=number.sequence) | Q(title__contains=q)


# What a list row shows besides the appeal's own columns.
ROW_RELATIONS = ("enterprise", "category", "lead_department")
# What a row of the staff's and the leader's lists shows (templates/appeals/staff_rows.html): reading
# only these keeps 50 appeals' contents and the enterprises' whole rows out of every list request.
ROW_COLUMNS = ("id", "number", "title", "is_confidential", "state", "due_on", "due_provisional", "enterprise__name",
               "category__name", "lead_department__name")


def appeal_list(user: Any, filters: AppealFilters) -> QuerySet[Appeal]:
    """The appeals ``user`` may see that match ``filters``, with what a list row shows (newest first)."""
    queryset = access.scope(user, Appeal.objects.select_related(*ROW_RELATIONS))
    return filter_appeals(queryset, filters).order_by("-id")


def appeal_page(user: Any, filters: AppealFilters, *, after: int | None = None, before: int | None = None,
                size: int = 50) -> KeysetPage[Appeal]:
    """One keyset page of appeal_list. A department's appeals are those it leads or co-handles: read
    as two index-ordered branches (keyset_union_page), not as an OR that makes the database collect
    every co-handled appeal of the department first."""
    rows = appeal_list(user, filters)
    if user.role == Role.DEPARTMENT_HANDLER and user.department_id:
        branches = [filter_appeals(Appeal.objects.filter(lead_department_id=user.department_id), filters),
                    filter_appeals(Appeal.objects.filter(co_handlers__department_id=user.department_id), filters)]
        return keyset_union_page(branches, rows, after=after, before=before, size=size)
    return keyset_page(rows, after=after, before=before, size=size)


def appeal_rows(user: Any, filters: AppealFilters) -> QuerySet[Appeal]:
    """appeal_list with only the columns a list row shows (pages; the API reads whole rows)."""
    return appeal_list(user, filters).only(*ROW_COLUMNS)


# The staff's two queues: appeals to accept or decline (待受理), accepted ones to dispatch (待交办).
TRIAGE_QUEUES = {"accept": Appeal.State.SUBMITTED, "dispatch": Appeal.State.ACCEPTED,
                 "review": Appeal.State.REVIEWING}


def triage_list(user: Any, queue: str = "accept") -> QuerySet[Appeal]:
    """The appeals of one staff queue, the nearest deadline first: submitted ones waiting to be accepted
    or declined ("accept"), accepted ones waiting to be dispatched ("dispatch"), or departments'
    replies waiting for staff's review ("review").

    Triage is a to-do list, not a log: the appeal whose deadline comes first must be handled first,
    whatever its age (a complaint's deadline is shorter than a suggestion's)."""
    queryset = access.scope(user, Appeal.objects.select_related(*ROW_RELATIONS))
    return queryset.filter(state=TRIAGE_QUEUES[queue]).order_by("due_on", "id")


def state_counts(user: Any) -> dict[str, int]:
    """How many appeals of each state ``user`` may see (one GROUP BY over the district's appeals)."""
    rows = access.scope(user, Appeal).order_by().values("state").annotate(n=Count("id"))
    counts = {state: 0 for state in Appeal.State.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def is_overdue(appeal: Appeal, today: date | None = None) -> bool:
    today = today or workdays.local_today()
    return appeal.state in workflow.OPEN_STATES and appeal.due_on is not None and appeal.due_on < today


# The department inbox (views_department.inbox): its tabs, what each holds, and their counts.
# The states in which the deadline is the department's (to sign for, to reply). An appeal returned to staff
# (accepted again) keeps its co-handlers until it is dispatched anew: its dispatch deadline is the staff's.
DEPARTMENT_STEPS = (Appeal.State.DISPATCHED, Appeal.State.IN_PROGRESS)
# "Due soon": due today or within the next 2 working days (a Friday's "soon" reaches Tuesday).
DUE_SOON_WORKING_DAYS = 2
# The tabs, in their order on the page; the first is the default: what needs the department now.
INBOX_TABS = ("todo", "sign_for", "reply", "opinion", "overdue", "closed", "all")
# The tabs counted (inbox_counts): those of work in hand, bounded by what the department has open.
# The closed and all tabs grow with the years and are not counted (a count would read them all).
COUNTED_INBOX_TABS = ("todo", "sign_for", "reply", "opinion", "overdue")


def inbox_branches(department_id: int, tab: str, today: date) -> list[QuerySet[Appeal]]:
    """The appeals of one inbox tab, as the branches keyset_union_page merges: those the department leads
    (read from the appeal_lead_state_id / appeal_lead_id index) and those it co-handles (from the
    cohandler_department_appeal index). The two never overlap: dispatch keeps the lead out of the co-handlers.

    What needs the department: the lead signs for a dispatched appeal (sign_for) and replies to one in
    progress (reply); a co-handler gives its opinion (opinion) while the appeal is with the departments
    (dispatched or in progress) until it has given it. Overdue is such work past its deadline. Closed is
    every final state (closed, withdrawn, merged, declined); all is everything the department leads or
    co-handles."""
    led = Appeal.objects.filter(lead_department_id=department_id)
    co_handled = Appeal.objects.filter(co_handlers__department_id=department_id)
    # One filter() call, so that the opinion test and the department test are on the same co-handler row.
    opinion_due = Appeal.objects.filter(co_handlers__department_id=department_id,
                                        co_handlers__opinion_at__isnull=True, state__in=DEPARTMENT_STEPS)
    if tab == "sign_for":
        return [led.filter(state=Appeal.State.DISPATCHED)]
    if tab == "reply":
        return [led.filter(state=Appeal.State.IN_PROGRESS)]
    if tab == "opinion":
        return [opinion_due]
    if tab == "overdue":
        return [led.filter(state__in=DEPARTMENT_STEPS, due_on__lt=today), opinion_due.filter(due_on__lt=today)]
    if tab == "closed":
        final = sorted(workflow.FINAL_STATES)
        return [led.filter(state__in=final), co_handled.filter(state__in=final)]
    if tab == "all":
        return [led, co_handled]
    return [led.filter(state__in=DEPARTMENT_STEPS), opinion_due]  # "todo"


def inbox_counts_query(department_id: int, today: date) -> tuple[str, tuple[Any, ...]]:
    """The SQL of inbox_counts: the "todo" branches (the union of the other three tabs) with a 0/1 column
    per tab, summed over their UNION ALL. Each branch reads only the department's open work through its
    index (appeal_lead_state_id, cohandler_department_appeal), not the department's history."""
    steps = [Case(When(state=Appeal.State.DISPATCHED, then=1), default=0),
             Case(When(state=Appeal.State.IN_PROGRESS, then=1), default=0)]
    overdue = Case(When(due_on__lt=today, then=1), default=0)
    led, opinion_due = inbox_branches(department_id, "todo", today)
    parts = [
        led.annotate(to_sign=steps[0], to_reply=steps[1], to_opine=Value(0), late=overdue),
        # A co-handler's work is its opinion: counted under "opinion", never "to sign for" or "to reply".
        opinion_due.annotate(to_sign=Value(0), to_reply=Value(0), to_opine=Value(1), late=overdue),
    ]
    parts = [part.order_by().values("to_sign", "to_reply", "to_opine", "late") for part in parts]
    sql, params = parts[0].union(parts[1], all=True).query.sql_with_params()
    return (f"SELECT COUNT(*), SUM(to_sign), SUM(to_reply), SUM(to_opine), SUM(late) FROM ({sql}) AS inbox",
            tuple(params))


def inbox_counts(department_id: int, today: date) -> dict[str, int]:
    """How many appeals each counted tab holds, in one query whatever the number of appeals."""
    with connection.cursor() as cursor:
        cursor.execute(*inbox_counts_query(department_id, today))
        row = cursor.fetchone()
    return dict(zip(COUNTED_INBOX_TABS, (int(value or 0) for value in row), strict=True))


def filter_inbox(queryset: QuerySet[Appeal], filters: dict[str, Any], today: date) -> QuerySet[Appeal]:
    """The inbox's filters inside a tab. Due soon concerns the department's steps only: a closed appeal's
    deadline is cleared by the action that closed it. Due soon counts the next working days Monday–Friday
    where their year is not entered yet, like the deadlines themselves."""
    if filters.get("state"):
        queryset = queryset.filter(state=filters["state"])
    if filters.get("category"):
        queryset = queryset.filter(category_id=filters["category"])
    queryset = matching(queryset, filters.get("q"))
    if filters.get("due_soon"):
        last = workdays.deadline(today, DUE_SOON_WORKING_DAYS).on
        queryset = queryset.filter(due_on__gte=today, due_on__lte=last, state__in=DEPARTMENT_STEPS)
    return queryset


def inbox_overdue(appeal: Appeal, today: date) -> bool:
    """Past the deadline of the department's step (the overdue mark of an inbox row)."""
    return appeal.due_on is not None and appeal.due_on < today and appeal.state in DEPARTMENT_STEPS
