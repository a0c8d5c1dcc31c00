"""Reads of membership and dues shared by pages, exports and the start pages, always scoped to the user
(kaopu.core.access). The to-do counts and the lists they link to read the same functions here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, QuerySet, Sum

from kaopu.core import access
from kaopu.membership.models import (
    Application,
    Category,
    DuesRate,
    ExecutiveTerm,
    Invoice,
    Member,
    Payment,
    Seat,
)


@dataclass(frozen=True)
class MemberFilters:
    """The member list's filters; each is served by one index of Member (see its Meta)."""

    category: int | None = None
    kind: str = ""
    joined_year: int | None = None
    arrears: bool | None = None
    current: bool | None = True


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def member_filters(query: Any) -> MemberFilters:
    """The filters read from a query string; anything unreadable is ignored."""
    flag = {"1": True, "0": False}
    return MemberFilters(
        category=_int(query.get("category")),
        kind=query.get("kind") if query.get("kind") in Member.Kind.values else "",
        joined_year=_int(query.get("joined")),
        arrears=flag.get(query.get("arrears") or ""),
        current=flag.get(query.get("current", "1") or ""),
    )


def members(user: Any, filters: MemberFilters | None = None) -> QuerySet[Member]:
    """The members ``user`` may see, filtered; pages take keyset pages of it (newest first)."""
    filters = filters or MemberFilters(current=None)
    queryset = access.scope(user, Member.objects.select_related("category"))
    if filters.category:
        queryset = queryset.filter(category_id=filters.category)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.joined_year:
        queryset = queryset.filter(joined_year=filters.joined_year)
    if filters.arrears is not None:
        queryset = queryset.filter(in_arrears=filters.arrears)
    if filters.current is not None:
        queryset = queryset.filter(left_on__isnull=filters.current)
    return queryset


def in_arrears(user: Any) -> QuerySet[Member]:
    """Members (current or former) who owe dues: the arrears list and the staff to-do."""
    return members(user, MemberFilters(arrears=True, current=None))


def categories(user: Any, *, active_only: bool = False) -> list[Category]:
    rows = access.scope(user, Category).order_by("order", "id")
    return list(rows.filter(is_active=True) if active_only else rows)


def applications_to_decide(user: Any) -> QuerySet[Application]:
    """The district's applications waiting for a decision (staff see them; the to-do counts them)."""
    return access.scope(user, Application.objects.select_related("enterprise", "applicant")).filter(
        status=Application.Status.PENDING)


def own_member(user: Any) -> Member | None:
    """An enterprise user's own member row (current or former), or None."""
    if not getattr(user, "enterprise_id", None):
        return None
    return access.scope(user, Member.objects.select_related("category")).filter(
        enterprise_id=user.enterprise_id).first()


def unpaid_invoices(user: Any) -> QuerySet[Invoice]:
    """Invoices with a balance that ``user`` may see: an enterprise user's "dues to pay"."""
    return with_balance(access.scope(user, Invoice))


def with_balance(queryset: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """The invoices of ``queryset`` that still have something to pay."""
    return queryset.filter(paid__lt=F("amount") - F("waived"))


def unpaid_years(user: Any, member_ids: list[int]) -> dict[int, list[Invoice]]:
    """The invoices with a balance of each of the members (one query for a page of the arrears list)."""
    found: dict[int, list[Invoice]] = {pk: [] for pk in member_ids}
    for invoice in unpaid_invoices(user).filter(member_id__in=member_ids).order_by("year"):
        found[invoice.member_id].append(invoice)
    return found


def invoices(user: Any, year: int | None = None) -> QuerySet[Invoice]:
    queryset = access.scope(user, Invoice.objects.select_related("member", "category"))
    return queryset.filter(year=year) if year else queryset


def payments(user: Any) -> QuerySet[Payment]:
    return access.scope(user, Payment.objects.select_related("invoice", "invoice__member", "recorded_by"))


def rates(user: Any, year: int) -> dict[int, DuesRate]:
    """The year's rates by category id."""
    return {rate.category_id: rate for rate in access.scope(user, DuesRate).filter(year=year)}


def current_term(user: Any, today: Any) -> ExecutiveTerm | None:
    """The executive committee's term that includes ``today`` (else the latest that started)."""
    terms = access.scope(user, ExecutiveTerm).filter(starts_on__lte=today).order_by("-starts_on")
    return terms.filter(ends_on__gte=today).first() or terms.first()


def seats(term: ExecutiveTerm) -> list[Seat]:
    order = {position: n for n, position in enumerate(Seat.Position.values)}
    rows = list(term.seats.select_related("member", "member__category"))
    return sorted(rows, key=lambda seat: (order[seat.position], seat.sort_order, seat.pk))


@dataclass(frozen=True)
class YearTotals:
    """A year's dues in one line: what was invoiced, paid, waived and is still owed (yuan)."""

    invoices: int
    amount: Decimal
    paid: Decimal
    waived: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid - self.waived


def year_totals(user: Any, year: int) -> YearTotals:
    """The totals of the year's invoices (one aggregate query): the dues page and the statement."""
    row = invoices(user, year).aggregate(n=Count("id"), amount=Sum("amount"), paid=Sum("paid"),
                                         waived=Sum("waived"))
    zero = Decimal("0.00")
    return YearTotals(row["n"], row["amount"] or zero, row["paid"] or zero, row["waived"] or zero)


def arrears_by_year(member: Member) -> list[Invoice]:
    """The member's invoices with a balance, oldest first: "owes what for which years"."""
    return [invoice for invoice in member.invoices.order_by("year") if invoice.balance > 0]
