"""Keyset pagination: pages are found by the last id seen, never by OFFSET, and nothing is counted.

Counting a million rows costs tens of milliseconds on every request, and OFFSET reads and throws
away every row before the page; both grow with the table. A keyset page reads ``size + 1`` rows
from an index on ``(filter column, id)`` whatever the table's size. Lists are ordered newest first
(by descending id).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import QueryDict

M = TypeVar("M", bound=Model)


class _Cursors:
    """A page's links to its neighbours: a cursor, or None where there is no page."""

    next_cursor: Any
    previous_cursor: Any

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None


@dataclass
class KeysetPage(_Cursors, Generic[M]):
    items: list[M]
    next_cursor: int | None
    previous_cursor: int | None


def parse_cursor(value: Any) -> int | None:
    """A cursor from a query string: a positive integer id, anything else means 'first page'."""
    try:
        cursor = int(value)
    except (TypeError, ValueError):
        return None
    return cursor if 0 < cursor < 2**62 else None


def keyset_page(queryset: QuerySet[M], *, after: int | None = None, before: int | None = None,
                size: int = 50) -> KeysetPage[M]:
    """One page of ``queryset`` in descending id order, after or before a cursor id."""
    if before is not None:
        rows = list(queryset.filter(pk__gt=before).order_by("pk")[: size + 1])
        has_more_newer = len(rows) > size
        items = list(reversed(rows[:size]))
        return KeysetPage(
            items=items,
            next_cursor=items[-1].pk if items else None,
            previous_cursor=items[0].pk if has_more_newer and items else None,
        )
    if after is not None:
        queryset = queryset.filter(pk__lt=after)
    rows = list(queryset.order_by("-pk")[: size + 1])
    items = rows[:size]
    return KeysetPage(
        items=items,
        next_cursor=items[-1].pk if len(rows) > size else None,
        previous_cursor=items[0].pk if after is not None and items else None,
    )


def keyset_union_page(branches: Sequence[QuerySet[Any]], rows: QuerySet[M], *, after: int | None = None,
                      before: int | None = None, size: int = 50) -> KeysetPage[M]:
    """One page, as keyset_page, of the rows whose ids any of ``branches`` yields.

    For a list that is "A or B" where A and B are served by different indexes (an appeal a department
    leads, or one it co-handles through another table): with an OR the database first collects every
    match of one side, which grows with the table. Here each branch is read in id order from its own
    index and the database merges them (UNION ALL under one ORDER BY … LIMIT), so a page reads about
    ``size`` rows per branch; then ``rows`` (with its select_related) fetches the page by id. Two
    queries on PostgreSQL (one per branch plus one on SQLite, which allows no LIMIT inside a UNION),
    whatever the size of the tables. The branches must not overlap (a row in two branches
    would take two places of a page); ``rows`` may narrow them further (the access rules)."""
    ordering = "pk" if before is not None else "-pk"
    parts = []
    for branch in branches:
        if before is not None:
            branch = branch.filter(pk__gt=before)
        elif after is not None:
            branch = branch.filter(pk__lt=after)
        # Each branch ordered and limited by itself, so the database reads it from its index.
        parts.append(branch.order_by(ordering).values_list("pk", flat=True)[: size + 1])
    if len(parts) > 1 and connection.features.supports_slicing_ordering_in_compound:
        merged: list[int] = list(parts[0].union(*parts[1:], all=True).order_by(ordering)[: size + 1])
    else:  # SQLite: no LIMIT inside a UNION; one query per branch, merged here
        merged = sorted((pk for part in parts for pk in part), reverse=before is None)[: size + 1]
    ids = list(dict.fromkeys(merged))
    has_more = len(ids) > size
    chosen = ids[:size]
    items = sorted(rows.filter(pk__in=chosen), key=lambda row: row.pk, reverse=True) if chosen else []
    if before is not None:
        return KeysetPage(items=items, next_cursor=items[-1].pk if items else None,
                          previous_cursor=items[0].pk if has_more and items else None)
    return KeysetPage(items=items, next_cursor=items[-1].pk if has_more and items else None,
                      previous_cursor=items[0].pk if after is not None and items else None)


