"""The batch: stored matches equal rank() for each demand, chunks, the task the actions queue, the
command, and two batches at once on PostgreSQL."""

from __future__ import annotations

import threading
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from kaopu.directory.models import Enterprise
from kaopu.finance import tasks
from kaopu.finance.matching import DemandFacts, load_products, match_batch, open_demands, rank
from kaopu.finance.models import DemandMatch, FinancingDemand, LoanProduct
from kaopu.finance.testing import alliance, make_demand, make_product

S = FinancingDemand.State


def _catalogue(world):  # type: ignore[no-untyped-def]
    banks = alliance(world)
    make_product(banks.bank, "信用小额", amount_max=Decimal("200"), rate_min=Decimal("3.40"))
    make_product(banks.bank, "抵押大额", amount_min=Decimal("100"), amount_max=Decimal("3000"),
                 collateral=["real_estate"], kind=LoanProduct.Kind.MORTGAGE, rate_min=Decimal("3.05"),
                 term_max_months=120)
    make_product(banks.other_bank, "科创", industries=["I", "M"], rate_min=Decimal("3.00"))
    make_product(banks.other_bank, "小微", sizes=["micro", "small"], amount_max=Decimal("1000"))
    make_product(banks.other_bank, "停用", is_active=False)
    make_product(banks.far_bank, "外区")
    return banks


def _demands(world):  # type: ignore[no-untyped-def]
    # A small enterprise of section I (software) and a medium one of section H (catering).
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(size="small")
    Enterprise.objects.filter(pk=world.enterprise_b.pk).update(size="medium")
    a, b, user_a, user_b = (world.enterprise_a, world.enterprise_b, world.users["ent_user"],
                            world.users["other_ent_user"])
    return [
        make_demand(a, user_a, amount="150"),
        make_demand(a, user_a, amount="800", collateral=["real_estate"], term_months=60),
        make_demand(b, user_b, amount="5000"),  # nothing fits
        make_demand(b, user_b, amount="300", urgency="urgent", collateral=["real_estate"]),
    ]


def _stored(demand: FinancingDemand) -> list[tuple[int, int, int]]:
    return list(DemandMatch.objects.filter(demand=demand).order_by("rank").values_list("product_id", "score", "rank"))


@pytest.mark.django_db
def test_the_batch_stores_what_rank_finds(world) -> None:  # type: ignore[no-untyped-def]
    _catalogue(world)
    demands = _demands(world)
    products = load_products(world.district.pk)
    assert match_batch(FinancingDemand.objects.all(), chunk=3) == 4
    for demand in demands:
        expected = [m for m in rank(DemandFacts.from_model(demand), products) if m.fits]
        assert _stored(demand) == [(m.product.id, m.score, place) for place, m in enumerate(expected, start=1)]
        demand.refresh_from_db()
        assert demand.matched_products == len(expected)
        assert demand.matched_at is not None
    assert [d.matched_products for d in FinancingDemand.objects.order_by("pk")] == [3, 1, 0, 1]


@pytest.mark.django_db
def test_the_batch_keeps_the_top_and_replaces_old_rows(world) -> None:  # type: ignore[no-untyped-def]
    banks = _catalogue(world)
    demand = _demands(world)[0]
    match_batch([demand.pk], top=2)
    assert [rank for _p, _s, rank in _stored(demand)] == [1, 2]
    demand.refresh_from_db()
    assert demand.matched_products == 3  # all that fit are counted, two are kept
    LoanProduct.objects.filter(bank=banks.other_bank).update(is_active=False)
    match_batch([demand.pk])
    assert [name for name in DemandMatch.objects.filter(demand=demand).values_list("product__name", flat=True)] \
        == ["信用小额"]
    demand.refresh_from_db()
    assert demand.matched_products == 1


@pytest.mark.django_db
def test_unknown_ids_and_empty_batches_do_nothing(world) -> None:  # type: ignore[no-untyped-def]
    assert match_batch([]) == 0
    assert match_batch([987654]) == 0
    assert match_batch(FinancingDemand.objects.none()) == 0


@pytest.mark.django_db
def test_open_demands_are_submitted_pushed_or_unmet(world) -> None:  # type: ignore[no-untyped-def]
    _catalogue(world)
    demands = _demands(world)
    FinancingDemand.objects.filter(pk=demands[0].pk).update(state=S.GRANTED)
    FinancingDemand.objects.filter(pk=demands[1].pk).update(state=S.WITHDRAWN)
    FinancingDemand.objects.filter(pk=demands[2].pk).update(state=S.UNMET)
    assert set(open_demands(world.district.pk)) == {demands[2], demands[3]}
    assert not open_demands(world.far_district.pk).exists()


