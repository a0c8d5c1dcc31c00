"""Reads shared by the donation and honour pages, the totals, the exports, the cockpit and the chamber's
page, all through the access rule (kaopu.giving.permissions).

Every total counts CONFIRMED donations only, and keeps money and the value of goods apart (and their sum),
as Decimal yuan: each table is one grouped query in the database (SUM … GROUP BY), never a loop over the
donation rows in Python, so the totals page makes the same few queries for ten donations or a million.

A chamber's total (by_chamber) is defined as: the donations the chamber gave itself, plus the donations its
member enterprises gave in their own name on a day they were members of it — a day of one of their
membership periods (kaopu.chambers Membership, joined_on to left_on, both days included). A member's
donation counts once for the chamber even where two of its periods touch (a change of role), but it
counts for every chamber the enterprise was a member of on that day: chamber totals are not additive.
Donations made by people are not counted for chambers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.chambers.models import Chamber, Membership
from kaopu.core import access
from kaopu.giving.models import Category, Donation, DonorKind, Honour

ZERO = Decimal("0.00")
SUM_FIELD = DecimalField(max_digits=20, decimal_places=2)  # room above any district's (or city's) total
TOP_DONORS = 20
YI = Decimal(100_000_000)
WAN = Decimal(10_000)
CENT = Decimal("0.01")


def donations(user: Any) -> QuerySet[Donation]:
    """The donations ``user`` may see, with what a list row shows."""
    return access.scope(user, Donation).select_related("category", "enterprise", "chamber")


def confirmed(queryset: QuerySet[Donation]) -> QuerySet[Donation]:
    return queryset.filter(state=Donation.State.CONFIRMED)


def between(queryset: QuerySet[Donation], start: date, end: date) -> QuerySet[Donation]:
    """Donations made on a day of [start, end]: the one definition of "given in the period"."""
    return queryset.filter(donated_on__gte=start, donated_on__lte=end)


def filtered(queryset: QuerySet[Donation], *, year: int | None = None, category_id: int | None = None,
             state: str = "", kind: str = "") -> QuerySet[Donation]:
    """The list's filters: the year given, the category, the state, the donor kind."""
    if year:
        queryset = between(queryset, date(year, 1, 1), date(year, 12, 31))
    if category_id:
        queryset = queryset.filter(category_id=category_id)
    if state:
        queryset = queryset.filter(state=state)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def categories(*, active_only: bool = False) -> list[Category]:
    rows = Category.objects.order_by("sort_order", "id")
    return list(rows.filter(is_active=True) if active_only else rows)


# --- totals -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Amounts:
    """Money and goods given (Decimal yuan) and the number of donations."""

    money: Decimal = ZERO
    goods: Decimal = ZERO
    count: int = 0

    @property
    def total(self) -> Decimal:
        return self.money + self.goods


def _sum(field: str) -> Coalesce:
    return Coalesce(Sum(field, output_field=SUM_FIELD), Value(ZERO), output_field=SUM_FIELD)


AGGREGATES = {"sum_money": _sum("money"), "sum_goods": _sum("goods_value"), "n": Count("id")}


def amounts_of(row: dict[str, Any]) -> Amounts:
    return Amounts(Decimal(row["sum_money"]).quantize(CENT), Decimal(row["sum_goods"]).quantize(CENT), row["n"])


def total(queryset: QuerySet[Donation]) -> Amounts:
    """The confirmed donations of ``queryset`` summed (one query)."""
    return amounts_of(confirmed(queryset).aggregate(**AGGREGATES))


def by_year(queryset: QuerySet[Donation]) -> list[tuple[int, Amounts]]:
    """(year, amounts) of every year that has a confirmed donation, the latest first (one query)."""
    rows = (confirmed(queryset).annotate(year=ExtractYear("donated_on")).values("year")
            .annotate(**AGGREGATES).order_by("-year"))
    return [(row["year"], amounts_of(row)) for row in rows]


def by_category(queryset: QuerySet[Donation]) -> list[tuple[str, Amounts]]:
    """(category, amounts) of every category that has a confirmed donation, in the categories' order."""
    rows = (confirmed(queryset).values("category_id", "category__name", "category__sort_order")
            .annotate(**AGGREGATES).order_by("category__sort_order", "category_id"))
    return [(row["category__name"], amounts_of(row)) for row in rows]


@dataclass(frozen=True)
class Donor:
    kind: str
    name: str
    amounts: Amounts


def top_donors(queryset: QuerySet[Donation], limit: int = TOP_DONORS) -> list[Donor]:
    """The donors who gave most (money and goods together), at most ``limit``, in one grouped query: an
    enterprise, a chamber, or a person (by name and enterprise)."""
    rows = (confirmed(queryset)
            .values("kind", "enterprise_id", "enterprise__name", "chamber_id", "chamber__name", "person_name")
            .annotate(**AGGREGATES, sum_total=Sum(F("money") + F("goods_value"), output_field=SUM_FIELD))
            .order_by("-sum_total", "kind", "enterprise_id", "chamber_id", "person_name")[:limit])
    donors = []
    for row in rows:
        if row["kind"] == DonorKind.CHAMBER:
            name = row["chamber__name"]
        elif row["kind"] == DonorKind.PERSON:
            name = f"{row['person_name']}（{row['enterprise__name']}）" if row["enterprise_id"] else row["person_name"]
        else:
            name = row["enterprise__name"]
        donors.append(Donor(row["kind"], name, amounts_of(row)))
    return donors


