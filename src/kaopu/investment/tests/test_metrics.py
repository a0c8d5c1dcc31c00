"""The investment figures of the cockpit (kaopu.investment.metrics) on hand-built leads: which date
places a lead in the period (recorded, signed, landed), the edges in Asia/Shanghai time, another
district left out, the same numbers as the figures page, and a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kaopu.core.money import wan_to_yuan
from kaopu.core.registry import Scope, registry
from kaopu.core.testing import local_moment
from kaopu.investment import actions, metrics
from kaopu.investment.models import Lead
from kaopu.investment.templatetags.investment_tags import wan
from kaopu.investment.testing import make_lead

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _summer(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 6, 15))


def _lead(staff, recorded, *moves, hour: int = 10, minute: int = 0):  # type: ignore[no-untyped-def]
    """A lead moved through ``moves`` ((move, values) pairs), then dated as recorded on ``recorded``."""
    lead = make_lead(staff, intended_amount="1000")
    for move, values in moves:
        lead = actions.move_lead(lead, acting_user=staff, move=move, **values)
    Lead.objects.filter(pk=lead.pk).update(created_at=local_moment(recorded, hour, minute))
    return lead


def _sign(amount: str, on: date) -> tuple:  # type: ignore[type-arg]
    return ("sign", {"amount": amount, "on": on})


def _land(amount: str, on: date) -> tuple:  # type: ignore[type-arg]
    return ("land", {"amount": amount, "on": on})


@pytest.fixture
def march(world, staff, far_staff):  # type: ignore[no-untyped-def]
    """普陀区, amounts in 万元. In March: one lead recorded 1 March 00:10, signed 100 on 5 March and
    landed 80 on 31 March; one recorded 31 March 23:30 (still March in Shanghai), negotiating; one
    recorded 28 February 23:30, signed 200 on 31 March; one landed 60 on 1 March after signing 70 in
    February. Not in March: one signed 300 on 10 March then terminated; one recorded and signed
    on 1 April; one signed in February and landed in April; the far district's lead landed in March."""
    _lead(staff, date(2026, 3, 1), _sign("100", date(2026, 3, 5)), _land("80", date(2026, 3, 31)), hour=0, minute=10)
    _lead(staff, date(2026, 3, 31), hour=23, minute=30)
    _lead(staff, date(2026, 2, 28), _sign("200", date(2026, 3, 31)), hour=23, minute=30)
    _lead(staff, date(2026, 2, 1), _sign("70", date(2026, 2, 27)), _land("60", date(2026, 3, 1)))
    _lead(staff, date(2026, 1, 10), _sign("300", date(2026, 3, 10)),
          ("terminate", {"reason": "funding", "note": "资金未到位"}))
    _lead(staff, date(2026, 4, 1), _sign("50", date(2026, 4, 1)), hour=0, minute=0)
    _lead(staff, date(2026, 2, 1), _sign("400", date(2026, 2, 27)), _land("350", date(2026, 4, 1)))
    _lead(far_staff, date(2026, 3, 10), _sign("9999", date(2026, 3, 10)), _land("9999", date(2026, 3, 11)))


def _scope(world, *districts, period=MARCH) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(tuple(d.pk for d in districts or (world.district,)), *period)


def test_march_counts_leads_by_the_date_of_each_step(march, world) -> None:  # type: ignore[no-untyped-def]
    assert metrics.compute(_scope(world)) == {
        "investment.leads": 2,  # recorded 1 March 00:10 and 31 March 23:30
        "investment.signed": 2,
        "investment.signed_amount": Decimal("3000000"),  # 100 + 200 万元; the terminated 300 is left out
        "investment.landed": 2,
        "investment.landed_amount": Decimal("1400000"),  # 80 + 60 万元
    }


def test_each_district_has_its_own_figures_and_an_empty_one_has_zeros(march, world) -> None:  # type: ignore[no-untyped-def]
    both = _scope(world, world.district, world.far_district)
    per_district = metrics.by_district(both)
    assert per_district[world.district.pk] == metrics.compute(_scope(world))
    assert per_district[world.far_district.pk] == {
        "investment.leads": 1, "investment.signed": 1, "investment.signed_amount": Decimal("99990000"),
        "investment.landed": 1, "investment.landed_amount": Decimal("99990000")}
    assert metrics.compute(both)["investment.landed"] == 3
    nothing = metrics.by_district(_scope(world, period=(date(2025, 1, 1), date(2025, 1, 31))))
    assert nothing[world.district.pk]["investment.signed_amount"] == Decimal(0)


