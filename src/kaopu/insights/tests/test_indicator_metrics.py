"""The private economy in the registry: the trend chart and the four metrics, checked against values entered
by hand; the cockpit shows them; the demo's values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from kaopu.core.registry import Scope, registry
from kaopu.insights import actions, demo
from kaopu.insights.models import IndicatorValue
from kaopu.insights.testing import enter, indicator


def _scope(world, end: date, *districts, as_of: date | None = None) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(tuple(d.pk for d in districts or [world.district]), date(end.year, end.month, 1), end, as_of)


def _source():  # type: ignore[no-untyped-def]
    return next(s for s in registry.sources if any(m.key == "insights.share_tax" for m in s.metrics))


def _hand_entered(world):  # type: ignore[no-untyped-def]
    """Tax share: 2021 58.3, 2023 59.7, 2025 61.2 (2022 and 2024 missing), Q1 2026 62.0 (a quarter: never used);
    market entities 2024 95.1; the far district's tax share 2025 50."""
    staff = world.users["staff"]
    for year, value in ((2021, "58.3"), (2023, "59.7"), (2025, "61.2")):
        enter(staff, "share_tax", year, value)
    enter(staff, "share_tax", 2026, "62", quarter=1)
    enter(staff, "share_market_entities", 2024, "95.1")
    enter(world.users["far_staff"], "share_tax", 2025, "50")


def test_the_trend_gives_five_years_of_shares_as_fractions_and_none_where_missing(world) -> None:  # type: ignore[no-untyped-def]
    _hand_entered(world)
    data = registry.charts["insights.indicators_trend"].data(_scope(world, date(2026, 3, 31)))
    assert data.columns == ("市场主体占比", "高新技术企业占比", "新增就业占比", "税收占比")
    assert data.units == ("percent",) * 4
    assert [label for label, _values in data.rows] == ["2022", "2023", "2024", "2025", "2026"]
    rows = dict(data.rows)
    assert rows["2022"] == (None, None, None, None)
    assert rows["2023"][3] == Decimal("0.597") and rows["2024"][0] == Decimal("0.951")
    assert rows["2025"][3] == Decimal("0.612") and rows["2026"][3] is None  # Q1 2026 is no whole year
    assert "全年" in data.note or "Whole-year" in data.note


def test_the_trend_follows_retired_and_custom_indicators_and_refuses_to_add_districts(world) -> None:  # type: ignore[no-untyped-def]
    _hand_entered(world)
    staff = world.users["staff"]
    custom = actions.add_indicator(acting_user=staff, name="民营企业进出口额占比", unit="percent", definition="占比。")
    actions.add_indicator(acting_user=staff, name="民营企业进出口总额", unit="yuan", definition="金额。")
    actions.set_indicator_active(indicator("share_high_tech").pk, acting_user=staff, active=False)
    actions.enter_value(acting_user=staff, indicator=custom.pk, year=2025, value="41.8", source="区商务委",
                        source_date="2026-02-01")
    data = registry.charts["insights.indicators_trend"].data(_scope(world, date(2025, 12, 31)))
    assert data.columns == ("市场主体占比", "新增就业占比", "税收占比", "民营企业进出口额占比")
    assert dict(data.rows)["2025"] == (None, None, Decimal("0.612"), Decimal("0.418"))
    city = registry.charts["insights.indicators_trend"].data(_scope(world, date(2025, 12, 31), world.district,
                                                                    world.far_district))
    assert city.rows == [] and city.note


def test_a_metric_is_the_whole_year_the_scope_completed_or_the_latest_before(world) -> None:  # type: ignore[no-untyped-def]
    _hand_entered(world)
    source = _source()
    assert source.compute(_scope(world, date(2026, 3, 31)))["insights.share_tax"] == Decimal("0.612")  # 2025's
    assert source.compute(_scope(world, date(2025, 12, 31)))["insights.share_tax"] == Decimal("0.612")  # 2025's
    assert source.compute(_scope(world, date(2025, 11, 30)))["insights.share_tax"] == Decimal("0.597")  # 2024: 2023's
    assert source.compute(_scope(world, date(2022, 6, 30)))["insights.share_tax"] == Decimal("0.583")  # 2021's
    assert source.compute(_scope(world, date(2021, 12, 30)))["insights.share_tax"] is None  # 2020: none
    now = source.compute(_scope(world, date(2026, 3, 31)))
    assert now["insights.share_market_entities"] == Decimal("0.951") and now["insights.share_new_jobs"] is None
    # Read as of a day: only what had been published by then (2025's value is dated 2026-03-10).
    assert source.compute(_scope(world, date(2025, 12, 31), as_of=date(2025, 12, 31)))["insights.share_tax"] == (
        Decimal("0.597"))
    # Several districts: a share is not added up.
    city = source.compute(_scope(world, date(2026, 3, 31), world.district, world.far_district))
    assert set(city.values()) == {None}
    by_district = source.by_district(_scope(world, date(2026, 3, 31), world.district, world.far_district))
    assert by_district[world.district.pk]["insights.share_tax"] == Decimal("0.612")
    assert by_district[world.far_district.pk]["insights.share_tax"] == Decimal("0.5")


def test_the_metrics_read_in_one_query(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    _hand_entered(world)
    with django_assert_num_queries(1):
        _source().compute(_scope(world, date(2026, 3, 31)))
    with django_assert_num_queries(1):
        _source().by_district(_scope(world, date(2026, 3, 31), world.district, world.far_district))
    with django_assert_num_queries(2):
        registry.charts["insights.indicators_trend"].data(_scope(world, date(2026, 3, 31)))


def test_the_cockpit_shows_the_private_economy(world, login) -> None:  # type: ignore[no-untyped-def]
    _hand_entered(world)
    page = login(world.users["leader"]).get("/cockpit/")
    html = page.content.decode()
    assert 'id="chart-insights.indicators_trend"' in html and "民营经济" in html
    tiles = {tile.metric.key: tile for section in page.context["sections"] for tile in section.tiles}
    assert tiles["insights.share_tax"].value == "61.2%"
    assert tiles["insights.share_tax"].year_before == "59.7%"


def test_the_demo_has_five_years_of_the_built_ins_and_a_custom_indicator(world, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2027, 3, 9))  # the 2026 communiqué is out tomorrow: 2021–2025
    demo.load_demo(world.district)
    rows = IndicatorValue.objects.filter(district=world.district)
    assert sorted(set(rows.values_list("year", flat=True))) == [2021, 2022, 2023, 2024, 2025]
    tax = dict(rows.filter(indicator__key="share_tax").order_by("year").values_list("year", "value"))
    assert list(tax.values()) == sorted(tax.values()) and Decimal(55) < tax[2025] < Decimal(65)
    assert rows.filter(indicator__is_builtin=False).count() == 2
    assert all(r.source_date == date(r.year + 1, 3, 10) for r in rows)
    demo.load_demo(world.district)  # once only
    assert IndicatorValue.objects.filter(district=world.district).count() == rows.count() == 22
