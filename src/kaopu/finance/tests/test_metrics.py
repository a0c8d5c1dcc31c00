"""The financing figures of the cockpit (kaopu.finance.metrics) on hand-built demands: the period's
edges in Asia/Shanghai time, another district left out, the same numbers as the figures page, and a
fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kaopu.accounts.roles import Role
from kaopu.core.money import YUAN_PER_WAN, wan_to_yuan
from kaopu.core.registry import Scope, registry
from kaopu.core.testing import local_moment, make_user
from kaopu.finance import actions, metrics
from kaopu.finance.matching import wan
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.testing import alliance, make_demand

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _summer(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 6, 15))


def _demand(enterprise, user, amount: str, day: date, hour: int = 10, minute: int = 0):  # type: ignore[no-untyped-def]
    demand = make_demand(enterprise, user, amount=amount)
    FinancingDemand.objects.filter(pk=demand.pk).update(created_at=local_moment(day, hour, minute))
    return demand


def _grant(staff, demand, grants: dict) -> None:  # type: ignore[no-untyped-def]
    """Push ``demand`` to each bank of ``grants`` ({bank: (officer, amount or None to decline)})."""
    pushes = actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=list(grants))
    for push in pushes:
        officer, amount = grants[push.bank]
        actions.claim(acting_user=officer, push_id=push.pk)
        if amount is None:
            actions.decline(acting_user=officer, push_id=push.pk, reason=DemandPush.DeclineReason.COLLATERAL)
        else:
            actions.grant(acting_user=officer, push_id=push.pk, amount=amount, rate="3.50", term_months=12)


@pytest.fixture
def march(world):  # type: ignore[no-untyped-def]
    """In March in 普陀区: 300 (万元) granted 200 by 农商 and 100 by 工商 (submitted 1 March 00:10),
    150 granted 50 by 农商 (31 March 23:30: still March in Shanghai), 80 declined by 农商.
    Outside: 1000 granted 999 on 28 February 23:30, 500 on 1 April 00:00, and 700 granted 600 by
    the far district's bank in March."""
    banks = alliance(world)
    staff, officer, other = world.users["staff"], world.users["bank_officer"], banks.other_officer
    ent_a, ent_b = world.users["ent_user"], world.users["other_ent_user"]
    first = _demand(world.enterprise_a, ent_a, "300", date(2026, 3, 1), 0, 10)
    _grant(staff, first, {banks.bank: (officer, "200"), banks.other_bank: (other, "100")})
    last = _demand(world.enterprise_b, ent_b, "150", date(2026, 3, 31), 23, 30)
    _grant(staff, last, {banks.bank: (officer, "50")})
    _grant(staff, _demand(world.enterprise_a, ent_a, "80", date(2026, 3, 15)), {banks.bank: (officer, None)})
    _grant(staff, _demand(world.enterprise_a, ent_a, "1000", date(2026, 2, 28), 23, 30),
           {banks.bank: (officer, "999")})
    _demand(world.enterprise_b, ent_b, "500", date(2026, 4, 1), 0, 0)
    far_officer = make_user("far_officer", Role.BANK_OFFICER, banks.far_bank.organisation)
    far = _demand(world.far_enterprise, world.users["far_staff"], "700", date(2026, 3, 10))
    _grant(world.users["far_staff"], far, {banks.far_bank: (far_officer, "600")})
    return banks


def _scope(world, *districts) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(tuple(d.pk for d in districts or (world.district,)), *MARCH)


def test_march_counts_the_demands_submitted_in_march_in_shanghai_time(march, world) -> None:  # type: ignore[no-untyped-def]
    assert metrics.compute(_scope(world)) == {
        "finance.demands": 3,
        "finance.demanded_amount": Decimal("5300000"),  # 300 + 150 + 80 万元
        "finance.granted_amount": Decimal("3500000"),  # 200 + 100 + 50 万元
        "finance.demands_granted": 2,
        "finance.banks_granted": 2,
    }


def test_money_is_decimal_yuan(march, world) -> None:  # type: ignore[no-untyped-def]
    values = metrics.compute(_scope(world))
    assert isinstance(values["finance.granted_amount"], Decimal)
    assert wan_to_yuan(Decimal("0.0001")) == Decimal("1")


