"""The financing figures (融资数据) of a period: what became of the demands submitted in it.

Everything counts the demands *submitted* in the chosen months (Asia/Shanghai dates) and what
became of them since — so a demand of December granted in January counts in December's figures,
and the grant rate and the days to grant describe one cohort. A demand granted by two banks counts
once as a granted demand; its granted amount is the sum of both grants. Amounts are Decimal 万元,
rates Decimal percentages, means Decimal to one place: no float anywhere.

:func:`compute` runs seven queries whatever the number of demands, pushes and banks (the demand
totals, the granted amount, the banks, their pushes, the industry names, and the demands and grants
per industry),
all on the indexes (district, created_at) of demands and (demand) of pushes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Sum
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
    matched: int = 0
    pushed: int = 0
    granted: int = 0
    granted_amount: Decimal = ZERO
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


def cohort(district_ids: list[int] | None, first: date, last: date) -> Any:
    """The demands submitted from the first day of ``first`` to the end of ``last`` (months)."""
    demands = FinancingDemand.objects.filter(created_at__gte=_moment(month_start(first)),
                                             created_at__lt=_moment(next_month(last)))
    return demands if district_ids is None else demands.filter(district_id__in=district_ids)


def compute(district_ids: list[int] | None, first: date, last: date) -> Figures:
    """The figures of the demands submitted in the months ``first``..``last`` (inclusive) of the
    districts (``None``: every district)."""
    first, last = month_start(first), month_start(last)
    demands = cohort(district_ids, first, last)
    figures = Figures(first=first, last=last)
    was_pushed = Exists(DemandPush.objects.filter(demand=OuterRef("pk")))
    granted = Q(state=FinancingDemand.State.GRANTED)
    row = demands.aggregate(
        demands=Count("id"), matched=Count("id", filter=Q(matched_products__gt=0)),
        pushed=Count("id", filter=Q(was_pushed)), granted=Count("id", filter=granted),
        days_sum=Sum("working_days_to_grant", filter=granted),
        days_counted=Count("working_days_to_grant", filter=granted))
    pushes = DemandPush.objects.filter(demand__in=demands)
    grants = pushes.filter(state=G.GRANTED)
    figures.totals = Totals(
        demands=row["demands"], matched=row["matched"], pushed=row["pushed"], granted=row["granted"],
        granted_amount=grants.aggregate(amount=Sum("granted_amount"))["amount"] or ZERO,
        days_sum=row["days_sum"] or 0, days_counted=row["days_counted"])
    figures.banks = _banks(district_ids, pushes)
    figures.industries = _industries(demands, grants)
    return figures


def _banks(district_ids: list[int] | None, pushes: Any) -> list[BankRow]:
    """Every alliance bank of the districts (those without a push too), the largest amount first."""
    banks = Bank.objects.all() if district_ids is None else Bank.objects.filter(district_id__in=district_ids)
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
