"""The appeal measures page (统计考核) and its Excel export, for FIC staff and district leaders.

Everything is read from the rollup (kaopu.appeals.kpi): a page runs the same few queries whether the
district has a hundred appeals or millions. The month chart is drawn in the browser, with
no CDN: insights/charts.js draws it with the vendored Apache ECharts from a json_script.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.accounts.roles import Role
from kaopu.appeals import kpi, metrics
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import workdays
from kaopu.core.decorators import for_roles
from kaopu.core.downloads import XLSX
from kaopu.core.spreadsheet import safe_append
from kaopu.core.widgets import MonthField
from kaopu.directory.models import District

MAX_MONTHS = 60
DEFAULT_MONTHS = 12

# The measures, in the page's order: attribute of kpi.Measures, label, how it is shown.
MEASURES: list[tuple[str, Any, str]] = [
    ("response_rate", gettext_lazy("response rate"), "percent"),
    ("completion_rate", gettext_lazy("completion rate"), "percent"),
    ("on_time_rate", gettext_lazy("on-time completion rate"), "percent"),
    ("satisfaction_rate", gettext_lazy("satisfaction rate"), "percent"),
    ("follow_up_rate", gettext_lazy("follow-up rate"), "percent"),
    ("mean_reply_days", gettext_lazy("mean working days to reply"), "days"),
]
# One definition wherever a measure is shown: the cockpit's (kaopu.appeals.metrics).
MEASURE_HELP = metrics.DEFINITIONS
COUNTS: list[tuple[str, Any]] = [
    ("submitted", gettext_lazy("number submitted")),
    ("accepted", gettext_lazy("number accepted")),
    ("dispatched", gettext_lazy("number dispatched")),
    ("closed", gettext_lazy("number closed")),
    ("rated", gettext_lazy("number rated")),
]
BREAKDOWNS = [d for d in kpi.DIMENSIONS if d != "all"]


class MeasuresForm(forms.Form):
    by = forms.ChoiceField(label=gettext_lazy("Break down by"), required=False,
                           choices=[(d, kpi.DIMENSIONS[d]) for d in BREAKDOWNS])
    first = MonthField(label=gettext_lazy("From month"), required=False)
    last = MonthField(label=gettext_lazy("To month"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        this_month = workdays.local_today().replace(day=1)
        last = data.get("last") or this_month
        first = data.get("first") or _add_months(last, 1 - DEFAULT_MONTHS)
        if first > last:
            self.add_error("first", _("The first month must not be after the last month."))
        elif _months_between(first, last) >= MAX_MONTHS:
            self.add_error("first", _("Choose at most %(n)s months at once.") % {"n": MAX_MONTHS})
        data.update(first=first, last=last, by=data.get("by") or "department")
        return data


def _add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


_labels = kpi.labels


@dataclass
class Cell:
    value: float | None
    shown: str
    bar: int  # width of the little bar, 0–100


def _cell(value: float | None, how: str, scale: float = 1.0) -> Cell:
    if value is None:
        return Cell(None, "—", 0)
    if how == "percent":
        return Cell(value, f"{value * 100:.1f}%", round(value * 100))
    return Cell(value, f"{value:.1f}", round(min(value / scale, 1) * 100) if scale else 0)


def _rows(items: list[kpi.Measures]) -> list[dict[str, Any]]:
    longest = max((m.mean_reply_days or 0 for m in items), default=0)
    return [{"label": m.label or m.key, "key": m.key, "counts": [getattr(m, name) for name, _label in COUNTS],
             "cells": [_cell(getattr(m, name), how, longest) for name, _label, how in MEASURES]}
            for m in items]


def _total(items: list[kpi.Measures]) -> kpi.Measures:
    total = kpi.Measures(key="")
    for item in items:
        for name in kpi.COUNTERS:
            setattr(total, name, getattr(total, name) + getattr(item, name))
    return total


def _district_ids(user: Any) -> list[int]:
    """The user's district, or every district for a city-level account."""
    if user.district_id is not None:
        return [user.district_id]
    return list(District.objects.values_list("pk", flat=True))


def _month_series(items: list[kpi.Measures], first: date, last: date) -> list[kpi.Measures]:
    """One entry per month of the range, empty months included, so the chart's axis is regular."""
    found = {m.key: m for m in items}
    series = []
    month = first
    while month <= last:
        key = month.strftime("%Y-%m")
        series.append(found.get(key) or kpi.Measures(key=key))
        month = _add_months(month, 1)
    return series


CHART_RATES = ("completion_rate", "on_time_rate", "satisfaction_rate")


