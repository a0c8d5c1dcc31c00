"""The report's numbers come from the registry — the cockpit's figures — checked against the appeals counted
by hand (kaopu.insights.tests.conftest ``march``), grouped into the report's sections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kaopu.core.registry import registry
from kaopu.reports import figures
from kaopu.reports.periods import ReportPeriod

TODAY = date(2026, 3, 10)


def computed(world, period: ReportPeriod, **kwargs):  # type: ignore[no-untyped-def]
    return figures.compute([(world.district.pk, world.district.name)], period, today=TODAY, **kwargs)


def test_march_s_appeal_figures_are_the_hand_counted_ones(world, march) -> None:  # type: ignore[no-untyped-def]
    kept = computed(world, ReportPeriod.month(2026, 3))
    values = figures.metric_values(kept)
    assert values["appeals.received"] == 6
    assert values["appeals.response_rate"] == pytest.approx(0.75)
    assert values["appeals.completion_rate"] == pytest.approx(0.75)
    assert values["appeals.on_time_rate"] == pytest.approx(2 / 3)
    assert values["appeals.mean_reply_days"] == pytest.approx(4.0)
    assert values["appeals.escalated"] == 1
    appeals = next(s for s in kept["sections"] if s["key"] == "appeals")
    received = next(m for m in appeals["metrics"] if m["key"] == "appeals.received")
    assert (received["previous"], received["year_before"]) == (2, 1)  # February 2026, March 2025
    overdue = next(m for m in appeals["metrics"] if m["key"] == "appeals.overdue_now")
    assert overdue["value"] == 2 and overdue["read_on"] == "2026-03-10" and overdue["previous"] is None
    assert kept["as_of"] == "2026-03-10"  # the month is not over: as of today


def test_a_past_period_is_read_as_of_its_last_day(world, march) -> None:  # type: ignore[no-untyped-def]
    kept = computed(world, ReportPeriod.month(2026, 2))
    assert kept["as_of"] == "2026-02-28"
    assert figures.metric_values(kept)["appeals.received"] == 2
    assert kept["period"]["previous"] == ["2026-01-01", "2026-01-31"]
    assert kept["period"]["year_before"] == ["2025-02-01", "2025-02-28"]


def test_the_sections_come_in_the_customary_order_and_every_registered_entry_is_in_one(world, march) -> None:  # type: ignore[no-untyped-def]
    kept = computed(world, ReportPeriod.month(2026, 3))
    keys = [s["key"] for s in kept["sections"]]
    assert keys[:len(figures.SECTIONS)] == [spec.key for spec in figures.SECTIONS]
    metrics = {m["key"] for s in kept["sections"] for m in s["metrics"]}
    charts = {c["key"] for s in kept["sections"] for c in s["charts"]}
    assert metrics == set(registry.metrics()) and charts == set(registry.charts)
    appeals = next(s for s in kept["sections"] if s["key"] == "appeals")
    assert appeals["charts"][0]["key"] == "appeals.department_ranking"
    training = next(s for s in kept["sections"] if s["key"] == "training")
    assert {m["key"] for m in training["metrics"]} == {"programs.trainees_graduated"}


def test_a_section_without_records_says_so_instead_of_zeros(world, march) -> None:  # type: ignore[no-untyped-def]
    kept = computed(world, ReportPeriod.month(2026, 3))
    by_key = {s["key"]: s for s in kept["sections"]}
    assert by_key["appeals"]["has_data"] is True
    assert by_key["legal"]["has_data"] is False and by_key["legal"]["installed"] is True
    assert by_key["giving"]["has_data"] is False


def test_a_module_that_is_not_installed_is_named_as_such(world, march, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps

    installed = apps.is_installed
    monkeypatch.setattr(apps, "is_installed", lambda name: name != "kaopu.legal" and installed(name))
    kept = computed(world, ReportPeriod.month(2026, 3))
    legal = next(s for s in kept["sections"] if s["key"] == "legal")
    assert legal["installed"] is False


def test_a_city_report_keeps_every_district_s_figures(world, march) -> None:  # type: ignore[no-untyped-def]
    districts = [(world.district.pk, world.district.name), (world.far_district.pk, world.far_district.name)]
    kept = figures.compute(districts, ReportPeriod.month(2026, 3), today=TODAY, compare_districts=True)
    appeals = next(s for s in kept["sections"] if s["key"] == "appeals")
    received = next(row for row in appeals["districts"] if row["key"] == "appeals.received")
    assert received["values"] == {str(world.district.pk): 6, str(world.far_district.pk): 1}
    assert figures.metric_values(kept)["appeals.received"] == 7


def test_progress_is_called_once_per_source_and_chart(world) -> None:  # type: ignore[no-untyped-def]
    steps: list[str] = []
    computed(world, ReportPeriod.month(2026, 3), progress=steps.append)
    assert len(steps) == figures.steps() == len(registry.sources) + len(registry.charts)


@pytest.mark.parametrize("value", [None, 0, 7, 0.625, Decimal("123456.78"), Decimal("0.00")])
def test_numbers_survive_the_json(value) -> None:  # type: ignore[no-untyped-def]
    import json

    assert figures.decode(json.loads(json.dumps(figures.encode(value)))) == value


def test_a_moment_is_read_as_of_the_period_s_end_where_its_source_can(world, march) -> None:  # type: ignore[no-untyped-def]
    kept = computed(world, ReportPeriod.month(2026, 2))
    moments = {m["key"]: m["read_on"] for s in kept["sections"] for m in s["metrics"] if m["read_on"]}
    assert moments["chambers.members"] == "2026-02-28"  # membership periods say when
    assert moments["appeals.overdue_now"] == "2026-03-10"  # known now only: the day it was read


def test_a_year_s_giving_and_indicators_as_of_its_last_day(world, pin_clock) -> None:  # type: ignore[no-untyped-def]
    """2025, read as of 31 December 2025: two donations confirmed in 2025 (10,000 + 2,500.50 yuan of money,
    3,000 of goods), one of 2025 confirmed only in January 2026 (not counted), one of 2024; the share of tax
    revenue of 2024 (published 2025-03-10) counts, that of 2025 (published 2026-03-10) not yet."""
    from kaopu.giving.testing import make_donation
    from kaopu.insights.testing import enter

    staff = world.users["staff"]
    pin_clock(date(2024, 12, 31))
    make_donation(staff, enterprise=world.enterprise_a, money="99999", donated_on=date(2024, 12, 31))
    pin_clock(date(2025, 6, 1))
    make_donation(staff, enterprise=world.enterprise_a, money="10000", donated_on=date(2025, 5, 20))
    enter(staff, "share_tax", 2024, "58.4")
    pin_clock(date(2025, 12, 31), hour=23, minute=30)
    make_donation(staff, enterprise=world.enterprise_b, money="2500.50", goods_value="3000", goods="防疫物资",
                  donated_on=date(2025, 12, 31))
    pin_clock(date(2026, 1, 5))
    make_donation(staff, enterprise=world.enterprise_b, money="777", donated_on=date(2025, 12, 30))
    pin_clock(TODAY)
    enter(staff, "share_tax", 2025, "61.2")
    kept = computed(world, ReportPeriod.year(2025))
    values = figures.metric_values(kept)
    assert values["giving.donations_amount"] == Decimal("15500.50")
    assert values["insights.share_tax"] == Decimal("0.584")
    giving = next(s for s in kept["sections"] if s["key"] == "giving")
    amount = next(m for m in giving["metrics"] if m["key"] == "giving.donations_amount")
    assert figures.decode(amount["previous"]) == Decimal("99999")  # 2024
    economy = next(s for s in kept["sections"] if s["key"] == "economy")
    trend = next(c for c in economy["charts"] if c["key"] == "insights.indicators_trend")
    rows = dict(figures.decoded_rows(trend["rows"]))
    tax = trend["columns"].index("税收占比")
    assert rows["2024"][tax] == Decimal("0.584")
    assert rows["2025"][tax] is None and rows["2023"][tax] is None  # not published by then: a gap, not a zero


def test_a_city_report_shows_each_district_s_share_which_the_city_cannot_add_up(world, pin_clock) -> None:  # type: ignore[no-untyped-def]
    from kaopu.insights.testing import enter

    pin_clock(date(2026, 3, 10))
    enter(world.users["staff"], "share_tax", 2025, "61.2")
    districts = [(world.district.pk, world.district.name), (world.far_district.pk, world.far_district.name)]
    kept = figures.compute(districts, ReportPeriod.month(2026, 3), today=TODAY, compare_districts=True)
    economy = next(s for s in kept["sections"] if s["key"] == "economy")
    assert figures.metric_values(kept)["insights.share_tax"] is None  # no city-wide share
    assert economy["has_data"] is True
    tax = next(row for row in economy["districts"] if row["key"] == "insights.share_tax")
    assert figures.decode(tax["values"][str(world.district.pk)]) == Decimal("0.612")
    assert tax["values"][str(world.far_district.pk)] is None
