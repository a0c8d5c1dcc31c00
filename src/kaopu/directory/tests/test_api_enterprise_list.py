"""GET /api/v1/enterprises: what each role sees, the filters, keyset pages, bounded queries."""

from __future__ import annotations

import pytest

from kaopu.core.api_testing import API, bearer_client
from kaopu.core.testing import AUDIT_APPEND_QUERIES, ENTERPRISES_VISIBLE_TO, make_enterprise

# Which of the world's enterprises each persona's list shows (A and B are in the district, far is not).
VISIBLE = ENTERPRISES_VISIBLE_TO


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("persona", sorted(VISIBLE))
def test_each_role_lists_exactly_the_enterprises_it_may_see(persona, world, request):  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(persona)
    expected = sorted((getattr(world, name).pk for name in VISIBLE[persona]), reverse=True)
    assert _ids(bearer_client(user).get(f"{API}/enterprises")) == expected


def test_list_without_authentication_is_401(world, client):  # type: ignore[no-untyped-def]
    response = client.get(f"{API}/enterprises")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"]


def test_browser_session_lists_like_a_token(world, staff, login):  # type: ignore[no-untyped-def]
    assert _ids(login(staff).get(f"{API}/enterprises")) == [world.enterprise_b.pk, world.enterprise_a.pk]


def test_enterprise_user_sees_its_phone_masked_and_staff_in_full(world, staff, ent_user):  # type: ignore[no-untyped-def]
    assert bearer_client(staff).get(f"{API}/enterprises").json()["items"][-1]["phone"] == "13812345678"
    assert bearer_client(ent_user).get(f"{API}/enterprises").json()["items"][0]["phone"] == "138****5678"


def test_leader_sees_phones_masked(world, leader):  # type: ignore[no-untyped-def]
    phones = {item["id"]: item["phone"] for item in bearer_client(leader).get(f"{API}/enterprises").json()["items"]}
    assert phones[world.enterprise_a.pk] == "138****5678"


@pytest.mark.parametrize(("query", "expected"), [
    ("q=甲科技", {"enterprise_a"}),
    ("q=餐饮", {"enterprise_b"}),
    ("section=I", {"enterprise_a"}),
    ("industry=62", {"enterprise_b"}),
    ("is_member=true", {"member"}),
    ("is_member=false", {"enterprise_a", "enterprise_b"}),
    ("is_high_tech=true", {"member"}),
    ("size=micro", {"member"}),
    ("status=deregistered", set()),
])
def test_filters_are_those_of_the_list_page(world, staff, query, expected):  # type: ignore[no-untyped-def]
    member = make_enterprise(world.district, name="上海会员高新企业", is_member=True, is_high_tech=True, size="micro")
    objects = {"enterprise_a": world.enterprise_a, "enterprise_b": world.enterprise_b, "member": member}
    ids = _ids(bearer_client(staff).get(f"{API}/enterprises?{query}"))
    assert set(ids) == {objects[name].pk for name in expected}


def test_filter_by_subdistrict_of_the_district(world, staff):  # type: ignore[no-untyped-def]
    ids = _ids(bearer_client(staff).get(f"{API}/enterprises?subdistrict={world.subdistrict.pk}"))
    assert ids == [world.enterprise_a.pk]


def test_filter_never_widens_what_a_user_sees(world, ent_user):  # type: ignore[no-untyped-def]
    assert _ids(bearer_client(ent_user).get(f"{API}/enterprises?q=乙餐饮")) == []


def test_unknown_filter_value_is_422_naming_the_field(world, staff):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/enterprises?industry=ZZ")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["industry"]


def test_subdistrict_of_another_district_is_422(world, far_staff):  # type: ignore[no-untyped-def]
    response = bearer_client(far_staff).get(f"{API}/enterprises?subdistrict={world.subdistrict.pk}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "subdistrict"


def test_keyset_pages_walk_every_row_once_newest_first(world, staff):  # type: ignore[no-untyped-def]
    for n in range(5):
        make_enterprise(world.district, name=f"上海分页{n}号有限公司")
    api = bearer_client(staff)
    first = api.get(f"{API}/enterprises?limit=3").json()
    second = api.get(f"{API}/enterprises?limit=3&after={first['next']}").json()
    third = api.get(f"{API}/enterprises?limit=3&after={second['next']}").json()
    ids = [item["id"] for page in (first, second, third) for item in page["items"]]
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 7
    assert third["next"] is None
    back = api.get(f"{API}/enterprises?limit=3&before={second['previous']}").json()
    assert [item["id"] for item in back["items"]] == [item["id"] for item in first["items"]]


@pytest.mark.parametrize("limit", [0, 101, -1])
def test_page_size_is_between_1_and_100(world, staff, limit):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/enterprises?limit={limit}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_a_cursor_beyond_any_id_is_422_not_a_crash(world, staff):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/enterprises?after={10**30}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "after"


def test_a_nul_character_in_the_query_is_422(world, staff):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/enterprises?q=%E7%94%B2%00")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


@pytest.mark.parametrize("rows", [5, 60])
def test_list_takes_the_same_queries_for_5_or_60_rows(world, staff, rows, django_assert_num_queries):  # type: ignore[no-untyped-def]
    for _ in range(rows):
        make_enterprise(world.district, subdistrict=world.subdistrict, industry_id="65")
    api = bearer_client(staff)
    # Loads the cached reference data, stamps the token and starts the audit chain (its first entry
    # creates the chain head: two queries more than the next ones).
    api.get(f"{API}/enterprises?section=I&limit=100")
    # Token lookup (with user and organisation) + the page of rows (subdistrict and industry joined) + one
    # audit entry: staff read the phones unmasked.
    with django_assert_num_queries(2 + AUDIT_APPEND_QUERIES):
        response = api.get(f"{API}/enterprises?section=I&limit=100")
    assert len(response.json()["items"]) == rows + 1
