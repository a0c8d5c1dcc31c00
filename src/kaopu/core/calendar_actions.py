"""Writes to the working-day calendar: one action, used by the staff page (and any future API)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import workdays as workdays_module
from kaopu.core.models import CalendarDay, CalendarYear
from kaopu.core.signals import calendar_year_changed


def save_calendar_year(year: int, *, holidays: dict[date, str], workdays: dict[date, str], notice: str,
                       acting_user: Any, request: HttpRequest | None = None) -> CalendarYear:
    """Replace the staff-entered calendar of ``year`` with the given dates, in one transaction.

    Creates the year if staff had not entered it (from then on it overrides the library), deletes the
    year's old days and writes the new ones, and appends an audit entry holding the dates before and
    after. The caller has validated the dates (kaopu.core.forms_calendar); the table's unique date
    guards against a date listed twice. Once committed, ``calendar_year_changed`` tells the apps that
    counted working days over the year (provisionally, or with its old dates) to recompute them.
    """
    with transaction.atomic():
        calendar_year, created = CalendarYear.objects.select_for_update().get_or_create(
            year=year, defaults={"notice": notice, "entered_by": acting_user, "entered_at": timezone.now()})
        before = _dates(calendar_year) if not created else {"holidays": [], "workdays": []}
        if not created:
            calendar_year.notice, calendar_year.entered_by = notice, acting_user
            calendar_year.entered_at = timezone.now()
            calendar_year.save(update_fields=["notice", "entered_by", "entered_at"])
            calendar_year.days.all().delete()
        CalendarDay.objects.bulk_create(
            [CalendarDay(year=calendar_year, date=d, kind=CalendarDay.Kind.HOLIDAY, name=name)
             for d, name in sorted(holidays.items())]
            + [CalendarDay(year=calendar_year, date=d, kind=CalendarDay.Kind.WORKDAY, name=name)
               for d, name in sorted(workdays.items())])
        record(Action.UPDATE, actor=acting_user, request=request,
               target=calendar_year,
               summary=f"{'录入' if created else '修改'} {year} 年工作日历：节假日 {len(holidays)} 天，"
                       f"调休上班 {len(workdays)} 天",
               data={"year": year, "notice": notice, "before": before,
                     "after": {"holidays": sorted(d.isoformat() for d in holidays),
                               "workdays": sorted(d.isoformat() for d in workdays)}})
        # bulk_create sends no signal: forget the year here too, now and once the rows are visible.
        workdays_module.forget(year)
        transaction.on_commit(lambda: workdays_module.forget(year))
        transaction.on_commit(lambda: calendar_year_changed.send(sender=CalendarYear, year=year))
    return calendar_year


def _dates(calendar_year: CalendarYear) -> dict[str, list[str]]:
    rows = calendar_year.days.order_by("date").values_list("date", "kind")
    return {"holidays": [d.isoformat() for d, kind in rows if kind == CalendarDay.Kind.HOLIDAY],
            "workdays": [d.isoformat() for d, kind in rows if kind == CalendarDay.Kind.WORKDAY]}
