"""The appeals' to-dos and short lists on the start pages: each count against hand-built appeals (made
through the actions, kaopu.appeals.testing.start_page_appeals), each count equal to the length of the
list it links to, and only the rows the user may see: another enterprise's, another department's and
another district's appeals are never counted."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.appeals import actions, selectors
from kaopu.appeals.models import Appeal
from kaopu.appeals.testing import START_PAGE_EXPECTED, start_page_appeals
from kaopu.core import workdays
from kaopu.core.registry import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world):  # type: ignore[no-untyped-def]
    return start_page_appeals(world)


def appeal_counts(user) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {todo.key: todo.count(user) for todo in registry.todos_for(user) if todo.key.startswith("appeals.")}


@pytest.mark.parametrize("persona", list(START_PAGE_EXPECTED))
def test_each_roles_appeal_to_dos_count_the_hand_built_appeals(world, cases, persona):
    assert appeal_counts(world.users[persona]) == START_PAGE_EXPECTED[persona]


def _rows_of(response) -> list[int]:  # type: ignore[no-untyped-def]
    """The appeal ids a list page shows (the triage page lists ``appeals``, the others a keyset ``page``)."""
    context = response.context
    items = context["page"].items if context.get("page") is not None else context["appeals"]
    return [appeal.pk for appeal in items]


@pytest.mark.parametrize("persona", list(START_PAGE_EXPECTED))
def test_each_count_is_the_length_of_the_list_it_links_to(world, cases, login, persona):
    user = world.users[persona]
    client = login(user)
    for todo in registry.todos_for(user):
        if not todo.key.startswith("appeals."):
            continue
        url = urlsplit(todo.url(user))
        response = client.get(url.path, dict(pair.split("=") for pair in url.query.split("&")) if url.query else {})
        assert response.status_code == 200, todo.key
        assert len(_rows_of(response)) == todo.count(user), todo.key


def test_the_staff_lists_hold_exactly_the_counted_appeals(world, cases, login):
    client = login(world.users["staff"])
    assert set(_rows_of(client.get("/appeals/all/", {"pending": "return"}))) == {cases["return_asked"].pk}
    assert set(_rows_of(client.get("/appeals/all/", {"pending": "extension"}))) == {cases["extension_asked"].pk}
    assert set(_rows_of(client.get("/appeals/all/", {"unsatisfied": "1"}))) == {
        cases["reopened"].pk, cases["closed_unhappy_recent"].pk}
    assert set(_rows_of(client.get("/appeals/all/", {"overdue": "1"}))) == {
        cases["to_sign"].pk, cases["overdue_elsewhere"].pk}


def test_an_unsatisfied_rating_leaves_the_count_thirty_days_after_closing(world, cases, pin_clock):
    staff = world.users["staff"]
    todo = registry.todos["appeals.staff_unsatisfied"]
    closed_at = Appeal.objects.get(pk=cases["closed_unhappy_recent"].pk).closed_at
    pin_clock(workdays.to_local_date(closed_at + timedelta(days=29)))
    assert todo.count(staff) == 2
    pin_clock(workdays.to_local_date(closed_at + timedelta(days=31)))
    assert todo.count(staff) == 1  # the reopened one stays until the department replies again


def test_a_reply_after_reopening_takes_the_appeal_out_of_the_unsatisfied_count(world, cases):
    actions.reply(cases["reopened"].pk, acting_user=world.users["handler"], text="已再次协调。")
    assert registry.todos["appeals.staff_unsatisfied"].count(world.users["staff"]) == 1


def test_an_enterprise_never_counts_another_enterprises_appeals(world, cases):
    todo = registry.todos["appeals.enterprise_to_rate"]
    actions.rate(cases["to_rate_b"].pk, acting_user=world.users["other_ent_user"], rating="4")
    assert todo.count(world.users["other_ent_user"]) == 0
    assert todo.count(world.users["ent_user"]) == 1
    panel = registry.panels["appeals.enterprise_open"]
    shown = {row.url for row in panel.rows(world.users["other_ent_user"], 10)}
    assert shown == {f"/appeals/my/{cases['to_accept_b'].pk}/"}  # B's one open appeal; none of A's


def test_a_department_never_counts_another_departments_appeals(world, cases):
    other = cases["other_handler"]
    counts = appeal_counts(other)
    # It leads 跨部门用工问题 and 人才公寓申请 (dispatched, the second overdue); nothing of the world's department.
    assert counts == {"appeals.department_sign_for": 2, "appeals.department_reply": 0,
                      "appeals.department_opinion": 0, "appeals.department_overdue": 1}


def test_staff_of_another_district_count_only_their_own(world, cases):
    far = appeal_counts(world.users["far_staff"])
    assert far["appeals.staff_accept"] == 1
    assert sum(far.values()) == 1


def test_the_departments_nearest_deadlines_come_first_and_lead_to_the_inbox(world, cases):
    rows = registry.panels["appeals.department_deadlines"].rows(world.users["handler"], 5)
    assert len(rows) == 5
    assert rows[0].text == f"{cases['to_sign'].number} 消防验收进度" and rows[0].urgent
    assert rows[0].url == f"/appeals/inbox/{cases['to_sign'].pk}/"
    dates = [Appeal.objects.get(pk=row.url.split("/")[-2]).due_on for row in rows]
    assert dates == sorted(dates)


def test_the_enterprises_open_appeals_show_their_deadlines(world, cases):
    rows = registry.panels["appeals.enterprise_open"].rows(world.users["ent_user"], 20)
    # Every appeal of A still being handled, a reply under FIC review included (the list's 办理中 tab).
    assert {row.url for row in rows} == {f"/appeals/my/{cases[name].pk}/" for name in (
        "to_accept", "to_dispatch", "to_review", "to_sign", "return_asked", "to_reply", "extension_asked",
        "reopened", "opinion_asked", "overdue_elsewhere")}
    rows = rows[:5]
    assert len(rows) == 5 and all(row.detail for row in rows)
    # The two past their deadline (the same day) come first, in red.
    assert {row.text.split(" ", 1)[1] for row in rows[:2]} == {"消防验收进度", "人才公寓申请"}
    assert [row.urgent for row in rows] == [True, True, False, False, False]
    assert all(row.url.startswith("/appeals/my/") for row in rows)


def test_the_longest_overdue_panel_of_staff_and_leaders(world, cases):
    for persona in ("staff", "leader"):
        key = f"appeals.{persona}_overdue"
        rows = registry.panels[key].rows(world.users[persona], 5)
        assert [row.text.split(" ", 1)[1] for row in rows] == ["消防验收进度", "人才公寓申请"]


def test_the_overdue_appeals_by_step_add_up_to_the_overdue_count_and_lead_to_their_step(world, cases, login):
    staff = world.users["staff"]
    # The accepted appeal falls late too, so that two steps are shown and each list leaves the other out.
    Appeal.objects.filter(pk=cases["to_dispatch"].pk).update(due_on=workdays.local_today() - timedelta(days=2))
    rows = registry.panels["appeals.staff_overdue_by_step"].rows(staff, 5)
    overdue = Appeal.objects.filter(state__in=selectors.OPEN_STATES, due_on__lt=workdays.local_today(),
                                    district=world.district)
    by_state = {state: overdue.filter(state=state).count() for state in selectors.OPEN_STATES}
    expected = [(state, n) for state, n in by_state.items() if n]
    assert [state for state, _n in expected] == ["accepted", "dispatched"]
    assert sum(n for _state, n in expected) == registry.todos["appeals.staff_overdue"].count(staff)
    client = login(staff)
    for row, (state, n) in zip(rows, expected, strict=True):
        assert row.detail.startswith(str(n)) and row.urgent
        assert f"state={state}" in row.url and "overdue=1" in row.url
        page = client.get(row.url).content.decode()
        shown = {a.number for a in overdue.filter(state=state)}
        assert all(number in page for number in shown)
        others = {a.number for a in overdue.exclude(state=state)}
        assert not any(number in page for number in others)


def test_the_overdue_steps_are_read_in_one_query(world, cases):
    staff = world.users["staff"]
    assert _queries(lambda: registry.panels["appeals.staff_overdue_by_step"].rows(staff, 5)) == 1


def _queries(call) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context)


def test_the_department_reads_its_four_counts_in_one_query(world, cases):
    handler = world.users["handler"]
    todos = [todo for todo in registry.todos_for(handler) if todo.key.startswith("appeals.")]
    assert _queries(lambda: [todo.count(handler) for todo in todos]) == 1


@pytest.mark.postgres_only
def test_the_staff_counts_of_requests_and_ratings_use_their_partial_indexes(world, cases):
    staff = world.users["staff"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appeals_appeal")
        cursor.execute("SET LOCAL enable_seqscan = off")
    for key in ("appeals.staff_returns", "appeals.staff_unsatisfied"):
        with CaptureQueriesContext(connection) as context:
            registry.todos[key].count(staff)
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN {context.captured_queries[-1]['sql']}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        name = "appeal_decision_pending" if key.endswith("returns") else "appeal_rated_unsatisfied"
        assert name in plan, plan


def test_a_reply_waiting_past_its_review_deadline_counts_as_overdue_like_its_badge(world, cases):
    staff = world.users["staff"]
    Appeal.objects.filter(pk=cases["to_review"].pk).update(due_on=workdays.local_today() - timedelta(days=1))
    assert registry.todos["appeals.staff_overdue"].count(staff) == 3
    assert selectors.is_overdue(Appeal.objects.get(pk=cases["to_review"].pk))
