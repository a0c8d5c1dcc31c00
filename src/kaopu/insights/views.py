"""The cockpit (领导驾驶舱) for FIC staff and district leaders, its definitions page and the download of
each chart's numbers. What is shown comes from the registry (kaopu.insights.cockpit); a district's
staff and leaders see their district only, a city-level user every district or the one they choose."""

from __future__ import annotations

import io
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core.decorators import staff_and_leaders
from kaopu.core.downloads import XLSX
from kaopu.core.registry import ChartData, registry
from kaopu.core.spreadsheet import safe_append
from kaopu.insights import cockpit
from kaopu.insights.forms import CockpitForm
from kaopu.insights.periods import Period

COMPARISON_KEY = "insights.districts"
# Excel's number format of each unit of kaopu.core.registry (whole numbers otherwise).
NUMBER_FORMATS = {"percent": "0.0%", "days": "0.0", "score": "0.0", "yuan": "#,##0.00"}


def _read(request: HttpRequest) -> tuple[CockpitForm, Period, list[tuple[int, str]], bool]:
    """The form, the period, the districts covered and whether they are compared side by side."""
    districts = cockpit.visible_districts(request.user)
    form = CockpitForm(request.GET or None, districts=districts)
    period, district = form.chosen()
    if district:
        districts = [d for d in districts if str(d[0]) == district]
    return form, period, districts, form.city_level and len(districts) > 1


@staff_and_leaders
def cockpit_page(request: HttpRequest) -> HttpResponse:
    form, period, districts, compared = _read(request)
    district_ids = tuple(pk for pk, _name in districts)
    return render(request, "insights/cockpit.html", {
        "form": form, "period": period, "previous": period.previous(), "year_before": period.year_before(),
        "sections": cockpit.sections(district_ids, period) if district_ids else [],
        "comparison": cockpit.compare_districts(districts, period) if compared else None,
        "comparison_key": COMPARISON_KEY,
        "district_names": [name for _pk, name in districts],
        "query": request.GET.urlencode(),
    })


@staff_and_leaders
def definitions_page(request: HttpRequest) -> HttpResponse:
    modules: dict[str, dict[str, list[Any]]] = {}
    for source in registry.ordered_sources():
        modules.setdefault(str(source.module), {"metrics": [], "charts": []})["metrics"].extend(
            sorted(source.metrics, key=lambda m: (m.order, m.key)))
    for chart in registry.ordered_charts():
        modules.setdefault(str(chart.module), {"metrics": [], "charts": []})["charts"].append(chart)
    todos = sorted(registry.todos.values(), key=lambda t: (t.order, t.key))
    return render(request, "insights/definitions.html", {"modules": modules, "todos": todos})


@staff_and_leaders
def chart_export(request: HttpRequest, key: str) -> HttpResponse:
    """One chart's numbers as a small workbook, downloaded at once (a few dozen rows); audited."""
    _form, period, districts, compared = _read(request)
    district_ids = tuple(pk for pk, _name in districts)
    if key == COMPARISON_KEY and compared:
        title, data = _("Districts compared"), cockpit.compare_districts(districts, period).data
    elif key in registry.charts and district_ids:
        chart = registry.charts[key]
        title, data = str(chart.label), chart.data(cockpit.scope_of(district_ids, period))
    else:
        raise Http404
    response = HttpResponse(_workbook(str(title), period, data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{key}-{period.first:%Y%m}-{period.last:%Y%m}.xlsx"'
    record(Action.EXPORT, request=request, object_type="insights.chart", object_id=key,
           summary=f"导出看板图表「{title}」{period}",
           data={"chart": key, "first": f"{period.first:%Y-%m}", "last": f"{period.last:%Y-%m}",
                 "district_ids": list(district_ids)})
    return response


def _workbook(title: str, period: Period, data: ChartData) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31].translate(str.maketrans("[]:*?/\\", "（）：＊？／＼"))
    safe_append(sheet, [title, str(period)])
    if data.note:
        safe_append(sheet, [data.note])
    safe_append(sheet, ["", *(str(c) for c in data.columns)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    units = data.units or ("count",) * len(data.columns)
    for label, values in data.rows:
        safe_append(sheet, [label, *(cockpit.as_float(v) for v in values)])
        for cell, unit in zip(sheet[sheet.max_row][1:], units, strict=False):
            cell.number_format = NUMBER_FORMATS.get(unit, "#,##0")
    sheet.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
