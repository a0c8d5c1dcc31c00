"""Reads shared by the chamber pages, the start pages (workbench.py), the search and the reminder task.

Every read goes through kaopu.core.access.scope (staff their district's chambers, leaders read, an
officer their own chamber). Lists are keyset pages with a fixed number of queries whatever the size:

- the chamber list is ordered by (name, id): a cursor is the id of the row next to the page, and the page
  reads ``name > (the cursor's name) OR (name = it AND id > cursor)`` — one query, served by the index
  chamber_district_list (district, status, name, id);
- a chamber's current members are ordered by id, newest first, and read through the partial indexes
  chamber_member_current (chamber, id) and chamber_member_role (chamber, role, id) WHERE left_on IS NULL
  (:func:`member_page`): the page reads ``size + 1`` index entries of that chamber whatever the number of
  enterprises or memberships (a million enterprises change nothing: the enterprise is joined by its
  primary key for the page's rows only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When

from kaopu.chambers.models import BrandProject, Chamber, LeadershipTerm, Membership, TermOfficer
from kaopu.core import access
from kaopu.core.pagination import KeysetPage, parse_cursor
from kaopu.core.searching import clean_query
from kaopu.directory import credit_code
from kaopu.directory.models import Enterprise

TERM_WARNING_DAYS = 90  # the start page's "terms ending within 90 days"
COUNCIL = (Membership.Role.PRESIDENT, Membership.Role.EXECUTIVE_VICE_PRESIDENT, Membership.Role.VICE_PRESIDENT,
           Membership.Role.DIRECTOR)
ROLE_RANK = Case(*[When(role=role, then=Value(rank)) for rank, role in enumerate(Membership.Role.values)],
                 output_field=IntegerField())


def chambers(user: Any) -> QuerySet[Chamber]:
    return access.scope(user, Chamber.objects.select_related("subdistrict", "industry_section"))


def matching(queryset: QuerySet[Chamber], raw_query: str | None) -> QuerySet[Chamber]:
    """The chambers whose name holds the search text (the list's box and the platform search)."""
    query = clean_query(raw_query)
    return queryset.filter(name__contains=query) if query else queryset


def chamber_list(user: Any, *, kind: str = "", status: str = "", subdistrict: Any = None,
                 q: str = "") -> QuerySet[Chamber]:
    queryset = matching(chambers(user), q)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if subdistrict:
        queryset = queryset.filter(subdistrict_id=subdistrict)
    return queryset


def name_page(queryset: QuerySet[Chamber], query: Any, size: int = 50) -> KeysetPage[Chamber]:
    """One page of ``queryset`` in (name, id) order after or before a cursor id (one query)."""
    after, before = parse_cursor(query.get("after")), parse_cursor(query.get("before"))
    cursor = before or after
    if cursor is not None:
        anchor = Subquery(Chamber.objects.filter(pk=cursor).values("name")[:1])
        if before is not None:
            rows = list(queryset.filter(Q(name__lt=anchor) | Q(name=anchor, pk__lt=before))
                        .order_by("-name", "-pk")[: size + 1])
            items = list(reversed(rows[:size]))
            return KeysetPage(items=items, next_cursor=items[-1].pk if items else None,
                              previous_cursor=items[0].pk if len(rows) > size and items else None)
        queryset = queryset.filter(Q(name__gt=anchor) | Q(name=anchor, pk__gt=after))
    rows = list(queryset.order_by("name", "pk")[: size + 1])
    items = rows[:size]
    return KeysetPage(items=items, next_cursor=items[-1].pk if len(rows) > size else None,
                      previous_cursor=items[0].pk if after is not None and items else None)


# --- one chamber -------------------------------------------------------------------------------------------


def current_members(chamber: Chamber, role: str = "") -> QuerySet[Membership]:
    """The chamber's open periods, of one role when given (the member list; page them with member_page)."""
    queryset = Membership.objects.filter(chamber=chamber, left_on__isnull=True).select_related("enterprise")
    return queryset.filter(role=role) if role else queryset


def member_page(chamber: Chamber, query: Any, role: str = "", size: int = 50) -> KeysetPage[Membership]:
    """One page of the chamber's current members, newest first, after or before a cursor id (one query).

    The order names the index's leading columns (chamber, [role,] id) rather than id alone: ordered by id
    only, PostgreSQL prefers walking the primary key backwards and filtering, which at 125,000 periods read
    26,000 rows for a page of a mid-sized chamber and all 125,000 for an empty role. Ordered as the partial
    index chamber_member_current (chamber, id) or chamber_member_role (chamber, role, id) WHERE left_on IS
    NULL, the page reads ``size + 1`` index entries of that chamber whatever the size of the tables
    (docs/chambers.md has the plans). The rows are those of :func:`current_members`."""
    lead = ["chamber_id", "role"] if role else ["chamber_id"]
    after, before = parse_cursor(query.get("after")), parse_cursor(query.get("before"))
    # Ranges of one value, not equalities: PostgreSQL drops an ORDER BY column that a WHERE pins to a
    # constant, which would leave "ORDER BY id" and the primary key walk again.
    queryset = Membership.objects.filter(chamber_id__gte=chamber.pk, chamber_id__lte=chamber.pk, left_on__isnull=True)
    if role:
        queryset = queryset.filter(role__gte=role, role__lte=role)
    queryset = queryset.select_related("enterprise")
    if before is not None:
        rows = list(queryset.filter(pk__gt=before).order_by(*lead, "pk")[: size + 1])
        items = list(reversed(rows[:size]))
        return KeysetPage(items=items, next_cursor=items[-1].pk if items else None,
                          previous_cursor=items[0].pk if len(rows) > size and items else None)
    if after is not None:
        queryset = queryset.filter(pk__lt=after)
    rows = list(queryset.order_by(*[f"-{name}" for name in lead], "-pk")[: size + 1])
    items = rows[:size]
    return KeysetPage(items=items, next_cursor=items[-1].pk if len(rows) > size else None,
                      previous_cursor=items[0].pk if after is not None and items else None)


def leadership(chamber: Chamber, limit: int) -> list[Membership]:
    """The chamber's current president, vice-presidents and directors (会长 … 理事) in rank order, then by
    date of joining: one query on chamber_member_role (a chamber's council is tens of rows, not thousands)."""
    return list(current_members(chamber).filter(role__in=COUNCIL).annotate(rank=ROLE_RANK)
                .order_by("rank", "joined_on", "id")[:limit])


def newest_members(chamber: Chamber, limit: int) -> list[Membership]:
    """The chamber's newest ordinary members (会员), read like the member list's first page."""
    return member_page(chamber, {}, Membership.Role.MEMBER, limit).items


def member_history(chamber: Chamber, limit: int) -> list[Membership]:
    """The chamber's ended periods, most recently ended first (role changes and leavers)."""
    return list(Membership.objects.filter(chamber=chamber, left_on__isnull=False).select_related("enterprise")
                .order_by("-left_on", "-id")[:limit])


def enterprise_periods(chamber: Chamber, enterprise_id: int) -> list[Membership]:
    return list(Membership.objects.filter(chamber=chamber, enterprise_id=enterprise_id).order_by("-joined_on", "-id"))


def terms(chamber: Chamber, limit: int) -> list[LeadershipTerm]:
    """The chamber's terms, newest first, with their officers (two queries)."""
    officers = TermOfficer.objects.select_related("enterprise").order_by("sort_order", "id")
    return list(LeadershipTerm.objects.filter(chamber=chamber).prefetch_related(Prefetch("officers", officers))
                .order_by("-number")[:limit])


def projects(chamber: Chamber, limit: int) -> list[BrandProject]:
    return list(BrandProject.objects.filter(chamber=chamber).order_by("-year", "-id")[:limit])


def project_detail(user: Any, pk: Any) -> BrandProject:
    """One brand project with its plan, outcomes and photos (four queries), or 404."""
    queryset = BrandProject.objects.select_related("chamber").prefetch_related("plan", "outcomes", "photos")
    return access.get_object_for_user(user, queryset, pk)


def brand_projects(user: Any, *, year: int | None = None, featured: bool = False) -> QuerySet[BrandProject]:
    """Every brand project the user sees (the staff list: keyset on id), of a year, or featured ones."""
    queryset = access.scope(user, BrandProject.objects.select_related("chamber"))
    if year:
        queryset = queryset.filter(year=year)
    if featured:
        queryset = queryset.filter(featured=True)
    return queryset


# --- to-dos (workbench.py and the task) ------------------------------------------------------------------


def _later_term() -> Exists:
    return Exists(LeadershipTerm.objects.filter(chamber_id=OuterRef("chamber_id"), number__gt=OuterRef("number")))


def terms_ending(user: Any, today: date, days: int = TERM_WARNING_DAYS) -> QuerySet[LeadershipTerm]:
    """Terms of active chambers the user sees ending between today and ``days`` days on, whose next term
    is not recorded yet (range scan on the index chamber_term_ends): the start page's count and the list
    it leads to."""
    return (access.scope(user, LeadershipTerm.objects.select_related("chamber"))
            .filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=days),
                    chamber__status=Chamber.Status.ACTIVE)
            .exclude(_later_term()))


