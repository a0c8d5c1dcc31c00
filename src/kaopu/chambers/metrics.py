"""The chambers' figures of the cockpit (领导驾驶舱) and the work report (kaopu.core.registry).

Two sources. What the chambers ARE on a day (chambers active, their members) is read from the dates the
records keep — a chamber's founding and the day it merged or was dissolved (``status_changed_on``), a
membership period's ``joined_on`` and ``left_on`` — as of the end of the scope's as-of day (the last day
of a past period's report), or of today on the cockpit, where they describe the moment (``as_of_now``).
What HAPPENED in the period: enterprises that joined a chamber (a role change, which ends one period and
opens the next on the same day, is not a joining), and the Four-Good evaluation's results, dated by the
day staff recorded for the result (``Application.result_on``: the evaluation's cycles have no date of
their own but the years they evaluate).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.chambers.models import Application, Chamber, Membership
from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.core.workdays import local_today

MODULE = _("Chambers of commerce")
R = Application.Result

STANDING_METRICS = (
    Metric("chambers.active", _("Chambers active"), _(
        "Chambers of commerce of the district founded by the end of the day the figure describes (today on "
        "the cockpit, the as-of day of a past period's report) and not merged or dissolved by then."),
        better="", order=10),
    Metric("chambers.members", _("Chamber members"), _(
        "Member enterprises of the active chambers at the end of the day the figure describes (today on the "
        "cockpit, the as-of day of a past period's report): membership periods begun by then and not ended "
        "by then; an enterprise in two chambers counts in both."), order=11),
)

METRICS = (
    Metric("chambers.members_joined", _("Enterprises joining chambers"), _(
        "Enterprises that joined a chamber of the district on a day of the period (the joining date "
        "recorded), each joining counted; a change of role in the chamber is not a joining."), order=12),
    Metric("chambers.fourgood_results", _("Four-Good evaluation results"), _(
        "Chambers whose Four-Good chamber evaluation result (recognised or not) is dated on a day of the "
        "period (the date staff recorded for the result)."), better="", order=13),
    Metric("chambers.fourgood_recognised", _("Chambers recognised as Four-Good chambers"), _(
        "Of the Four-Good evaluation results dated in the period, the chambers recognised as Four-Good "
        "chambers, at the district, city or national level."), order=14),
)


def _day(scope: Scope) -> date:
    return scope.as_of or local_today()


def _active(day: date) -> Q:
    """A chamber active at the end of ``day``: founded by then, not merged or dissolved by then (a chamber
    made active again keeps no date of its earlier ending)."""
    return Q(founded_on__lte=day) & (Q(status=Chamber.Status.ACTIVE) | Q(status_changed_on__gt=day))


def _chambers(scope: Scope) -> QuerySet[Chamber]:
    return Chamber.objects.filter(_active(_day(scope)), district_id__in=scope.district_ids)


def _members(scope: Scope) -> QuerySet[Membership]:
    day = _day(scope)
    return Membership.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=day), joined_on__lte=day,
                                     chamber__in=_chambers(scope))


def _counts(queryset: QuerySet, district_field: str) -> dict[int, int]:  # type: ignore[type-arg]
    return dict(queryset.order_by().values(district_field).annotate(n=Count("id")).values_list(district_field, "n"))


def standing_compute(scope: Scope) -> dict[str, Number]:
    """Two queries."""
    return {"chambers.active": _chambers(scope).count(), "chambers.members": _members(scope).count()}


def standing_by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """Two grouped queries; a district without a chamber has zeros."""
    chambers, members = _counts(_chambers(scope), "district_id"), _counts(_members(scope), "chamber__district_id")
    return {district: {"chambers.active": chambers.get(district, 0), "chambers.members": members.get(district, 0)}
            for district in scope.district_ids}


def _joined(scope: Scope) -> QuerySet[Membership]:
    """Periods begun in the period that do not continue a period of the same enterprise in the same chamber
    ended that day (a role change)."""
    continued = Membership.objects.filter(chamber=OuterRef("chamber"), enterprise=OuterRef("enterprise"),
                                          left_on=OuterRef("joined_on")).exclude(pk=OuterRef("pk"))
    return Membership.objects.filter(~Exists(continued), chamber__district_id__in=scope.district_ids,
                                     joined_on__gte=scope.start, joined_on__lte=scope.end)


def _results(scope: Scope) -> QuerySet[Application]:
    return Application.objects.filter(cycle__district_id__in=scope.district_ids, result_on__gte=scope.start,
                                      result_on__lte=scope.end).exclude(result="")


RESULT_SUMS = {"results": Count("id"), "recognised": Count("id", filter=Q(result=R.RECOGNISED))}


def _values(joined: int, results: dict[str, int]) -> dict[str, Number]:
    return {"chambers.members_joined": joined, "chambers.fourgood_results": results.get("results") or 0,
            "chambers.fourgood_recognised": results.get("recognised") or 0}


def compute(scope: Scope) -> dict[str, Number]:
    """Two queries."""
    return _values(_joined(scope).count(), _results(scope).aggregate(**RESULT_SUMS))


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """Two grouped queries; a district without a chamber has zeros."""
    joined = _counts(_joined(scope), "chamber__district_id")
    results = {row.pop("cycle__district_id"): row for row in
               _results(scope).order_by().values("cycle__district_id").annotate(**RESULT_SUMS)}
    return {district: _values(joined.get(district, 0), results.get(district, {})) for district in scope.district_ids}


def fourgood_by_level(scope: Scope) -> ChartData:
    """Every level in its order, then those not recognised (one query)."""
    counts = {(result, level): n for result, level, n in _results(scope).order_by().values("result", "result_level")
              .annotate(n=Count("id")).values_list("result", "result_level", "n")}
    rows = [(str(label), (counts.get((R.RECOGNISED, level), 0),)) for level, label in Application.Level.choices]
    rows.append((str(R.NOT_RECOGNISED.label), (counts.get((R.NOT_RECOGNISED, ""), 0),)))
    return ChartData(columns=(_("Chambers"),), rows=rows, units=("count",))


registry.add_source(MetricSource(module=MODULE, metrics=STANDING_METRICS, compute=standing_compute,
                                 by_district=standing_by_district,
                                 as_of_now=frozenset(m.key for m in STANDING_METRICS), reads_past_days=True,
                                 order=65))
registry.add_source(MetricSource(module=MODULE, metrics=METRICS, compute=compute, by_district=by_district,
                                 order=66))
registry.add_chart(Chart(
    key="chambers.fourgood_by_level", label=_("Four-Good evaluation results by level"), module=MODULE,
    kind="bar", data=fourgood_by_level, order=65, definition=_(
        "The Four-Good evaluation results dated in the period (the date staff recorded for the result): the "
        "chambers recognised at each level, and those not recognised.")))
