"""The appeals' figures and charts on the cockpit (kaopu.core.registry), read from the measures' rollup.

Every figure of a period is one sum over KpiCell (kaopu.appeals.kpi): the cockpit never scans the appeals
table. "Overdue now" describes the moment, not a period: one count bounded by the partial due_on index
(selectors.overdue, the same condition as the staff list's overdue filter and the start pages' to-do).
The measures page (views_kpi) shows the same labels and definitions, taken from here.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from kaopu.appeals import kpi, selectors
from kaopu.appeals.models import Appeal
from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry

MODULE = _("Appeals")
# A department is ranked only with at least this many appeals closed in the period, so that one with a
# single appeal closed on time does not top the ranking (settings.APPEALS_RANKING_MIN_CLOSED overrides).
RANKING_MIN_CLOSED = 5
RANKING_SIZE = 10
HOTSPOTS = 10
TREND_MONTHS = 12

# key, attribute of kpi.Measures, label, definition, unit, better
_MEASURES = [
    ("appeals.received", "submitted", _("appeals received"),
     _("appeals submitted in the period, whatever became of them (counted in the month they were submitted)"),
     "count", ""),
    ("appeals.response_rate", "response_rate", _("response rate"),
     _("signed for by the department within its deadline, of appeals dispatched"), "percent", "up"),
    ("appeals.completion_rate", "completion_rate", _("completion rate"),
     _("closed, of appeals accepted (withdrawn and merged ones not counted)"), "percent", "up"),
    ("appeals.on_time_rate", "on_time_rate", _("on-time completion rate"),
     _("closed with every reply by its deadline, of closed appeals"), "percent", "up"),
    ("appeals.satisfaction_rate", "satisfaction_rate", _("satisfaction rate"),
     _("非常满意, 满意 or 基本满意, of closed appeals that were rated"), "percent", "up"),
    ("appeals.follow_up_rate", "follow_up_rate", _("follow-up rate"),
     _("rated by the enterprise, of closed appeals"), "percent", "up"),
    ("appeals.mean_reply_days", "mean_reply_days", _("mean working days to reply"),
     _("from submission to the first reply"), "days", "down"),
    ("appeals.escalated", "escalated", _("escalated"),
     _("appeals escalated (督办) at least once: a deadline passed and the appeal was escalated to FIC staff and "
       "the department head, or a third unsatisfied rating sent it to FIC arbitration"), "count", "down"),
    ("appeals.reopened", "reopened", _("reopened"),
     _("appeals reopened at least once because the enterprise rated the reply 不满意 or 非常不满意"),
     "count", "down"),
]
METRICS = tuple(Metric(key, label, definition, unit, better, order=index)  # type: ignore[arg-type]
                for index, (key, _name, label, definition, unit, better) in enumerate(_MEASURES))
# The measures page's tiles read their definitions here (one definition wherever a figure is shown).
DEFINITIONS = {name: definition for _key, name, _label, definition, _unit, _better in _MEASURES}
OVERDUE = Metric("appeals.overdue_now", _("overdue now"),
                 _("open appeals (not yet replied to or rated) past the deadline of the step they wait for, today"),
                 "count", "down", order=len(METRICS))


def months(scope: Scope) -> tuple[date, date]:
    """The rollup counts appeals by the month they were submitted: the scope's first and last months."""
    return scope.start.replace(day=1), scope.end.replace(day=1)


def _values(measures: kpi.Measures | None) -> dict[str, Number]:
    measures = measures or kpi.Measures(key="")
    return {key: getattr(measures, name) for key, name, *_rest in _MEASURES}


def compute(scope: Scope) -> dict[str, Number]:
    found = kpi.measures(scope.district_ids, "all", *months(scope))
    return _values(found[0] if found else None)


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    found = {int(m.key): m for m in kpi.measures(scope.district_ids, "district", *months(scope))}
    return {district_id: _values(found.get(district_id)) for district_id in scope.district_ids}


def _overdue(scope: Scope) -> dict[str, Number]:
    appeals = Appeal.objects.filter(district_id__in=scope.district_ids)
    return {OVERDUE.key: selectors.overdue(appeals).count()}


def _overdue_by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    appeals = Appeal.objects.filter(district_id__in=scope.district_ids)
    counts = dict(selectors.overdue(appeals).order_by().values_list("district_id").annotate(n=Count("id")))
    return {district_id: {OVERDUE.key: counts.get(district_id, 0)} for district_id in scope.district_ids}


# --- Charts ------------------------------------------------------------------------------------

def ranking_min_closed() -> int:
    return int(getattr(settings, "APPEALS_RANKING_MIN_CLOSED", RANKING_MIN_CLOSED))