@dataclass(frozen=True)
class ChamberTotal:
    chamber_id: int
    name: str
    own: Amounts
    members: Amounts

    @property
    def total(self) -> Decimal:
        return self.own.total + self.members.total


def _subtotal(rows: QuerySet[Donation], field: str) -> Subquery:
    """The sum of ``field`` over ``rows`` (correlated to the outer chamber), as one scalar subquery."""
    summed = rows.order_by().values("state").annotate(s=Sum(field, output_field=SUM_FIELD)).values("s")
    return Coalesce(Subquery(summed, output_field=SUM_FIELD), Value(ZERO), output_field=SUM_FIELD)


def _count(rows: QuerySet[Donation]) -> Coalesce:
    counted = rows.order_by().values("state").annotate(c=Count("id")).values("c")
    return Coalesce(Subquery(counted), Value(0))


def by_chamber(user: Any, *, start: date | None = None, end: date | None = None) -> list[ChamberTotal]:
    """Every chamber ``user`` sees with its own confirmed donations and its members' (see the module's
    definition), optionally of a period, largest first: one query with correlated subqueries."""
    base = confirmed(access.scope(user, Donation))
    if start and end:
        base = between(base, start, end)
    own = base.filter(chamber_id=OuterRef("pk"))
    member_on_the_day = Membership.objects.filter(
        chamber_id=OuterRef(OuterRef("pk")), enterprise_id=OuterRef("enterprise_id"),
        joined_on__lte=OuterRef("donated_on")).filter(Q(left_on__isnull=True) | Q(left_on__gte=OuterRef("donated_on")))
    members = base.filter(kind=DonorKind.ENTERPRISE).filter(Exists(member_on_the_day))
    rows = (access.scope(user, Chamber)
            .annotate(own_money=_subtotal(own, "money"), own_goods=_subtotal(own, "goods_value"), own_n=_count(own),
                      member_money=_subtotal(members, "money"), member_goods=_subtotal(members, "goods_value"),
                      member_n=_count(members))
            .values("pk", "name", "own_money", "own_goods", "own_n", "member_money", "member_goods", "member_n"))
    totals = [ChamberTotal(row["pk"], row["name"],
                           amounts_of({"sum_money": row["own_money"], "sum_goods": row["own_goods"],
                                       "n": row["own_n"]}),
                           amounts_of({"sum_money": row["member_money"], "sum_goods": row["member_goods"],
                                       "n": row["member_n"]}))
              for row in rows]
    return sorted(totals, key=lambda t: (-t.total, t.name))


def chamber_total(user: Any, chamber: Chamber) -> ChamberTotal | None:
    """:func:`by_chamber` of one chamber (its page's section): one query."""
    for row in by_chamber(user):
        if row.chamber_id == chamber.pk:
            return row
    return None


@dataclass(frozen=True)
class Totals:
    cumulative: Amounts
    years: list[tuple[int, Amounts]]
    categories: list[tuple[str, Amounts]]
    donors: list[Donor]
    chambers: list[ChamberTotal]
    first_year: int | None


def totals(user: Any) -> Totals:
    """Everything the totals page shows (five grouped queries, whatever the number of donations)."""
    rows = access.scope(user, Donation)
    years = by_year(rows)
    return Totals(cumulative=total(rows), years=years, categories=by_category(rows), donors=top_donors(rows),
                  chambers=[c for c in by_chamber(user) if c.total > 0],
                  first_year=years[-1][0] if years else None)


def in_words(amount: Decimal) -> str:
    """An amount the way Chinese reports write it: 7.02亿元 from 1亿 up, 35.60万元 from 1万 up, else yuan
    (rounded half up to two places)."""
    if amount >= YI:
        return _("%(amount)s hundred million yuan") % {"amount": (amount / YI).quantize(CENT, ROUND_HALF_UP)}
    if amount >= WAN:
        return _("%(amount)s ten thousand yuan") % {"amount": (amount / WAN).quantize(CENT, ROUND_HALF_UP)}
    return pgettext("amount in words", "%(amount)s yuan") % {"amount": amount.quantize(CENT, ROUND_HALF_UP)}


# --- honours ----------------------------------------------------------------------------------------------

def honours(user: Any) -> QuerySet[Honour]:
    return access.scope(user, Honour).select_related("enterprise", "chamber")


def honours_filtered(queryset: QuerySet[Honour], *, year: int | None = None, level: str = "") -> QuerySet[Honour]:
    if year:
        queryset = queryset.filter(year=year)
    if level:
        queryset = queryset.filter(level=level)
    return queryset


def honour_counts(queryset: QuerySet[Honour]) -> list[tuple[int, list[int], int]]:
    """Honours per year and level (one grouped query): each year (latest first) with the count of each
    level in Honour.Level's order, and the year's total."""
    levels = Honour.Level.values
    counts: dict[int, list[int]] = {}
    for row in queryset.order_by().values("year", "level").annotate(n=Count("id")):
        counts.setdefault(row["year"], [0] * len(levels))[levels.index(row["level"])] += row["n"]
    return [(year, counts[year], sum(counts[year])) for year in sorted(counts, reverse=True)]
