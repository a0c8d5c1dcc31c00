"""Readers of the indicators' inputs (kaopu.insights.actions reads with them; the hypothesis tests call them
directly): the period, the value as typed, the source's date. Each refuses with :class:`IndicatorError`
naming the field and the rule ("数值：以百分比表示的占比应在 0 到 100 之间……")."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.core.errors import ActionRefused
from kaopu.core.inputs import Inputs
from kaopu.core.money import NumberError, decimal_places, read_decimal
from kaopu.insights.models import FIRST_YEAR, HUNDRED, VALUE_DIGITS, VALUE_PLACES, Unit

MAX_VALUE = Decimal(10) ** (VALUE_DIGITS - VALUE_PLACES)  # what the column holds


class IndicatorError(ActionRefused):
    """A refused change: ``field`` names the input, ``message`` is for a person."""


read = Inputs(IndicatorError)
_refuse = read.refuse


def _whole(value: Any, field: str, label: Any, example: str) -> int | None:
    """A whole number written in ``value`` (full-width digits folded); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise _refuse(field, label, example)
    try:
        return int(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        raise _refuse(field, label, example) from None


def read_period(year: Any, quarter: Any, today: date) -> tuple[int, int | None]:
    """The year (FIRST_YEAR to this year) and the quarter (empty: the whole year; 1–4, not after this one)."""
    label = pgettext("indicator", "Year")
    found = _whole(year, "year", label, _("please give a year such as 2025."))
    if found is None:
        raise _refuse("year", label, _("this field is required."))
    if not FIRST_YEAR <= found <= today.year:
        raise _refuse("year", label, _("must lie between %(first)s and this year.") % {"first": FIRST_YEAR})
    number = _whole(quarter, "quarter", _("Quarter"), _("choose the whole year or a quarter from 1 to 4."))
    if number is not None:
        if not 1 <= number <= 4:
            raise _refuse("quarter", _("Quarter"), _("choose the whole year or a quarter from 1 to 4."))
        if (found, number) > (today.year, (today.month - 1) // 3 + 1):
            raise _refuse("quarter", _("Quarter"), _("may not be after the current quarter."))
    return found, number


def read_value(value: Any, unit: str) -> Decimal:
    """The value as typed: a share in percent (0–100; "56.3", "56.3%" and "５６．３" all read 56.3), or an
    amount, count or number of people (0 or more); at most four decimal places."""
    label = pgettext("indicator", "Value")
    percent = unit == Unit.PERCENT
    try:
        number = read_decimal(value, str(label), suffixes=("%",) if percent else ("元", "人"))
    except NumberError as error:
        raise IndicatorError("value", error.message) from None
    assert number is not None
    if number < 0:
        raise _refuse("value", label, _("may not be negative."))
    if percent and number > HUNDRED:
        raise _refuse("value", label, _("a share in percent lies between 0 and 100; write 56.3 for 56.3%."))
    if number >= MAX_VALUE:
        raise _refuse("value", label, _("too large; is the unit right?"))
    if decimal_places(number) > VALUE_PLACES:
        raise _refuse("value", label, _("at most four decimal places."))
    return number.quantize(Decimal(1).scaleb(-VALUE_PLACES))


def source_date(value: Any, year: int, quarter: int | None, today: date) -> date:
    """The day the source was published: not in the future, and not before the period it reports on began."""
    label = _("Source date")
    value = read.day(value, "source_date", label)
    assert value is not None
    if value > today:
        raise _refuse("source_date", label, _("may not be in the future."))
    begins = date(year, 1 if quarter is None else (quarter - 1) * 3 + 1, 1)
    if value < begins:
        raise _refuse("source_date", label, _("may not be before the period it reports on begins (%(day)s).")
                      % {"day": f"{begins:%Y-%m-%d}"})
    return value
