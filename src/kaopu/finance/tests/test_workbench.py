"""The financing entries of the start pages (finance.workbench), read through the registry: each count
against hand-built demands, its link showing exactly the counted rows, the access rule (an enterprise
never counts another's demands, a bank officer never another bank's), and a fixed number of queries
whatever the number of demands."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kaopu.accounts.roles import Role
from kaopu.core.registry import registry
from kaopu.core.testing import make_user
from kaopu.finance import actions
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.testing import make_demand
from kaopu.finance.tests.scenario import Scenario, build

D = FinancingDemand.State


@dataclass
class Data:
    s: Scenario
    a_no_consent: FinancingDemand
    b_no_consent: FinancingDemand
    unmet: FinancingDemand
    push_b_to_mine: DemandPush  # demand_b pushed to the persona bank, not claimed
    colleague: object  # a second officer of the persona bank


@pytest.fixture
def data(world) -> Data:  # type: ignore[no-untyped-def]
    """The finance scenario (demand_a pushed to both banks, claimed by bank_officer at the persona bank;
    demand_a2 not pushed; demand_b at the other bank), plus a demand of each enterprise without consent,
    one unmet demand of enterprise B and demand_b also pushed to the persona bank."""
    s = build(world)
    staff, other_officer = world.users["staff"], s.alliance.other_officer
    a_no_consent = make_demand(world.enterprise_a, world.users["ent_user"], consent_to_share=False, amount="50")
    b_no_consent = make_demand(world.enterprise_b, world.users["other_ent_user"], consent_to_share=False)
    unmet = make_demand(world.enterprise_b, world.users["other_ent_user"], amount="900")
    (push,) = actions.push_demand(acting_user=staff, demand_id=unmet.pk, banks=[s.alliance.other_bank])
    actions.claim(acting_user=other_officer, push_id=push.pk)
    actions.decline(acting_user=other_officer, push_id=push.pk, reason="collateral")
    (push_b_to_mine,) = actions.push_demand(acting_user=staff, demand_id=s.demand_b.pk, banks=[s.alliance.bank])
    colleague = make_user("bank_officer2", Role.BANK_OFFICER, world.users["bank_officer"].organisation)
    unmet.refresh_from_db()
    assert unmet.state == D.UNMET
    return Data(s, a_no_consent, b_no_consent, unmet, push_b_to_mine, colleague)


def _count(key: str, user) -> int:  # type: ignore[no-untyped-def]
    return registry.todos[key].count(user)


def _shown(client, key: str, user) -> set[int]:  # type: ignore[no-untyped-def]
    response = client.get(registry.todos[key].url(user))
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].items}


def test_staff_count_the_demands_to_push_and_those_no_bank_granted_in_their_district(world, data, login):  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    to_push = {data.s.demand_a2.pk, data.a_no_consent.pk, data.b_no_consent.pk}
    assert _count("finance.to_push", staff) == 3
    assert _count("finance.unmet", staff) == 1
    assert _count("finance.to_push", world.users["far_staff"]) == 0
    client = login(staff)
    assert _shown(client, "finance.to_push", staff) == to_push
    assert _shown(client, "finance.unmet", staff) == {data.unmet.pk}


def test_an_enterprise_counts_only_its_own_demands_waiting_for_consent(world, data, login):  # type: ignore[no-untyped-def]
    ent, other = world.users["ent_user"], world.users["other_ent_user"]
    assert _count("finance.to_consent", ent) == 1
    assert _count("finance.to_consent", other) == 1
    assert _shown(login(ent), "finance.to_consent", ent) == {data.a_no_consent.pk}


def test_the_enterprise_panel_shows_its_demands_and_each_banks_answer(world, data):  # type: ignore[no-untyped-def]
    rows = registry.panels["finance.my_demands"].rows(world.users["other_ent_user"], 5)
    assert [row.url.rstrip("/").rsplit("/", 1)[1] for row in rows] == [
        str(pk) for pk in (data.unmet.pk, data.b_no_consent.pk, data.s.demand_b.pk)]
    unmet, no_consent, pushed = rows
    assert unmet.text.startswith("900万元，期限12个月")
    assert unmet.detail == "工商银行·已婉拒"
    assert no_consent.urgent and no_consent.detail == "银行不可见"
    assert pushed.detail == "工商银行·待认领；农商银行·待认领"
    assert len(registry.panels["finance.my_demands"].rows(world.users["ent_user"], 1)) == 1


def test_a_grant_shows_its_terms_on_the_enterprise_panel(world, data):  # type: ignore[no-untyped-def]
    officer = world.users["bank_officer"]
    actions.grant(acting_user=officer, push_id=data.s.push_mine.pk, amount="200", rate="3.45", term_months=12)
    rows = registry.panels["finance.my_demands"].rows(world.users["ent_user"], 5)
    granted = next(row for row in rows if row.url.endswith(f"/{data.s.demand_a.pk}/"))
    assert granted.detail.startswith("农商银行")
    assert "200" in granted.detail and "3.45" in granted.detail


def test_a_bank_officer_counts_only_their_banks_demands_and_their_own_claims(world, data, login):  # type: ignore[no-untyped-def]
    officer, other_officer = world.users["bank_officer"], data.s.alliance.other_officer
    assert _count("finance.to_claim", officer) == 1
    assert _count("finance.to_answer", officer) == 1
    # the colleague sees the bank's demands to claim, but not what bank_officer claimed
    assert _count("finance.to_claim", data.colleague) == 1
    assert _count("finance.to_answer", data.colleague) == 0
    # the other bank: demand_a and demand_b pushed to it, unclaimed; the unmet one it declined
    assert _count("finance.to_claim", other_officer) == 2
    assert _count("finance.to_answer", other_officer) == 0
    client = login(officer)
    assert _shown(client, "finance.to_claim", officer) == {data.push_b_to_mine.pk}
    assert _shown(client, "finance.to_answer", officer) == {data.s.push_mine.pk}
    rows = registry.panels["finance.bank_queue"].rows(officer, 5)
    assert [row.text for row in rows] == ["上海乙餐饮管理有限公司", "上海甲科技有限公司"]


def test_the_entries_are_for_their_roles_only(world, data):  # type: ignore[no-untyped-def]
    assert not [t for t in registry.todos_for(world.users["leader"]) if t.key.startswith("finance.")]
    assert "finance.to_push" not in {t.key for t in registry.todos_for(world.users["bank_officer"])}
    assert "finance.bank_queue" not in {p.key for p in registry.panels_for(world.users["ent_user"])}


def _grow(world, data, n: int) -> None:  # type: ignore[no-untyped-def]
    staff, officer = world.users["staff"], world.users["bank_officer"]
    for i in range(n):
        demand = make_demand(world.enterprise_a, world.users["ent_user"], consent_to_share=i % 3 != 0)
        if i % 3 == 1:
            (push,) = actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[data.s.alliance.bank])
            if i % 2:
                actions.claim(acting_user=officer, push_id=push.pk)


@pytest.mark.parametrize(("key", "who", "queries"), [
    ("finance.to_push", "staff", 1), ("finance.unmet", "staff", 1), ("finance.to_consent", "ent_user", 1),
    ("finance.to_claim", "bank_officer", 1), ("finance.to_answer", "bank_officer", 1),
    ("finance.my_demands", "ent_user", 2), ("finance.bank_queue", "bank_officer", 1)])
def test_each_entry_runs_a_fixed_number_of_queries(world, data, key, who, queries,  # type: ignore[no-untyped-def]
                                                   django_assert_num_queries):
    user = world.users[who]
    read = (lambda: registry.todos[key].count(user)) if key in registry.todos \
        else (lambda: registry.panels[key].rows(user, 5))
    for size in (2, 12):
        _grow(world, data, size)
        with django_assert_num_queries(queries):
            read()