@pytest.mark.django_db
def test_a_new_demand_is_matched_after_commit(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    _catalogue(world)
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(size="small")
    with django_capture_on_commit_callbacks(execute=True):
        demand = make_demand(world.enterprise_a, world.users["ent_user"], amount="150")
    demand.refresh_from_db()
    assert demand.matched_products == 3 and demand.matched_at is not None
    assert len(_stored(demand)) == 3


@pytest.mark.django_db
def test_a_product_change_rematches_the_districts_open_demands(world, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from kaopu.finance import actions

    banks = _catalogue(world)
    demands = _demands(world)
    FinancingDemand.objects.filter(pk=demands[1].pk).update(state=S.GRANTED)
    data = {"name": "大额信用", "kind": "credit", "amount_min": "100", "amount_max": "6000", "rate_min": "2.90",
            "rate_max": "3.50", "term_min_months": 1, "term_max_months": 60}
    with django_capture_on_commit_callbacks(execute=True):
        product = actions.create_product(acting_user=world.users["staff"], bank=banks.bank, data=data)
    counts = dict(FinancingDemand.objects.values_list("pk", "matched_products"))
    assert counts[demands[2].pk] == 1  # 5000: only the new product fits
    assert counts[demands[1].pk] == 0  # granted: left alone
    assert _stored(demands[2]) == [(product.pk, DemandMatch.objects.get(demand=demands[2]).score, 1)]
    assert DemandMatch.objects.filter(demand=demands[0], product=product, rank=1).exists()


@pytest.mark.django_db
def test_schedule_rematch_of_listed_demands_only(world) -> None:  # type: ignore[no-untyped-def]
    _catalogue(world)
    demands = _demands(world)
    tasks.schedule_rematch(world.district.pk, [demands[0].pk])
    assert DemandMatch.objects.filter(demand=demands[0]).count() == 3
    assert not DemandMatch.objects.exclude(demand=demands[0]).exists()
    # Another district's id matches nothing of this one.
    assert tasks.rematch_now(world.far_district.pk, [demands[1].pk]) == 0
    # A listed demand is matched whatever its state by now (granted before the queue reached it).
    FinancingDemand.objects.filter(pk=demands[1].pk).update(state=S.GRANTED)
    assert tasks.rematch_now(world.district.pk, [demands[1].pk]) == 1
    assert DemandMatch.objects.filter(demand=demands[1]).count() == 1
    # Without a list, only the open demands.
    assert tasks.rematch_now(world.district.pk) == 3


@pytest.mark.django_db
def test_the_command_matches_open_demands(world) -> None:  # type: ignore[no-untyped-def]
    _catalogue(world)
    demands = _demands(world)
    FinancingDemand.objects.filter(pk=demands[0].pk).update(state=S.GRANTED)
    out = StringIO()
    call_command("finance_match", stdout=out)
    assert out.getvalue().startswith("matched 3 demands in ")
    assert not DemandMatch.objects.filter(demand=demands[0]).exists()
    call_command("finance_match", "--all-states", stdout=out)
    assert DemandMatch.objects.filter(demand=demands[0]).count() == 3
    with pytest.raises(CommandError, match="unknown district"):
        call_command("finance_match", "--district", "NOPE")
    with pytest.raises(CommandError, match="chunk"):
        call_command("finance_match", "--chunk", "0")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_leave_one_consistent_set(world) -> None:  # type: ignore[no-untyped-def]
    _catalogue(world)
    demands = _demands(world)
    ids = [d.pk for d in demands]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def run(order: list[int]) -> None:
        try:
            barrier.wait()
            for _ in range(3):
                match_batch(order, chunk=2)
        except BaseException as error:  # the test reports every failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(ids if i % 2 else ids[::-1],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    products = load_products(world.district.pk)
    for demand in demands:
        expected = [m for m in rank(DemandFacts.from_model(demand), products) if m.fits]
        assert _stored(demand) == [(m.product.id, m.score, place) for place, m in enumerate(expected, start=1)]


@pytest.mark.django_db
def test_a_rerun_rewrites_only_what_changed(world) -> None:  # type: ignore[no-untyped-def]
    banks = _catalogue(world)
    demand = _demands(world)[0]
    match_batch([demand.pk])
    before = dict(DemandMatch.objects.filter(demand=demand).values_list("product_id", "pk"))
    match_batch([demand.pk])
    assert dict(DemandMatch.objects.filter(demand=demand).values_list("product_id", "pk")) == before
    # A better product arrives: it takes rank 1, the others move down a rank (rewritten), none is lost.
    best = make_product(banks.bank, "最优", rate_min=Decimal("2.50"))
    match_batch([demand.pk])
    assert _stored(demand)[0][0] == best.pk
    assert {product for product, _score, _rank in _stored(demand)} == {*before, best.pk}
    demand.refresh_from_db()
    assert demand.matched_products == 4
