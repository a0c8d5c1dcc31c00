"""The yearly activity figures (活动统计: by type, by organiser, by month; “410 activities a year”), their
Excel export (audited), and the staff's page of activity types."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.downloads import XLSX
from kaopu.core.page_actions import submit
from kaopu.core.spreadsheet import safe_append
from kaopu.core.workdays import local_today
from kaopu.programs import actions, selectors, selectors_sites
from kaopu.programs.forms import ActivityTypeForm, YearForm
from kaopu.programs.models import ActivityType


def _year(request: HttpRequest) -> tuple[YearForm, int]:
    form = YearForm(request.GET or {"year": local_today().year})
    return form, form.cleaned_data["year"] if form.is_valid() else local_today().year


def _months() -> list[str]:
    return [_("Month %(month)d") % {"month": month} for month in selectors.MONTHS]


@staff_and_leaders
def figures_page(request: HttpRequest) -> HttpResponse:
    form, year = _year(request)
    return render(request, "programs/figures.html", {
        "form": form, "figures": selectors.figures(request.user, year), "months": _months(), "tab": "figures",
        "by_site": selectors_sites.by_site(request.user, year), "export_query": f"year={year}"})


def workbook(figures: selectors.Figures, by_site: list[selectors.Row] | None = None) -> bytes:
    """The tables (by type, by organiser, and by site when given), each with a column per month, a total
    column and a total row (the by-site total counts only the activities held at a site)."""
    book = Workbook()
    book.remove(book.active)
    tables = [(_("By type"), _("Activity type"), figures.by_type),
              (_("By organiser"), _("Organiser"), figures.by_organiser)]
    if by_site is not None:
        tables.append((_("By site"), _("Education site"), by_site))
    for title, head, rows in tables:
        sheet = book.create_sheet(title)
        safe_append(sheet, [head, *_months(), _("Total")])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in [*rows, _total(rows) if rows is by_site else figures.by_month]:
            safe_append(sheet, [row.label, *row.months, row.total])
        sheet.column_dimensions["A"].width = 30
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _total(rows: list[selectors.Row]) -> selectors.Row:
    total = selectors.Row(_("Total"))
    total.months = [sum(row.months[index] for row in rows) for index in range(12)]
    return total


@staff_and_leaders
def figures_export(request: HttpRequest) -> HttpResponse:
    _form, year = _year(request)
    figures = selectors.figures(request.user, year)
    by_site = selectors_sites.by_site(request.user, year)
    record(Action.EXPORT, request=request, object_type="programs.figures", object_id=str(year),
           summary=f"导出 {year} 年活动统计（共 {figures.total} 场）", data={"year": year, "total": figures.total})
    response = HttpResponse(workbook(figures, by_site), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="activities-{year}.xlsx"'
    return response


@staff_only
def types_page(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Every type, and a form that adds one (or edits the one chosen)."""
    row = access.get_object_for_user(request.user, ActivityType, pk, "change") if pk else None
    form = ActivityTypeForm(request.POST or None, initial=ActivityTypeForm.initial_of(row) if row else None)
    if request.method == "POST" and submit(request, form, lambda: actions.save_activity_type(
            row, acting_user=request.user, **form.cleaned_data), _("The activity type was saved.")):
        return redirect("programs:types")
    rows: list[Any] = selectors.types()
    return render(request, "programs/types.html", {"form": form, "row": row, "rows": rows, "tab": "types"})
