"""The publicity figures of the cockpit (领导驾驶舱) and the work report (kaopu.core.registry).

An article is dated by its publication (``Article.published_at``, the moment it went public; an article
published again after a revision is dated by its latest publication, the only one its row keeps). The
tamper check's withdrawals are its incidents (``TamperIncident``, dated when found). The content guard
keeps no record of what it refused (a refused text is simply not saved), so it has no figure here.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.core.registry import Chart, ChartData, Metric, MetricSource, Number, Scope, registry
from kaopu.core.workdays import local_day_end
from kaopu.publicity.models import Article, TamperIncident

MODULE = _("Publicity")

METRICS = (
    Metric("publicity.articles", _("Articles published"), _(
        "Articles of the district's site whose publication falls on a day of the period (Asia/Shanghai; an "
        "article published again after a revision counts once, on its latest publication), whether still "
        "published or withdrawn since."), order=10),
    Metric("publicity.tamper_withdrawals", _("Pages withdrawn by the tamper check"), _(
        "Times the tamper check found a published page of the district's site changed or holding spam and "
        "withdrew it, on a day of the period (Asia/Shanghai)."), better="down", order=11),
)


def _moments(scope: Scope) -> tuple[datetime, datetime]:
    first = local_day_end(scope.start - timedelta(days=1))
    last = local_day_end(scope.end)
    assert first is not None and last is not None
    return first, last


def _articles(scope: Scope) -> QuerySet[Article]:
    first, last = _moments(scope)
    return Article.objects.filter(district_id__in=scope.district_ids, published_at__gte=first,
                                  published_at__lt=last)


def _withdrawals(scope: Scope) -> QuerySet[TamperIncident]:
    first, last = _moments(scope)
    return TamperIncident.objects.filter(district_id__in=scope.district_ids, withdrawn=True, found_at__gte=first,
                                         found_at__lt=last)


def _per_district(queryset: QuerySet) -> dict[int, int]:  # type: ignore[type-arg]
    return dict(queryset.order_by().values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))


def compute(scope: Scope) -> dict[str, Number]:
    """Two queries."""
    return {"publicity.articles": _articles(scope).count(),
            "publicity.tamper_withdrawals": _withdrawals(scope).count()}


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """Two grouped queries; a district without an article has zeros."""
    articles, withdrawals = _per_district(_articles(scope)), _per_district(_withdrawals(scope))
    return {district: {"publicity.articles": articles.get(district, 0),
                       "publicity.tamper_withdrawals": withdrawals.get(district, 0)}
            for district in scope.district_ids}


def articles_by_column(scope: Scope) -> ChartData:
    """The columns that have an article published in the period, in the site's order (one query)."""
    rows = (_articles(scope).order_by().values("column__district_id", "column__position", "column_id", "column__name")
            .annotate(n=Count("id")).order_by("column__district_id", "column__position", "column_id"))
    return ChartData(columns=(_("Articles"),), rows=[(row["column__name"], (row["n"],)) for row in rows],
                     units=("count",))


registry.add_source(MetricSource(module=MODULE, metrics=METRICS, compute=compute, by_district=by_district,
                                 order=80))
registry.add_chart(Chart(
    key="publicity.articles_by_column", label=_("Articles published by column"), module=MODULE, kind="bar",
    data=articles_by_column, order=80, definition=_(
        "The articles published in the period (their latest publication's Asia/Shanghai date), by the column "
        "of the site they belong to.")))
