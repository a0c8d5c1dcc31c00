"""The private-economy indicators: the tables' own rules, the actions (audited in words, with before and after
on a correction), who may do what, and bad input refused in Chinese naming the field and the rule. The clock
is the cockpit tests' (conftest): Tuesday 2026-03-10, the first quarter of 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from kaopu.audit.models import AuditEntry
from kaopu.insights import actions, builtins
from kaopu.insights.inputs import IndicatorError, read_period, read_value
from kaopu.insights.models import Indicator, IndicatorValue
from kaopu.insights.testing import enter, indicator

TODAY = date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _chinese():  # type: ignore[no-untyped-def]
    with translation.override("zh-hans"):
        yield


def test_the_four_built_ins_are_seeded_with_a_chinese_definition(db) -> None:  # type: ignore[no-untyped-def]
    rows = {row.key: row for row in Indicator.objects.filter(is_builtin=True)}
    names = [rows[b.key].name for b in builtins.BUILTINS]
    assert names == ["市场主体占比", "高新技术企业占比", "新增就业占比", "税收占比"]
    assert all(row.unit == "percent" and row.is_active and "比重" in row.definition for row in rows.values())


def _raw(world, key: str = "share_tax", **fields) -> IndicatorValue:  # type: ignore[no-untyped-def]
    values = {"indicator": indicator(key), "district": world.district, "year": 2024, "quarter": None,
              "value": Decimal("60"), "is_percent": True, "source": "公报", "source_date": date(2025, 3, 1),
              "entered_by": world.users["staff"], **fields}
    with transaction.atomic():
        return IndicatorValue.objects.create(**values)


def test_the_database_keeps_one_value_per_period_and_shares_within_0_to_100(world) -> None:  # type: ignore[no-untyped-def]
    _raw(world)
    _raw(world, quarter=4)  # a quarter is another period than the whole year
    _raw(world, district=world.far_district)
    for duplicate in ({}, {"quarter": 4}):
        with pytest.raises(IntegrityError):
            _raw(world, **duplicate)
    for bad in ({"value": Decimal("100.01"), "year": 2023}, {"value": Decimal("-1"), "year": 2022},
                {"quarter": 5, "year": 2021}, {"source": "", "year": 2020}):
        with pytest.raises(IntegrityError):
            _raw(world, **bad)
    _raw(world, year=2019, value=Decimal("250"), is_percent=False)  # an amount is no share


def test_entering_a_value_is_audited_naming_indicator_district_and_period(world) -> None:  # type: ignore[no-untyped-def]
    row = enter(world.users["staff"], "share_market_entities", 2025, "95.2")
    assert (row.value, row.district, row.quarter, row.is_percent) == (Decimal("95.2000"), world.district, None, True)
    entry = AuditEntry.objects.latest("sequence")
    assert entry.summary.startswith("录入民营经济指标「市场主体占比」普陀区2025年数值：95.20%（来源：区统计局《2025年")
    assert entry.data["after"]["source_date"] == "2026-03-10"
    enter(world.users["staff"], "share_market_entities", 2026, "95.4", quarter=1)
    assert "普陀区2026年第1季度数值：95.40%" in AuditEntry.objects.latest("sequence").summary


def test_a_correction_keeps_the_period_and_audits_before_and_after(world) -> None:  # type: ignore[no-untyped-def]
    row = enter(world.users["staff"], "share_tax", 2025, "61.2")
    corrected = actions.correct_value(row.pk, acting_user=world.users["staff"], value="61.5％",
                                      source="区税务局《2025年税收收入情况》", source_date="2026-03-02",
                                      note="口径调整")
    assert (corrected.value, corrected.year, corrected.corrected_by) == (Decimal("61.5"), 2025, world.users["staff"])
    entry = AuditEntry.objects.latest("sequence")
    assert entry.summary.startswith("更正民营经济指标「税收占比」普陀区2025年数值：数值由“61.20%”改为“61.50%”；来源由")
    assert entry.data["before"]["value"] == "61.20%" and entry.data["after"]["value"] == "61.50%"
    assert set(entry.data["changed"]) == {"value", "source", "source_date", "note"}


def test_a_period_takes_one_value_and_a_retired_indicator_none(world) -> None:  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    row = enter(staff, "share_tax", 2025, "61.2")
    with pytest.raises(IndicatorError, match="2025年已有数值，请更正该数值"):
        enter(staff, "share_tax", 2025, "62")
    actions.set_indicator_active(indicator("share_tax").pk, acting_user=staff, active=False)
    with pytest.raises(IndicatorError, match="已停用"):
        enter(staff, "share_tax", 2024, "60")
    actions.correct_value(row.pk, acting_user=staff, value="61.3", source=row.source, source_date=row.source_date)
    assert IndicatorValue.objects.count() == 1


def test_who_enters_which_districts_values(world, city_staff) -> None:  # type: ignore[no-untyped-def]
    row = enter(world.users["staff"], "share_tax", 2025, "61.2")
    with pytest.raises(Http404):  # another district's id, guessed
        enter(world.users["far_staff"], "share_tax", 2025, "50", district=world.district.pk)
    with pytest.raises(Http404):
        actions.correct_value(row.pk, acting_user=world.users["far_staff"], value="1", source="x",
                              source_date="2026-03-01")
    with pytest.raises(IndicatorError, match="只有工商联工作人员"):
        enter(world.users["leader"], "share_tax", 2024, "60")
    with pytest.raises(IndicatorError, match="区：请选择区"):
        enter(city_staff, "share_tax", 2024, "60")
    far = enter(city_staff, "share_tax", 2024, "55", district=world.far_district.pk)
    assert far.district == world.far_district
    assert enter(world.users["far_staff"], "share_tax", 2023, "54").district == world.far_district


@pytest.mark.parametrize(("field", "value", "message"), [
    ("year", "1999", "年份：应在 2000 年至今年之间。"),
    ("year", "2027", "年份：应在 2000 年至今年之间。"),
    ("year", "二〇二五", "年份：请填写年份，如 2025。"),
    ("quarter", "2", "季度：不能晚于本季度。"),
    ("quarter", "5", "季度：请选择全年或第 1 至 4 季度。"),
    ("value", "abc", "数值：“abc”不是数字。"),
    ("value", "100.5", "数值：以百分比表示的占比应在 0 到 100 之间，56.3% 请填写 56.3。"),
    ("value", "-1", "数值：不能为负数。"),
    ("value", "1.23456", "数值：最多保留四位小数。"),
    ("value", "", "数值：此项为必填项。"),  # the platform's number reader (kaopu.core.money)
    ("source", "  ", "来源：此项必填。"),
    ("source_date", "2026-03-11", "发布日期：不能晚于今天。"),
    ("source_date", "2025-12-31", "发布日期：不能早于所报告期间的开始（2026-01-01）。"),
    ("source_date", "明天", "发布日期：请按 YYYY-MM-DD 格式填写日期。"),
])
def test_bad_input_is_refused_in_chinese_naming_field_and_rule(world, field, value, message) -> None:  # type: ignore[no-untyped-def]
    values = {"year": "2026", "quarter": "1", "value": "60", "source": "区统计局", "source_date": "2026-03-01",
              field: value}
    with pytest.raises(IndicatorError) as refused:
        actions.enter_value(acting_user=world.users["staff"], indicator=indicator("share_tax").pk, **values)
    assert (refused.value.field, refused.value.message) == (field, message)
    assert not IndicatorValue.objects.exists()


def test_custom_indicators_change_only_until_their_first_value(world) -> None:  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    custom = actions.add_indicator(acting_user=staff, name="民营企业进出口额占比", unit="percent", definition="占比。")
    assert "新增民营经济指标「民营企业进出口额占比」" in AuditEntry.objects.latest("sequence").summary
    with pytest.raises(IndicatorError, match="名称：已有指标使用此名称"):
        actions.add_indicator(acting_user=staff, name="税收占比", unit="percent", definition="x")
    with pytest.raises(IndicatorError, match="单位：请从列表中选择"):
        actions.add_indicator(acting_user=staff, name="民营企业数", unit="dozens", definition="x")
    changed = actions.update_indicator(custom.pk, acting_user=staff, name="民营企业进出口总额", unit="yuan",
                                       definition="金额。")
    assert changed.unit == "yuan"
    actions.enter_value(acting_user=staff, indicator=custom.pk, year=2025, value="1,234,567.5元", source="区商务委",
                        source_date="2026-02-01")
    with pytest.raises(IndicatorError, match="已有数值"):
        actions.update_indicator(custom.pk, acting_user=staff, name="别名", unit="yuan", definition="金额。")
    with pytest.raises(IndicatorError, match="内置指标"):
        actions.update_indicator(indicator("share_tax").pk, acting_user=staff, name="税收", unit="percent",
                                 definition="x")


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=0, max_value=100, places=4))
def test_any_share_with_four_places_reads_back_exactly(share: Decimal) -> None:
    wide = str.maketrans("0123456789.", "０１２３４５６７８９．")
    for typed in (str(share), f"{share}%", f"{share}".translate(wide)):
        assert read_value(typed, "percent") == share


@settings(max_examples=60, deadline=None)
@given(st.decimals(min_value=Decimal("100.0001"), max_value=Decimal("1e9"), places=4))
def test_no_share_above_100_nor_amount_below_0_is_taken(number: Decimal) -> None:
    with pytest.raises(IndicatorError):
        read_value(str(number), "percent")
    assert read_value(str(number), "yuan") == number
    with pytest.raises(IndicatorError):
        read_value(str(-number), "count")


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=1990, max_value=2030), st.sampled_from([None, "", 0, 1, 2, 3, 4, 5]))
def test_a_period_is_taken_only_up_to_the_current_quarter(year: int, quarter: object) -> None:
    whole = quarter in (None, "")
    allowed = 2000 <= year <= 2026 and (whole or (1 <= quarter <= 4 and (year, quarter) <= (2026, 1)))  # type: ignore[operator]
    if allowed:
        assert read_period(str(year), quarter, TODAY) == (year, None if whole else quarter)
    else:
        with pytest.raises(IndicatorError):
            read_period(str(year), quarter, TODAY)