def _chart(series: list[kpi.Measures]) -> dict[str, Any]:
    """The month chart, drawn in the browser by insights/charts.js (Apache ECharts) from this JSON (the
    shape kaopu.insights.cockpit.chart_payload gives the cockpit's charts): bars for the appeals submitted,
    lines for three rates (fractions) on a 0–100% axis."""
    labels = dict((name, str(label)) for name, label, _how in MEASURES)
    return {"kind": "bar", "title": str(_("Appeals submitted per month (bars) and rates (lines)")),
            "columns": [str(_("number submitted"))] + [labels[name] for name in CHART_RATES],
            "units": ["count"] + ["percent"] * len(CHART_RATES),
            "rows": [[m.key, [m.submitted] + [getattr(m, name) for name in CHART_RATES]] for m in series]}


def _chart_table(series: list[kpi.Measures]) -> list[tuple[str, list[str]]]:
    return [(m.key, [str(m.submitted)] + [_cell(getattr(m, name), "percent").shown for name in CHART_RATES])
            for m in series]


def _read(request: HttpRequest) -> tuple[MeasuresForm, dict[str, Any]]:
    """The chosen range and breakdown; the defaults (the last 12 months by department) when nothing
    or something invalid was asked for (the form then shows what was wrong)."""
    fallback = MeasuresForm({})
    fallback.is_valid()
    defaults = fallback.cleaned_data
    if request.GET:
        form = MeasuresForm(request.GET)
        return form, (form.cleaned_data if form.is_valid() else defaults)
    initial = {"by": defaults["by"], "first": f"{defaults['first']:%Y-%m}", "last": f"{defaults['last']:%Y-%m}"}
    return MeasuresForm(initial=initial), defaults


def _breakdown(user: Any, dimension: str, first: date, last: date) -> list[kpi.Measures]:
    items = kpi.measures(_district_ids(user), dimension, first, last)
    if dimension != "month":
        labels = _labels(dimension, [m.key for m in items])
        for item in items:
            item.label = labels[item.key]
        items.sort(key=lambda m: (-m.submitted, m.label))
    return items


@for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER)
def measures_page(request: HttpRequest) -> HttpResponse:
    form, choice = _read(request)
    first, last, dimension = choice["first"], choice["last"], choice["by"]
    months = _month_series(kpi.measures(_district_ids(request.user), "month", first, last), first, last)
    total = _total(months)
    breakdown = months if dimension == "month" else _breakdown(request.user, dimension, first, last)
    return render(request, "appeals/kpi.html", {
        "form": form,
        "first": first, "last": last, "dimension": dimension,
        "dimension_label": kpi.DIMENSIONS[dimension],
        "tiles": [{"label": label, "help": MEASURE_HELP[name], "cell": _cell(getattr(total, name), how)}
                  for name, label, how in MEASURES],
        "counts": [(label, getattr(total, name)) for name, label in COUNTS],
        "measure_heads": [label for _name, label, _how in MEASURES],
        "count_heads": [label for _name, label in COUNTS],
        "rows": _rows(breakdown),
        "chart": _chart(months),
        "chart_table": _chart_table(months),
        "export_query": request.GET.urlencode(),
    })


@for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER)
def measures_export(request: HttpRequest) -> HttpResponse:
    """One sheet per breakdown, the month range of the page; numbers as numbers, rates as percentages."""
    _form, choice = _read(request)
    first, last = choice["first"], choice["last"]
    book = Workbook()
    book.remove(book.active)
    heads = ([str(kpi.DIMENSIONS["all"])] + [str(label) for _n, label in COUNTS]
             + [str(label) for _n, label, _h in MEASURES])
    for dimension in BREAKDOWNS:
        sheet = book.create_sheet(str(kpi.DIMENSIONS[dimension])[:31])
        safe_append(sheet, [f"{first:%Y-%m} — {last:%Y-%m}"])
        heads[0] = str(kpi.DIMENSIONS[dimension])
        safe_append(sheet, heads)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        items = (_month_series(kpi.measures(_district_ids(request.user), "month", first, last), first, last)
                 if dimension == "month" else _breakdown(request.user, dimension, first, last))
        for item in [*items, _total(items)]:
            label = item.label or item.key or _("total")
            values = [getattr(item, name) for name, _l, _h in MEASURES]
            safe_append(sheet, [label, *(getattr(item, name) for name, _l in COUNTS),
                          *(round(v, 4) if v is not None else None for v in values)])
        for row in sheet.iter_rows(min_row=3, min_col=len(COUNTS) + 2, max_col=len(COUNTS) + len(MEASURES)):
            for cell in row:
                cell.number_format = "0.0%"
        sheet.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    record(Action.EXPORT, request=request, object_type="appeals.kpicell",
           summary=f"导出诉求办理指标 {first:%Y-%m} 至 {last:%Y-%m}",
           data={"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}", "district_id": request.user.district_id})
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="appeal-measures-{first:%Y%m}-{last:%Y%m}.xlsx"'
    return response
