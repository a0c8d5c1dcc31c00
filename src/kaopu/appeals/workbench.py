"""The appeals' entries on the start pages (工作台): each role's to-dos and short lists (kaopu.core.registry).

Every count reads the rows of the list it links to, through the same selector and the same filter, so
that the number on the start page and the length of the list agree: the staff's queues
(selectors.TRIAGE_QUEUES), the staff list's filters (selectors.AppealFilters: overdue, requests to
decide, rated unsatisfied), the department inbox's tabs (selectors.inbox_counts), the enterprise list's
state tabs (views_enterprise.STATE_TABS) and the leader overview's filters. Each count is one query
bounded by an index of Appeal (see the comment of each entry); the short lists read at most ``limit``
rows in one query.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.appeals import selectors
from kaopu.appeals.models import Appeal
from kaopu.appeals.page_helpers import due_label
from kaopu.appeals.templatetags.appeal_badges import state_badge
from kaopu.appeals.views_enterprise import STATE_TABS
from kaopu.core import access, workdays
from kaopu.core.registry import Panel, PanelRow, Todo, registry

STAFF = frozenset({Role.FIC_STAFF})
LEADERS = frozenset({Role.DISTRICT_LEADER})
DEPARTMENTS = frozenset({Role.DEPARTMENT_HANDLER})
ENTERPRISES = frozenset({Role.ENTERPRISE_USER})
ROW_COLUMNS = ("id", "number", "title", "state", "due_on", "due_provisional")


def _url(name: str, **query: str) -> str:
    return reverse(name) + (f"?{urlencode(query)}" if query else "")


def _row(appeal: Appeal, url_name: str, today: Any) -> PanelRow:
    """An appeal as a short list's row: its number and title, its state, the deadline of its step."""
    detail = ""
    if appeal.due_on is not None:
        detail = f"{due_label(appeal)} {date_format(appeal.due_on, 'MONTH_DAY_FORMAT')}"
    return PanelRow(text=f"{appeal.number} {appeal.title}", url=reverse(url_name, args=[appeal.pk]), detail=detail,
                    badge=state_badge(appeal.state), urgent=appeal.due_on is not None and appeal.due_on < today)


# --- FIC staff ----------------------------------------------------------------------------------

def _staff_queue(queue: str) -> Any:
    """The count of a triage queue: the appeals of one state, through the (district, state, -id) index."""
    return lambda user: selectors.triage_list(user, queue).order_by().count()


def _staff_filtered(**filters: Any) -> Any:
    """The count of the staff list under ``filters`` (the same selector as the list)."""
    return lambda user: selectors.appeal_list(user, selectors.AppealFilters(**filters)).order_by().count()


TRIAGE_TODOS = (
    ("accept", gettext_lazy("Appeals to accept"), gettext_lazy("Submitted appeals waiting to be accepted or declined "
                                                               "(待受理).")),
    ("dispatch", gettext_lazy("Accepted, to dispatch"), gettext_lazy("Accepted appeals not yet dispatched to a "
                                                                     "department (待交办).")),
    ("review", gettext_lazy("Replies to review"), gettext_lazy("Departments' replies waiting for your review before "
                                                               "the enterprise sees them (待审核).")),
)
for order, (queue, label, help_text) in enumerate(TRIAGE_TODOS, start=10):
    registry.add_todo(Todo(
        key=f"appeals.staff_{queue}", label=label, roles=STAFF, order=order, help=help_text,
        count=_staff_queue(queue), url=lambda user, queue=queue: _url("appeals:triage", queue=queue)))

# Requests to decide: the partial index appeal_decision_pending holds only the appeals with one.
registry.add_todo(Todo(
    key="appeals.staff_returns", label=gettext_lazy("Return requests to decide"), roles=STAFF, order=13,
    help=gettext_lazy("Departments ask to send a misrouted appeal back (退单): approve and dispatch again, or refuse."),
    count=_staff_filtered(pending="return"), url=lambda user: _url("appeals:staff_list", pending="return")))
registry.add_todo(Todo(
    key="appeals.staff_extensions", label=gettext_lazy("Extension requests to decide"), roles=STAFF, order=14,
    help=gettext_lazy("Departments ask for more working days before their deadline (延期): approve or refuse."),
    count=_staff_filtered(pending="extension"), url=lambda user: _url("appeals:staff_list", pending="extension")))

