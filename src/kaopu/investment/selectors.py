"""Reads shared by the investment pages, the API and the export: lists scoped to the user, and the figures.

Every read goes through kaopu.core.access.scope, so that FIC staff and leaders see their district's
rows and nobody else sees any. The figures are a handful of grouped queries whatever the number of
leads (one per table), so the figures page and its export cost the same for ten leads or ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

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
    q: str | None = None,
) -> QuerySet[Lead]:
    """The leads the user may see, narrowed by the list's filters (each served by an index with id; the
    search text is a recheck on the rows the district index narrowed)."""
    queryset = matching(leads(user), q)
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


def is_overdue(lead: Lead, today: date) -> bool:
    """An open lead whose next step was due before today."""
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
class Figures:
    year: int | None
    by_stage: list[StageRow] = field(default_factory=list)
    by_industry: list[AmountRow] = field(default_factory=list)
    by_partner: list[AmountRow] = field(default_factory=list)
    conversion: list[ConversionRow] = field(default_factory=list)

    @property
    def total_leads(self) -> int:
        return sum(row.leads for row in self.by_stage)

    @property
    def total_landed(self) -> Decimal:
        return sum((row.amount for row in self.by_industry), ZERO)


def figures(user: Any, year: int | None = None) -> Figures:
    """Four tables, for the leads recorded in ``year`` (all years when None):

    - leads by current stage, with the sums of intended, signed and landed amounts;
    - landed amount by industry and by source partner: the leads that landed in ``year`` (landed_on);
    - conversion per source partner: of the leads recorded in ``year``, how many reached signing
      (signed or landed now) and how many landed; rates = signed/leads and landed/leads.
    """
    scoped = access.scope(user, Lead)
    recorded = scoped.filter(created_at__year=year) if year else scoped
    landed = scoped.filter(stage=S.LANDED)
    if year:
        landed = landed.filter(landed_on__year=year)
    result = Figures(year=year)
    stages = {
        row["stage"]: row
        for row in recorded.values("stage").annotate(
            n=Count("id"), intended=Sum("intended_amount"), signed=Sum("signed_amount"), landed=Sum("landed_amount")
        )
    }
    for value, label in S.choices:
        row = stages.get(value, {})
        result.by_stage.append(
            StageRow(
                value,
                str(label),
                row.get("n", 0),
                row.get("intended") or ZERO,
                row.get("signed") or ZERO,
                row.get("landed") or ZERO,
            )
        )
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
