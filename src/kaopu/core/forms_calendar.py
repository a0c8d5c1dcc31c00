"""The form on which FIC staff enter a year's holidays, one line per entry, as the State Council notice reads.

Lines (blank lines and lines starting with ``#`` are ignored)::

    2027-10-01 至 2027-10-07 国庆节     a holiday range: its weekdays become holidays, weekends stay off
    2027-01-01 元旦                     a single holiday: must be a weekday
    2027-09-26 调休上班 国庆节           a make-up working day: must be a Saturday or Sunday

Dates may also be written 2027/10/01 or 2027年10月1日; ranges may use 至, 到, ~ or －.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kaopu.core.workdays import YearCalendar

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_RANGE = re.compile(rf"^{_DATE}\s*(?:至|到|~|～|－|—|–)\s*{_DATE}\s*(.*)$")
_SINGLE = re.compile(rf"^{_DATE}\s*(.*)$")
WORKDAY_WORDS = ("调休上班", "补班", "上班")
HOLIDAY_WORDS = ("放假", "休息", "休")


@dataclass
class ParsedYear:
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    # Every date a holiday line covers, weekends included: a make-up working day inside one contradicts it.
    off: set[date] = field(default_factory=set)


def _to_date(parts: tuple[str, str, str]) -> date | None:
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _strip_words(text: str, words: tuple[str, ...]) -> tuple[str, bool]:
    """The name left after removing a leading or trailing keyword, and whether one was found."""
    text = text.strip()
    for word in words:
        if text.startswith(word):
            return text[len(word):].strip(), True
        if text.endswith(word):
            return text[:-len(word)].strip(), True
    return text, False


class _LineError(Exception):
    pass


def _parse_line(year: int, line: str, parsed: ParsedYear) -> None:
    """Add one line's dates to ``parsed``; raises _LineError with the rule it breaks."""
    ranged = _RANGE.match(line)
    single = None if ranged else _SINGLE.match(line)
    if not ranged and not single:
        raise _LineError(gettext("it does not start with a date such as 2027-10-01"))
    if ranged:
        first, last = _to_date(ranged.groups()[0:3]), _to_date(ranged.groups()[3:6])
        rest = ranged.group(7)
    else:
        first = last = _to_date(single.groups()[0:3])  # type: ignore[union-attr]
        rest = single.group(4)  # type: ignore[union-attr]
    if first is None or last is None:
        raise _LineError(gettext("it contains a date that does not exist"))
    if first.year != year or last.year != year:
        raise _LineError(gettext("every date must lie in %(year)s") % {"year": year})
    if last < first:
        raise _LineError(gettext("the range ends before it starts"))
    name, is_workday = _strip_words(rest, WORKDAY_WORDS)
    if is_workday:
        _add_workday(first, last, name, parsed)
    else:
        _add_holidays(first, last, _strip_words(name, HOLIDAY_WORDS)[0], parsed)


def _add_workday(first: date, last: date, name: str, parsed: ParsedYear) -> None:
    if first != last:
        raise _LineError(gettext("a make-up working day (调休上班) is one date, not a range"))
    if first.weekday() < 5:
        raise _LineError(gettext("a make-up working day (调休上班) must be a Saturday or Sunday; "
                                 "%(date)s is a weekday") % {"date": first.isoformat()})
    if first in parsed.off:
        raise _LineError(gettext("%(date)s is already listed as a holiday; a date cannot be both")
                         % {"date": first.isoformat()})
    if first in parsed.workdays:
        raise _LineError(gettext("%(date)s is listed twice") % {"date": first.isoformat()})
    parsed.workdays[first] = name


def _add_holidays(first: date, last: date, name: str, parsed: ParsedYear) -> None:
    covered = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    if all(day.weekday() >= 5 for day in covered):
        raise _LineError(gettext("a holiday must include at least one weekday (Monday to Friday); "
                                 "Saturdays and Sundays are off anyway"))
    for day in covered:
        if day in parsed.workdays:
            raise _LineError(gettext("%(date)s is already listed as a make-up working day; a date cannot "
                                     "be both") % {"date": day.isoformat()})
        if day in parsed.off:
            raise _LineError(gettext("%(date)s is listed twice") % {"date": day.isoformat()})
        parsed.off.add(day)
        if day.weekday() < 5:
            parsed.holidays[day] = name


def parse_entries(year: int, text: str) -> ParsedYear:
    """The holidays and make-up working days the lines list; every bad line is reported at once."""
    parsed = ParsedYear()
    errors: list[ValidationError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            _parse_line(year, line, parsed)
        except _LineError as error:
            errors.append(ValidationError(
                gettext("Line %(number)s “%(line)s”: %(rule)s.") % {"number": number, "line": line, "rule": error}))
    if errors:
        raise ValidationError(errors)
    return parsed


def format_entries(calendar: YearCalendar) -> str:
    """The lines that describe ``calendar``: holidays grouped into ranges, as the notice writes them.

    Consecutive weekday holidays of one name form one range (weekends between them stay inside it), so
    reading the lines back gives the same dates.
    """
    lines: list[tuple[date, str]] = []
    groups: list[list[date]] = []
    for day in sorted(calendar.holidays):
        previous = groups[-1][-1] if groups else None
        if (previous is not None and calendar.holidays[previous] == calendar.holidays[day]
                and _next_weekday(previous) == day
                and not any(previous < worked < day for worked in calendar.workdays)):
            groups[-1].append(day)
        else:
            groups.append([day])
    for group in groups:
        name = calendar.holidays[group[0]]
        if len(group) == 1:
            lines.append((group[0], f"{group[0].isoformat()} {name}".strip()))
        else:
            lines.append((group[0], f"{group[0].isoformat()} 至 {group[-1].isoformat()} {name}".strip()))
    for day, name in calendar.workdays.items():
        lines.append((day, f"{day.isoformat()} 调休上班 {name}".strip()))
    return "\n".join(text for _day, text in sorted(lines))


def _next_weekday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


class CalendarYearForm(forms.Form):
    notice = forms.CharField(
        label=_("Notice reference"), max_length=200, required=False,
        help_text=_("The State Council notice the dates come from, for example 国办发明电〔2026〕7号."))
    entries = forms.CharField(
        label=_("Holidays and make-up working days"), required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "code"}),
        help_text=_("One entry per line: “2027-10-01 至 2027-10-07 国庆节” for a holiday (only its weekdays "
                    "become holidays), “2027-01-01 元旦” for a single weekday off, “2027-09-26 调休上班” for "
                    "a Saturday or Sunday that is worked. Dates not listed follow the Monday–Friday rule."))

    def __init__(self, *args: object, year: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.year = year

    def clean_entries(self) -> ParsedYear:
        return parse_entries(self.year, self.cleaned_data["entries"])
