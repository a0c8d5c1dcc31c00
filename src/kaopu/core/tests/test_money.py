"""kaopu.core.money: the one reader of amounts, rates and terms every module uses."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaopu.core import money


@pytest.mark.parametrize(("value", "expected"), [
    ("1,200.5", "1200.5"), ("１２３．４", "123.4"), ("500万元", "500"), ("500万", "500"), (" 8 0 ", "80"),
    (Decimal("12.30"), "12.3"), (7, "7"), (0.1, "0.1"), ("1000000", "1000000"),
])
def test_amounts_people_write_are_read(value, expected):
    amount = money.amount_in_wan(value, "金额")
    assert isinstance(amount, Decimal) and amount == Decimal(expected)


@pytest.mark.parametrize(("value", "rule"), [
    ("1e3", "不是数字"), ("NaN", "不是数字"), (True, "不是数字"), ("三百", "不是数字"), ([1], "不是数字"),
    ("0", "必须大于 0"), ("-5", "必须大于 0"), ("1.23456", "最多 4 位小数"), ("1000000.01", "最多 1,000,000 万元"),
    ("", "必填"), (None, "必填"),
])
def test_refusals_name_the_field_and_the_rule(value, rule):
    with pytest.raises(money.NumberError) as refused:
        money.amount_in_wan(value, "金额")
    assert refused.value.message.startswith("金额：") and rule in refused.value.message


def test_an_optional_empty_amount_is_none():
    assert money.amount_in_wan("  ", "金额", required=False) is None


def test_rates_and_terms():
    assert money.percentage("3.45", "年利率", maximum=Decimal(24)) == Decimal("3.45")
    assert money.months("１２", "期限", maximum=360) == 12
    for bad in ("-1", "24.01", "3.456"):
        with pytest.raises(money.NumberError):
            money.percentage(bad, "年利率", maximum=Decimal(24))
    for bad in ("0", "12.5", "361"):
        with pytest.raises(money.NumberError):
            money.months(bad, "期限", maximum=360)


@given(st.decimals(min_value=Decimal("0.0001"), max_value=money.WAN_MAX, places=4))
def test_every_amount_in_range_reads_back_as_written(amount):
    for text in (f"{amount:f}", f"{amount:,f}", f"{amount:f}万元"):
        assert money.amount_in_wan(text, "金额") == amount
