"""The department inbox's tabs: it opens on what needs the department (待办: to sign for, to reply, a
co-handled appeal's opinion, each also a tab of its own), each tab holds its own appeals (co-handled
ones where the department has work on them), finished appeals have a tab of their own, and the work tabs
show counts read in one query, whatever the number of appeals, through the department's indexes."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.appeals import actions, selectors
from kaopu.appeals.models import Appeal
from kaopu.appeals.testing import number_fields

pytestmark = pytest.mark.django_db
INBOX = reverse("appeals:inbox")
TODAY = date(2026, 9, 28)
PAST = date(2026, 9, 25)


@pytest.fixture
def cases(world, submit, other_department, other_handler):  # type: ignore[no-untyped-def]
    """One appeal of each kind a department meets, named by what it is for the world's department."""
    staff, handler, enterprise = world.users["staff"], world.users["handler"], world.users["ent_user"]

    def dispatched(title: str, lead=None, co=()) -> Appeal:  # type: ignore[no-untyped-def]
        appeal = submit(title=title)
        actions.accept(appeal.pk, acting_user=staff)
        return actions.dispatch(appeal.pk, acting_user=staff, lead=lead or world.department, co_handlers=list(co))

    def late(appeal: Appeal) -> Appeal:
        Appeal.objects.filter(pk=appeal.pk).update(due_on=PAST)
        return appeal

    ours, theirs = world.department, other_department
    made: dict[str, Appeal] = {}
    made["to_sign"] = dispatched("待签收")
    made["to_sign_late"] = late(dispatched("待签收已超期"))
    made["to_reply"] = actions.sign_for(dispatched("待答复").pk, acting_user=handler)
    made["to_reply_late"] = late(actions.sign_for(dispatched("待答复已超期").pk, acting_user=handler))
    made["replied"] = actions.reply(actions.sign_for(dispatched("已答复").pk, acting_user=handler).pk,
                                    acting_user=handler, text="已协调。")
    late(made["replied"])  # the enterprise's rating deadline, not the department's work
    closed = actions.reply(actions.sign_for(dispatched("已办结").pk, acting_user=handler).pk,
                           acting_user=handler, text="已办结。")
    made["closed"] = actions.rate(closed.pk, acting_user=enterprise, rating="5")
    made["withdrawn"] = actions.withdraw(dispatched("已撤回").pk, acting_user=enterprise)
    made["opinion_due"] = dispatched("协办待意见", lead=theirs, co=[ours])
    made["opinion_due_late"] = late(dispatched("协办待意见已超期", lead=theirs, co=[ours]))
    given = actions.sign_for(dispatched("协办已给意见", lead=theirs, co=[ours]).pk, acting_user=other_handler)
    made["opinion_given_late"] = late(actions.give_opinion(given.pk, acting_user=handler, opinion="同意。"))
    co_closed = actions.reply(actions.sign_for(dispatched("协办已办结", lead=theirs, co=[ours]).pk,
                                               acting_user=other_handler).pk, acting_user=other_handler, text="好。")
    made["co_closed"] = actions.rate(co_closed.pk, acting_user=enterprise, rating="4")
    made["not_ours"] = late(dispatched("别的部门的", lead=theirs))
    return made


EXPECTED = {
    "todo": {"to_sign", "to_sign_late", "to_reply", "to_reply_late", "opinion_due", "opinion_due_late"},
    "sign_for": {"to_sign", "to_sign_late"},
    "reply": {"to_reply", "to_reply_late"},
    "opinion": {"opinion_due", "opinion_due_late"},
    "overdue": {"to_sign_late", "to_reply_late", "opinion_due_late"},
    "closed": {"closed", "withdrawn", "co_closed"},
    "all": {"to_sign", "to_sign_late", "to_reply", "to_reply_late", "replied", "closed", "withdrawn",
            "opinion_due", "opinion_due_late", "opinion_given_late", "co_closed"},
}


def _names(response, cases) -> set[str]:  # type: ignore[no-untyped-def]
    by_pk = {appeal.pk: name for name, appeal in cases.items()}
    return {by_pk[appeal.pk] for appeal in response.context["page"].items}


def test_the_inbox_opens_on_what_needs_the_department(login, handler, cases):
    response = login(handler).get(INBOX)
    assert response.context["tab"] == "todo"
    assert _names(response, cases) == EXPECTED["todo"]
    page = response.content.decode()
    assert re.search(r'<a href="[^"]*tab=todo[^"]*" id="tab-todo" aria-current="page">待办 ', page)
    assert page.count('aria-current="page"') == 1 + page.count('class="active" aria-current="page"')


