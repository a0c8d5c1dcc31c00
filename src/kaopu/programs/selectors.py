"""Reads shared by the activity pages, the figures, the export, the cockpit and the chamber's page, all
through the access rule (kaopu.programs.permissions).

The yearly figures (“410 activities a year”) count the activities whose start falls in the year, in
Asia/Shanghai time, by type, by organiser (the FIC or each chamber) and by month, in one grouped query
(plus one for the type names and one for the chamber names), whatever the number of activities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.chambers.models import Chamber, Membership
from kaopu.core import access
from kaopu.directory.models import Enterprise
from kaopu.programs.models import Activity, ActivityType

MONTHS = tuple(range(1, 13))
FIC = "fic"  # the organiser filter's value for the FIC's own activities


def activities(user: Any) -> QuerySet[Activity]:
    """The activities ``user`` may see, with what a list row shows."""
    return access.scope(user, Activity).select_related("type", "chamber", "site")


def moments(start: date, end: date) -> tuple[datetime, datetime]:
    """[start, end] as Asia/Shanghai days → the aware half-open range [start 00:00, end + 1 day 00:00)."""
    zone = timezone.get_default_timezone()
    return (datetime.combine(start, time.min, zone), datetime.combine(end + timedelta(days=1), time.min, zone))


def held_between(queryset: QuerySet[Activity], start: date, end: date) -> QuerySet[Activity]:
    """The activities that start on a day of [start, end] (Asia/Shanghai): the one definition of “held in
    the period” of the figures page, the cockpit and the start page."""
    since, until = moments(start, end)
    return queryset.filter(starts_at__gte=since, starts_at__lt=until)


def held_in_year(queryset: QuerySet[Activity], year: int) -> QuerySet[Activity]:
    return held_between(queryset, date(year, 1, 1), date(year, 12, 31))


def filtered(queryset: QuerySet[Activity], *, year: int | None = None, type_id: int | None = None,
             organiser: str = "") -> QuerySet[Activity]:
    """The list's filters: the year the activity starts in, its type, its organiser (FIC or a chamber id)."""
    if year:
        queryset = held_in_year(queryset, year)
    if type_id:
        queryset = queryset.filter(type_id=type_id)
    if organiser == FIC:
        queryset = queryset.filter(chamber__isnull=True)
    elif organiser.isdigit():
        queryset = queryset.filter(chamber_id=int(organiser))
    return queryset


def types(*, active_only: bool = False) -> list[ActivityType]:
    rows = ActivityType.objects.order_by("sort_order", "id")
    return list(rows.filter(is_active=True) if active_only else rows)


def nameable_enterprises(district_id: int, chamber: Chamber | None) -> QuerySet[Enterprise]:
    """The enterprises an activity of this organiser may name: the district's for the FIC, the chamber's
    current members for a chamber (the actions check it; the officer's form offers these)."""
    if chamber is None:
        return Enterprise.objects.filter(district_id=district_id)
    members = Membership.objects.filter(chamber=chamber, enterprise=OuterRef("pk"), left_on__isnull=True)
    return Enterprise.objects.filter(Exists(members))


def district_chambers(user: Any) -> QuerySet[Chamber]:
    """The chambers ``user`` may see (staff: their district's), for the organiser filter and field."""
    return access.scope(user, Chamber).order_by("name", "id")


# --- the yearly figures ---------------------------------------------------------------------------------

@dataclass
class Row:
    """One line of a table of the figures: its label and the count of each month, January first."""

    label: str
    months: list[int] = field(default_factory=lambda: [0] * 12)

    @property
    def total(self) -> int:
        return sum(self.months)


@dataclass
class Figures:
    year: int
    by_type: list[Row]
    by_organiser: list[Row]
    by_month: Row

    @property
    def total(self) -> int:
        return self.by_month.total


def figures(user: Any, year: int) -> Figures:
    """The year's activities ``user`` may see, counted by type × month and by organiser × month. Every
    active type is listed (a zero row too); a retired type and a chamber only when they have activities.
    The FIC's own activities come first among the organisers, then the chambers by count."""
    zone = timezone.get_default_timezone()
    counts = list(
        held_in_year(access.scope(user, Activity), year)
        .annotate(month=ExtractMonth("starts_at", tzinfo=zone))
        .values("type_id", "chamber_id", "month").annotate(n=Count("id")).order_by()
    )
    used_types = {c["type_id"] for c in counts}
    by_type = {t.pk: Row(t.name) for t in ActivityType.objects.filter(Q(is_active=True) | Q(pk__in=used_types))
               .order_by("sort_order", "id")}
    chamber_ids = {c["chamber_id"] for c in counts if c["chamber_id"]}
    names = dict(Chamber.objects.filter(pk__in=chamber_ids).values_list("pk", "name")) if chamber_ids else {}
    by_organiser: dict[int | None, Row] = {None: Row(_("The FIC"))}
    by_month = Row(_("Total"))
    for c in counts:
        index = c["month"] - 1
        by_type[c["type_id"]].months[index] += c["n"]
        by_organiser.setdefault(c["chamber_id"], Row(names.get(c["chamber_id"], ""))).months[index] += c["n"]
        by_month.months[index] += c["n"]
    fic = by_organiser.pop(None)
    chambers = sorted(by_organiser.values(), key=lambda row: (-row.total, row.label))
    return Figures(year, list(by_type.values()), [fic, *chambers], by_month)


# --- counts for the cockpit and the start pages ---------------------------------------------------------

@dataclass(frozen=True)
class Totals:
    held: int = 0
    by_chambers: int = 0


def totals(queryset: QuerySet[Activity], start: date, end: date) -> Totals:
    """Activities held in [start, end] and, of them, those organised by a chamber (one query)."""
    row = held_between(queryset, start, end).aggregate(
        held=Count("id"), by_chambers=Count("id", filter=Q(chamber__isnull=False)))
    return Totals(row["held"], row["by_chambers"])


def totals_by_district(queryset: QuerySet[Activity], start: date, end: date) -> dict[int, Totals]:
    """:func:`totals` per district, in one grouped query."""
    rows = held_between(queryset, start, end).values("district_id").annotate(
        held=Count("id"), by_chambers=Count("id", filter=Q(chamber__isnull=False))).order_by()
    return {row["district_id"]: Totals(row["held"], row["by_chambers"]) for row in rows}


def by_type(queryset: QuerySet[Activity], start: date, end: date) -> list[tuple[str, int]]:
    """(type name, activities held in [start, end]) for every type that has some or is active."""
    counts = dict(held_between(queryset, start, end).values("type_id").annotate(n=Count("id"))
                  .order_by().values_list("type_id", "n"))
    rows = ActivityType.objects.filter(Q(is_active=True) | Q(pk__in=list(counts))).order_by("sort_order", "id")
    return [(t.name, counts.get(t.pk, 0)) for t in rows]
