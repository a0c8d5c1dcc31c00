"""Keyset pagination: no OFFSET, no COUNT, every row exactly once in both directions."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.core.pagination import keyset_page, keyset_union_page, page_from_query, parse_cursor, query_with
from kaopu.core.testing import make_credit_code, make_enterprise
from kaopu.directory.models import District, Enterprise


@pytest.mark.parametrize(("raw", "cursor"), [
    ("42", 42), (42, 42), ("0", None), ("-3", None), ("abc", None), (None, None), ("", None),
    ("1e3", None), (str(2**62), None), ("4611686018427387903", 2**62 - 1),
])
def test_parse_cursor_accepts_positive_ids_only(raw, cursor):
    assert parse_cursor(raw) == cursor


def test_query_with_replaces_and_removes_parameters():
    query = QueryDict("q=%E7%A7%91%E6%8A%80&after=10&size=small")
    assert QueryDict(query_with(query, after=None, before=5)) == QueryDict("q=科技&size=small&before=5")
    assert query["after"] == "10"  # the request's own query is not changed


def walk(queryset, size: int, paginate=None) -> tuple[list[int], list[int]]:  # type: ignore[no-untyped-def]
    def keyset_page(queryset, **cursor):  # type: ignore[no-untyped-def]
        return (paginate or plain_page)(queryset, **cursor)

    forward, page = [], keyset_page(queryset, size=size)
    assert not page.has_previous
    while True:
        assert len(page.items) <= size
        forward.extend(e.pk for e in page.items)
        if not page.has_next:
            break
        assert len(page.items) == size
        page = keyset_page(queryset, after=page.next_cursor, size=size)
    backward = [e.pk for e in reversed(page.items)]
    while page.has_previous:
        page = keyset_page(queryset, before=page.previous_cursor, size=size)
        assert len(page.items) == size
        backward.extend(e.pk for e in reversed(page.items))
    return forward, backward


plain_page = keyset_page


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(0, 30), size=st.integers(1, 12), deleted=st.sets(st.integers(0, 29)))
def test_pages_cover_every_row_once_forward_and_backward(db, rows, size, deleted):
    with transaction.atomic():
        district = District.objects.create(name="分页区")
        made = [make_enterprise(district, credit_code=make_credit_code(20_000 + n)) for n in range(rows)]
        # Gaps in the ids, as deletions leave them.
        Enterprise.objects.filter(pk__in=[made[n].pk for n in deleted if n < rows]).delete()
        queryset = Enterprise.objects.filter(district=district)
        expected = list(queryset.order_by("-pk").values_list("pk", flat=True))
        forward, backward = walk(queryset, size)
        assert forward == expected
        assert backward == expected[::-1]
        transaction.set_rollback(True)


def test_a_page_reads_size_plus_one_rows_without_offset_or_count(db):
    district = District.objects.create(name="查询区")
    for n in range(12):
        make_enterprise(district, credit_code=make_credit_code(30_000 + n))
    queryset = Enterprise.objects.filter(district=district)
    first = keyset_page(queryset, size=5)
    with CaptureQueriesContext(connection) as captured:
        page = keyset_page(queryset, after=first.next_cursor, size=5)
    assert len(captured) == 1
    sql = captured[0]["sql"].upper()
    assert "OFFSET" not in sql
    assert "COUNT(" not in sql
    assert "LIMIT 6" in sql
    assert len(page.items) == 5


def test_rows_added_while_paging_do_not_shift_later_pages(db):
    district = District.objects.create(name="插入区")
    for n in range(10):
        make_enterprise(district, credit_code=make_credit_code(40_000 + n))
    queryset = Enterprise.objects.filter(district=district)
    first = keyset_page(queryset, size=4)
    make_enterprise(district, credit_code=make_credit_code(40_100))  # newer than everything shown
    second = keyset_page(queryset, after=first.next_cursor, size=4)
    assert all(e.pk < first.items[-1].pk for e in second.items)
    assert len(second.items) == 4


def test_page_from_query_reads_the_cursors_and_ignores_garbage(db):
    district = District.objects.create(name="参数区")
    made = [make_enterprise(district, credit_code=make_credit_code(50_000 + n)) for n in range(5)]
    queryset = Enterprise.objects.filter(district=district)
    assert [e.pk for e in page_from_query(queryset, {"after": str(made[3].pk)}, size=10).items] == [
        made[2].pk, made[1].pk, made[0].pk]
    assert len(page_from_query(queryset, {"after": "drop table"}, size=10).items) == 5


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kinds=st.lists(st.sampled_from(["member", "high_tech", "neither"]), max_size=30), size=st.integers(1, 12))
def test_union_pages_cover_both_branches_once_forward_and_backward(db, kinds, size):
    """Members, or high-tech enterprises that are not members: two disjoint branches, merged by id."""
    with transaction.atomic():
        district = District.objects.create(name="并集区")
        for n, kind in enumerate(kinds):
            make_enterprise(district, credit_code=make_credit_code(40_000 + n), is_member=kind == "member",
                            is_high_tech=kind == "high_tech")
        rows = Enterprise.objects.filter(district=district)
        branches = [rows.filter(is_member=True), rows.filter(is_high_tech=True, is_member=False)]
        expected = list(rows.exclude(is_member=False, is_high_tech=False).order_by("-pk")
                        .values_list("pk", flat=True))

        def paginate(queryset, **cursor):  # type: ignore[no-untyped-def]
            return keyset_union_page(branches, queryset, **cursor)

        forward, backward = walk(rows, size, paginate)
        assert forward == expected
        assert backward == expected[::-1]
        transaction.set_rollback(True)


def test_a_union_page_reads_size_plus_one_ids_per_branch_without_offset_or_count(db):
    district = District.objects.create(name="并集查询区")
    for n in range(12):
        make_enterprise(district, credit_code=make_credit_code(50_000 + n), is_member=n % 2 == 0,
                        is_high_tech=n % 2 == 1)
    rows = Enterprise.objects.filter(district=district)
    branches = [rows.filter(is_member=True), rows.filter(is_high_tech=True, is_member=False)]
    with CaptureQueriesContext(connection) as captured:
        page = keyset_union_page(branches, rows, size=5)
    if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL: one UNION ALL of limited branches
        assert len(captured) == 2
        assert "UNION ALL" in captured[0]["sql"].upper() and captured[0]["sql"].upper().count("LIMIT 6") == 3
    else:  # SQLite: each branch alone
        assert len(captured) == 3
        assert all("LIMIT 6" in q["sql"].upper() for q in captured[:2])
    assert not any("OFFSET" in q["sql"].upper() or "COUNT(" in q["sql"].upper() for q in captured)
    assert [e.pk for e in page.items] == list(rows.order_by("-pk").values_list("pk", flat=True)[:5])
