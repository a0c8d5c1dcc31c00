"""Template filters of the investment pages: amounts in 万元 with thousands separators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


def format_wan(value: Any) -> str:
    """12345.5000 → “12,345.5”; None → “—”. At most four decimals (to the yuan), none when whole."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value).quantize(Decimal("0.0001"))
    text = f"{amount:,.4f}".rstrip("0").rstrip(".")
    return text


@register.filter
def wan(value: Any) -> str:
    return format_wan(value)


@register.filter
def percent(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
