"""GET /api/v1/appeals: what each role sees, the filters, keyset pages, a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.tests.api_world import APPEALS_VISIBLE_TO, build_appeals, new_appeal, persona
from kaopu.core.api_testing import API, bearer_client


@pytest.fixture
def appeals(world, other_department):  # type: ignore[no-untyped-def]
    return build_appeals(world, other_department)


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("name", sorted(APPEALS_VISIBLE_TO))
def test_each_role_lists_exactly_the_appeals_it_may_see(name, world, appeals, other_handler):  # type: ignore[no-untyped-def]
    user = persona(name, world, other_handler)
    expected = sorted((appeals[key].pk for key in APPEALS_VISIBLE_TO[name]), reverse=True)
    assert _ids(bearer_client(user).get(f"{API}/appeals")) == expected


def test_list_without_authentication_is_401(world, client):  # type: ignore[no-untyped-def]
    assert client.get(f"{API}/appeals").status_code == 401


def test_a_row_names_category_enterprise_department_and_deadline(world, appeals, handler):  # type: ignore[no-untyped-def]
    (row,) = bearer_client(handler).get(f"{API}/appeals").json()["items"]
    assert row["category"]["name"] == "融资"
    assert row["enterprise"] == {"id": world.enterprise_a.pk, "name": world.enterprise_a.name}
    assert row["lead_department"] == {"id": world.department.pk, "name": "区市场监管局"}
    assert (row["state"], row["due_on"], row["is_overdue"]) == ("in_progress", "2026-10-16", False)


def test_filter_by_state(world, appeals, staff):  # type: ignore[no-untyped-def]
    assert _ids(bearer_client(staff).get(f"{API}/appeals?state=dispatched")) == [appeals["theirs"].pk]
    assert _ids(bearer_client(staff).get(f"{API}/appeals?state=closed")) == []


def test_filter_by_category(world, appeals, staff):  # type: ignore[no-untyped-def]
    legal = Category.objects.get(name="法律")
    appeal = new_appeal(world, category=legal)
    assert _ids(bearer_client(staff).get(f"{API}/appeals?category={legal.pk}")) == [appeal.pk]


def test_filter_by_lead_department(world, appeals, staff, other_department):  # type: ignore[no-untyped-def]
    ids = _ids(bearer_client(staff).get(f"{API}/appeals?department={other_department.pk}"))
    assert ids == [appeals["theirs"].pk]


def test_filter_overdue(world, appeals, staff, pin_clock):  # type: ignore[no-untyped-def]
    # "ours" is due 2026-10-16, "theirs" (to be signed for) 2026-09-29; the confidential one, accepted and
    # not dispatched, was due to be dispatched one working day after its acceptance, long before.
    pin_clock(date(2026, 10, 9))
    api = bearer_client(staff)
    assert _ids(api.get(f"{API}/appeals?overdue=true")) == [appeals["confidential"].pk, appeals["theirs"].pk]
    assert _ids(api.get(f"{API}/appeals?overdue=false")) == [appeals["ours"].pk]
    assert api.get(f"{API}/appeals?state=dispatched").json()["items"][0]["is_overdue"] is True


@pytest.mark.parametrize(("query", "expected"), [
    ("source=hotline", {"theirs"}),
    ("source=online", {"ours", "confidential"}),
    ("q=招工", {"theirs"}),
    ("created_from=2000-01-01&created_to=2100-01-01", {"ours", "theirs", "confidential"}),
    ("created_to=2000-01-01", set()),
])
def test_filters_of_the_staff_list_page(world, appeals, staff, query, expected):  # type: ignore[no-untyped-def]
    assert set(_ids(bearer_client(staff).get(f"{API}/appeals?{query}"))) == {appeals[key].pk for key in expected}


def test_filter_by_the_enterprises_subdistrict(world, appeals, staff):  # type: ignore[no-untyped-def]
    ids = set(_ids(bearer_client(staff).get(f"{API}/appeals?subdistrict={world.subdistrict.pk}")))
    assert ids == {appeals["ours"].pk, appeals["confidential"].pk}


def test_filter_never_widens_what_a_user_sees(world, appeals, ent_user, other_department):  # type: ignore[no-untyped-def]
    assert _ids(bearer_client(ent_user).get(f"{API}/appeals?department={other_department.pk}")) == []


@pytest.mark.parametrize(("query", "field"), [("state=open", "state"), ("category=x", "category"),
                                              ("department=0", "department"), ("overdue=maybe", "overdue"),
                                              ("limit=101", "limit"), (f"after={10**30}", "after"),
                                              ("q=%E7%94%B2%00", "q"), ("created_from=tuesday", "created_from")])
def test_invalid_filters_are_422_naming_the_field(world, staff, query, field):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/appeals?{query}")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [field]


def test_keyset_pages_walk_every_row_once_newest_first(world, staff):  # type: ignore[no-untyped-def]
    for n in range(7):
        new_appeal(world, title=f"诉求{n}")
    api = bearer_client(staff)
    first = api.get(f"{API}/appeals?limit=3").json()
    second = api.get(f"{API}/appeals?limit=3&after={first['next']}").json()
    third = api.get(f"{API}/appeals?limit=3&after={second['next']}").json()
    ids = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 7
    assert third["next"] is None
    back = api.get(f"{API}/appeals?limit=3&before={second['previous']}").json()
    assert [item["id"] for item in back["items"]] == [item["id"] for item in first["items"]]


def _make_rows(world, other_department, rows: int) -> None:  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    for n in range(rows):
        appeal = new_appeal(world, title=f"诉求{n}", enterprise=(world.enterprise_a, world.enterprise_b)[n % 2],
                            by="staff")
        if n % 3 == 0:
            actions.accept(appeal.pk, acting_user=staff)
            actions.dispatch(appeal.pk, acting_user=staff, lead=(world.department, other_department)[n % 2])


@pytest.mark.parametrize("persona_name", ["staff", "handler", "ent_user"])
@pytest.mark.parametrize("rows", [4, 40])
def test_list_takes_the_same_queries_for_4_or_40_rows(world, other_department, persona_name, rows,  # type: ignore[no-untyped-def]
                                                     django_assert_num_queries):
    _make_rows(world, other_department, rows)
    api = bearer_client(world.users[persona_name])
    api.get(f"{API}/appeals")
    # The token, then one query for the page (category, enterprise and department joined); a
    # department's page first reads its ids from the led and co-handled branches (selectors.appeal_page:
    # one query on PostgreSQL, one per branch on SQLite).
    branch_queries = 0
    if persona_name == "handler":
        branch_queries = 1 if connection.features.supports_slicing_ordering_in_compound else 2
    with django_assert_num_queries(2 + branch_queries):
        items = api.get(f"{API}/appeals?limit=100").json()["items"]
    assert len(items) >= 1 and all(Appeal.objects.filter(pk=item["id"]).exists() for item in items)
