"""A report's period, its words and the periods it is compared with."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from kaopu.reports.periods import CUSTOM, ReportPeriod, date_words, is_whole_months


def test_a_year_a_quarter_and_a_month_in_words() -> None:
    assert ReportPeriod.year(2026).words == "2026年"
    assert ReportPeriod.quarter(2026, 3).words == "2026年第三季度"
    assert ReportPeriod.month(2026, 3).words == "2026年3月"
    assert ReportPeriod(CUSTOM, date(2026, 3, 5), date(2026, 6, 30)).words == "2026年3月5日至6月30日"
    assert ReportPeriod(CUSTOM, date(2025, 12, 5), date(2026, 1, 3)).words == "2025年12月5日至2026年1月3日"


def test_whole_months_shift_by_months() -> None:
    q1 = ReportPeriod.quarter(2029, 1)
    assert (q1.previous().start, q1.previous().end) == (date(2028, 10, 1), date(2028, 12, 31))
    feb = ReportPeriod.month(2029, 2)
    assert feb.year_before().end == date(2028, 2, 29)  # a leap year's February, whole
    assert ReportPeriod.month(2028, 2).end == date(2028, 2, 29)
    year = ReportPeriod.year(2026)
    assert (year.previous().start, year.previous().end) == (date(2025, 1, 1), date(2025, 12, 31))


def test_other_dates_shift_by_days_and_a_leap_day_a_year_earlier_is_the_28th() -> None:
    period = ReportPeriod(CUSTOM, date(2028, 2, 10), date(2028, 2, 29))
    assert (period.previous().start, period.previous().end) == (date(2028, 1, 21), date(2028, 2, 9))
    assert (period.year_before().start, period.year_before().end) == (date(2027, 2, 10), date(2027, 2, 28))


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=0, max_value=800))
def test_the_period_before_ends_the_day_before_and_is_as_long(start: date, length: int) -> None:
    period = ReportPeriod(CUSTOM, start, start + timedelta(days=length))
    before = period.previous()
    assert before.end == period.start - timedelta(days=1)
    if is_whole_months(period.start, period.end):
        assert before.months == period.months
    else:
        assert before.days == period.days


def test_dates_in_words_leave_out_a_repeated_year() -> None:
    assert date_words(date(2026, 3, 5)) == "2026年3月5日"
    assert date_words(date(2026, 6, 30), since=date(2026, 1, 1)) == "6月30日"
