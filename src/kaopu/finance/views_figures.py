"""The financing figures page (融资数据) and its Excel export, for FIC staff and district leaders
of the district (everyone else gets 404). The numbers come from kaopu.finance.figures: a fixed
number of queries whatever the data size."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core.decorators import staff_and_leaders
from kaopu.core.downloads import XLSX
from kaopu.core.spreadsheet import safe_append
from kaopu.core.widgets import MonthField
from kaopu.core.workdays import local_today
from kaopu.directory.models import District
from kaopu.finance import figures
from kaopu.finance.matching import wan
from kaopu.finance.models import FinancingDemand

MAX_MONTHS = 120
FIRST_YEAR = 2015

View = Callable[..., HttpResponse]


def _years() -> list[tuple[str, str]]:
    this_year = local_today().year
    return [("", _("— months below —"))] + [(str(y), str(y)) for y in range(this_year, FIRST_YEAR - 1, -1)]


class PeriodForm(forms.Form):
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), required=False, coerce=int, empty_value=None)
    first = MonthField(label=gettext_lazy("From month"), required=False)
    last = MonthField(label=gettext_lazy("To month"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        today = local_today()
        if data.get("year"):
            first, last = date(data["year"], 1, 1), date(data["year"], 12, 1)
        else:
            last = data.get("last") or today.replace(day=1)
            first = data.get("first") or last.replace(month=1)
        if first > last:
            self.add_error("first", _("The first month must not be after the last month."))
        elif (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
            self.add_error("first", _("Choose at most %(n)s months at once.") % {"n": MAX_MONTHS})
        data.update(first=first, last=last)
        return data


def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    """The months asked for, or this year so far when nothing or something invalid was asked
    (the form then says what was wrong)."""
    this_month = local_today().replace(day=1)
    if not request.GET:
        form = PeriodForm(initial={"year": this_month.year})
        return form, this_month.replace(month=1), this_month
    form = PeriodForm(request.GET)
    if form.is_valid():
        return form, form.cleaned_data["first"], form.cleaned_data["last"]
    return form, this_month.replace(month=1), this_month


def _district_ids(user: Any) -> list[int] | None:
    """The user's district; every district (None) for a city-level account."""
    return [user.district_id] if user.district_id is not None else None


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


def _shown(value: Decimal | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def _tiles(totals: figures.Totals) -> list[tuple[str, str, str]]:
    return [
        (_("Demands"), str(totals.demands), _("submitted in the period")),
        (_("Amount demanded (10k yuan)"), wan(totals.demanded_amount), _("the sum the demands asked for")),
        (_("Matched"), str(totals.matched), _("at least one product fits")),
        (_("Pushed"), str(totals.pushed), _("sent to at least one bank")),
        (_("Granted"), str(totals.granted), _("at least one bank lent (counted once)")),
        (_("Amount granted (10k yuan)"), wan(totals.granted_amount), _("the sum of every grant")),
        (_("Banks that granted"), str(totals.banks_granted), _("at least one grant to these demands")),
        (_("Grant rate"), percent(totals.grant_rate), _("granted, of the demands pushed")),
        (_("Mean working days to grant"), _shown(totals.mean_days_to_grant),
         _("from the demand to the first grant")),
    ]


def _district_name(user: Any) -> str:
    if user.district_id is None:
        return _("all districts")
    return District.objects.filter(pk=user.district_id).values_list("name", flat=True).first() or ""


@staff_and_leaders
def figures_page(request: HttpRequest) -> HttpResponse:
    form, first, last = _period(request)
    result = figures.compute(_district_ids(request.user), first, last)
    return render(request, "finance/figures.html", {
        "form": form, "figures": result, "tiles": _tiles(result.totals), "first": first, "last": last,
        "banks": [(b, wan(b.amount), percent(b.grant_rate), _shown(b.mean_rate, "%")) for b in result.banks],
        "industries": [(r, wan(r.amount), percent(r.grant_rate)) for r in result.industries],
        "export_query": request.GET.urlencode(),
    })


def _sheet(book: Workbook, title: str, period: str, heads: list[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title[:31])
    safe_append(sheet, [period])
    safe_append(sheet, heads)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        safe_append(sheet, row)
    sheet.column_dimensions["A"].width = 30


@staff_and_leaders
def figures_export(request: HttpRequest) -> HttpResponse:
    """Three sheets — the totals, per bank, per industry — for the page's period; amounts and rates
    as numbers (Decimal written as Excel numbers), audited."""
    _form, first, last = _period(request)
    result = figures.compute(_district_ids(request.user), first, last)
    period = f"{_district_name(request.user)} {first:%Y-%m} — {last:%Y-%m}"
    book = Workbook()
    book.remove(book.active)
    totals = result.totals
    _sheet(book, _("Totals"), period, [_("Figure"), _("Value")], [
        [_("Demands"), totals.demands], [_("Matched"), totals.matched], [_("Pushed"), totals.pushed],
        [_("Granted"), totals.granted], [_("Amount granted (10k yuan)"), totals.granted_amount],
        [_("Grant rate"), totals.grant_rate], [_("Mean working days to grant"), totals.mean_days_to_grant],
        # Added after the grant rate, whose cell (B8) is formatted as a percentage below.
        [_("Amount demanded (10k yuan)"), totals.demanded_amount], [_("Banks that granted"), totals.banks_granted]])
    _sheet(book, _("By bank"), period,
           [_("Bank"), _("Pushed"), _("Claimed"), _("Granted"), _("Declined"), _("Amount granted (10k yuan)"),
            _("Mean annual rate (%)")],
           [[b.name, b.pushed, b.claimed, b.granted, b.declined, b.amount, b.mean_rate] for b in result.banks])
    _sheet(book, _("By industry"), period,
           [_("Industry"), _("Demands"), _("Matched"), _("Granted"), _("Amount granted (10k yuan)")],
           [[f"{r.code} {r.name}".strip() or _("not recorded"), r.demands, r.matched, r.granted, r.amount]
            for r in result.industries])
    book[_("Totals")]["B8"].number_format = "0.0%"  # the grant rate, a fraction
    buffer = io.BytesIO()
    book.save(buffer)
    record(Action.EXPORT, request=request, object_type=FinancingDemand._meta.label_lower,
           summary=f"导出融资数据 {first:%Y-%m} 至 {last:%Y-%m}",
           data={"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}", "demands": totals.demands,
                 "district_id": request.user.district_id})
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="financing-figures-{first:%Y%m}-{last:%Y%m}.xlsx"'
    return response
