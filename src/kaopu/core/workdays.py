"""Working days over mainland China's statutory holidays and make-up working days (调休).

Every deadline of the platform (appeals: accept in 1 working day, reply in 2/10/15 …) is counted here.
Where a year's calendar comes from, in order:

1. a year FIC staff entered (``CalendarYear``), which overrides the library so staff can correct it;
2. the ``chinese_calendar`` library (2004–2026 in v1.11);
3. otherwise the year is unknown. Deadlines never wait for it (DESIGN.md section 3): :func:`deadline`
   and :func:`count_working_days` count a day of an unknown year Monday–Friday and say that their answer
   is *provisional*; whoever stores it recomputes it when staff enter the year (``calendar_year_changed``
   in kaopu.core.signals). The strict :func:`add_working_days` and :func:`working_days_between` raise
   :class:`UnknownCalendarYear` instead, for figures that must rather leave a value out than guess it.

A year's exceptions are cached in process memory: saving or deleting a calendar row forgets that year
at once in this process (signals below); other processes reread after ``CACHE_SECONDS``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import chinese_calendar
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext

from kaopu.core.models import CalendarDay, CalendarYear

CACHE_SECONDS = 60.0
ONE_DAY = timedelta(days=1)
# The State Council publishes next year's holidays in November: from this day (month, day) on, a
# missing next year is warned about.
WARN_FROM = (11, 1)

# The library names holidays in English; staff pages show the Chinese names (data content).
LIBRARY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class UnknownCalendarYear(Exception):
    """No calendar knows this year: staff must enter it on the working-day calendar page."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(gettext(
            "The working-day calendar of %(year)s is not known. FIC staff must enter the holidays and "
            "make-up working days of %(year)s on the working-day calendar page before deadlines in "
            "%(year)s can be counted.") % {"year": year})


@dataclass(frozen=True)
class YearCalendar:
    """The dates of one year that break the Monday–Friday rule, and where they come from."""

    year: int
    source: str  # "staff" or "library"
    holidays: dict[date, str] = field(default_factory=dict)  # weekdays that are off
    workdays: dict[date, str] = field(default_factory=dict)  # weekend days that are worked

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


_cache: dict[int, tuple[float, YearCalendar | None]] = {}


def forget(year: int | None = None) -> None:
    """Drop one cached year (or all): the next read loads it again. Tests call ``forget()``."""
    if year is None:
        _cache.clear()
    else:
        _cache.pop(year, None)


def library_years() -> range:
    """The years the installed ``chinese_calendar`` knows (the range its own validation accepts)."""
    return range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def library_calendar(year: int) -> YearCalendar | None:
    """The library's exceptions for ``year``, or None when the library does not know the year."""
    if year not in library_years():
        return None
    holidays = {d: LIBRARY_NAMES.get(name, name) for d, name in chinese_calendar.holidays.items()
                if d.year == year and d.weekday() < 5}
    workdays = {d: LIBRARY_NAMES.get(name, name) for d, name in chinese_calendar.workdays.items()
                if d.year == year and d.weekday() >= 5}
    return YearCalendar(year, "library", holidays, workdays)


def staff_calendar(year: int) -> YearCalendar | None:
    """The staff-entered exceptions for ``year`` (one query), or None when staff entered none."""
    rows = list(CalendarYear.objects.filter(year=year).values_list("pk", "days__date", "days__kind", "days__name"))
    if not rows:
        return None
    holidays: dict[date, str] = {}
    workdays: dict[date, str] = {}
    for _pk, day, kind, name in rows:
        if day is None:
            continue
        (holidays if kind == CalendarDay.Kind.HOLIDAY else workdays)[day] = name or ""
    return YearCalendar(year, "staff", holidays, workdays)


def known_calendar(year: int) -> YearCalendar | None:
    """The calendar in force for ``year`` (staff first, then library), cached; None when unknown."""
    now = time.monotonic()
    cached = _cache.get(year)
    if cached is not None and cached[0] > now:
        return cached[1]
    calendar = staff_calendar(year) or library_calendar(year)
    _cache[year] = (now + CACHE_SECONDS, calendar)
    return calendar


def calendar_for(year: int) -> YearCalendar:
    """The calendar in force for ``year``; raises :class:`UnknownCalendarYear` when none knows it."""
    calendar = known_calendar(year)
    if calendar is None:
        raise UnknownCalendarYear(year)
    return calendar


def is_working_day(day: date) -> bool:
    """Whether people work on ``day`` (a local date). Raises UnknownCalendarYear for an unknown year."""
    return calendar_for(day.year).is_working_day(day)


class _Guessed:
    """What :class:`Deadline` and :class:`Count` share: the years no calendar knew while counting."""

    unknown_years: tuple[int, ...]

    @property
    def provisional(self) -> bool:
        """Some day was counted Monday–Friday because its year is unknown: count again once entered."""
        return bool(self.unknown_years)


@dataclass(frozen=True)
class Deadline(_Guessed):
    """A date counted in working days (see _Guessed for ``unknown_years`` and ``provisional``)."""

    on: date
    unknown_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Count(_Guessed):
    """A number of working days (see _Guessed for ``unknown_years`` and ``provisional``)."""

    days: int
    unknown_years: tuple[int, ...] = ()


