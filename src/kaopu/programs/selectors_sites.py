"""Reads of the education sites (教育基地), through the access rule (kaopu.programs.permissions).

The list counts the activities held at each site this year and in all in the same query as the sites
(a grouped join on index activity_site_start), so a page runs the same queries whatever the number of
sites and activities. A district designates tens of sites: the list shows at most ``LIST_LIMIT`` of them
(narrowed by the filters), with no page links to count.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from kaopu.core import access
from kaopu.programs import selectors
from kaopu.programs.models import Activity, EducationSite

LIST_LIMIT = 300
PICKER_LIMIT = 300


def sites(user: Any) -> QuerySet[EducationSite]:
    """The sites ``user`` may see, with what a list row shows."""
    return access.scope(user, EducationSite).select_related("subdistrict", "host_enterprise", "host_chamber")


def filtered(queryset: QuerySet[EducationSite], *, kind: str = "", subdistrict: int | None = None,
             status: str = "", host_chamber: int | None = None) -> QuerySet[EducationSite]:
    if kind:
        queryset = queryset.filter(kind=kind)
    if subdistrict:
        queryset = queryset.filter(subdistrict_id=subdistrict)
    if status:
        queryset = queryset.filter(status=status)
    if host_chamber:
        queryset = queryset.filter(host_chamber_id=host_chamber)
    return queryset


def with_counts(queryset: QuerySet[EducationSite], year: int) -> QuerySet[EducationSite]:
    """Each site with ``held_in_year`` (activities whose start falls in ``year``, Asia/Shanghai) and
    ``held_in_all``: one grouped query."""
    since, until = selectors.moments(date(year, 1, 1), date(year, 12, 31))
    in_year = Q(activities__starts_at__gte=since, activities__starts_at__lt=until)
    return queryset.annotate(held_in_year=Count("activities", filter=in_year), held_in_all=Count("activities"))


def site_list(user: Any, year: int, **filters: Any) -> list[EducationSite]:
    """At most LIST_LIMIT + 1 sites (the page says when there are more), counted, in one query."""
    rows = with_counts(filtered(sites(user), **filters), year).order_by("kind", "name", "id")
    return list(rows[:LIST_LIMIT + 1])


def activities_at(user: Any, site: EducationSite) -> QuerySet[Activity]:
    """The activities held at the site that ``user`` may see (an officer: their chamber's)."""
    return selectors.activities(user).filter(site=site)


def pickable(district_id: int, current: EducationSite | None = None) -> list[EducationSite]:
    """The district's active sites an activity may name (and the activity's current site, whatever its
    status), for the activity form: one query."""
    rows = EducationSite.objects.filter(district_id=district_id)
    condition = Q(status=EducationSite.Status.ACTIVE)
    if current is not None:
        condition |= Q(pk=current.pk)
    return list(rows.filter(condition).order_by("kind", "name", "id")[:PICKER_LIMIT])


def by_site(user: Any, year: int) -> list[selectors.Row]:
    """The year's activities ``user`` may see that were held at a site, per site and month (one grouped
    query and one for the names), the busiest site first."""
    zone = timezone.get_default_timezone()
    counts = list(selectors.held_in_year(access.scope(user, Activity), year).filter(site__isnull=False)
                  .annotate(month=ExtractMonth("starts_at", tzinfo=zone))
                  .values("site_id", "month").annotate(n=Count("id")).order_by())
    site_ids = {c["site_id"] for c in counts}
    names = dict(EducationSite.objects.filter(pk__in=site_ids).values_list("pk", "name")) if site_ids else {}
    rows: dict[int, selectors.Row] = {}
    for c in counts:
        rows.setdefault(c["site_id"], selectors.Row(names.get(c["site_id"], ""))).months[c["month"] - 1] += c["n"]
    return sorted(rows.values(), key=lambda row: (-row.total, row.label))


def active_counts(district_ids: tuple[int, ...]) -> dict[str, int]:
    """The active guidance and demonstration sites of the districts (the cockpit's figure), one query."""
    rows = (EducationSite.objects.filter(district_id__in=district_ids, status=EducationSite.Status.ACTIVE)
            .values("kind").annotate(n=Count("id")).order_by())
    counts = {kind: 0 for kind in EducationSite.Kind.values}
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def active_by_district(district_ids: tuple[int, ...]) -> dict[int, int]:
    """The active sites of each district (the cockpit's comparison of districts), one grouped query."""
    rows = (EducationSite.objects.filter(district_id__in=district_ids, status=EducationSite.Status.ACTIVE)
            .values("district_id").annotate(n=Count("id")).order_by())
    return {row["district_id"]: row["n"] for row in rows}
