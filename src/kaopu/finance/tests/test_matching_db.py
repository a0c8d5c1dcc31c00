"""Matching against the database: the facts of saved rows, which products are loaded (active ones of
active banks of the demand's district), and a fixed number of queries whatever their number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.finance.matching import DemandFacts, ProductFacts, load_products, match_demand, rank
from kaopu.finance.models import PolicyScheme
from kaopu.finance.testing import alliance, make_bank, make_demand, make_product

pytestmark = pytest.mark.django_db


def test_facts_of_saved_rows_are_decimal_and_complete(world) -> None:  # type: ignore[no-untyped-def]
    banks = alliance(world)
    scheme = PolicyScheme.objects.first()
    saved = make_product(banks.bank, amount_min=Decimal("12.5"), collateral=["ip", "real_estate"],
                         sizes=["small", "micro"], industries=["C", "I"], policy_schemes=[scheme])
    demand = make_demand(world.enterprise_a, world.users["ent_user"], amount="800.25", collateral=["ip"])
    facts = load_products(world.district.pk)
    assert len(facts) == 1
    product = facts[0]
    assert product == ProductFacts.from_model(saved)  # loaded in bulk = read one by one
    assert product.amount_min == Decimal("12.5") and isinstance(product.amount_min, Decimal)
    assert isinstance(product.rate_min, Decimal) and isinstance(product.term_max_months, int)
    assert product.industries == {"C", "I"} and product.industry_names[0].startswith("C ")
    assert product.collateral == {"ip", "real_estate"} and product.sizes == {"small", "micro"}
    assert product.schemes == {scheme.pk}
    assert product.bank_name == "农商银行"
    demand_facts = DemandFacts.from_model(demand)
    assert demand_facts.amount == Decimal("800.25") and isinstance(demand_facts.amount, Decimal)
    assert demand_facts.industry == "I" and demand_facts.size == world.enterprise_a.size
    assert demand_facts.collateral == {"ip"}


def test_only_active_products_of_active_banks_of_the_district_are_matched(world) -> None:  # type: ignore[no-untyped-def]
    banks = alliance(world)
    good = make_product(banks.bank, "好产品")
    make_product(banks.bank, "停用产品", is_active=False)
    gone = make_bank(world.district, "退出联盟银行", is_active=False)
    make_product(gone, "退出银行的产品")
    make_product(banks.far_bank, "外区产品")
    other = make_product(banks.other_bank, "工行产品")
    demand = make_demand(world.enterprise_a, world.users["ent_user"])
    assert {m.product.id for m in match_demand(demand)} == {good.pk, other.pk}
    assert {m.product.id for m in match_demand(demand, bank_ids=[banks.bank.pk])} == {good.pk}


def test_match_demand_gives_rank_of_the_loaded_products(world) -> None:  # type: ignore[no-untyped-def]
    banks = alliance(world)
    make_product(banks.bank, "小额", amount_max=Decimal("100"))  # 300 asked: a near miss
    make_product(banks.bank, "低息", rate_min=Decimal("2.95"))
    make_product(banks.other_bank, "普通")
    make_product(banks.other_bank, "两项不符", amount_max=Decimal("100"), term_max_months=6)
    demand = make_demand(world.enterprise_a, world.users["ent_user"])
    matches = match_demand(demand)
    assert [m.product.name for m in matches] == ["低息", "普通", "小额"]
    assert [m.fits for m in matches] == [True, True, False]
    expected = rank(DemandFacts.from_model(demand), load_products(world.district.pk))
    assert [(m.product, m.fits, m.score) for m in matches] == [(m.product, m.fits, m.score) for m in expected]
    # The demand's industry is named in the sentences (match_demand selects it).
    targeted = make_product(banks.bank, "只做制造业", industries=["C"])
    miss = next(m for m in match_demand(demand) if m.product.id == targeted.pk)
    assert "信息传输" in miss.failed[0].message


def _products(world, banks, n: int) -> None:  # type: ignore[no-untyped-def]
    schemes = list(PolicyScheme.objects.all()[:2])
    for i in range(n):
        make_product(banks.bank if i % 2 else banks.other_bank, f"产品{i}", industries=["C", "I"][: i % 3],
                     policy_schemes=schemes[: i % 3], amount_max=Decimal(100 + i))


def test_queries_do_not_grow_with_the_products(world) -> None:  # type: ignore[no-untyped-def]
    banks = alliance(world)
    demand = make_demand(world.enterprise_a, world.users["ent_user"])
    counts = []
    for n in (3, 30):
        _products(world, banks, n)
        fresh = type(demand).objects.get(pk=demand.pk)
        with CaptureQueriesContext(connection) as queries:
            matches = match_demand(fresh)
        counts.append(len(queries))
        assert matches
        with CaptureQueriesContext(connection) as loading:
            assert len(load_products(world.district.pk)) == n + (3 if n == 30 else 0)
        assert len(loading) == 3
    assert counts[0] == counts[1] == 4  # the demand with its industry, then the three of load_products
