"""The private-economy indicators' pages (民营经济指标) under /cockpit/indicators/: FIC staff and district
leaders read them (a city-level user one district at a time, chosen with ``?district=``); FIC staff enter
and correct values, add custom indicators, change a custom one without values, retire and restore any.
The rules are kaopu.insights.actions'; who sees which district's values is kaopu.insights.permissions'."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.page_actions import attempt, submit
from kaopu.core.workdays import local_today
from kaopu.insights import actions, cockpit, selectors
from kaopu.insights.forms import DistrictForm, IndicatorForm, ValueForm
from kaopu.insights.models import Indicator, IndicatorValue
from kaopu.insights.permissions import may_enter


def _district(request: HttpRequest) -> tuple[DistrictForm, int, str]:
    form = DistrictForm(request.GET or None, districts=cockpit.visible_districts(request.user))
    pk, name = form.chosen()
    return form, pk, name


def _to(name: str, district_id: int, *args: Any) -> str:
    return f"{reverse(name, args=args)}?{urlencode({'district': district_id})}"


@staff_and_leaders
def indicator_list(request: HttpRequest) -> HttpResponse:
    """Every indicator with its definition, its latest value and the last five years: three queries."""
    form, district_id, district_name = _district(request)
    years = selectors.recent_years(local_today().year - 1)
    return render(request, "insights/indicator_list.html", {
        "form": form, "city_level": len(form.districts) > 1, "district_id": district_id,
        "district_name": district_name, "years": years,
        "lines": [(line, line.years(years)) for line in selectors.overview(request.user, district_id, years)],
        "may_enter": may_enter(request.user)})


def _detail(request: HttpRequest, indicator: Indicator, form: ValueForm | None,
            district: tuple[DistrictForm, int, str]) -> HttpResponse:
    district_form, district_id, district_name = district
    return render(request, "insights/indicator_detail.html", {
        "indicator": indicator, "form": form, "district_form": district_form, "district_id": district_id,
        "district_name": district_name, "city_level": len(district_form.districts) > 1,
        "values": selectors.values_of(request.user, indicator, district_id),
        "may_enter": may_enter(request.user)})


@staff_and_leaders
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator's values in one district, and (staff, an active indicator) the form to enter one."""
    indicator = access.get_object_for_user(request.user, Indicator, pk)
    district = _district(request)
    form = None
    if may_enter(request.user) and indicator.is_active:
        form = ValueForm(request.POST or None, unit=indicator.unit)
        if request.method == "POST" and submit(request, form, lambda: actions.enter_value(
                acting_user=request.user, indicator=indicator.pk, district=district[1], **form.cleaned_data),
                _("The value was entered.")):
            return redirect(_to("insights:indicator_detail", district[1], indicator.pk))
    return _detail(request, indicator, form, district)


@staff_only
def value_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a value (its period stays); the audit log keeps what it was."""
    row = access.get_object_for_user(request.user, IndicatorValue.objects.select_related("indicator", "district"),
                                     pk, "change")
    form = ValueForm(request.POST or None, initial=ValueForm.initial_of(row), unit=row.indicator.unit,
                     correcting=True)
    if request.method == "POST" and submit(request, form, lambda: actions.correct_value(
            row.pk, acting_user=request.user, **form.cleaned_data), _("The value was corrected.")):
        return redirect(_to("insights:indicator_detail", row.district_id, row.indicator_id))
    return render(request, "insights/value_form.html", {"row": row, "form": form})


def _indicator_form(request: HttpRequest, indicator: Indicator | None) -> HttpResponse:
    form = IndicatorForm(request.POST or None, initial={} if indicator is None else {
        "name": indicator.name, "unit": indicator.unit, "definition": indicator.definition})
    if request.method == "POST":
        if indicator is None:
            saved = submit(request, form, lambda: actions.add_indicator(acting_user=request.user, **form.cleaned_data),
                           _("The indicator was added."))
        else:
            saved = submit(request, form, lambda: actions.update_indicator(
                indicator.pk, acting_user=request.user, **form.cleaned_data), _("The indicator was saved."))
        if saved:
            return redirect("insights:indicator_detail", pk=saved.pk)
    return render(request, "insights/indicator_form.html", {"form": form, "indicator": indicator})


@staff_only
def indicator_new(request: HttpRequest) -> HttpResponse:
    return _indicator_form(request, None)


@staff_only
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _indicator_form(request, access.get_object_for_user(request.user, Indicator, pk, "change"))


@staff_only
@require_POST
def indicator_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Retire an indicator (``active=0``) or bring it back (``active=1``)."""
    indicator = access.get_object_for_user(request.user, Indicator, pk, "change")
    active = request.POST.get("active") == "1"
    attempt(request, lambda: actions.set_indicator_active(indicator.pk, acting_user=request.user, active=active),
            _("The indicator is in use again.") if active else _("The indicator was retired."))
    return redirect("insights:indicator_detail", pk=indicator.pk)

