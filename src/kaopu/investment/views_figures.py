"""The investment figures (招商成效): leads by stage, landed amount by industry and by partner, conversion
per partner, for a year or all years; the same four tables as an .xlsx workbook (one sheet each),
every export audited."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core.decorators import staff_and_leaders
from kaopu.core.downloads import XLSX
from kaopu.core.spreadsheet import safe_append
from kaopu.investment import selectors
from kaopu.investment.forms import YearForm
from kaopu.investment.web import form_errors, is_staff

AMOUNT_FORMAT = "#,##0.####"
PERCENT_FORMAT = "0.0%"


def _year(request: HttpRequest) -> tuple[YearForm, int | None]:
    form = YearForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["year"]
    if form.is_bound:
        form_errors(request, form)
    return form, None


def _no_partner(rows: list[Any]) -> list[Any]:
    for row in rows:
        row.label = row.label or _("(no partner)")
    return rows


@staff_and_leaders
def figures_page(request: HttpRequest) -> HttpResponse:
    form, year = _year(request)
    result = selectors.figures(request.user, year)
    _no_partner(result.by_partner)
    _no_partner(result.conversion)
    return render(
        request,
        "investment/figures.html",
        {"form": form, "figures": result, "is_staff": is_staff(request), "export_query": request.GET.urlencode()},
    )


def _sheet(book: Workbook, title: str, heads: list[str], rows: list[list[Any]], formats: dict[int, str]) -> None:
    sheet = book.create_sheet(title[:31])
    safe_append(sheet, heads)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        safe_append(sheet, row)
        for index, number_format in formats.items():
            sheet.cell(row=sheet.max_row, column=index + 1).number_format = number_format
    sheet.column_dimensions["A"].width = 36


def workbook(result: selectors.Figures) -> bytes:
    """The four tables as four sheets; amounts as numbers in 万元, rates as percentages."""
    book = Workbook()
    book.remove(book.active)
    amount = _("(10k yuan)")
    _sheet(
        book,
        _("Leads by stage"),
        [_("Stage"), _("Leads"), f"{_('Intended')} {amount}", f"{_('Signed')} {amount}", f"{_('Landed')} {amount}"],
        [[r.label, r.leads, r.intended, r.signed, r.landed] for r in result.by_stage],
        {2: AMOUNT_FORMAT, 3: AMOUNT_FORMAT, 4: AMOUNT_FORMAT},
    )
    _sheet(
        book,
        _("Landed by industry"),
        [_("Industry"), _("Leads landed"), f"{_('Landed')} {amount}"],
        [[r.label, r.leads, r.amount] for r in result.by_industry],
        {2: AMOUNT_FORMAT},
    )
    _sheet(
        book,
        _("Landed by partner"),
        [_("Partner"), _("Leads landed"), f"{_('Landed')} {amount}"],
        [[r.label or _("(no partner)"), r.leads, r.amount] for r in result.by_partner],
        {2: AMOUNT_FORMAT},
    )
    _sheet(
        book,
        _("Conversion by partner"),
        [
            _("Partner"),
            _("Leads"),
            _("Signed"),
            _("Landed"),
            _("Signed / leads"),
            _("Landed / leads"),
            f"{_('Landed')} {amount}",
        ],
        [
            [r.label or _("(no partner)"), r.leads, r.signed, r.landed, r.signed_rate, r.landed_rate, r.landed_amount]
            for r in result.conversion
        ],
        {4: PERCENT_FORMAT, 5: PERCENT_FORMAT, 6: AMOUNT_FORMAT},
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@staff_and_leaders
def figures_export(request: HttpRequest) -> HttpResponse:
    _form, year = _year(request)
    result = selectors.figures(request.user, year)
    record(
        Action.EXPORT,
        request=request,
        object_type="investment.figures",
        object_id=str(year or "all"),
        summary=_("Investment figures exported (%(year)s)") % {"year": year or _("every year")},
        data={"year": year},
    )
    response = HttpResponse(workbook(result), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="investment-figures-{year or "all"}.xlsx"'
    return response
