"""A work report's period: a month, a quarter, a year, or any dates (both days included), and the two
periods it is compared with — the one of the same length just before (环比) and the same days a year
earlier (同比). Whole months and quarters and years shift by months (kaopu.insights.periods), so that the
quarter before Q1 2029 is Q4 2028 and February 2028 has its 29 days; other dates shift by days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import pgettext_lazy

from kaopu.insights.periods import add_months

MONTH, QUARTER, YEAR, CUSTOM = "month", "quarter", "year", "custom"
KINDS = [(MONTH, pgettext_lazy("report period", "month")), (QUARTER, pgettext_lazy("report period", "quarter")),
         (YEAR, pgettext_lazy("report period", "year")), (CUSTOM, pgettext_lazy("report period", "chosen dates"))]
QUARTER_NAMES = "一二三四"
# A custom report covers at most this many days (five years): the figures' rollups read months.
MAX_DAYS = 366 * 5


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def is_whole_months(start: date, end: date) -> bool:
    return start.day == 1 and end == month_end(end)


@dataclass(frozen=True)
class ReportPeriod:
    kind: str
    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        first = date(year, month, 1)
        return cls(MONTH, first, month_end(first))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> ReportPeriod:
        first = date(year, 3 * quarter - 2, 1)
        return cls(QUARTER, first, month_end(add_months(first, 2)))

    @classmethod
    def year(cls, year: int) -> ReportPeriod:
        return cls(YEAR, date(year, 1, 1), date(year, 12, 31))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> ReportPeriod:
        if is_whole_months(self.start, self.end):
            first = add_months(self.start, -self.months)
            return ReportPeriod(self.kind, first, month_end(add_months(first, self.months - 1)))
        return ReportPeriod(self.kind, self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def year_before(self) -> ReportPeriod:
        if is_whole_months(self.start, self.end):
            last = month_end(add_months(self.end.replace(day=1), -12))
            return ReportPeriod(self.kind, add_months(self.start, -12), last)
        return ReportPeriod(self.kind, _year_earlier(self.start), _year_earlier(self.end))

    @property
    def words(self) -> str:
        """The period as a report's title names it: 2026年, 2026年第三季度, 2026年3月, 2026年3月5日至6月30日."""
        if self.kind == YEAR:
            return f"{self.start.year}年"
        if self.kind == QUARTER:
            return f"{self.start.year}年第{QUARTER_NAMES[(self.start.month - 1) // 3]}季度"
        if self.kind == MONTH:
            return f"{self.start.year}年{self.start.month}月"
        return f"{date_words(self.start)}至{date_words(self.end, since=self.start)}"


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def date_words(day: date, since: date | None = None) -> str:
    """2026年3月5日; the year left out when it is the year of ``since``."""
    if since is not None and since.year == day.year:
        return f"{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"
