"""The financing figures the cockpit (领导驾驶舱) shows, registered in kaopu.core.registry.

They are the totals of the figures page (kaopu.finance.figures): the demands *submitted* in the period
and what became of them since, read by the same :func:`figures.totals` and :func:`figures.bank_rows`,
so that the cockpit and the figures page show one number. The registry wants money in yuan: the
tables keep 万元 to the yuan (kaopu.core.money), multiplied here, exactly.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.core.money import wan_to_yuan
from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.core.workdays import local_day_end
from kaopu.finance import figures
from kaopu.finance.models import DemandPush, FinancingDemand

MODULE = _("Financing")
METRICS = (
    Metric("finance.demands", _("Financing demands"), _(
        "Financing demands the enterprises submitted in the period (the Asia/Shanghai date of submission), "
        "whatever became of them since, withdrawn ones included."), order=10),
    Metric("finance.demanded_amount", _("Amount demanded"), _(
        "The sum of the amounts asked for by the financing demands submitted in the period (the "
        "Asia/Shanghai date of submission), withdrawn ones included."), unit="yuan", order=11),
    Metric("finance.granted_amount", _("Amount granted"), _(
        "The sum of every bank's granted amount on the financing demands submitted in the period (the "
        "Asia/Shanghai date of submission, not of the grant): a demand granted by two banks adds both "
        "grants; a demand of December granted in January counts in December. Grants recorded by now (by the "
        "end of the as-of day for a past period's report)."), unit="yuan", order=12),
    Metric("finance.demands_granted", _("Demands granted"), _(
        "Financing demands submitted in the period (the Asia/Shanghai date of submission) that at least one "
        "bank has granted by now (by the end of the as-of day for a past period's report: the first grant "
        "recorded by then), each counted once whatever the number of banks that granted it."), order=13),
    Metric("finance.banks_granted", _("Banks that granted"), _(
        "Alliance banks that granted at least one of the financing demands submitted in the period (the "
        "Asia/Shanghai date of submission), the grant recorded by now (by the end of the as-of day for a past "
        "period's report)."), order=14),
)


def _values(totals: figures.Totals) -> dict[str, Number]:
    return {
        "finance.demands": totals.demands,
        "finance.demanded_amount": wan_to_yuan(totals.demanded_amount),
        "finance.granted_amount": wan_to_yuan(totals.granted_amount),
        "finance.demands_granted": totals.granted,
        "finance.banks_granted": totals.banks_granted,
    }


def _cohort(scope: Scope) -> QuerySet[FinancingDemand]:
    return figures.cohort(scope.district_ids, scope.start, scope.end)


def compute(scope: Scope) -> dict[str, Number]:
    """Two queries: the demands' totals and the grants' totals."""
    return _values(figures.totals(_cohort(scope), local_day_end(scope.as_of)))


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """Two grouped queries; a district without a demand has zeros."""
    per_district = figures.totals_by_district(_cohort(scope), local_day_end(scope.as_of))
    return {district: _values(per_district.get(district, figures.Totals())) for district in scope.district_ids}


def granted_by_bank(scope: Scope) -> ChartData:
    """The banks that granted, the largest amount first (two queries: the banks and their pushes)."""
    pushes = figures.granted_pushes(DemandPush.objects.filter(demand__in=_cohort(scope)),
                                    local_day_end(scope.as_of))
    rows = [(bank.name, (wan_to_yuan(bank.amount),)) for bank in figures.bank_rows(scope.district_ids, pushes)
            if bank.granted]
    return ChartData(columns=(_("Amount granted"),), rows=rows, units=("yuan",))


registry.add_source(MetricSource(module=MODULE, metrics=METRICS, compute=compute, by_district=by_district,
                                 order=40))
registry.add_chart(Chart(
    key="finance.granted_by_bank", label=_("Amount granted by bank"), module=MODULE, kind="hbar",
    data=granted_by_bank, order=40, definition=_(
        "For each alliance bank of the districts, the sum of its granted amounts on the financing demands "
        "submitted in the period (the Asia/Shanghai date of submission), the grants recorded by now (by the end "
        "of the as-of day for a past period's report); banks without a grant are left out.")))