def unrecorded_outcomes(user: Any, year: int) -> QuerySet[BrandProject]:
    """Brand projects of ``year`` the user sees that have no outcome yet."""
    from kaopu.chambers.models import BrandOutcome

    return (access.scope(user, BrandProject.objects.select_related("chamber"))
            .filter(year=year).exclude(Exists(BrandOutcome.objects.filter(project=OuterRef("pk")))))


def recent_changes(chamber: Chamber, limit: int) -> list[Membership]:
    """The chamber's last recorded membership periods (joins, role changes), newest first."""
    return list(Membership.objects.filter(chamber=chamber).select_related("enterprise").order_by("-id")[:limit])


# --- finding an enterprise to add ------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """An enterprise offered to add as a member: only its public registration facts."""

    pk: int
    name: str
    credit_code: str


LOOKUP_ROWS = 20


def candidates(chamber: Chamber, text: str) -> list[Candidate]:
    """Enterprises of the chamber's district with exactly this credit code, or whose name holds ``text``
    (at most LOOKUP_ROWS, by name): only name and credit code, the facts a registration makes public, so
    that a chamber officer, who cannot browse the directory, finds the enterprise to add."""
    wanted = clean_query(text)
    if not wanted:
        return []
    district = Enterprise.objects.filter(district_id=chamber.district_id)
    code = wanted.upper()
    if len(code) == 18 and credit_code.is_valid(code):
        rows = district.filter(credit_code=code)
    else:
        rows = district.filter(name__contains=wanted).order_by("name", "id")
    return [Candidate(pk, name, code) for pk, name, code in rows.values_list("pk", "name", "credit_code")[:LOOKUP_ROWS]]


def candidate(chamber: Chamber, pk: Any) -> Candidate | None:
    """One enterprise of the chamber's district chosen from :func:`candidates` (the add form's heading)."""
    if not str(pk or "").isdigit():
        return None
    row = Enterprise.objects.filter(district_id=chamber.district_id, pk=int(pk)).values_list(
        "pk", "name", "credit_code").first()
    return Candidate(*row) if row else None
