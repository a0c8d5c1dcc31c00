"""The giving figures of the cockpit (领导驾驶舱) and, later, of the work report (kaopu.core.registry).

“Amount donated” is the money and the value of goods of the CONFIRMED donations made on a day of the
period (kaopu.giving.selectors.between: the one definition the totals page shares); “honours” counts the
honours of the years the period touches (an honour is dated by its year only).
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.core.workdays import local_day_end
from kaopu.giving import selectors
from kaopu.giving.models import Donation, Honour

MODULE = _("Social responsibility and honours")

METRICS = (
    Metric("giving.donations_amount", _("Amount donated"), _(
        "Money and the value of goods of the confirmed donations made on a day of the period, by enterprises, "
        "their people and chambers of the district (reported donations count once staff confirm them: those "
        "confirmed by now, or by the end of the as-of day for a past period's report)."),
        unit="yuan", order=10),
    Metric("giving.honours", _("Honours won"), _(
        "Honours recorded for a year the period touches (an honour is dated by its year), won by the FIC, the "
        "chambers, enterprises and entrepreneurs of the district, at every level."), order=11),
)


def _donations(scope: Scope) -> QuerySet[Donation]:
    """The donations made in the period; as of a past day, those confirmed by its end (``decided_at`` is the
    moment of the confirmation)."""
    donations = selectors.between(Donation.objects.filter(district_id__in=scope.district_ids), scope.start,
                                  scope.end)
    confirmed_before = local_day_end(scope.as_of)
    return donations if confirmed_before is None else donations.filter(decided_at__lt=confirmed_before)


def _honours(scope: Scope) -> QuerySet[Honour]:
    return Honour.objects.filter(district_id__in=scope.district_ids, year__gte=scope.start.year,
                                 year__lte=scope.end.year)


def compute(scope: Scope) -> dict[str, Number]:
    """Two queries."""
    return {"giving.donations_amount": selectors.total(_donations(scope)).total,
            "giving.honours": _honours(scope).count()}


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """Two grouped queries; a district without a donation or honour has zeros."""
    amounts = {row["district_id"]: selectors.amounts_of(row).total for row in selectors.confirmed(_donations(scope))
               .values("district_id").annotate(**selectors.AGGREGATES).order_by()}
    honours = dict(_honours(scope).values("district_id").annotate(n=Count("id")).order_by()
                   .values_list("district_id", "n"))
    return {district: {"giving.donations_amount": amounts.get(district, selectors.ZERO),
                       "giving.honours": honours.get(district, 0)} for district in scope.district_ids}


def donations_by_category(scope: Scope) -> ChartData:
    rows = selectors.by_category(_donations(scope))
    return ChartData(columns=(_("Amount donated"),), rows=[(name, (a.total,)) for name, a in rows], units=("yuan",))


registry.add_source(MetricSource(module=MODULE, metrics=METRICS, compute=compute, by_district=by_district,
                                 order=75))
registry.add_chart(Chart(
    key="giving.donations_by_category", label=_("Donations by category"), module=MODULE, kind="bar",
    data=donations_by_category, order=75, definition=_(
        "The money and goods of the confirmed donations made in the period (confirmed by the end of the as-of "
        "day for a past period's report), by category.")))
