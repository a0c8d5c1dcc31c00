"""Financing demands in the platform search (finance/search.py): by enterprise name or purpose with the
demand lists' own matching, through the access rule (staff and leaders their district's, an enterprise its
own, a bank officer only the demands pushed to their bank); the staff's and the enterprise's lists gained
the same q filter that "more" opens."""

from __future__ import annotations

import pytest

from kaopu.core.registry import registry
from kaopu.finance import actions
from kaopu.finance.testing import alliance, make_demand

pytestmark = pytest.mark.django_db

DEMANDS = registry.search_providers["finance.demands"]


@pytest.fixture
def demands(world, staff, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    """A's 采购原材料 (500万元, pushed to the bank officer's bank) and 厂房装修, B's 采购冷链设备 (pushed
    to another bank)."""
    banks = alliance(world)
    first = make_demand(world.enterprise_a, ent_user, purpose_detail="采购原材料", amount="500")
    second = make_demand(world.enterprise_a, ent_user, purpose_detail="厂房装修")
    third = make_demand(world.enterprise_b, other_ent_user, purpose_detail="采购冷链设备")
    (push,) = actions.push_demand(acting_user=staff, demand_id=first.pk, banks=[banks.bank])
    actions.push_demand(acting_user=staff, demand_id=third.pk, banks=[banks.other_bank])
    return first, second, third, push


def test_staff_find_demands_by_purpose_or_enterprise_name(staff, demands) -> None:
    hits = DEMANDS.search(staff, "采购", 5)
    assert [hit.url for hit in hits] == [f"/finance/demands/{demands[2].pk}/", f"/finance/demands/{demands[0].pk}/"]
    assert hits[1].text == "上海甲科技有限公司 500万元"
    assert [hit.url for hit in DEMANDS.search(staff, "乙餐饮", 5)] == [f"/finance/demands/{demands[2].pk}/"]


def test_more_opens_the_staff_list_filtered_by_the_same_text(staff, demands, login) -> None:
    url = DEMANDS.more_url(staff, "采购")
    assert url == "/finance/?q=%E9%87%87%E8%B4%AD"
    assert [d.pk for d in login(staff).get(url).context["page"].items] == [demands[2].pk, demands[0].pk]


def test_an_enterprise_finds_only_its_own_demands_and_its_list_filters_the_same(ent_user, demands, login) -> None:
    hits = DEMANDS.search(ent_user, "采购", 5)
    assert [hit.url for hit in hits] == [f"/finance/my/{demands[0].pk}/"]
    assert DEMANDS.search(ent_user, "冷链", 5) == []
    url = DEMANDS.more_url(ent_user, "采购")
    assert url == "/finance/my/?q=%E9%87%87%E8%B4%AD"
    assert [d.pk for d in login(ent_user).get(url).context["page"].items] == [demands[0].pk]


def test_a_bank_officer_finds_only_the_demands_pushed_to_their_bank(bank_officer, demands) -> None:
    hits = DEMANDS.search(bank_officer, "采购", 5)
    assert [hit.url for hit in hits] == [f"/finance/bank/pushes/{demands[3].pk}/"]
    assert DEMANDS.search(bank_officer, "厂房", 5) == []  # not pushed
    assert DEMANDS.search(bank_officer, "上海乙餐饮管理有限公司", 5) == []  # pushed to another bank
    assert DEMANDS.more_url(bank_officer, "采购") == ""


def test_roles_without_financing_work_do_not_search_it(world) -> None:
    for name in ("handler", "lawyer", "chamber_officer", "sysadmin"):
        assert DEMANDS not in registry.search_providers_for(world.users[name])


def test_one_query_whatever_the_number_of_demands(world, staff, ent_user, django_assert_num_queries) -> None:
    make_demand(world.enterprise_a, ent_user, purpose_detail="采购一")
    with django_assert_num_queries(1):
        DEMANDS.search(staff, "采购", 6)
    for n in range(7):
        make_demand(world.enterprise_a, ent_user, purpose_detail=f"采购{n}")
    with django_assert_num_queries(1):
        assert len(DEMANDS.search(staff, "采购", 6)) == 6