def test_the_chart_counts_the_leads_recorded_in_the_period_by_their_stage_now(march, world) -> None:  # type: ignore[no-untyped-def]
    chart = registry.charts["investment.leads_by_stage"].data(_scope(world))
    assert chart.rows == [("洽谈", (1,)), ("签约", (0,)), ("落地", (1,)), ("终止", (0,))]
    year = registry.charts["investment.leads_by_stage"].data(_scope(world, period=(date(2026, 1, 1),
                                                                                    date(2026, 12, 31))))
    assert year.rows == [("洽谈", (1,)), ("签约", (2,)), ("落地", (3,)), ("终止", (1,))]


def test_the_figures_page_shows_what_the_metrics_say(march, world, staff, login) -> None:  # type: ignore[no-untyped-def]
    page = login(staff).get(reverse("investment:figures"), {"year": 2026})
    values = metrics.compute(_scope(world, period=(date(2026, 1, 1), date(2026, 12, 31))))
    totals = page.context["figures"].totals
    assert totals.leads == values["investment.leads"] == 7
    assert wan_to_yuan(totals.signed_amount) == values["investment.signed_amount"] == Decimal("8200000")
    assert wan_to_yuan(totals.landed_amount) == values["investment.landed_amount"] == Decimal("4900000")
    html = page.content.decode()
    assert f'id="fig-leads">{values["investment.leads"]}<' in html
    assert f'id="fig-signed">{wan(totals.signed_amount)}<' in html and wan(totals.signed_amount) == "820"
    assert f'id="fig-landed">{wan(totals.landed_amount)}<' in html and wan(totals.landed_amount) == "490"


def test_every_metric_is_registered_with_a_chinese_definition(world) -> None:  # type: ignore[no-untyped-def]
    known = registry.metrics()
    for key in ("investment.leads", "investment.signed", "investment.signed_amount", "investment.landed",
                "investment.landed_amount"):
        assert "招商线索" in str(known[key].definition), key
    assert known["investment.landed_amount"].unit == "yuan"


def test_queries_do_not_grow_with_the_data(march, world, staff, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(world, world.district, world.far_district)
    chart = registry.charts["investment.leads_by_stage"]
    for _size in range(2):
        with django_assert_num_queries(1):
            metrics.compute(scope)
        with django_assert_num_queries(1):
            metrics.by_district(scope)
        with django_assert_num_queries(1):
            chart.data(scope)
        for _i in range(4):
            _lead(staff, date(2026, 3, 20), _sign("10", date(2026, 3, 21)), _land("10", date(2026, 3, 22)))


def test_as_of_a_day_a_lead_terminated_later_still_counts_as_signed(march, world) -> None:  # type: ignore[no-untyped-def]
    """The 300 signed on 10 March was terminated on the pinned day (15 June): as of 31 March it was signed.
    Terminated on 20 March instead, it is left out as of 31 March too. As of None: unchanged."""
    now = metrics.compute(_scope(world))
    as_of = Scope((world.district.pk,), *MARCH, as_of=date(2026, 3, 31))
    assert metrics.compute(as_of) == {**now, "investment.signed": 3, "investment.signed_amount": Decimal("6000000")}
    assert metrics.by_district(as_of)[world.district.pk] == metrics.compute(as_of)
    Lead.objects.filter(stage=Lead.Stage.TERMINATED).update(ended_on=date(2026, 3, 20))
    assert metrics.compute(as_of) == now
    # As of 20 March the lead signed on 31 March and the landing of 31 March had not happened yet.
    early = metrics.compute(Scope((world.district.pk,), *MARCH, as_of=date(2026, 3, 20)))
    assert (early["investment.signed"], early["investment.landed"]) == (1, 1)  # signed 5 March; landed 1 March
    assert metrics.compute(_scope(world)) == now
