"""How the cockpit writes a figure for a person, by its unit (kaopu.core.registry.Unit)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from kaopu.insights.cockpit import shown


def test_a_mean_rating_keeps_its_decimal_and_a_count_is_whole() -> None:
    assert shown(Decimal("4.3"), "score") == "4.3"
    assert shown(Decimal("4.25"), "score") == "4.2"  # one place, as the definition says
    assert shown(1234, "count") == "1,234"


def test_rates_are_fractions_shown_as_percentages_and_nothing_is_a_dash() -> None:
    assert shown(0.5, "percent") == "50.0%"
    assert shown(Decimal("0.125"), "percent") == "12.5%"
    assert shown(None, "percent") == "—"


def test_money_from_ten_thousand_yuan_is_shown_in_wan() -> None:
    with translation.override("zh-hans"):
        assert "12.3" in shown(Decimal("123456"), "yuan") and "万元" in shown(Decimal("123456"), "yuan")
        assert "9,999" in shown(Decimal("9999"), "yuan")
