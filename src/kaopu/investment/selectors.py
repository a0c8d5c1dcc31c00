"""Reads shared by the investment pages, the API and the export: lists scoped to the user, and the figures.

Every read goes through kaopu.core.access.scope, so that FIC staff and leaders see their district's
rows and nobody else sees any. The figures are a handful of grouped queries whatever the number of
leads (one per table), so the figures page and its export cost the same for ten leads or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from kaopu.core import access
from kaopu.core.searching import clean_query
from kaopu.investment.models import Lead, Partner, Visit

S = Lead.Stage
OPEN_STAGES = (S.NEGOTIATING, S.SIGNED)
ZERO = Decimal("0")


def leads(user: Any) -> QuerySet[Lead]:
    return access.scope(user, Lead.objects.select_related("industry", "owner", "source_partner"))


def matching(queryset: QuerySet[Lead], raw_query: str | None) -> QuerySet[Lead]:
    """The leads whose name or investor holds a search box's text, or all of them for an empty one: the
    lead list and the platform search (search.py) share it."""
    query = clean_query(raw_query)
    return queryset.filter(Q(name__contains=query) | Q(investor__contains=query)) if query else queryset


def lead_list(
    user: Any,
    *,
    stage: str | None = None,
    industry: str | None = None,
    owner: int | None = None,
    partner: int | None = None,
    visit: int | None = None,
    overdue_on: date | None = None,
    q: str | None = None,
) -> QuerySet[Lead]:
    """The leads the user may see, narrowed by the list's filters (each served by an index with id; the
    search text is a recheck on the rows the district index narrowed); ``overdue_on``: only the leads
    whose next step is overdue on that day (:func:`overdue`)."""
    queryset = matching(leads(user), q)
    if overdue_on:
        queryset = overdue(queryset, overdue_on)
    if stage:
        queryset = queryset.filter(stage=stage)
    if industry:
        queryset = queryset.filter(industry_id=industry)
    if owner:
        queryset = queryset.filter(owner_id=owner)
    if partner:
        queryset = queryset.filter(source_partner_id=partner)
    if visit:
        queryset = queryset.filter(source_visit_id=visit)
    return queryset


def overdue(queryset: QuerySet[Lead], today: date) -> QuerySet[Lead]:
    """The open leads whose next step was due before ``today`` (served by lead_district_stage_id or
    lead_stage_next_step): the start page's count (investment.workbench) and the list's ?overdue=1."""
    return queryset.filter(stage__in=OPEN_STAGES, next_step_on__lt=today)


def is_overdue(lead: Lead, today: date) -> bool:
    """Whether one lead already read is among :func:`overdue`'s (the list's red mark)."""
    return lead.stage in OPEN_STAGES and lead.next_step_on is not None and lead.next_step_on < today


def partners(user: Any) -> QuerySet[Partner]:
    return access.scope(user, Partner)


def visits(user: Any) -> QuerySet[Visit]:
    return access.scope(user, Visit.objects.select_related("partner"))


# --- figures ------------------------------------------------------------------------------------------


@dataclass
class StageRow:
    stage: str
    label: str
    leads: int = 0
    intended: Decimal = ZERO
    signed: Decimal = ZERO
    landed: Decimal = ZERO


@dataclass
class AmountRow:
    key: Any
    label: str
    leads: int = 0
    amount: Decimal = ZERO


class Conversion:
    """Shares of leads that signed and that landed (conversion), for rows with those counts."""

    leads: int
    signed: int
    landed: int

    @property
    def signed_rate(self) -> float | None:
        return self.signed / self.leads if self.leads else None

    @property
    def landed_rate(self) -> float | None:
        return self.landed / self.leads if self.leads else None


@dataclass
class ConversionRow(Conversion):
    key: Any
    label: str
    leads: int = 0
    signed: int = 0
    landed: int = 0
    landed_amount: Decimal = ZERO


@dataclass
class Totals:
    """The period's totals (the figures page's tiles and the cockpit, kaopu.investment.metrics):

    - leads: recorded in the period (the Asia/Shanghai date of ``created_at``);
    - signed, signed_amount: leads signed in the period (``signed_on``) and signed or landed now (a lead
      terminated after signing is left out, its agreement having fallen through);
    - landed, landed_amount: leads landed in the period (``landed_on``).
    """

    leads: int = 0
    signed: int = 0
    signed_amount: Decimal = ZERO
    landed: int = 0
    landed_amount: Decimal = ZERO


@dataclass
class Figures:
    year: int | None
    totals: Totals = field(default_factory=Totals)
    by_stage: list[StageRow] = field(default_factory=list)
    by_industry: list[AmountRow] = field(default_factory=list)
    by_partner: list[AmountRow] = field(default_factory=list)
    conversion: list[ConversionRow] = field(default_factory=list)

    @property
    def total_leads(self) -> int:
        return self.totals.leads

    @property
    def total_landed(self) -> Decimal:
        return self.totals.landed_amount


Period = tuple[date, date] | None  # first and last day, both included; None: every year


def _within(name: str, period: Period) -> Q:
    """``name`` (a date, or a moment read as its Asia/Shanghai date) falls in ``period``."""
    if period is None:
        return Q()
    first, last = period
    if name == "created_at":
        zone = timezone.get_current_timezone()
        return Q(created_at__gte=datetime.combine(first, time.min, zone),
                 created_at__lt=datetime.combine(last + timedelta(days=1), time.min, zone))
    return Q(**{f"{name}__gte": first, f"{name}__lte": last})


def recorded_in(leads: QuerySet[Lead], period: Period) -> QuerySet[Lead]:
    return leads.filter(_within("created_at", period))


def _signed_by(as_of: date | None) -> Q:
    """Signed (or landed) now, or, as of the end of a past day, signed then: signed by that day and not
    terminated by it (termination is dated the day it is recorded, ``ended_on``; a lead reopened since
    lost its signing and is not counted)."""
    if as_of is None:
        return Q(stage__in=(S.SIGNED, S.LANDED))
    return Q(signed_on__lte=as_of) & (Q(stage__in=(S.SIGNED, S.LANDED)) | Q(stage=S.TERMINATED, ended_on__gt=as_of))


def _totals_sums(period: Period, as_of: date | None = None) -> dict[str, Any]:
    signed = _signed_by(as_of) & _within("signed_on", period)
    landed = Q(stage=S.LANDED) & _within("landed_on", period)
    if as_of is not None:
        landed &= Q(landed_on__lte=as_of)
    return {"leads": Count("id", filter=_within("created_at", period) or None),
            "signed": Count("id", filter=signed), "signed_amount": Sum("signed_amount", filter=signed),
            "landed": Count("id", filter=landed), "landed_amount": Sum("landed_amount", filter=landed)}


def _totals(row: dict[str, Any]) -> Totals:
    return Totals(row.get("leads", 0), row.get("signed", 0), row.get("signed_amount") or ZERO,
                  row.get("landed", 0), row.get("landed_amount") or ZERO)


def _touched(leads: QuerySet[Lead], period: Period) -> QuerySet[Lead]:
    """The leads recorded, signed or landed in the period: those :func:`totals` reads."""
    if period is None:
        return leads
    return leads.filter(_within("created_at", period) | _within("signed_on", period)
                        | _within("landed_on", period))


def totals(leads: QuerySet[Lead], period: Period, as_of: date | None = None) -> Totals:
    """:class:`Totals` of ``leads`` (already scoped) in one query; ``as_of``: signed and landed as of the
    end of that day rather than now."""
    return _totals(_touched(leads, period).aggregate(**_totals_sums(period, as_of)))


def totals_by_district(leads: QuerySet[Lead], period: Period, as_of: date | None = None) -> dict[int, Totals]:
    """:func:`totals` per district (districts without a lead are absent), in one grouped query."""
    rows = _touched(leads, period).order_by().values("district_id").annotate(**_totals_sums(period, as_of))
    return {row.pop("district_id"): _totals(row) for row in rows}


def stage_rows(recorded: QuerySet[Lead]) -> list[StageRow]:
    """Leads by current stage, every stage in the workflow's order, with the sums of their amounts
    (one query)."""
    stages = {
        row["stage"]: row
        for row in recorded.values("stage").annotate(
            n=Count("id"), intended=Sum("intended_amount"), signed=Sum("signed_amount"), landed=Sum("landed_amount")
        )
    }
    rows = []
    for value, label in S.choices:
        row = stages.get(value, {})
        rows.append(
            StageRow(
                value,
                str(label),
                row.get("n", 0),
                row.get("intended") or ZERO,
                row.get("signed") or ZERO,
                row.get("landed") or ZERO,
            )
        )
    return rows


def year_period(year: int | None) -> Period:
    return (date(year, 1, 1), date(year, 12, 31)) if year else None


def figures(user: Any, year: int | None = None) -> Figures:
    """The totals and four tables, for the leads recorded in ``year`` (all years when None):

    - :class:`Totals` (the tiles, and the cockpit's figures for a year);
    - leads by current stage, with the sums of intended, signed and landed amounts;
    - landed amount by industry and by source partner: the leads that landed in ``year`` (landed_on);
    - conversion per source partner: of the leads recorded in ``year``, how many reached signing
      (signed or landed now) and how many landed; rates = signed/leads and landed/leads.
    """
    scoped = access.scope(user, Lead)
    period = year_period(year)
    recorded = recorded_in(scoped, period)
    landed = scoped.filter(Q(stage=S.LANDED) & _within("landed_on", period))
    result = Figures(year=year, totals=totals(scoped, period), by_stage=stage_rows(recorded))
    for row in (
        landed.values("industry_id", "industry__name")
        .annotate(n=Count("id"), amount=Sum("landed_amount"))
        .order_by("-amount", "industry_id")
    ):
        result.by_industry.append(
            AmountRow(
                row["industry_id"], f"{row['industry_id']} {row['industry__name']}", row["n"], row["amount"] or ZERO
            )
        )
    for row in (
        landed.values("source_partner_id", "source_partner__name")
        .annotate(n=Count("id"), amount=Sum("landed_amount"))
        .order_by("-amount", "source_partner_id")
    ):
        result.by_partner.append(
            AmountRow(row["source_partner_id"], row["source_partner__name"] or "", row["n"], row["amount"] or ZERO)
        )
    reached = Q(stage__in=(S.SIGNED, S.LANDED))
    for row in (
        recorded.values("source_partner_id", "source_partner__name")
        .annotate(
            n=Count("id"),
            signed=Count("id", filter=reached),
            landed=Count("id", filter=Q(stage=S.LANDED)),
            amount=Sum("landed_amount", filter=Q(stage=S.LANDED)),
        )
        .order_by("-n", "source_partner_id")
    ):
        result.conversion.append(
            ConversionRow(
                row["source_partner_id"],
                row["source_partner__name"] or "",
                row["n"],
                row["signed"],
                row["landed"],
                row["amount"] or ZERO,
            )
        )
    return result


@dataclass
class PartnerSummary(Conversion):
    leads: int
    signed: int
    landed: int
    landed_amount: Decimal


def partner_summary(partner: Partner) -> PartnerSummary:
    """A partner's conversion over all years (one query)."""
    row = Lead.objects.filter(source_partner=partner).aggregate(
        n=Count("id"),
        signed=Count("id", filter=Q(stage__in=(S.SIGNED, S.LANDED))),
        landed=Count("id", filter=Q(stage=S.LANDED)),
        amount=Sum("landed_amount", filter=Q(stage=S.LANDED)),
    )
    return PartnerSummary(row["n"], row["signed"], row["landed"], row["amount"] or ZERO)
