"""Staff pages of the working-day calendar: which years are known, and entering or correcting a year."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.core import calendar_actions, workdays
from kaopu.core.forms_calendar import CalendarYearForm, format_entries
from kaopu.core.models import CalendarDay, CalendarYear

# Years outside this range are typing mistakes, not calendars anyone will need.
EDITABLE_YEARS = range(2000, 2101)


def _require_staff(request: HttpRequest) -> None:
    """FIC staff only; everyone else gets 404, as for any page they may not see."""
    if request.user.role != Role.FIC_STAFF:
        raise Http404


@dataclass
class YearRow:
    year: int
    in_library: bool
    staff_year: CalendarYear | None
    holidays: int
    workdays: int


def _rows(years: range) -> list[YearRow]:
    """One row per year: counts from the staff year if any (one query for all), else the library."""
    staff_years = {row.year: row for row in CalendarYear.objects.select_related("entered_by").annotate(
        holiday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
        workday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.WORKDAY)))}
    library = workdays.library_years()
    rows = []
    for year in sorted(set(years) | set(staff_years), reverse=True):
        staff_year = staff_years.get(year)
        if staff_year is not None:
            counts = (staff_year.holiday_count, staff_year.workday_count)
        else:
            calendar = workdays.library_calendar(year)
            counts = (len(calendar.holidays), len(calendar.workdays)) if calendar else (0, 0)
        rows.append(YearRow(year, year in library, staff_year, *counts))
    return rows


@login_required
def calendar_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    next_year = workdays.local_today().year + 1
    library = workdays.library_years()
    rows = _rows(range(library.start, max(library.stop, next_year + 1)))
    known = {row.year for row in rows if row.in_library or row.staff_year}
    return render(request, "core/calendar_list.html", {
        "rows": rows, "next_year": next_year, "next_year_unknown": next_year not in known,
    })


@login_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    _require_staff(request)
    if year not in EDITABLE_YEARS:
        raise Http404
    staff_year = CalendarYear.objects.filter(year=year).select_related("entered_by").first()
    form = CalendarYearForm(request.POST or None, year=year, initial=_initial(year, staff_year))
    if request.method == "POST" and form.is_valid():
        parsed = form.cleaned_data["entries"]
        calendar_actions.save_calendar_year(year, holidays=parsed.holidays, workdays=parsed.workdays,
                                            notice=form.cleaned_data["notice"], acting_user=request.user,
                                            request=request)
        messages.success(request, _("The working-day calendar of %(year)s was saved. Open deadlines counted over "
                                    "it are recounted in the background; each appeal's timeline shows any "
                                    "change.") % {"year": year})
        return redirect("core:calendar_list")
    return render(request, "core/calendar_year.html", {
        "form": form, "year": year, "staff_year": staff_year,
        "in_library": year in workdays.library_years(),
    })


def _initial(year: int, staff_year: CalendarYear | None) -> dict[str, str]:
    """The form starts from what is in force: the staff year, else the library's dates to correct."""
    calendar = workdays.staff_calendar(year) if staff_year else workdays.library_calendar(year)
    return {"notice": staff_year.notice if staff_year else "",
            "entries": format_entries(calendar) if calendar else ""}
