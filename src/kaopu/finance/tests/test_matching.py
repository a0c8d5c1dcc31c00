"""The matching core on hand-made cases: every condition on its bounds, a near miss on each
condition alone, nothing that fits, the order by score, Decimal all the way; and properties that
hold for any demand and product (hypothesis)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kaopu.finance.matching import (
    FIELDS,
    Catalogue,
    DemandFacts,
    ProductFacts,
    best_fitting,
    evaluate,
    failures,
    rank,
    score,
    score_parts,
    wan,
)

D = Decimal


def product(pid: int = 1, **fields: object) -> ProductFacts:
    values: dict[str, object] = {
        "id": pid, "amount_min": D("50"), "amount_max": D("500"), "rate_min": D("3.10"), "rate_max": D("4.20"),
        "term_min_months": 6, "term_max_months": 36, "kind": "credit", "name": f"产品{pid}",
    }
    values.update(fields)
    return ProductFacts(**values)  # type: ignore[arg-type]


def demand(**fields: object) -> DemandFacts:
    values: dict[str, object] = {"amount": D("300"), "term_months": 12, "industry": "I", "size": "small"}
    values.update(fields)
    return DemandFacts(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    with translation.override("en"):
        yield


def _failed(match) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.field for c in match.failed]


# --- Exact fits, on every bound ---------------------------------------------------------------------

BOUNDS = {
    "amount at the smallest": ({"amount": D("50")}, {}),
    "amount at the largest": ({"amount": D("500")}, {}),
    "amount at the largest, written with four places": ({"amount": D("500.0000")}, {}),
    "term at the shortest": ({"term_months": 6}, {}),
    "term at the longest": ({"term_months": 36}, {}),
    "the one target industry": ({"industry": "C"}, {"industries": {"C"}}),
    "the one target size": ({"size": "micro"}, {"sizes": {"micro"}}),
    "the one accepted collateral": ({"collateral": {"ip"}}, {"collateral": {"ip"}}),
    "one of several accepted collaterals": ({"collateral": {"ip", "equity"}}, {"collateral": {"real_estate", "ip"}}),
    "every bound at once": ({"amount": D("500"), "term_months": 36, "industry": "C", "size": "micro",
                             "collateral": {"ip"}},
                            {"industries": {"C"}, "sizes": {"micro"}, "collateral": {"ip"}}),
}


@pytest.mark.parametrize("case", BOUNDS)
def test_a_demand_on_a_bound_fits(case: str) -> None:
    demand_fields, product_fields = BOUNDS[case]
    match = evaluate(demand(**demand_fields), product(**product_fields))
    assert match.fits, [c.message for c in match.failed]
    assert [c.field for c in match.conditions] == list(FIELDS)
    assert all(c.ok for c in match.conditions)
    assert all(c.message.endswith("✓") for c in match.conditions)
    assert rank(demand(**demand_fields), [product(**product_fields)]) == [match]
    assert Catalogue([product(**product_fields)]).best(demand(**demand_fields)) == (1, [(1, match.score)])


def test_the_fitting_sentences_say_the_numbers() -> None:
    match = evaluate(demand(amount=D("300"), term_months=12, industry="C", industry_name="制造业", size="small",
                            collateral={"ip"}),
                     product(amount_min=D("50"), amount_max=D("1200"), industries={"C"}, sizes={"small", "micro"},
                             collateral={"ip", "equity"}, industry_names=("C 制造业",)))
    messages = {c.field: c.message for c in match.conditions}
    assert messages == {
        "amount": "Amount 50–1,200 (10k yuan) covers 300 ✓",
        "term": "Term 6–36 months covers 12 months ✓",
        "industry": "Industry C 制造业 is one of the targets ✓",
        "size": "Size class small is one of the targets ✓",
        "collateral": "Accepts patents, trademarks, copyrights, which the enterprise offers ✓",
    }


def test_open_products_say_so() -> None:
    messages = {c.field: c.message for c in evaluate(demand(industry=None, size=""), product()).conditions}
    assert messages["industry"] == "Open to every industry ✓"
    assert messages["size"] == "Open to enterprises of every size ✓"
    assert messages["collateral"] == "Credit loan: no collateral needed ✓"


# --- A near miss on each condition alone -------------------------------------------------------------

NEAR_MISSES = {
    "amount above": ("amount", {"amount": D("800")}, {},
                     "Demand of 800 (10k yuan) is above this product's largest amount, 500 (10k yuan)"),
    "amount one yuan above": ("amount", {"amount": D("500.0001")}, {},
                              "Demand of 500.0001 (10k yuan) is above this product's largest amount, 500 (10k yuan)"),
    "amount below": ("amount", {"amount": D("49.9999")}, {},
                     "Demand of 49.9999 (10k yuan) is below this product's smallest amount, 50 (10k yuan)"),
    "term too long": ("term", {"term_months": 37}, {},
                      "A term of 37 months is longer than this product's longest, 36 months"),
    "term too short": ("term", {"term_months": 5}, {},
                       "A term of 5 months is shorter than this product's shortest, 6 months"),
    "industry not targeted": ("industry", {"industry": "I", "industry_name": "信息技术"},
                              {"industries": {"C", "A"}, "industry_names": ("A 农业", "C 制造业")},
                              "Only for A 农业、C 制造业, not for I 信息技术"),
    "industry not recorded": ("industry", {"industry": None}, {"industries": {"C"}},
                              "Only for C; the enterprise's industry is not recorded"),
    "size not targeted": ("size", {"size": "large"}, {"sizes": {"micro", "small"}},
                          "Only for small、micro enterprises, not for large ones"),
    "size not recorded": ("size", {"size": ""}, {"sizes": {"micro"}},
                          "Only for micro enterprises; the enterprise's size is not recorded"),
    "no collateral offered": ("collateral", {"collateral": set()}, {"collateral": {"real_estate"}},
                              "Asks for collateral or a guarantee (real estate); the enterprise offers none"),
    "other collateral offered": ("collateral", {"collateral": {"inventory", "equipment"}},
                                 {"collateral": {"real_estate", "guarantor"}},
                                 "Accepts real estate、third-party guarantee; the enterprise offers machinery and "
                                 "equipment、inventory and goods"),
}


@pytest.mark.parametrize("case", NEAR_MISSES)
def test_a_near_miss_names_the_one_failing_condition(case: str) -> None:
    field, demand_fields, product_fields, message = NEAR_MISSES[case]
    the_demand = demand(**demand_fields)
    near = product(2, **product_fields)
    fitting = product(1, amount_min=D("1"), amount_max=D("100000"), term_min_months=1, term_max_months=360,
                      rate_min=D("6.50"))
    match = evaluate(the_demand, near)
    assert not match.fits
    assert match.near_miss
    assert _failed(match) == [field]
    assert match.failed[0].message == message
    assert failures(the_demand, near) == 1
    # Ranked after the product that fits, even though that one's rate is far worse.
    ranked = rank(the_demand, [near, fitting])
    assert [(m.product.id, m.fits) for m in ranked] == [(1, True), (2, False)]
    assert best_fitting(the_demand, [near, fitting]) == (1, [(1, score(the_demand, fitting))])
    assert Catalogue([near, fitting]).best(the_demand) == (1, [(1, score(the_demand, fitting))])


def test_nothing_fits_leaves_only_the_near_misses() -> None:
    the_demand = demand(amount=D("800"), term_months=48, collateral=set())
    too_small = product(1)  # amount and term fail: not even a near miss
    secured = product(2, amount_max=D("1000"), term_max_months=60, collateral={"real_estate"})  # collateral only
    longer = product(3, amount_max=D("1000"))  # term only
    far = product(4, industries={"A"}, sizes={"large"}, collateral={"ip"})  # four fail
    ranked = rank(the_demand, [too_small, secured, longer, far])
    assert [m.product.id for m in ranked] == [3, 2] or [m.product.id for m in ranked] == [2, 3]
    assert not any(m.fits for m in ranked)
    assert {m.product.id: _failed(m) for m in ranked} == {2: ["collateral"], 3: ["term"]}
    assert best_fitting(the_demand, [too_small, secured, longer, far]) == (0, [])
    assert Catalogue([too_small, secured, longer, far]).best(the_demand) == (0, [])
    assert Catalogue([]).best(the_demand) == (0, [])
    assert rank(the_demand, []) == []


def test_two_failing_conditions_are_not_a_near_miss() -> None:
    match = evaluate(demand(amount=D("800"), term_months=48), product())
    assert _failed(match) == ["amount", "term"]
    assert not match.near_miss
    assert rank(demand(amount=D("800"), term_months=48), [product()]) == []


# --- The score and the order --------------------------------------------------------------------------

def test_score_of_a_hand_computed_case() -> None:
    # rate 3.10: (8 - 3.1) / 5 = 0.98 → 34.3; amount 300 in 50–500: min(250, 200) / 75 ≥ 1 → 20;
    # term 12 of at most 36: 24 / 6 ≥ 1 → 10; no scheme wanted → 15; credit → 10; normal → 10.
    assert score(demand(), product()) == 99  # 34.3 + 65 = 99.3
    # rate 5.50: 2.5 / 5 = 0.5 → 17.5; amount 300 in 250–1000: 50 / 75 → 13.33; term 12 of 18: 6 / 6 → 10;
    # scheme wanted, none accepted → 0; secured by what is offered → 5; urgent mortgage → 0. Total 45.83.
    urgent = demand(wants_policy_guarantee=True, urgency="urgent", collateral={"real_estate"})
    mortgage = product(amount_min=D("250"), amount_max=D("1000"), rate_min=D("5.50"), rate_max=D("6"),
                       term_max_months=18, kind="mortgage", collateral={"real_estate"})
    assert score(urgent, mortgage) == 46
    # Within a month instead of two weeks: half the urgency penalty comes back → +5.
    assert score(replace(urgent, urgency="soon"), mortgage) == 51
    # The same product accepting a policy scheme: +15.
    assert score(urgent, replace(mortgage, schemes=frozenset({1}))) == 61


def test_ranking_follows_the_score_then_the_rate_then_the_id() -> None:
    the_demand = demand()
    cheap = product(5, rate_min=D("3.00"))
    dear = product(1, rate_min=D("7.00"))
    tight = product(2, rate_min=D("3.00"), amount_max=D("300"))  # amount on the bound: no amount points
    twin = product(4, rate_min=D("3.00"))  # same score and rate as cheap: lower id first
    ranked = rank(the_demand, [dear, cheap, tight, twin])
    assert [m.product.id for m in ranked] == [4, 5, 2, 1]
    scores = [m.score for m in ranked]
    assert scores == sorted(scores, reverse=True)
    assert ranked[0].score == 100
    assert best_fitting(the_demand, [dear, cheap, tight, twin], top=2) == (4, [(4, 100), (5, 100)])
    assert Catalogue([dear, cheap, tight, twin]).best(the_demand, top=2) == (4, [(4, 100), (5, 100)])


def test_rates_at_the_limits_of_the_rate_points() -> None:
    assert score_parts(demand(), product(rate_min=D("2.40")))["rate"] == 1
    assert score_parts(demand(), product(rate_min=D("3.00")))["rate"] == 1
    assert score_parts(demand(), product(rate_min=D("8.00"), rate_max=D("9")))["rate"] == 0
    assert score_parts(demand(), product(rate_min=D("12.00"), rate_max=D("13")))["rate"] == 0
    assert score_parts(demand(), product(rate_min=D("5.50"), rate_max=D("6")))["rate"] == D("0.5")


def test_reasons_are_sentences_for_people() -> None:
    match = evaluate(demand(collateral={"ip"}, urgency="urgent", wants_policy_guarantee=True),
                     product(rate_min=D("3.00"), schemes={7}))
    assert "A low rate: from 3.00% a year" in match.reasons
    assert "Accepts a policy guarantee scheme, as the enterprise wishes" in match.reasons
    assert "A credit loan: the enterprise need not pledge what it offers" in match.reasons
    assert "Quick to approve, as the enterprise needs the money soon" in match.reasons


# --- Decimal, never float ------------------------------------------------------------------------------

def test_amounts_and_rates_stay_decimal_and_floats_are_refused() -> None:
    facts = product(amount_min="0.0001", amount_max=7, rate_min="3.1", rate_max="4.2")
    assert all(isinstance(getattr(facts, name), Decimal) for name in ("amount_min", "amount_max", "rate_min",
                                                                      "rate_max"))
    assert isinstance(demand(amount="12.5").amount, Decimal)
    with pytest.raises(TypeError, match="never float"):
        demand(amount=0.1 + 0.2)
    with pytest.raises(TypeError, match="never float"):
        product(rate_min=3.1)
    assert isinstance(score_parts(demand(), facts)["rate"], Decimal)
    assert isinstance(evaluate(demand(), facts).score, int)


def test_one_yuan_decides() -> None:
    # 0.1 + 0.2 != 0.3 in binary floats; in Decimal a demand of 0.3 fits a product of 0.1 to 0.3 exactly.
    tiny = product(amount_min=D("0.1"), amount_max=D("0.1") + D("0.2"))
    assert evaluate(demand(amount=D("0.3")), tiny).fits
    assert not evaluate(demand(amount=D("0.3001")), tiny).fits


def test_amounts_are_written_in_wan_with_separators() -> None:
    assert wan(D("1200")) == "1,200"
    assert wan(D("1234567.5000")) == "1,234,567.5"
    assert wan(D("0.0001")) == "0.0001"
    assert wan(D("500.0000")) == "500"


def test_messages_are_in_chinese_by_default() -> None:
    match = evaluate(demand(amount=D("800")), product())
    with translation.override("zh-hans"):  # the sentences are made when read, in the language of then
        assert match.failed[0].message == "需求 800 万元，高于本产品最高额度 500 万元"


# --- Properties -------------------------------------------------------------------------------------------

AMOUNTS = st.decimals(min_value=D("0.0001"), max_value=D("100000"), places=4, allow_nan=False, allow_infinity=False)
RATES = st.decimals(min_value=D("0"), max_value=D("24"), places=2, allow_nan=False, allow_infinity=False)
TERMS = st.integers(min_value=1, max_value=360)
CODES = st.frozensets(st.sampled_from(["real_estate", "equipment", "receivables", "ip", "guarantor"]), max_size=3)
SECTIONS = st.frozensets(st.sampled_from(list("ACFGIM")), max_size=3)
SIZES = st.frozensets(st.sampled_from(["large", "medium", "small", "micro"]), max_size=3)


@st.composite
def products(draw: st.DrawFn, pid: int = 1) -> ProductFacts:
    low, high = sorted([draw(AMOUNTS), draw(AMOUNTS)])
    rate_low, rate_high = sorted([draw(RATES), draw(RATES)])
    term_low, term_high = sorted([draw(TERMS), draw(TERMS)])
    return ProductFacts(id=pid, amount_min=low, amount_max=high, rate_min=rate_low, rate_max=rate_high,
                        term_min_months=term_low, term_max_months=term_high,
                        kind=draw(st.sampled_from(["credit", "mortgage", "guarantee", "tax", "other"])),
                        collateral=draw(CODES), industries=draw(SECTIONS), sizes=draw(SIZES),
                        schemes=draw(st.frozensets(st.integers(1, 3), max_size=2)))


demands = st.builds(DemandFacts, amount=AMOUNTS, term_months=TERMS, industry=st.sampled_from([None, "A", "C", "I"]),
                    size=st.sampled_from(["", "large", "small", "micro"]), collateral=CODES,
                    wants_policy_guarantee=st.booleans(), urgency=st.sampled_from(["normal", "soon", "urgent"]))


@settings(max_examples=300, deadline=None)
@given(demands, products())
def test_fits_exactly_when_every_condition_holds(the_demand: DemandFacts, the_product: ProductFacts) -> None:
    match = evaluate(the_demand, the_product)
    by_field = {c.field: c.ok for c in match.conditions}
    assert by_field["amount"] == (the_product.amount_min <= the_demand.amount <= the_product.amount_max)
    assert by_field["term"] == (the_product.term_min_months <= the_demand.term_months <= the_product.term_max_months)
    assert by_field["industry"] == (not the_product.industries or the_demand.industry in the_product.industries)
    assert by_field["size"] == (not the_product.sizes or the_demand.size in the_product.sizes)
    assert by_field["collateral"] == (not the_product.collateral
                                      or bool(the_product.collateral & the_demand.collateral))
    assert match.fits == all(by_field.values())
    assert failures(the_demand, the_product) == len(match.failed)
    assert 0 <= match.score <= 100 and isinstance(match.score, int)
    assert match.score == score(the_demand, the_product)
    assert all(message.message for message in match.conditions)


@settings(max_examples=150, deadline=None)
@given(demands, st.lists(products(), min_size=0, max_size=12))
def test_rank_is_a_permutation_of_the_fitting_and_near_products(the_demand: DemandFacts,
                                                                  drawn: list[ProductFacts]) -> None:
    catalogue = [replace(p, id=i) for i, p in enumerate(drawn, start=1)]
    ranked = rank(the_demand, catalogue)
    ids = [m.product.id for m in ranked]
    assert len(ids) == len(set(ids))
    expected = {p.id for p in catalogue if failures(the_demand, p) <= 1}
    assert set(ids) == expected
    fits = [m.fits for m in ranked]
    assert fits == sorted(fits, reverse=True)  # every fit before every near miss
    fitting = [m for m in ranked if m.fits]
    keys = [(-m.score, m.product.rate_min, m.product.id) for m in fitting]
    assert keys == sorted(keys)
    count, best = best_fitting(the_demand, catalogue, top=5)
    assert count == len(fitting)
    assert best == [(m.product.id, m.score) for m in fitting[:5]]
    # The batch's compiled catalogue finds exactly the same.
    assert Catalogue(catalogue).best(the_demand, top=5) == (count, best)
    assert Catalogue(catalogue).best(the_demand, top=50) == (count, [(m.product.id, m.score) for m in fitting])
