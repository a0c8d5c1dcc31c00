"""The enterprise's appeal list filters by state (全部 · 处理中 · 待评价 · 已办结 · 不予受理、已撤回或已并单),
each tab with its count over the enterprise's own appeals only, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category

pytestmark = pytest.mark.django_db
URL = reverse("appeals:my_list")


@pytest.fixture
def appeals(world, submit):  # type: ignore[no-untyped-def]
    staff, handler = world.users["staff"], world.users["handler"]
    waiting, withdrawn = submit(title="待受理的诉求"), submit(title="撤回的诉求")
    actions.withdraw(withdrawn.pk, acting_user=world.users["ent_user"])
    replied = submit(title="已答复的诉求")
    actions.accept(replied.pk, acting_user=staff)
    actions.dispatch(replied.pk, acting_user=staff, lead=world.department)
    actions.sign_for(replied.pk, acting_user=handler)
    actions.reply(replied.pk, acting_user=handler, text="已协调。")
    # Another enterprise's appeal counts nowhere.
    actions.submit_appeal(enterprise=world.enterprise_b, acting_user=world.users["other_ent_user"],
                          kind=Appeal.Kind.HELP, category=Category.objects.first(), title="别家的诉求", content="内容")
    return {"waiting": waiting, "withdrawn": withdrawn, "replied": replied}


def _titles(response):  # type: ignore[no-untyped-def]
    return [appeal.title for appeal in response.context["page"].items]


def _tabs(response):  # type: ignore[no-untyped-def]
    return [(tab.label, tab.count, tab.active) for tab in response.context["state_tabs"]]


def test_the_tabs_count_the_enterprises_own_appeals(login, ent_user, appeals):
    response = login(ent_user).get(URL)
    assert _tabs(response) == [("全部", 3, True), ("处理中", 1, False), ("待评价", 1, False), ("已办结", 0, False),
                               ("不予受理、已撤回或已并单", 1, False)]
    assert _titles(response) == ["已答复的诉求", "撤回的诉求", "待受理的诉求"]
    html = response.content.decode()
    assert 'aria-label="按状态筛选"' in html and 'href="?state=replied"' in html


@pytest.mark.parametrize(("state", "titles"), [
    ("open", ["待受理的诉求"]), ("replied", ["已答复的诉求"]), ("closed", []), ("other", ["撤回的诉求"]),
    ("no-such-state", ["已答复的诉求", "撤回的诉求", "待受理的诉求"]),  # a stale link shows everything
])
def test_a_tab_lists_its_states_only(login, ent_user, appeals, state, titles):
    response = login(ent_user).get(URL, {"state": state})
    assert response.status_code == 200
    assert _titles(response) == titles
    if not titles:
        assert "没有处于此状态的诉求。" in response.content.decode()


def test_the_filter_costs_one_query_whatever_the_number_of_appeals(login, ent_user, submit, appeals,
                                                                   django_assert_max_num_queries):
    client = login(ent_user)
    client.get(URL)
    for n in range(8):
        submit(title=f"诉求{n}")
    with django_assert_max_num_queries(3):  # the session, the counts, the rows
        client.get(URL, {"state": "open"})
