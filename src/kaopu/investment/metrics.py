"""The investment figures the cockpit (领导驾驶舱) shows, registered in kaopu.core.registry.

They are the figures page's tiles and its table of leads by stage (kaopu.investment.selectors), read by
the same :func:`selectors.totals` and :func:`selectors.stage_rows` over the scope's districts and days,
so that the cockpit and the figures page show one number. Money in yuan, as the registry wants: the
table keeps 万元 to the yuan (kaopu.core.money), multiplied here, exactly.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.core.money import wan_to_yuan
from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.investment import selectors
from kaopu.investment.models import Lead

MODULE = _("Investment attraction")

METRICS = (
    Metric("investment.leads", _("Investment leads recorded"), _(
        "Investment leads recorded in the period (the Asia/Shanghai date they were entered), whatever their "
        "stage now."), order=10),
    Metric("investment.signed", _("Leads signed"), _(
        "Investment leads whose signing date falls in the period and that are signed or landed now (at the end "
        "of the as-of day for a past period's report); a lead terminated after signing, by then, is left "
        "out."), order=11),
    Metric("investment.signed_amount", _("Investment signed"), _(
        "The sum of the signed amounts of the investment leads whose signing date falls in the period and "
        "that are signed or landed now (at the end of the as-of day for a past period's report; a lead "
        "terminated after signing, by then, is left out)."), unit="yuan", order=12),
    Metric("investment.landed", _("Leads landed"), _(
        "Investment leads whose landing date falls in the period (landed now)."), order=13),
    Metric("investment.landed_amount", _("Investment landed"), _(
        "The sum of the landed amounts of the investment leads whose landing date falls in the period."),
        unit="yuan", order=14),
)


def _leads(scope: Scope) -> QuerySet[Lead]:
    return Lead.objects.filter(district_id__in=scope.district_ids)


def _values(totals: selectors.Totals) -> dict[str, Number]:
    return {
        "investment.leads": totals.leads,
        "investment.signed": totals.signed,
        "investment.signed_amount": wan_to_yuan(totals.signed_amount),
        "investment.landed": totals.landed,
        "investment.landed_amount": wan_to_yuan(totals.landed_amount),
    }


def compute(scope: Scope) -> dict[str, Number]:
    """One query."""
    return _values(selectors.totals(_leads(scope), (scope.start, scope.end), scope.as_of))


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """One grouped query; a district without a lead has zeros."""
    per_district = selectors.totals_by_district(_leads(scope), (scope.start, scope.end), scope.as_of)
    return {district: _values(per_district.get(district, selectors.Totals())) for district in scope.district_ids}


def leads_by_stage(scope: Scope) -> ChartData:
    """Every stage in the workflow's order, in one query."""
    rows = selectors.stage_rows(selectors.recorded_in(_leads(scope), (scope.start, scope.end)))
    return ChartData(columns=(_("Leads"),), rows=[(row.label, (row.leads,)) for row in rows], units=("count",))


registry.add_source(MetricSource(module=MODULE, metrics=METRICS, compute=compute, by_district=by_district,
                                 order=60))
registry.add_chart(Chart(
    key="investment.leads_by_stage", label=_("Investment leads by stage"), module=MODULE, kind="bar",
    data=leads_by_stage, order=60, definition=_(
        "The investment leads recorded in the period (the Asia/Shanghai date they were entered), by the stage "
        "they are in now: negotiating, signed, landed or terminated.")))
