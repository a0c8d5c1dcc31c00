"""The period arithmetic: previous period (环比) and the same period a year earlier (同比), across a year's
end and a leap year; and the choices resolved on a pinned day."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.insights.periods import Period, resolve


def span(period: Period) -> tuple[date, date]:
    return period.start, period.end


@pytest.mark.parametrize(("choice", "today", "start", "end"), [
    ("this_month", date(2026, 3, 10), date(2026, 3, 1), date(2026, 3, 31)),
    ("this_quarter", date(2026, 3, 10), date(2026, 1, 1), date(2026, 3, 31)),
    ("this_quarter", date(2026, 11, 30), date(2026, 10, 1), date(2026, 12, 31)),
    ("this_year", date(2026, 3, 10), date(2026, 1, 1), date(2026, 12, 31)),
    ("last_month", date(2027, 1, 1), date(2026, 12, 1), date(2026, 12, 31)),
    ("last_quarter", date(2027, 2, 15), date(2026, 10, 1), date(2026, 12, 31)),
    ("last_year", date(2027, 1, 1), date(2026, 1, 1), date(2026, 12, 31)),
    ("this_month", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),
    ("nonsense", date(2026, 3, 10), date(2026, 3, 1), date(2026, 3, 31)),
])
def test_each_choice_names_its_months(choice, today, start, end) -> None:  # type: ignore[no-untyped-def]
    assert span(resolve(choice, today)) == (start, end)


def test_the_previous_month_of_january_is_last_years_december() -> None:
    january = resolve("this_month", date(2027, 1, 5))
    assert span(january.previous()) == (date(2026, 12, 1), date(2026, 12, 31))
    assert span(january.year_before()) == (date(2026, 1, 1), date(2026, 1, 31))


def test_a_leap_february_is_compared_with_a_common_one() -> None:
    february = resolve("this_month", date(2028, 2, 10))
    assert february.end == date(2028, 2, 29)
    assert span(february.year_before()) == (date(2027, 2, 1), date(2027, 2, 28))
    assert span(resolve("this_month", date(2028, 3, 1)).previous()) == (date(2028, 2, 1), date(2028, 2, 29))
    assert span(resolve("this_month", date(2029, 2, 1)).year_before()) == (date(2028, 2, 1), date(2028, 2, 29))


def test_a_quarter_is_compared_with_the_quarter_before_across_the_years_end() -> None:
    first_quarter = resolve("this_quarter", date(2027, 2, 1))
    assert span(first_quarter.previous()) == (date(2026, 10, 1), date(2026, 12, 31))
    assert span(first_quarter.year_before()) == (date(2026, 1, 1), date(2026, 3, 31))


def test_chosen_months_are_compared_with_as_many_months_before() -> None:
    chosen = resolve("custom", date(2026, 3, 10), date(2025, 11, 1), date(2026, 2, 1))
    assert chosen.months == 4
    assert span(chosen.previous()) == (date(2025, 7, 1), date(2025, 10, 31))
    assert span(chosen.year_before()) == (date(2024, 11, 1), date(2025, 2, 28))
    assert str(chosen) == "2025-11 — 2026-02"


def test_a_year_is_compared_with_the_year_before() -> None:
    year = resolve("this_year", date(2026, 6, 1))
    assert span(year.previous()) == span(year.year_before()) == (date(2025, 1, 1), date(2025, 12, 31))