def test_each_district_has_its_own_figures_and_an_empty_one_has_zeros(march, world) -> None:  # type: ignore[no-untyped-def]
    per_district = metrics.by_district(_scope(world, world.district, world.far_district))
    assert per_district[world.district.pk] == metrics.compute(_scope(world))
    assert per_district[world.far_district.pk] == {
        "finance.demands": 1, "finance.demanded_amount": Decimal("7000000"),
        "finance.granted_amount": Decimal("6000000"), "finance.demands_granted": 1, "finance.banks_granted": 1}
    assert metrics.compute(_scope(world, world.district, world.far_district))["finance.demands"] == 4
    nothing = Scope((world.district.pk,), date(2025, 1, 1), date(2025, 1, 31))
    assert metrics.by_district(nothing)[world.district.pk]["finance.granted_amount"] == Decimal(0)


def test_the_chart_gives_each_bank_that_granted_its_amount_largest_first(march, world) -> None:  # type: ignore[no-untyped-def]
    chart = registry.charts["finance.granted_by_bank"].data(_scope(world))
    assert chart.rows == [("农商银行", (Decimal("2500000"),)), ("工商银行", (Decimal("1000000"),))]
    assert chart.units == ("yuan",)
    far = registry.charts["finance.granted_by_bank"].data(_scope(world, world.far_district))
    assert far.rows == [("上海银行", (Decimal("6000000"),))]


def test_the_figures_page_shows_what_the_metrics_say(march, world, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["staff"]).get(reverse("finance:figures"), {"first": "2026-03", "last": "2026-03"})
    tiles = {str(label): shown for label, shown, _help in response.context["tiles"]}
    values = metrics.compute(_scope(world))
    assert tiles["需求数"] == str(values["finance.demands"])
    assert tiles["需求金额（万元）"] == wan(values["finance.demanded_amount"] / YUAN_PER_WAN) == "530"
    assert tiles["放款金额（万元）"] == wan(values["finance.granted_amount"] / YUAN_PER_WAN) == "350"
    assert tiles["已放款"] == str(values["finance.demands_granted"])
    assert tiles["放款银行数"] == str(values["finance.banks_granted"])


def test_every_metric_is_registered_with_a_chinese_definition(world) -> None:  # type: ignore[no-untyped-def]
    known = registry.metrics()
    for key in ("finance.demands", "finance.demanded_amount", "finance.granted_amount", "finance.demands_granted",
                "finance.banks_granted"):
        assert "提交" in str(known[key].definition), key
    assert known["finance.granted_amount"].unit == "yuan"
    assert "提交" in str(registry.charts["finance.granted_by_bank"].definition)


def test_queries_do_not_grow_with_the_data(march, world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(world, world.district, world.far_district)
    chart = registry.charts["finance.granted_by_bank"]
    for _size in range(2):
        with django_assert_num_queries(2):
            metrics.compute(scope)
        with django_assert_num_queries(2):
            metrics.by_district(scope)
        with django_assert_num_queries(2):
            chart.data(scope)
        for _i in range(4):
            demand = _demand(world.enterprise_a, world.users["ent_user"], "20", date(2026, 3, 20))
            _grant(world.users["staff"], demand, {march.bank: (world.users["bank_officer"], "10")})


def test_as_of_a_day_counts_only_the_grants_recorded_by_its_end(march, world) -> None:  # type: ignore[no-untyped-def]
    """The 300 demand's grant by 农商 (200) recorded on 20 March counts as of 31 March; 工商's 100 recorded
    on 2 April and the 150 demand's grant (recorded on the pinned day, 15 June) do not. As of None: all."""
    now = metrics.compute(_scope(world))
    first = FinancingDemand.objects.get(district=world.district, amount=Decimal("300"))
    DemandPush.objects.filter(demand=first, bank=march.bank).update(decided_at=local_moment(date(2026, 3, 20)))
    DemandPush.objects.filter(demand=first, bank=march.other_bank).update(decided_at=local_moment(date(2026, 4, 2)))
    FinancingDemand.objects.filter(pk=first.pk).update(granted_at=local_moment(date(2026, 3, 20)))
    as_of = Scope((world.district.pk,), *MARCH, as_of=date(2026, 3, 31))
    assert metrics.compute(as_of) == {
        "finance.demands": 3, "finance.demanded_amount": Decimal("5300000"),
        "finance.granted_amount": Decimal("2000000"), "finance.demands_granted": 1, "finance.banks_granted": 1}
    assert metrics.by_district(as_of)[world.district.pk] == metrics.compute(as_of)
    assert metrics.granted_by_bank(as_of).rows == [(march.bank.short_name or march.bank.name, (Decimal("2000000"),))]
    assert metrics.compute(_scope(world)) == now
