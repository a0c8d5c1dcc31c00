"""The cockpit's periods: whole months, since the figures' rollups count by month.

A period is its first and last month; it is compared with the period of the same length just before
it and with the same months a year earlier. Month arithmetic (never "minus 365 days") keeps a year's
end and a leap year right: the February before February 2029 is February 2028, 29 days long.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

CHOICES = [
    ("this_month", _("this month")),
    ("this_quarter", _("this quarter")),
    ("this_year", _("this year")),
    ("last_month", _("last month")),
    ("last_quarter", _("last quarter")),
    ("last_year", _("last year")),
    ("custom", _("chosen months")),
]
DEFAULT = "this_month"
MAX_MONTHS = 60


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month``'s (n may be negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    first: date  # the first day of the first month
    last: date  # the first day of the last month

    @property
    def start(self) -> date:
        return self.first

    @property
    def end(self) -> date:
        """The last day of the last month."""
        return self.last.replace(day=calendar.monthrange(self.last.year, self.last.month)[1])

    @property
    def months(self) -> int:
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    def shifted(self, n: int) -> Period:
        return Period(add_months(self.first, n), add_months(self.last, n))

    def previous(self) -> Period:
        """The period of the same number of months just before (环比)."""
        return self.shifted(-self.months)

    def year_before(self) -> Period:
        """The same months a year earlier (同比)."""
        return self.shifted(-12)

    def __str__(self) -> str:
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m} — {self.last:%Y-%m}"


def resolve(choice: str, today: date, first: date | None = None, last: date | None = None) -> Period:
    """The period a choice names on ``today``; "custom" takes the months given."""
    month = today.replace(day=1)
    quarter = month.replace(month=(month.month - 1) // 3 * 3 + 1)
    year = month.replace(month=1)
    if choice == "custom" and first is not None and last is not None:
        return Period(first.replace(day=1), last.replace(day=1))
    spans = {
        "this_month": (month, month),
        "this_quarter": (quarter, add_months(quarter, 2)),
        "this_year": (year, add_months(year, 11)),
        "last_month": (add_months(month, -1), add_months(month, -1)),
        "last_quarter": (add_months(quarter, -3), add_months(quarter, -1)),
        "last_year": (add_months(year, -12), add_months(year, -1)),
    }
    return Period(*spans.get(choice, spans[DEFAULT]))