# The open appeals past the deadline of the step they wait for, whichever it is (accept, dispatch, sign
# for, reply, review, rate): the partial index appeal_due_open, read by due date.
OVERDUE_HELP = gettext_lazy("Open appeals past the deadline of the step they wait for (accept, dispatch, sign for, "
                            "reply, review or rate); the list shows each one's step.")
UNSATISFIED_HELP = format_lazy(gettext_lazy("Appeals rated dissatisfied or very dissatisfied (不满意, 非常不满意) "
                                            "that are still open (reopened, or waiting for arbitration) or were "
                                            "closed within the last {days} days."),
                               days=selectors.UNSATISFIED_WINDOW_DAYS)


def overdue_rows(user: Any, limit: int, url_name: str) -> list[PanelRow]:
    """The open appeals longest past their deadline: the partial index appeal_due_open in date order."""
    today = workdays.local_today()
    appeals = (selectors.filter_appeals(access.scope(user, Appeal), selectors.AppealFilters(overdue=True))
               .only(*ROW_COLUMNS).order_by("due_on", "id")[:limit])
    return [_row(appeal, url_name, today) for appeal in appeals]


# The overdue appeals by the step they wait for (the state names the step): one grouped query over the
# same rows as the overdue to-do (the partial index appeal_due_open), each step linking to the staff
# list filtered by overdue and state, so the rows' counts add up to the to-do's.
OVERDUE_STEPS: dict[str, Any] = {
    "submitted": gettext_lazy("Late to accept"),
    "accepted": gettext_lazy("Late to dispatch"),
    "dispatched": gettext_lazy("Late to sign for"),
    "in_progress": gettext_lazy("Late to reply"),
    "reviewing": gettext_lazy("Late to review the reply"),
    "replied": gettext_lazy("Late to rate"),
}


def overdue_by_step_rows(user: Any, limit: int) -> list[PanelRow]:
    counts = dict(selectors.filter_appeals(access.scope(user, Appeal), selectors.AppealFilters(overdue=True))
                  .order_by().values_list("state").annotate(n=Count("id")))
    return [PanelRow(text=str(label), url=_url("appeals:staff_list", overdue="1", state=state),
                     detail=_("%(count)s appeals") % {"count": counts[state]}, urgent=True)
            for state, label in OVERDUE_STEPS.items() if counts.get(state)][:limit]


registry.add_panel(Panel(
    key="appeals.staff_overdue_by_step", label=gettext_lazy("Overdue by step"), roles=STAFF, order=9,
    rows=overdue_by_step_rows, url=lambda user: _url("appeals:staff_list", overdue="1"),
    empty=gettext_lazy("No appeal is overdue.")))


# --- FIC staff and district leaders -------------------------------------------------------------
# The same overdue and unsatisfied figures for staff (linking to their appeal list) and for leaders
# (linking to their overview, filtered the same way). Overdue: the partial index appeal_due_open; rated
# unsatisfied: the partial index appeal_rated_unsatisfied.
for side, roles, list_name, order in (("staff", STAFF, "appeals:staff_list", 15),
                                      ("leader", LEADERS, "appeals:overview", 10)):
    registry.add_todo(Todo(
        key=f"appeals.{side}_overdue", label=gettext_lazy("Overdue appeals"), roles=roles, order=order,
        urgent=True, help=OVERDUE_HELP, count=_staff_filtered(overdue=True),
        url=lambda user, name=list_name: _url(name, overdue="1")))
    registry.add_todo(Todo(
        key=f"appeals.{side}_unsatisfied", label=gettext_lazy("Rated unsatisfied"), roles=roles, order=order + 1,
        urgent=True, help=UNSATISFIED_HELP, count=_staff_filtered(unsatisfied=True),
        url=lambda user, name=list_name: _url(name, unsatisfied="1")))
    registry.add_panel(Panel(
        key=f"appeals.{side}_overdue", label=gettext_lazy("Longest overdue"), roles=roles, order=10,
        rows=lambda user, limit: overdue_rows(user, limit, "appeals:staff_detail"),
        url=lambda user, name=list_name: _url(name, overdue="1"), empty=gettext_lazy("No appeal is overdue.")))

# --- District leaders ---------------------------------------------------------------------------
# The cockpit (insights, /cockpit/) is linked by its path: it belongs to another app, and a leader's start
# page must not break while it is not installed.
registry.add_panel(Panel(
    key="appeals.leader_cockpit", label=gettext_lazy("The district in figures"), roles=LEADERS, order=90,
    rows=lambda user, limit: [PanelRow(text=_("Open the leaders' cockpit: rates, rankings and hotspots"),
                                       url="/cockpit/")],
    url=lambda user: "/cockpit/", empty=""))

