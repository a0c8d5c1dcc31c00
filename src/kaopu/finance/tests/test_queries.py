"""Every finance list and detail page, and the API lists, do the same number of queries whatever
the number of demands, pushes, products and events (measured at two data sizes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.core.api_testing import API, bearer_client
from kaopu.finance import actions
from kaopu.finance.testing import make_demand, make_product
from kaopu.finance.tests.scenario import build

pytestmark = pytest.mark.django_db


def _grow(world, scenario, n: int) -> None:  # type: ignore[no-untyped-def]
    """n more demands of enterprise A, each pushed to both banks, claimed and granted or declined at
    the persona bank; n more products at each bank."""
    staff, officer = world.users["staff"], world.users["bank_officer"]
    alliance = scenario.alliance
    for i in range(n):
        make_product(alliance.bank, f"产品{i}")
        make_product(alliance.other_bank, f"他行产品{i}")
        demand = make_demand(world.enterprise_a, world.users["ent_user"])
        pushes = actions.push_demand(acting_user=staff, demand_id=demand.pk, banks=[alliance.bank, alliance.other_bank])
        mine = next(push for push in pushes if push.bank_id == alliance.bank.pk)
        actions.claim(acting_user=officer, push_id=mine.pk)
        actions.record_contact(acting_user=officer, push_id=mine.pk, note="已联系")
        if i % 2:
            actions.grant(acting_user=officer, push_id=mine.pk, amount="100", rate="3.5", term_months=12)
        else:
            actions.decline(acting_user=officer, push_id=mine.pk, reason="financials")
    make_demand(world.enterprise_a, world.users["ent_user"])


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _pages(scenario):  # type: ignore[no-untyped-def]
    return [
        ("staff", reverse("finance:demand_list")),
        ("staff", reverse("finance:demand_list") + f"?bank={scenario.alliance.bank.pk}&state=granted"),
        ("staff", reverse("finance:demand_detail", args=[scenario.demand_a.pk])),
        ("staff", reverse("finance:bank_list")),
        ("staff", reverse("finance:bank_detail", args=[scenario.alliance.bank.pk])),
        ("staff", reverse("finance:product_list")),
        ("leader", reverse("finance:demand_list")),
        ("ent_user", reverse("finance:my_demands")),
        ("ent_user", reverse("finance:my_demand", args=[scenario.demand_a.pk])),
        ("ent_user", reverse("finance:products_browse")),
        ("bank_officer", reverse("finance:bank_worklist") + "?tab=claim"),
        ("bank_officer", reverse("finance:bank_worklist") + "?tab=mine"),
        ("bank_officer", reverse("finance:bank_worklist") + "?tab=granted"),
        ("bank_officer", reverse("finance:bank_worklist") + "?tab=declined"),
        ("bank_officer", reverse("finance:bank_demand", args=[scenario.push_mine.pk])),
        ("bank_officer", reverse("finance:product_list")),
    ]


def test_pages_do_a_fixed_number_of_queries(world, login):  # type: ignore[no-untyped-def]
    scenario = build(world)
    pages = _pages(scenario)

    def measure() -> list[int]:
        counts = []
        for role, url in pages:
            counts.append(_count(login(world.users[role]), url))
        return counts

    _grow(world, scenario, 2)  # every list has rows (an empty page skips the pushes' query)
    small = measure()
    _grow(world, scenario, 12)
    large = measure()
    assert large == small, [(url, s, b) for (_r, url), s, b in zip(pages, small, large, strict=True) if s != b]
    assert max(small) <= 30


def test_api_lists_do_a_fixed_number_of_queries(world):  # type: ignore[no-untyped-def]
    scenario = build(world)
    calls = [("staff", "/finance/demands"), ("bank_officer", "/finance/pushes"), ("ent_user", "/finance/products"),
             ("staff", f"/finance/demands/{scenario.demand_a.pk}"),
             ("bank_officer", f"/finance/pushes/{scenario.push_mine.pk}")]
    clients = {role: bearer_client(world.users[role]) for role, _path in calls}

    def measure() -> list[int]:
        return [_count(clients[role], f"{API}{path}") for role, path in calls]

    _grow(world, scenario, 2)
    measure()  # the first call of each token also records its use
    small = measure()
    _grow(world, scenario, 12)
    assert measure() == small