class _Counter:
    """Working-day tests that count a day of an unknown year Monday–Friday and remember the year."""

    def __init__(self) -> None:
        self.unknown: set[int] = set()

    def works(self, day: date) -> bool:
        calendar = known_calendar(day.year)
        if calendar is None:
            self.unknown.add(day.year)
            return day.weekday() < 5
        return calendar.is_working_day(day)

    @property
    def unknown_years(self) -> tuple[int, ...]:
        return tuple(sorted(self.unknown))


def counts_as_working_day(day: date) -> bool:
    """:func:`is_working_day`, never refused: Monday–Friday in a year no calendar knows (as deadlines)."""
    return _Counter().works(day)


def deadline(start: date, n: int) -> Deadline:
    """The date ``n`` working days after ``start``, counting from the day after it; never refused.

    "Accept within 1 working day" of a Friday submission is the next Monday (or the first working day
    after a holiday). ``n == 0`` answers ``start`` itself. Days of a year no calendar knows count
    Monday–Friday and make the answer provisional.
    """
    if n < 0:
        raise ValueError("n must not be negative")
    counter, day = _Counter(), start
    for _ in range(n):
        day += ONE_DAY
        while not counter.works(day):
            day += ONE_DAY
    return Deadline(day, counter.unknown_years)


def count_working_days(first: date, last: date) -> Count:
    """How many working days lie after ``first`` up to and including ``last`` (0 when last <= first);
    never refused: days of an unknown year count Monday–Friday and make the count provisional."""
    counter, count, day = _Counter(), 0, first + ONE_DAY
    while day <= last:
        count += counter.works(day)
        day += ONE_DAY
    return Count(count, counter.unknown_years)


def next_working_day(day: date) -> date:
    """The first working day strictly after ``day``. Raises UnknownCalendarYear for an unknown year."""
    return add_working_days(day, 1)


def add_working_days(start: date, n: int) -> date:
    """:func:`deadline`, strictly: raises UnknownCalendarYear when it would have to guess a year."""
    result = deadline(start, n)
    if result.provisional:
        raise UnknownCalendarYear(result.unknown_years[0])
    return result.on


def working_days_between(first: date, last: date) -> int:
    """:func:`count_working_days`, strictly: raises UnknownCalendarYear when it would have to guess."""
    result = count_working_days(first, last)
    if result.provisional:
        raise UnknownCalendarYear(result.unknown_years[0])
    return result.days


def local_today() -> date:
    """Today in Asia/Shanghai (the setting TIME_ZONE), whatever the server's clock zone."""
    return timezone.localdate()


def to_local_date(moment: datetime) -> date:
    """The Asia/Shanghai date of an aware datetime: a submission at 23:30 UTC is the next local day."""
    return timezone.localdate(moment)


def local_day_end(day: date | None) -> datetime | None:
    """The moment ``day`` ends in Asia/Shanghai (the next day's midnight), None for None: what had happened
    by the end of ``day`` happened strictly before it (a figure read as of a past day, kaopu.core.registry
    Scope.as_of, whose None is now)."""
    if day is None:
        return None
    return datetime.combine(day + timedelta(days=1), datetime.min.time(), timezone.get_current_timezone())


def unknown_years(years: Iterable[int]) -> list[int]:
    """Those of ``years`` that no calendar knows: the calendar page warns about them."""
    return [year for year in years if known_calendar(year) is None]


def missing_years(today: date | None = None) -> list[int]:
    """The years staff must enter now: this year when no calendar knows it, and from 1 November next
    year too. Staff and the system administrator are warned of them (start pages, a weekly
    notification). Always one query, whatever the cache holds, so that a page showing the warning
    runs a fixed number of queries."""
    today = today or local_today()
    years = [today.year] + ([today.year + 1] if (today.month, today.day) >= WARN_FROM else [])
    entered = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    library = library_years()
    return [year for year in years if year not in entered and year not in library]


def missing_years_text(years: list[int]) -> str:
    """The warning about :func:`missing_years`, shared by the start pages and the weekly notification."""
    return gettext("The working-day calendar of %(years)s has not been entered. Deadlines falling in it are "
                   "counted Monday to Friday for now and are recomputed automatically once FIC staff enter "
                   "the holidays and make-up working days from the State Council's notice.") % {
        "years": "、".join(str(year) for year in years)}


def _forget_after_commit(year: int) -> None:
    # Forget now (this process may read again inside the same transaction) and after commit (a read in
    # between could have cached the old rows of another connection).
    forget(year)
    transaction.on_commit(lambda: forget(year))


@receiver([post_save, post_delete], sender=CalendarYear)
def _calendar_year_changed(sender: type, instance: CalendarYear, **kwargs: object) -> None:
    _forget_after_commit(instance.year)


@receiver([post_save, post_delete], sender=CalendarDay)
def _calendar_day_changed(sender: type, instance: CalendarDay, **kwargs: object) -> None:
    _forget_after_commit(instance.date.year)
