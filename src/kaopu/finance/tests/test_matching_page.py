"""/finance/demands/<pk>/matches/: who sees it (404 for everyone else), a bank officer only their
bank's products, the fragment for htmx and the full page otherwise, and a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.finance import actions
from kaopu.finance.matching import forget_products
from kaopu.finance.models import Bank
from kaopu.finance.testing import alliance, make_demand, make_product

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_products_kept():  # type: ignore[no-untyped-def]
    """The page keeps the products per process; every test starts without (ids repeat across tests)."""
    forget_products()
    yield
    forget_products()


@pytest.fixture
def case(world):  # type: ignore[no-untyped-def]
    banks = alliance(world)
    mine = make_product(banks.bank, "农商科创贷", rate_min=Decimal("3.05"))
    theirs = make_product(banks.other_bank, "工行经营贷")
    near = make_product(banks.other_bank, "工行大额贷", amount_min=Decimal("500"), amount_max=Decimal("3000"))
    make_product(banks.far_bank, "外区贷")
    demand = make_demand(world.enterprise_a, world.users["ent_user"])
    return {"banks": banks, "mine": mine, "theirs": theirs, "near": near, "demand": demand,
            "url": reverse("finance:demand_matches", args=[demand.pk])}


ALLOWED = ["staff", "leader", "ent_user"]
REFUSED = ["far_staff", "other_ent_user", "handler", "lawyer", "chamber_officer", "sysadmin", "secadmin",
           "auditadmin", "bank_officer"]


@pytest.mark.parametrize("persona", ALLOWED)
def test_those_who_see_the_demand_see_every_product_that_fits(persona, case, world, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users[persona]).get(case["url"]).content.decode()
    assert "农商科创贷" in page and "工行经营贷" in page
    assert page.index("农商科创贷") < page.index("工行经营贷")  # the lower rate first
    assert "外区贷" not in page
    assert "工行大额贷" in page and "需求 300 万元，低于本产品最低额度 500 万元" in page
    assert 'id="fits-count">2<' in page and 'id="near-count">1<' in page


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_404(persona, case, world, login) -> None:  # type: ignore[no-untyped-def]
    assert login(world.users[persona]).get(case["url"]).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(case, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(case["url"])
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_demand_is_404(case, world, login) -> None:  # type: ignore[no-untyped-def]
    assert login(world.users["staff"]).get(reverse("finance:demand_matches", args=[999999])).status_code == 404


def test_a_bank_officer_sees_only_their_banks_products_once_pushed(case, world, login) -> None:  # type: ignore[no-untyped-def]
    banks = case["banks"]
    actions.push_demand(acting_user=world.users["staff"], demand_id=case["demand"].pk,
                        banks=[banks.bank, banks.other_bank])
    page = login(world.users["bank_officer"]).get(case["url"]).content.decode()
    assert "农商科创贷" in page
    assert "工行" not in page
    assert 'id="fits-count">1<' in page
    other = login(banks.other_officer).get(case["url"]).content.decode()
    assert "工行经营贷" in other and "工行大额贷" in other and "农商科创贷" not in other


def test_htmx_gets_the_fragment_and_a_browser_the_page(case, world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    fragment = client.get(case["url"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<section class="finance-matches"') and "<html" not in fragment
    page = client.get(case["url"]).content.decode()
    assert "<html" in page and 'id="demand-matches"' in page and world.enterprise_a.name in page


def test_nothing_fits_says_so(world, login) -> None:  # type: ignore[no-untyped-def]
    banks = alliance(world)
    make_product(banks.bank, "小额贷", amount_max=Decimal("100"), term_max_months=6)  # two conditions fail
    demand = make_demand(world.enterprise_a, world.users["ent_user"])
    page = login(world.users["staff"]).get(reverse("finance:demand_matches", args=[demand.pk])).content.decode()
    assert 'id="no-fits"' in page and "小额贷" not in page and 'id="near-count"' not in page


def test_queries_do_not_grow_with_the_products(case, world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    client.get(case["url"])
    cold, warm = [], []
    for extra in (0, 40):
        for i in range(extra):
            make_product(case["banks"].other_bank, f"批量{i}", industries=["I"] if i % 2 else [],
                         amount_max=Decimal(400 + i))
        for kept, counts in ((False, cold), (True, warm)):
            if not kept:
                forget_products()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(case["url"]).status_code == 200
            counts.append(len(queries))
    assert cold[0] == cold[1]
    assert warm[0] == warm[1] == cold[0] - 3  # the products kept: only the three small stamp queries


def test_the_kept_products_follow_every_change(case, world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    staff = world.users["staff"]
    assert "工行经营贷" in client.get(case["url"]).content.decode()
    data = {"name": "工行经营贷", "kind": "credit", "amount_min": "50", "amount_max": "200", "rate_min": "3.10",
            "rate_max": "4.20", "term_min_months": 6, "term_max_months": 36}
    actions.update_product(acting_user=staff, product_id=case["theirs"].pk, data=data)  # 300 asked: now a near miss
    page = client.get(case["url"]).content.decode()
    assert "需求 300 万元，高于本产品最高额度 200 万元" in page and 'id="fits-count">1<' in page
    actions.update_product(acting_user=staff, product_id=case["theirs"].pk, data={**data, "amount_max": "500"},
                           industries=["C"])  # only its industries change
    assert "仅面向 C 制造业" in client.get(case["url"]).content.decode()
    actions.create_product(acting_user=staff, bank=case["banks"].bank, data={**data, "name": "新产品",
                                                                               "amount_max": "900"})
    assert "新产品" in client.get(case["url"]).content.decode()
    Bank.objects.filter(pk=case["banks"].bank.pk).update(is_active=False)  # leaves the alliance
    page = client.get(case["url"]).content.decode()
    assert "新产品" not in page and "农商科创贷" not in page
