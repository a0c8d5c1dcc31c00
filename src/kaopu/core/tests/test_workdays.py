"""Counting working days over the library's years, staff-entered years, and unknown years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.core import workdays
from kaopu.core.calendar_actions import save_calendar_year
from kaopu.core.models import CalendarDay, CalendarYear
from kaopu.core.workdays import (
    UnknownCalendarYear,
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():  # type: ignore[no-untyped-def]
    # The cache lives in process memory and survives the rollback of each test's transaction.
    workdays.forget()
    yield
    workdays.forget()


def enter_2027(staff) -> None:  # type: ignore[no-untyped-def]
    save_calendar_year(2027, notice="国办发明电〔2026〕9号", acting_user=staff,
                       holidays={date(2027, 10, d): "国庆节" for d in (1, 4, 5, 6, 7)},
                       workdays={date(2027, 9, 26): "国庆节", date(2027, 10, 9): "国庆节"})


def test_the_library_and_this_module_agree_on_national_day_2026(db):
    assert chinese_calendar.is_workday(date(2026, 9, 20))  # a Sunday worked before National Day
    assert chinese_calendar.is_workday(date(2026, 10, 10))  # a Saturday worked after it
    assert date(2026, 9, 20).weekday() == 6 and date(2026, 10, 10).weekday() == 5
    assert is_working_day(date(2026, 9, 20))
    assert is_working_day(date(2026, 10, 10))
    for day in range(1, 8):
        assert not is_working_day(date(2026, 10, day))


def test_one_working_day_after_the_eve_of_national_day_is_the_8th(db):
    # Wed 30 September; 1–7 October off; Thursday 8 October is the first working day.
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)  # the make-up Saturday counts


def test_working_days_across_national_day_2026(db):
    # After 28 Sept (Mon) up to 10 Oct: 29, 30 Sept, 8, 9 Oct and the make-up Saturday 10 Oct.
    assert working_days_between(date(2026, 9, 28), date(2026, 10, 10)) == 5


def test_the_make_up_saturday_before_the_spring_festival_counts(db):
    assert date(2026, 2, 14).weekday() == 5
    assert is_working_day(date(2026, 2, 14))
    # Friday 13 Feb + 1 is the make-up Saturday 14 Feb; the festival runs 15–23 Feb.
    assert add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)
    assert next_working_day(date(2026, 2, 15)) == date(2026, 2, 24)
    assert working_days_between(date(2026, 2, 14), date(2026, 2, 24)) == 1


def test_a_friday_plus_one_working_day_is_the_next_monday(db):
    assert date(2026, 11, 20).weekday() == 4
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 20), 0) == date(2026, 11, 20)


def test_negative_working_days_are_refused(db):
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 20), -1)


def test_working_days_between_is_zero_when_the_end_is_not_after_the_start(db):
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 20)) == 0
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 20)) == 0


def test_2027_is_unknown_until_staff_enter_it(db):
    with pytest.raises(UnknownCalendarYear) as raised:
        is_working_day(date(2027, 3, 1))
    assert raised.value.year == 2027
    assert "2027" in str(raised.value)


def test_a_deadline_that_crosses_into_an_unknown_year_is_an_error_not_a_guess(db):
    with pytest.raises(UnknownCalendarYear):
        add_working_days(date(2026, 12, 30), 5)


def test_2003_is_before_the_library_and_unknown(db):
    with pytest.raises(UnknownCalendarYear) as raised:
        working_days_between(date(2003, 12, 1), date(2003, 12, 5))
    assert raised.value.year == 2003


def test_a_staff_entered_2027_is_used_afterwards(db, staff):
    enter_2027(staff)
    assert not is_working_day(date(2027, 10, 1))  # Friday, holiday
    assert is_working_day(date(2027, 9, 26))  # Sunday, make-up working day
    assert is_working_day(date(2027, 3, 1))  # a plain Monday: not listed, the weekday rule holds
    assert not is_working_day(date(2027, 3, 6))  # a plain Saturday
    assert add_working_days(date(2027, 9, 30), 1) == date(2027, 10, 8)
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 1)  # 2027 did not list New Year


def test_a_staff_entered_year_overrides_the_library(db, staff):
    assert not is_working_day(date(2026, 10, 5))
    save_calendar_year(2026, notice="更正", acting_user=staff, holidays={date(2026, 10, 1): "国庆节"},
                       workdays={})
    assert is_working_day(date(2026, 10, 5))  # the library's holiday is gone
    assert not is_working_day(date(2026, 10, 1))
    assert not is_working_day(date(2026, 9, 20))  # the library's make-up Sunday is gone too


def test_the_cache_forgets_a_year_when_staff_change_it(db, staff, django_assert_num_queries):
    enter_2027(staff)
    assert not is_working_day(date(2027, 10, 4))
    with django_assert_num_queries(0):  # cached: no query per date
        for offset in range(200):
            is_working_day(date(2027, 1, 1) + timedelta(days=offset))
    save_calendar_year(2027, notice="", acting_user=staff, holidays={}, workdays={})
    assert is_working_day(date(2027, 10, 4))
    assert not is_working_day(date(2027, 9, 26))


def test_the_cache_forgets_a_year_when_a_day_is_deleted_or_the_year_is(db, staff):
    enter_2027(staff)
    assert not is_working_day(date(2027, 10, 1))
    CalendarDay.objects.get(date=date(2027, 10, 1)).delete()
    assert is_working_day(date(2027, 10, 1))
    CalendarYear.objects.get(year=2027).delete()
    with pytest.raises(UnknownCalendarYear):
        is_working_day(date(2027, 10, 1))


def test_another_process_sees_a_change_after_the_cache_expires(db, staff, monkeypatch):
    with pytest.raises(UnknownCalendarYear):
        is_working_day(date(2027, 1, 4))
    # Rows written without signals stand for a write by another process.
    CalendarYear.objects.bulk_create([CalendarYear(year=2027, entered_at=datetime(2026, 11, 1, tzinfo=UTC))])
    with pytest.raises(UnknownCalendarYear):
        is_working_day(date(2027, 1, 4))
    now = workdays.time.monotonic()
    monkeypatch.setattr(workdays.time, "monotonic", lambda: now + workdays.CACHE_SECONDS + 1)
    assert is_working_day(date(2027, 1, 4))


def test_local_dates_are_shanghai_dates():
    late_evening_utc = datetime(2026, 9, 30, 16, 30, tzinfo=UTC)  # 00:30 on 1 October in Shanghai
    assert workdays.to_local_date(late_evening_utc) == date(2026, 10, 1)
    assert isinstance(workdays.local_today(), date)


LIBRARY_DATES = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 11, 30))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=LIBRARY_DATES, n=st.integers(min_value=1, max_value=15))
def test_a_deadline_is_a_working_day_and_exactly_n_working_days_later(db, start, n):
    deadline = add_working_days(start, n)
    assert is_working_day(deadline)
    assert deadline > add_working_days(start, n - 1)
    assert working_days_between(start, deadline) == n


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=LIBRARY_DATES)
def test_every_date_agrees_with_the_library(db, start):
    assert is_working_day(start) == chinese_calendar.is_workday(start)
