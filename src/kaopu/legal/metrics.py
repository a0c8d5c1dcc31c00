"""The legal-service figures the cockpit (领导驾驶舱) shows, registered in kaopu.core.registry.

They are the figures page's tiles (kaopu.legal.selectors.Totals): the requests *submitted* in the
period and what became of them up to now, read by the same :func:`selectors.totals` over the scope's
districts and days, so that the cockpit and the figures page show one number.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.core.registry import Metric, MetricSource, Number, Scope, registry
from kaopu.core.workdays import local_day_end
from kaopu.legal import selectors
from kaopu.legal.models import LegalRequest

METRICS = (
    Metric("legal.requests", _("Legal service requests"), _(
        "Legal service requests submitted in the period (the Asia/Shanghai date of submission), in every "
        "state, cancelled and not taken up included."), order=10),
    Metric("legal.completed", _("Legal services completed"), _(
        "Of the legal service requests submitted in the period (the Asia/Shanghai date of submission), those "
        "the lawyer has completed by now (by the end of the as-of day for a past period's report), waiting for "
        "the rating or rated."), order=11),
    Metric("legal.mean_rating", _("Mean rating of legal services"), _(
        "The mean of the ratings (1 to 5 stars) the enterprises gave, by now (by the end of the as-of day for a "
        "past period's report), to the legal service requests "
        "submitted in the period (the Asia/Shanghai date of submission), to one place; requests not rated "
        "are left out."), unit="score", order=12),
    Metric("legal.good_rate", _("Legal services rated 4 or 5 stars"), _(
        "Of the legal service requests submitted in the period (the Asia/Shanghai date of submission) and "
        "rated by now (by the end of the as-of day for a past period's report), the share rated 4 stars (good) "
        "or 5 stars (excellent)."), unit="percent", order=13),
)


def _requests(scope: Scope) -> QuerySet[LegalRequest]:
    return selectors.submitted_in(LegalRequest.objects.filter(district_id__in=scope.district_ids),
                                  scope.start, scope.end)


def _values(totals: selectors.Totals) -> dict[str, Number]:
    return {"legal.requests": totals.requests, "legal.completed": totals.completed,
            "legal.mean_rating": totals.mean_rating, "legal.good_rate": totals.good_rate}


def compute(scope: Scope) -> dict[str, Number]:
    """One query."""
    return _values(selectors.totals(_requests(scope), local_day_end(scope.as_of)))


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """One grouped query; a district without a request has zeros (and no rating)."""
    per_district = selectors.totals_by_district(_requests(scope), local_day_end(scope.as_of))
    return {district: _values(per_district.get(district, selectors.Totals())) for district in scope.district_ids}


registry.add_source(MetricSource(module=_("Legal services"), metrics=METRICS, compute=compute,
                                 by_district=by_district, order=50))