def department_ranking(scope: Scope) -> ChartData:
    """Departments by on-time completion, then satisfaction, then volume; only those with enough
    closed appeals in the period."""
    least = ranking_min_closed()
    ranked = [m for m in kpi.measures(scope.district_ids, "department", *months(scope))
              if m.key and m.closed >= least]
    ranked.sort(key=lambda m: (-(m.on_time_rate or 0), -(m.satisfaction_rate or 0), -m.closed, m.key))
    ranked = ranked[:RANKING_SIZE]
    names = kpi.labels("department", [m.key for m in ranked])
    return ChartData(columns=(_("on-time completion rate"), _("satisfaction rate"), _("number closed")),
                     rows=[(names[m.key], (m.on_time_rate, m.satisfaction_rate, m.closed)) for m in ranked],
                     units=("percent", "percent", "count"),
                     note=str(_("Only departments with at least %(n)s appeals closed in the period are ranked; "
                                "the first %(size)s are shown.") % {"n": least, "size": RANKING_SIZE}))


def _hotspots(dimension: str, scope: Scope) -> ChartData:
    found = sorted(kpi.measures(scope.district_ids, dimension, *months(scope)), key=lambda m: (-m.submitted, m.key))
    top = found[:HOTSPOTS]
    names = kpi.labels(dimension, [m.key for m in top])
    rest = sum(m.submitted for m in found[HOTSPOTS:])
    rows: list[tuple[str, tuple[Number, ...]]] = [(names[m.key], (m.submitted, m.closed)) for m in top]
    note = ""
    if rest:
        rows.append((str(_("others")), (rest, sum(m.closed for m in found[HOTSPOTS:]))))
        note = str(_("The %(n)s largest are shown; the rest are summed as “others”.") % {"n": HOTSPOTS})
    return ChartData(columns=(_("appeals received"), _("number closed")), rows=rows, units=("count", "count"),
                     note=note)


def hotspots_by_category(scope: Scope) -> ChartData:
    return _hotspots("category", scope)


def hotspots_by_subdistrict(scope: Scope) -> ChartData:
    return _hotspots("subdistrict", scope)


def _add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def monthly_trend(scope: Scope) -> ChartData:
    """The period's months, at least the 12 months up to its last one, empty months included."""
    first, last = months(scope)
    first = min(first, _add_months(last, 1 - TREND_MONTHS))
    found = {m.key: m for m in kpi.measures(scope.district_ids, "month", first, last)}
    rows: list[tuple[str, tuple[Number, ...]]] = []
    month = first
    while month <= last:
        m = found.get(f"{month:%Y-%m}") or kpi.Measures(key="")
        rows.append((f"{month:%Y-%m}", (m.submitted, m.completion_rate, m.on_time_rate, m.satisfaction_rate)))
        month = _add_months(month, 1)
    return ChartData(columns=(_("appeals received"), _("completion rate"), _("on-time completion rate"),
                              _("satisfaction rate")),
                     rows=rows, units=("count", "percent", "percent", "percent"))


registry.add_source(MetricSource(module=MODULE, metrics=METRICS, compute=compute, by_district=by_district,
                                 order=10))
registry.add_source(MetricSource(module=MODULE, metrics=(OVERDUE,), compute=_overdue,
                                 by_district=_overdue_by_district, as_of_now=frozenset({OVERDUE.key}), order=11))
registry.add_chart(Chart("appeals.department_ranking", _("Departments by on-time completion and satisfaction"),
                         MODULE, "hbar", department_ranking, order=10,
                         definition=_("Lead departments of the appeals submitted in the period, by on-time "
                                      "completion rate, then satisfaction rate; only departments with enough "
                                      "closed appeals are ranked (the rule is shown under the chart).")))
registry.add_chart(Chart("appeals.hotspots_category", _("Hotspots by category"), MODULE, "hbar",
                         hotspots_by_category, order=11,
                         definition=_("Appeals submitted in the period, by subject category, the largest first.")))
registry.add_chart(Chart("appeals.hotspots_subdistrict", _("Hotspots by subdistrict"), MODULE, "hbar",
                         hotspots_by_subdistrict, order=12,
                         definition=_("Appeals submitted in the period, by the subdistrict of the enterprise, "
                                      "the largest first.")))
registry.add_chart(Chart("appeals.monthly_trend", _("Appeals by month"), MODULE, "bar", monthly_trend, order=13,
                         definition=_("Appeals submitted per month (bars) and, of those, the completion, on-time "
                                      "completion and satisfaction rates (lines); at least the last 12 months of "
                                      "the period are shown.")))