# --- Department handlers: the inbox's tabs -------------------------------------------------------

def _inbox_count(tab: str) -> Any:
    """One tab's count from selectors.inbox_counts, read once per request for every tab: the query is
    kept on the user object, which lives as long as the request."""
    def count(user: Any) -> int:
        today = workdays.local_today()
        cached = getattr(user, "_inbox_counts", None)
        if cached is None or cached[0] != today:
            cached = (today, selectors.inbox_counts(user.department_id, today) if user.department_id else {})
            user._inbox_counts = cached
        return cached[1].get(tab, 0)
    return count


INBOX_TODOS = (
    ("sign_for", gettext_lazy("To sign for"), gettext_lazy("Appeals dispatched to your department as lead, waiting "
                                                           "to be signed for."), False),
    ("reply", gettext_lazy("To reply"), gettext_lazy("Appeals your department leads, signed for, waiting for your "
                                                     "reply."), False),
    ("opinion", gettext_lazy("Opinions asked of us"), gettext_lazy("Appeals your department co-handles, waiting for "
                                                                   "your opinion to the lead department."), False),
    ("overdue", gettext_lazy("Overdue"), gettext_lazy("Work of your department past its deadline."), True),
)
for order, (tab, label, help_text, urgent) in enumerate(INBOX_TODOS, start=10):
    registry.add_todo(Todo(
        key=f"appeals.department_{tab}", label=label, roles=DEPARTMENTS, order=order, help=help_text, urgent=urgent,
        count=_inbox_count(tab), url=lambda user, tab=tab: _url("appeals:inbox", tab=tab)))


def nearest_deadline_rows(user: Any, limit: int) -> list[PanelRow]:
    """The department's work with the nearest deadlines (the "todo" tab's two branches, each read through
    its index, merged by date in one query)."""
    if not user.department_id:
        return []
    today = workdays.local_today()
    led, opinion_due = selectors.inbox_branches(user.department_id, "todo", today)
    columns = ("id", "due_on")
    ids = [row["id"] for row in led.order_by().values(*columns).union(opinion_due.order_by().values(*columns))
           .order_by("due_on", "id")[:limit]]
    appeals = {appeal.pk: appeal for appeal in Appeal.objects.filter(pk__in=ids).only(*ROW_COLUMNS)} if ids else {}
    return [_row(appeals[pk], "appeals:inbox_detail", today) for pk in ids if pk in appeals]


registry.add_panel(Panel(
    key="appeals.department_deadlines", label=gettext_lazy("Nearest deadlines"), roles=DEPARTMENTS, order=10,
    rows=nearest_deadline_rows, url=lambda user: _url("appeals:inbox", tab="todo"),
    empty=gettext_lazy("Nothing waits for your department.")))

# --- Enterprise users: the list's state tabs ----------------------------------------------------

TABS = {tab.code: tab for tab in STATE_TABS}


def _own(user: Any, tab: str) -> QuerySet[Appeal]:
    """The enterprise's appeals of one state tab of its list (the (enterprise, -id) index)."""
    return access.scope(user, Appeal).filter(enterprise_id=user.enterprise_id, state__in=TABS[tab].states)


registry.add_todo(Todo(
    key="appeals.enterprise_to_rate", label=gettext_lazy("Replies to rate"), roles=ENTERPRISES, order=10,
    help=gettext_lazy("Answers to your appeals waiting for your rating: rate each within 5 working days."),
    count=lambda user: _own(user, "replied").order_by().count(), url=lambda user: _url("appeals:my_list",
                                                                                        state="replied")))


def open_appeal_rows(user: Any, limit: int) -> list[PanelRow]:
    today = workdays.local_today()
    appeals = _own(user, "open").only(*ROW_COLUMNS).order_by("due_on", "-id")[:limit]
    return [_row(appeal, "appeals:my_detail", today) for appeal in appeals]


registry.add_panel(Panel(
    key="appeals.enterprise_open", label=gettext_lazy("My appeals being handled"), roles=ENTERPRISES, order=10,
    rows=open_appeal_rows, url=lambda user: _url("appeals:my_list", state="open"),
    empty=gettext_lazy("No appeal of yours is being handled.")))
