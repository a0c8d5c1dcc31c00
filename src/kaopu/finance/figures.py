"""The financing figures (融资数据) of a period: what became of the demands submitted in it.

Everything counts the demands *submitted* in the chosen days (Asia/Shanghai dates) and what
became of them since — so a demand of December granted in January counts in December's figures,
and the grant rate and the days to grant describe one cohort. A demand granted by two banks counts
once as a granted demand; its granted amount is the sum of both grants. Amounts are Decimal 万元,
rates Decimal percentages, means Decimal to one place: no float anywhere.

The figures page (months, views_figures.py) and the cockpit (days, kaopu.finance.metrics) read the
same :func:`totals` and :func:`bank_rows`, so a number has one definition. :func:`compute` runs seven
queries whatever the number of demands, pushes and banks (the demand totals, the grant totals, the
banks, their pushes, the industry names, and the demands and grants per industry), all on the
indexes (district, created_at) of demands and (demand) of pushes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from kaopu.directory.models import IndustrySection
from kaopu.finance.models import Bank, DemandPush, FinancingDemand

G = DemandPush.State
ZERO = Decimal(0)


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a fraction to four places (None when whole is 0)."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def mean(total: Decimal | int | None, n: int, places: str = "0.1") -> Decimal | None:
    if not n or total is None:
        return None
    return (Decimal(total) / Decimal(n)).quantize(Decimal(places), ROUND_HALF_UP)


@dataclass
class Totals:
    demands: int = 0
    demanded_amount: Decimal = ZERO  # the sum of the amounts the demands asked for
    matched: int = 0
    pushed: int = 0
    granted: int = 0
    granted_amount: Decimal = ZERO
    banks_granted: int = 0  # banks with at least one grant to the demands
    days_sum: int = 0
    days_counted: int = 0  # granted demands whose working days are known

    @property
    def grant_rate(self) -> Decimal | None:
        """Granted demands of the demands pushed to a bank."""
        return share(self.granted, self.pushed)

    @property
    def mean_days_to_grant(self) -> Decimal | None:
        return mean(self.days_sum, self.days_counted)


@dataclass
class BankRow:
    bank_id: int
    name: str
    pushed: int = 0
    claimed: int = 0
    granted: int = 0
    declined: int = 0
    amount: Decimal = ZERO
    rate_sum: Decimal = ZERO

    @property
    def mean_rate(self) -> Decimal | None:
        return mean(self.rate_sum, self.granted, "0.01")

    @property
    def grant_rate(self) -> Decimal | None:
        return share(self.granted, self.granted + self.declined)


@dataclass
class IndustryRow:
    code: str  # "" for demands whose enterprise has no industry recorded
    name: str
    demands: int = 0
    matched: int = 0
    granted: int = 0
    amount: Decimal = ZERO

    @property
    def grant_rate(self) -> Decimal | None:
        return share(self.granted, self.demands)


@dataclass
class Figures:
    first: date  # first day of the first month
    last: date  # first day of the last month
    totals: Totals = field(default_factory=Totals)
    banks: list[BankRow] = field(default_factory=list)
    industries: list[IndustryRow] = field(default_factory=list)


def cohort(district_ids: Iterable[int] | None, start: date, end: date) -> Any:
    """The demands submitted from ``start`` to ``end`` (days, both included, Asia/Shanghai)."""
    demands = FinancingDemand.objects.filter(created_at__gte=_moment(start),
                                             created_at__lt=_moment(end + timedelta(days=1)))
    return demands if district_ids is None else demands.filter(district_id__in=list(district_ids))


def _demand_sums(granted_before: datetime | None = None) -> dict[str, Any]:
    """What :class:`Totals` reads of the demands themselves (one row, or one per district); with
    ``granted_before``, a demand counts as granted only if its first grant was recorded before then."""
    granted = Q(state=FinancingDemand.State.GRANTED)
    if granted_before is not None:
        granted &= Q(granted_at__lt=granted_before)
    was_pushed = Exists(DemandPush.objects.filter(demand=OuterRef("pk")))
    return {"demands": Count("id"), "demanded_amount": Sum("amount"),
            "matched": Count("id", filter=Q(matched_products__gt=0)), "pushed": Count("id", filter=Q(was_pushed)),
            "granted": Count("id", filter=granted), "days_sum": Sum("working_days_to_grant", filter=granted),
            "days_counted": Count("working_days_to_grant", filter=granted)}


def _grant_sums() -> dict[str, Any]:
    """What :class:`Totals` reads of the grants (pushes granted) to the demands."""
    return {"granted_amount": Sum("granted_amount"), "banks_granted": Count("bank_id", distinct=True)}


def _totals(demand_row: dict[str, Any], grant_row: dict[str, Any]) -> Totals:
    return Totals(
        demands=demand_row.get("demands", 0), demanded_amount=demand_row.get("demanded_amount") or ZERO,
        matched=demand_row.get("matched", 0), pushed=demand_row.get("pushed", 0),
        granted=demand_row.get("granted", 0), granted_amount=grant_row.get("granted_amount") or ZERO,
        banks_granted=grant_row.get("banks_granted", 0), days_sum=demand_row.get("days_sum") or 0,
        days_counted=demand_row.get("days_counted", 0))


def granted_pushes(pushes: Any, granted_before: datetime | None = None) -> Any:
    """The grants among ``pushes``; with ``granted_before``, those recorded before then (a grant is final:
    its ``decided_at`` is the moment the bank recorded it)."""
    pushes = pushes.filter(state=G.GRANTED)
    return pushes if granted_before is None else pushes.filter(decided_at__lt=granted_before)


def _grants(demands: Any, granted_before: datetime | None) -> Any:
    return granted_pushes(DemandPush.objects.filter(demand__in=demands), granted_before)


def totals(demands: Any, granted_before: datetime | None = None) -> Totals:
    """The totals of a cohort of demands (:func:`cohort`), in two queries; ``granted_before`` counts only
    the grants recorded before that moment (the figures as of a past day's end)."""
    return _totals(demands.aggregate(**_demand_sums(granted_before)),
                   _grants(demands, granted_before).aggregate(**_grant_sums()))


def totals_by_district(demands: Any, granted_before: datetime | None = None) -> dict[int, Totals]:
    """:func:`totals` per district of the demands (districts without a demand are absent), in two
    grouped queries: the cockpit's comparison of districts."""
    per_demand = {row.pop("district_id"): row for row in
                  demands.order_by().values("district_id").annotate(**_demand_sums(granted_before))}
    per_grant = {row.pop("district"): row for row in _grants(demands, granted_before).order_by()
                 .values(district=F("demand__district_id")).annotate(**_grant_sums())}
    return {district: _totals(row, per_grant.get(district, {})) for district, row in per_demand.items()}


def compute(district_ids: list[int] | None, first: date, last: date) -> Figures:
    """The figures of the demands submitted in the months ``first``..``last`` (inclusive) of the
    districts (``None``: every district)."""
    first, last = month_start(first), month_start(last)
    demands = cohort(district_ids, first, next_month(last) - timedelta(days=1))
    figures = Figures(first=first, last=last)
    figures.totals = totals(demands)
    pushes = DemandPush.objects.filter(demand__in=demands)
    figures.banks = bank_rows(district_ids, pushes)
    figures.industries = _industries(demands, pushes.filter(state=G.GRANTED))
    return figures


def bank_rows(district_ids: Iterable[int] | None, pushes: Any) -> list[BankRow]:
    """Every alliance bank of the districts (those without a push too), the largest amount first."""
    banks = Bank.objects.all() if district_ids is None else Bank.objects.filter(district_id__in=list(district_ids))
    rows = {pk: BankRow(pk, short or name) for pk, name, short in
            banks.order_by("sort_order", "id").values_list("pk", "name", "short_name")}
    per_bank = pushes.values("bank_id").annotate(
        pushed=Count("id"), claimed=Count("id", filter=Q(claimed_at__isnull=False)),
        granted=Count("id", filter=Q(state=G.GRANTED)), declined=Count("id", filter=Q(state=G.DECLINED)),
        amount=Sum("granted_amount", filter=Q(state=G.GRANTED)),
        rate_sum=Sum("granted_rate", filter=Q(state=G.GRANTED))).order_by()
    for values in per_bank:
        bank = rows.get(values["bank_id"])
        if bank is None:  # a push to another district's bank (a city-wide view counts it under its own bank)
            continue
        bank.pushed, bank.claimed = values["pushed"], values["claimed"]
        bank.granted, bank.declined = values["granted"], values["declined"]
        bank.amount, bank.rate_sum = values["amount"] or ZERO, values["rate_sum"] or ZERO
    return sorted(rows.values(), key=lambda b: (-b.amount, -b.granted, -b.pushed))


def _industries(demands: Any, grants: Any) -> list[IndustryRow]:
    """Per industry section, the sections with demands only, most demands first."""
    rows: dict[str, IndustryRow] = {}
    names = dict(IndustrySection.objects.values_list("code", "name"))
    per_industry = demands.values("industry_id").annotate(
        demands=Count("id"), matched=Count("id", filter=Q(matched_products__gt=0)),
        granted=Count("id", filter=Q(state=FinancingDemand.State.GRANTED))).order_by()
    for values in per_industry:
        code = values["industry_id"] or ""
        rows[code] = IndustryRow(code, names.get(code, ""), values["demands"], values["matched"], values["granted"])
    for code, amount in grants.values_list("demand__industry_id").annotate(amount=Sum("granted_amount")).order_by():
        if (code or "") in rows:
            rows[code or ""].amount = amount or ZERO
    return sorted(rows.values(), key=lambda r: (-r.demands, r.code == "", r.code))