@pytest.mark.parametrize("tab", list(EXPECTED))
def test_each_tab_holds_its_appeals_co_handled_ones_included_where_the_department_has_work(
        login, handler, cases, tab):
    response = login(handler).get(INBOX, {"tab": tab})
    assert response.status_code == 200 and response.context["tab"] == tab
    assert _names(response, cases) == EXPECTED[tab]


def test_an_unknown_tab_is_the_default_one(login, handler, cases):
    assert login(handler).get(INBOX, {"tab": "nonsense"}).context["tab"] == "todo"


def test_the_work_tabs_show_their_counts_and_the_finished_ones_none(login, handler, cases):
    page = login(handler).get(INBOX, {"tab": "closed"}).content.decode()
    for tab in selectors.COUNTED_INBOX_TABS:
        shown = re.search(rf'id="tab-{tab}"[^>]*>[^<]+<span class="tab-count">(\d+)</span></a>', page)
        assert shown and int(shown.group(1)) == len(EXPECTED[tab]), tab
    for tab in ("closed", "all"):
        assert re.search(rf'id="tab-{tab}"[^>]*>[^<]+</a>', page), tab
    assert re.search(r'id="tab-all"[^>]*>全部</a>', page)


def test_the_counts_are_those_of_the_tabs_lists(world, cases):
    counts = selectors.inbox_counts(world.department.pk, TODAY)
    assert counts == {tab: len(EXPECTED[tab]) for tab in selectors.COUNTED_INBOX_TABS}


def test_another_department_counts_its_own_work_only(world, cases, other_department):
    # It leads 协办待意见, 协办待意见已超期 and 别的部门的 (dispatched, the last two late) and 协办已给意见
    # (in progress, late); the world's department's appeals are not its business.
    assert selectors.inbox_counts(other_department.pk, TODAY) == {
        "todo": 4, "sign_for": 3, "reply": 1, "opinion": 0, "overdue": 3}


def test_tabs_keep_the_other_filters_and_start_from_the_first_page(login, handler, cases):
    response = login(handler).get(INBOX, {"tab": "all", "category": "1", "after": "99"})
    overdue_tab = next(tab for tab in response.context["tabs"] if tab.id == "tab-overdue")
    assert overdue_tab.url == "?category=1&tab=overdue"


def test_a_co_handled_row_is_marked_overdue_only_while_the_department_owes_its_opinion(login, handler, cases):
    rows = {appeal.pk: appeal for appeal in login(handler).get(INBOX, {"tab": "all"}).context["page"].items}
    assert rows[cases["opinion_due_late"].pk].is_overdue
    assert not rows[cases["opinion_given_late"].pk].is_overdue
    assert rows[cases["to_reply_late"].pk].is_overdue and not rows[cases["replied"].pk].is_overdue


def _count_queries(department_id: int) -> int:
    with CaptureQueriesContext(connection) as context:
        selectors.inbox_counts(department_id, TODAY)
    return len(context)


def test_the_counts_take_one_query_for_few_or_many_appeals(world, submit, other_department):
    staff = world.users["staff"]

    def add(n: int) -> None:
        for i in range(n):
            appeal = submit(title=f"诉求{i}")
            actions.accept(appeal.pk, acting_user=staff)
            lead, co = (other_department, [world.department]) if i % 2 else (world.department, [])
            actions.dispatch(appeal.pk, acting_user=staff, lead=lead, co_handlers=co)

    add(1)
    assert _count_queries(world.department.pk) == 1
    add(12)
    assert _count_queries(world.department.pk) == 1
    assert selectors.inbox_counts(world.department.pk, TODAY)["todo"] == 13


@pytest.mark.postgres_only
def test_the_counts_are_read_through_the_departments_indexes(world, cases):
    """The count query is served by the lead department's (lead, state, -id) index and the co-handlers'
    (department, -appeal) index, not by reading the department's years of finished appeals."""
    template = cases["closed"]
    finished = Appeal.objects.bulk_create([
        Appeal(district=world.district, enterprise=template.enterprise, created_by=template.created_by,
               kind=template.kind, category=template.category, title=f"旧诉求{n}", content="已办结。",
               state=Appeal.State.CLOSED, lead_department=world.department, **number_fields(world.district))
        for n in range(2000)])
    assert len(finished) == 2000
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appeals_appeal")
        cursor.execute("ANALYZE appeals_cohandler")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test's few co-handler rows would be read whole
        sql, params = selectors.inbox_counts_query(world.department.pk, TODAY)
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # The co-handled branch starts from one of the co-handler table's indexes on the department (its
    # foreign key's, or (department, -appeal)): the planner picks either, both bounded by the department.
    assert "appeal_lead_state_id" in plan and "Seq Scan" not in plan, plan
    assert re.search(r"Index Cond: \(department_id = \d+\)", plan), plan
    assert selectors.inbox_counts(world.department.pk, TODAY)["todo"] == len(EXPECTED["todo"])
