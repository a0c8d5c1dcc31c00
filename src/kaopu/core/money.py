"""Amounts, rates and counts as people type them, read into ``Decimal`` (never through a float).

One reader for every module (financing demands and grants, products' ranges, investment amounts),
so that the same text means the same number everywhere:

- full-width digits, point and sign are folded (NFKC: ``１２３．４`` is 123.4), thousands separators
  (``,`` ``，``), spaces and underscores are dropped, and an amount in 万元 may end in 万 or 万元;
- only plain decimal notation is a number: exponents (``1e9``), ``NaN``, ``Infinity`` and anything
  else are refused;
- a ``float`` is read as it is written (``repr``), a ``bool`` is not a number.

Refusals raise :class:`NumberError` with a message for a person that starts with the field's label
and says the rule; each module re-raises it as its own error carrying the field's name.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

# The largest amount any form accepts, in 万元: 100 billion yuan, far above any loan or investment a
# district handles; more is a unit mistake (yuan typed where 万元 was asked).
WAN_MAX = Decimal("1000000")
WAN_PLACES = 4  # 万元 to the yuan
YUAN_PER_WAN = Decimal(10_000)


def wan_to_yuan(amount_wan: Decimal) -> Decimal:
    """万元 (four places, to the yuan) as whole yuan: the unit of money in kaopu.core.registry's figures."""
    return (amount_wan * YUAN_PER_WAN).quantize(Decimal(1))

_DROPPED = re.compile(r"[,，\s_]")
_PLAIN = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")


def amount_field(verbose_name: Any, **options: Any) -> models.DecimalField:
    """A model field for an amount in 万元 to the yuan (the convention of every module)."""
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=WAN_PLACES, **options)


class NumberError(ValueError):
    """A refused number; ``message`` is for a person and names the field."""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


def _folded(value: Any, suffixes: tuple[str, ...]) -> str | None:
    """``value`` as plain ASCII number text, "" when empty, None when it cannot be a number at all."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal | int):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if not isinstance(value, str):
        return None
    text = _DROPPED.sub("", unicodedata.normalize("NFKC", value))
    for suffix in suffixes:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def read_decimal(value: Any, label: str, *, required: bool = True, suffixes: tuple[str, ...] = (),
                 hint: str = "") -> Decimal | None:
    """The number written in ``value``; None when empty and not ``required``."""
    text = _folded(value, suffixes)
    if text == "":
        if required:
            raise NumberError(_("%(field)s: this field is required.") % {"field": label})
        return None
    if text is None or not _PLAIN.match(text):
        shown = str(value)[:20]
        raise NumberError((_("%(field)s: “%(value)s” is not a number.") % {"field": label, "value": shown})
                          + hint)
    return Decimal(text)


def decimal_places(number: Decimal) -> int:
    """Decimal places written, ignoring trailing zeros (12.3400 has two)."""
    exponent = number.normalize().as_tuple().exponent
    return max(-exponent, 0) if isinstance(exponent, int) else 0


def amount_in_wan(value: Any, label: str, *, required: bool = True, maximum: Decimal = WAN_MAX) -> Decimal | None:
    """An amount in 万元: more than 0, at most ``maximum``, to the yuan (four decimal places)."""
    hint = _(" Please write an amount in 10k yuan with digits, e.g. 1200 or 35.5.")
    number = read_decimal(value, label, required=required, suffixes=("万元", "万"), hint=hint)
    if number is None:
        return None
    if number <= 0:
        raise NumberError(_("%(field)s: must be more than 0 (in 10k yuan).") % {"field": label})
    if number > maximum:
        raise NumberError(_("%(field)s: at most %(max)s (10k yuan); is the unit 10k yuan?")
                          % {"field": label, "max": f"{maximum:,}"})
    if decimal_places(number) > WAN_PLACES:
        raise NumberError(_("%(field)s: at most four decimal places (to the yuan).") % {"field": label})
    return number.quantize(Decimal(1).scaleb(-WAN_PLACES))


def percentage(value: Any, label: str, *, maximum: Decimal, places: int = 2) -> Decimal:
    """A percentage such as an annual rate: 0 to ``maximum``, at most ``places`` decimals."""
    number = read_decimal(value, label)
    assert number is not None
    if number < 0:
        raise NumberError(_("%(field)s: must not be negative.") % {"field": label})
    if number > maximum:
        raise NumberError(_("%(field)s: at most %(max)s%% a year; write 3.45 for 3.45%%.")
                          % {"field": label, "max": maximum})
    if decimal_places(number) > places:
        raise NumberError(_("%(field)s: at most two decimal places.") % {"field": label})
    return number.quantize(Decimal(1).scaleb(-places))


def months(value: Any, label: str, *, maximum: int) -> int:
    """A term in whole months, 1 to ``maximum``."""
    number = read_decimal(value, label)
    assert number is not None
    if number != number.to_integral_value():
        raise NumberError(_("%(field)s: whole months, please.") % {"field": label})
    if not 1 <= number <= maximum:
        raise NumberError(_("%(field)s: from 1 to %(max)s months.") % {"field": label, "max": maximum})
    return int(number)
