"""Every change of the private-economy indicators (民营经济指标): indicators added, changed and retired, and
their values entered and corrected.

One function per use case, each in one transaction that locks the row it changes and appends an audit
entry naming the indicator, the district and the period in words. Refusals raise :class:`IndicatorError`
with the field it concerns and a message that names the field and the rule; a district's staff naming
another district (a guessed id) get Http404, as for any row they may not see.

Values: FIC staff of a district enter their district's, city-level staff (no district) any district's;
one value per indicator, district and period (a year, or a quarter of it). Entering locks the indicator's
row, so that a custom indicator's unit cannot change under a value being entered (its unit is fixed once
it has values), and a retired indicator takes no new value.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.workdays import local_today
from kaopu.directory.models import District
from kaopu.insights.inputs import IndicatorError, read, read_period, read_value, source_date
from kaopu.insights.models import Indicator, IndicatorValue, Unit, period_words, value_words
from kaopu.insights.permissions import may_enter

_refuse, _text = read.refuse, read.text


def _staff_only(user: Any) -> None:
    if not may_enter(user):
        raise IndicatorError("user", _("Only FIC staff enter indicators and their values; leaders read them."))


def _facts(values: dict[str, Any], unit: str, year: int, quarter: int | None, today: date) -> dict[str, Any]:
    return {"value": read_value(values.get("value"), unit),
            "source": _text(values.get("source"), "source", _("Source"), 200, required=True),
            "source_date": source_date(values.get("source_date"), year, quarter, today),
            "note": _text(values.get("note"), "note", pgettext("indicator", "Note"), 1000)}


def _district(user: Any, district: Any) -> District:
    """The district a value is for: a district's staff their own (another one's id answers 404, like any
    row they may not see); city-level staff any district, which they must choose."""
    pk = getattr(district, "pk", district)
    if user.district_id is not None:
        if pk not in (None, "") and str(pk) != str(user.district_id):
            raise Http404
        return District.objects.get(pk=user.district_id)
    found = District.objects.filter(pk=pk).first() if str(pk or "").isdigit() else None
    if found is None:
        raise _refuse("district", _("District"), _("please choose a district."))
    return found


# --- the audit's words -------------------------------------------------------------------------------------

def _words(row: IndicatorValue) -> str:
    """民营经济指标「市场主体占比」普陀区2025年数值."""
    return f"民营经济指标「{row.indicator.name}」{row.district.name}{period_words(row.year, row.quarter)}数值"


FIELD_WORDS = {"value": "数值", "source": "来源", "source_date": "发布日期", "note": "备注"}


def _facts_of(row: IndicatorValue) -> dict[str, str]:
    return {"value": value_words(row.value, row.indicator.unit), "source": row.source,
            "source_date": f"{row.source_date:%Y-%m-%d}", "note": row.note}


# --- values ------------------------------------------------------------------------------------------------

@transaction.atomic
def enter_value(*, acting_user: Any, indicator: Any, district: Any = None, year: Any, quarter: Any = None,
                **values: Any) -> IndicatorValue:
    """A new value of an active indicator for a district and a period, with its source and the source's date.
    Errors: not staff; a missing or bad field (period, value, source, date); a retired indicator; a period
    that already has a value (correct that one instead). Http404: an indicator or district out of reach."""
    _staff_only(acting_user)
    chosen = access.get_object_for_user(acting_user, Indicator.objects.select_for_update(),
                                        getattr(indicator, "pk", indicator), "change")
    target = _district(acting_user, district)
    today = local_today()
    year_number, quarter_number = read_period(year, quarter, today)
    if not chosen.is_active:
        raise IndicatorError("indicator", _("Indicator: “%(name)s” is retired and takes no new values.")
                             % {"name": chosen.name})
    facts = _facts(values, chosen.unit, year_number, quarter_number, today)
    taken = _("Period: %(period)s already has a value; correct that value instead.") % {
        "period": period_words(year_number, quarter_number)}
    same = IndicatorValue.objects.filter(indicator=chosen, district=target, year=year_number, quarter=quarter_number)
    if same.exists():
        raise IndicatorError("year", taken)
    row = IndicatorValue(indicator=chosen, district=target, year=year_number, quarter=quarter_number,
                         is_percent=chosen.is_percent, entered_by=acting_user, **facts)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # a colleague entered the same period a moment before
        raise IndicatorError("year", taken) from None
    record(Action.CREATE, actor=acting_user, target=row,
           summary=f"录入{_words(row)}：{value_words(row.value, chosen.unit)}（来源：{row.source}，"
                   f"发布日期 {row.source_date:%Y-%m-%d}）",
           data={"indicator": chosen.key, "district": target.name, "year": row.year, "quarter": row.quarter,
                 "after": _facts_of(row)})
    return row


@transaction.atomic
def correct_value(value_row: Any, *, acting_user: Any, **values: Any) -> IndicatorValue:
    """A value corrected: its value, source, source date and note replaced (the period stays); the audit
    entry says each changed field before and after. Errors as :func:`enter_value`; Http404 for a value of a
    district the user may not change."""
    _staff_only(acting_user)
    row = access.get_object_for_user(
        acting_user, IndicatorValue.objects.select_related("indicator", "district").select_for_update(of=("self",)),
        getattr(value_row, "pk", value_row), "change")
    before = _facts_of(row)
    for name, fact in _facts(values, row.indicator.unit, row.year, row.quarter, local_today()).items():
        setattr(row, name, fact)
    row.corrected_by, row.corrected_at = acting_user, timezone.now()
    row.save()
    after = _facts_of(row)
    changed = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    words = "；".join(f"{FIELD_WORDS[name]}由“{old}”改为“{new}”" for name, (old, new) in changed.items())
    record(Action.UPDATE, actor=acting_user, target=row, summary=f"更正{_words(row)}：{words or '无改动'}",
           data={"indicator": row.indicator.key, "district": row.district.name, "year": row.year,
                 "quarter": row.quarter, "before": before, "after": after, "changed": changed})
    return row


# --- indicators --------------------------------------------------------------------------------------------

def _definition_fields(values: dict[str, Any]) -> dict[str, Any]:
    unit = values.get("unit") or ""
    if unit not in Unit.values:
        raise _refuse("unit", pgettext("indicator", "Unit"), _("please choose one of the list."))
    return {"name": _text(values.get("name"), "name", pgettext("indicator", "Name"), 50, required=True),
            "unit": unit,
            "definition": _text(values.get("definition"), "definition", _("Definition"), 1000, required=True)}


def _saved(row: Indicator) -> None:
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise _refuse("name", pgettext("indicator", "Name"), _("another indicator has this name.")) from None


@transaction.atomic
def add_indicator(*, acting_user: Any, **values: Any) -> Indicator:
    """A custom indicator (name, unit, definition), active, after the built-ins. Errors: not staff; an empty
    or too long name or definition, a name another indicator has, a unit not in the list."""
    _staff_only(acting_user)
    row = Indicator(key=f"custom_{uuid.uuid4().hex[:12]}", **_definition_fields(values))
    _saved(row)
    record(Action.CREATE, actor=acting_user, target=row,
           summary=f"新增民营经济指标「{row.name}」（单位：{row.get_unit_display()}）",
           data={"key": row.key, "unit": row.unit, "definition": row.definition})
    return row


@transaction.atomic
def update_indicator(indicator: Any, *, acting_user: Any, **values: Any) -> Indicator:
    """A custom indicator's name, unit and definition changed, while it has no value (a value means what
    its indicator said when it was entered). Errors as :func:`add_indicator`; a built-in indicator; an
    indicator that has values."""
    _staff_only(acting_user)
    row = access.get_object_for_user(acting_user, Indicator.objects.select_for_update(),
                                     getattr(indicator, "pk", indicator), "change")
    if row.is_builtin:
        raise IndicatorError("name", _("A built-in indicator keeps its name, unit and definition."))
    if row.values.exists():
        raise IndicatorError("name", _("“%(name)s” has values already: its name, unit and definition stay as "
                                       "they were when the values were entered. Retire it and add a new one.")
                             % {"name": row.name})
    before = {"name": row.name, "unit": row.unit, "definition": row.definition}
    for name, value in _definition_fields(values).items():
        setattr(row, name, value)
    _saved(row)
    record(Action.UPDATE, actor=acting_user, target=row,
           summary=f"修改民营经济指标「{row.name}」（原为「{before['name']}」）",
           data={"before": before, "after": {"name": row.name, "unit": row.unit, "definition": row.definition}})
    return row


@transaction.atomic
def set_indicator_active(indicator: Any, *, acting_user: Any, active: bool) -> Indicator:
    """Retire an indicator (it takes no new value and leaves the cockpit's trend; its values stay) or bring
    it back. Errors: not staff."""
    _staff_only(acting_user)
    row = access.get_object_for_user(acting_user, Indicator.objects.select_for_update(),
                                     getattr(indicator, "pk", indicator), "change")
    row.is_active = bool(active)
    row.save(update_fields=["is_active"])
    record(Action.UPDATE, actor=acting_user, target=row,
           summary=f"{'恢复启用' if row.is_active else '停用'}民营经济指标「{row.name}」",
           data={"is_active": row.is_active})
    return row
