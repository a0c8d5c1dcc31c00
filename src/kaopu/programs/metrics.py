"""The activity figures of the cockpit (领导驾驶舱) and, later, of the work report (kaopu.core.registry).

“Activities held” is the one definition the figures page, the start page and the cockpit share:
activities whose start falls on a day of the period (Asia/Shanghai), the FIC's and the chambers', read
by kaopu.programs.selectors.held_between.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.programs import selectors, selectors_sites
from kaopu.programs.models import Activity

MODULE = _("Activities and training")

METRICS = (
    Metric("programs.activities_held", _("Activities held"), _(
        "Activities whose start falls in the period (the Asia/Shanghai date), organised by the FIC or by one "
        "of the district's chambers, of every type."), order=10),
    Metric("programs.chamber_activities_held", _("Activities held by chambers"), _(
        "Of the activities held in the period, those organised by a chamber of commerce rather than by the "
        "FIC itself."), order=11),
)


def _activities(scope: Scope) -> QuerySet[Activity]:
    return Activity.objects.filter(district_id__in=scope.district_ids)


def _values(totals: selectors.Totals) -> dict[str, Number]:
    return {"programs.activities_held": totals.held, "programs.chamber_activities_held": totals.by_chambers}


def compute(scope: Scope) -> dict[str, Number]:
    """One query."""
    return _values(selectors.totals(_activities(scope), scope.start, scope.end))


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """One grouped query; a district without an activity has zeros."""
    per_district = selectors.totals_by_district(_activities(scope), scope.start, scope.end)
    return {district: _values(per_district.get(district, selectors.Totals())) for district in scope.district_ids}


def activities_by_type(scope: Scope) -> ChartData:
    """Every active type (and a retired one that has activities), in two queries."""
    rows = selectors.by_type(_activities(scope), scope.start, scope.end)
    return ChartData(columns=(_("Activities"),), rows=[(label, (n,)) for label, n in rows], units=("count",))


registry.add_source(MetricSource(module=MODULE, metrics=METRICS, compute=compute, by_district=by_district,
                                 order=70))
registry.add_chart(Chart(
    key="programs.activities_by_type", label=_("Activities by type"), module=MODULE, kind="bar",
    data=activities_by_type, order=70, definition=_(
        "The activities held in the period (their start's Asia/Shanghai date), the FIC's and the chambers', "
        "by type.")))


# --- the youth-entrepreneur training ---------------------------------------------------------------------

TRAINING_METRICS = (
    Metric("programs.trainees_graduated", _("Trainees graduated"), _(
        "Young entrepreneurs who graduated from a training cohort of the FIC in the period (their certificate's "
        "date: the day staff graduated the cohort), having attended at least the cohort's completion threshold "
        "of the sessions held."), order=20),
)


def _graduated(scope: Scope) -> Any:
    from kaopu.programs.models import Certificate

    return Certificate.objects.filter(district_id__in=scope.district_ids, issued_on__gte=scope.start,
                                      issued_on__lte=scope.end)


def compute_training(scope: Scope) -> dict[str, Number]:
    """One query (index certificate_district_issued)."""
    return {"programs.trainees_graduated": _graduated(scope).count()}


def training_by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    from django.db.models import Count

    counts = dict(_graduated(scope).values("district_id").annotate(n=Count("id")).order_by()
                  .values_list("district_id", "n"))
    return {district: {"programs.trainees_graduated": counts.get(district, 0)} for district in scope.district_ids}


registry.add_source(MetricSource(module=MODULE, metrics=TRAINING_METRICS, compute=compute_training,
                                 by_district=training_by_district, order=71))
# --- Education sites (教育基地) --------------------------------------------------------------------------

SITE_METRICS = (
    Metric("programs.education_sites", _("Active education sites"), _(
        "The ideals-and-beliefs education sites (guidance sites and demonstration sites) of the district whose "
        "status is active now; a suspended or withdrawn site is not counted. It describes the present, not "
        "the period."), order=12),
)


def sites_compute(scope: Scope) -> dict[str, Number]:
    """One grouped query."""
    counts = selectors_sites.active_counts(scope.district_ids)
    return {"programs.education_sites": sum(counts.values())}


def sites_by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """One grouped query; a district without a site has zero."""
    per_district = selectors_sites.active_by_district(scope.district_ids)
    return {district: {"programs.education_sites": per_district.get(district, 0)} for district in scope.district_ids}


registry.add_source(MetricSource(module=MODULE, metrics=SITE_METRICS, compute=sites_compute,
                                 by_district=sites_by_district, as_of_now=frozenset({"programs.education_sites"}),
                                 order=71))
