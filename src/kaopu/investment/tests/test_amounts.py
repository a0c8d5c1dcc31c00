"""Amounts in 万元 (actions.parse_amount): what is accepted and normalised, and what is refused with which rule.

Decided normalisation: full-width digits, point and sign (NFKC), thousands separators, spaces and a trailing
万/万元 are accepted; exponents ("1e9"), zero, negatives, more than four decimals and more than 1,000,000 万元
are refused with a message that names the field and the rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaopu.investment.actions import MAX_AMOUNT, F, InvestmentError, parse_amount
from kaopu.investment.templatetags.investment_tags import format_wan

FIELD = F("amount", "签约投资额（万元）")


def refused(text: object) -> InvestmentError:
    with pytest.raises(InvestmentError) as error:
        parse_amount(text, FIELD)
    assert error.value.field == "amount"
    return error.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1200", "1200"),
        ("35.5", "35.5"),
        ("１２３", "123"),
        ("１２３．４", "123.4"),
        ("1,234.5", "1234.5"),
        (" 800 ", "800"),
        ("500万", "500"),
        ("500万元", "500"),
        ("0.0001", "0.0001"),
        ("1000000", "1000000"),
        (Decimal("12.30"), "12.3"),
        (7, "7"),
        ("12.340000", "12.34"),
    ],
)
def test_accepted_amounts(text, expected):  # type: ignore[no-untyped-def]
    assert parse_amount(text, FIELD) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("abc", "请用数字填写金额"),
        ("1e9", "请用数字填写金额"),
        ("1E3", "请用数字填写金额"),
        ("NaN", "请用数字填写金额"),
        ("Infinity", "请用数字填写金额"),
        ("12.3.4", "请用数字填写金额"),
        ("１２３abc", "请用数字填写金额"),
        (True, "请用数字填写金额"),
        ("-1", "必须大于 0"),
        ("－５", "必须大于 0"),
        ("0", "必须大于 0"),
        ("0.00", "必须大于 0"),
        ("12.34567", "最多 4 位小数"),
        ("1000000.0001", "最多 1,000,000 万元"),
        ("99999999", "最多 1,000,000 万元"),
        ("", "必填"),
        (None, "必填"),
        ("   ", "必填"),
    ],
)
def test_refused_amounts_name_the_field_and_the_rule(text, rule):  # type: ignore[no-untyped-def]
    message = refused(text).message
    assert message.startswith("签约投资额（万元）：") and rule in message, message


def test_trailing_zeros_beyond_four_places_are_not_a_fifth_decimal():  # type: ignore[no-untyped-def]
    assert parse_amount("1.50000", FIELD) == Decimal("1.5")


@given(st.decimals(min_value=Decimal("0.0001"), max_value=MAX_AMOUNT, places=4))
def test_every_valid_amount_round_trips_as_text_and_full_width(amount):  # type: ignore[no-untyped-def]
    text = f"{amount:f}"
    assert parse_amount(text, FIELD) == amount
    full_width = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
    assert parse_amount(full_width, FIELD) == amount
    assert parse_amount(f"{amount:,f}", FIELD) == amount


@given(st.text(max_size=20))
def test_any_text_is_parsed_or_refused_never_crashes(text):  # type: ignore[no-untyped-def]
    try:
        amount = parse_amount(text, FIELD)
    except InvestmentError as error:
        assert error.message.startswith("签约投资额（万元）：")
    else:
        assert amount is not None and Decimal("0") < amount <= MAX_AMOUNT
        assert amount == amount.quantize(Decimal("0.0001"))


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("0"), places=4))
def test_zero_and_negative_are_refused(amount):  # type: ignore[no-untyped-def]
    assert "必须大于 0" in refused(f"{amount:f}").message


@given(st.decimals(min_value=Decimal("0.00001"), max_value=Decimal("1000"), places=8))
def test_more_than_four_places_refused_unless_they_are_zeros(amount):  # type: ignore[no-untyped-def]
    if amount == amount.quantize(Decimal("0.0001")):
        assert parse_amount(f"{amount:f}", FIELD) == amount
    else:
        assert "最多 4 位小数" in refused(f"{amount:f}").message


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("12345.5000"), "12,345.5"),
        (Decimal("1000000"), "1,000,000"),
        (Decimal("0.0001"), "0.0001"),
        (None, "—"),
        (Decimal("3.1400"), "3.14"),
    ],
)
def test_amounts_are_shown_with_thousands_separators(value, shown):  # type: ignore[no-untyped-def]
    assert format_wan(value) == shown


@given(st.decimals(min_value=Decimal("0.0001"), max_value=MAX_AMOUNT, places=4))
def test_the_edit_form_shows_an_amount_that_parses_back(amount):  # type: ignore[no-untyped-def]
    from kaopu.investment.forms import plain

    stored = amount.quantize(Decimal("0.0001"))  # as the database returns it
    shown = plain(stored)
    assert "E" not in shown and parse_amount(shown, FIELD) == stored