def page_from_query(queryset: QuerySet[M], query: QueryDict | dict[str, Any], size: int = 50) -> KeysetPage[M]:
    return keyset_page(queryset, after=parse_cursor(query.get("after")),
                       before=parse_cursor(query.get("before")), size=size)


def query_with(query: QueryDict, **changes: Any) -> str:
    """The current query string with some parameters replaced (None removes one): for page links."""
    copy = query.copy()
    for key, value in changes.items():
        copy.pop(key, None)
        if value is not None:
            copy[key] = str(value)
    return copy.urlencode()


def page_links(query: QueryDict, page: Any) -> dict[str, Any]:
    """A keyset page and the queries of its next and previous pages, for a list template's pager."""
    return {"page": page, "next_query": query_with(query, after=page.next_cursor, before=None),
            "previous_query": query_with(query, before=page.previous_cursor, after=None)}


def keyset_batches(queryset: QuerySet[Any], fields: Sequence[str], *, size: int = 2000,
                   limit: int | None = None) -> Iterator[list[tuple[Any, ...]]]:
    """Every row of ``queryset``, newest first, as lists of ``values_list(*fields)`` tuples whose first
    field is the primary key: one query per batch (``id < last ORDER BY id DESC LIMIT size``), each
    served by the same index as the list page. Used by the exports: memory stays one batch whatever
    the number of rows, and no transaction or server-side cursor stays open while the file is written
    (a cursor WITH HOLD would copy the whole result on the database server first). Stops after
    ``limit`` rows when given."""
    assert fields and fields[0] in ("pk", "id"), "the first field is the primary key (the cursor)"
    last: Any = None
    left = limit
    while left is None or left > 0:
        batch = queryset.order_by("-pk")
        if last is not None:
            batch = batch.filter(pk__lt=last)
        take = size if left is None else min(size, left)
        rows = list(batch.values_list(*fields)[:take])
        if not rows:
            return
        yield rows
        if len(rows) < take:
            return
        last = rows[-1][0]
        if left is not None:
            left -= len(rows)


# Keyset pages on (a date, id), newest first: the public board (closed_at) and the public site's columns
# and search (published_at). A cursor is "<the date in microseconds since 1970>_<id>".
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = datetime.resolution


@dataclass
class DatedPage(_Cursors, Generic[M]):
    items: list[M]
    next_cursor: str | None
    previous_cursor: str | None


def dated_cursor(row: Any, field: str) -> str:
    moment = getattr(row, field)
    assert moment is not None
    return f"{(moment - _EPOCH) // _MICROSECOND}_{row.pk}"


def parse_dated_cursor(value: Any) -> tuple[datetime, int] | None:
    """A cursor from the query string, or None (first page) for anything malformed."""
    match = re.fullmatch(r"(-?\d{1,17})_(\d{1,18})", str(value or ""))
    if not match:
        return None
    try:
        moment = _EPOCH + int(match[1]) * _MICROSECOND
    except OverflowError:
        return None
    return moment, int(match[2])


def dated_page(queryset: QuerySet[M], query: Any, field: str, size: int) -> DatedPage[M]:
    """One page ordered by (``field``, id) descending, after or before a cursor of the query (one query)."""
    before = parse_dated_cursor(query.get("before"))
    after = parse_dated_cursor(query.get("after"))
    if before is not None:
        moment, pk = before
        rows = list(queryset.filter(Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk}))
                    .order_by(field, "id")[: size + 1])
        items = list(reversed(rows[:size]))
        return DatedPage(items, dated_cursor(items[-1], field) if items else None,
                         dated_cursor(items[0], field) if len(rows) > size and items else None)
    if after is not None:
        moment, pk = after
        queryset = queryset.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk}))
    rows = list(queryset.order_by(f"-{field}", "-id")[: size + 1])
    items = rows[:size]
    return DatedPage(items, dated_cursor(items[-1], field) if len(rows) > size else None,
                     dated_cursor(items[0], field) if after is not None and items else None)
