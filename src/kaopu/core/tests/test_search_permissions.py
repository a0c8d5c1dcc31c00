"""An enterprise user's search never returns another enterprise's rows, in any kind, even when the query is
the other enterprise's exact name, credit code, appeal number, title, topic or person's name, and whatever
the query (a hypothesis property over random texts made of the other enterprise's characters)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.core.registry import SearchHit, registry
from kaopu.core.tests.search_world import SearchData, Side, build_search_data
from kaopu.core.views_search import HITS_PER_KIND, normalise

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world, pin_clock) -> SearchData:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))
    return build_search_data(world)


def _all_hits(user: Any, query: str) -> list[SearchHit]:
    return [hit for provider in registry.search_providers_for(user)
            for hit in provider.search(user, query, HITS_PER_KIND + 1)]


def _words_of(enterprise: Any, side: Side) -> list[str]:
    """What identifies the other enterprise's rows in a hit: its name, its people and its rows' texts."""
    return [enterprise.name, enterprise.credit_code, side.person.name, side.appeal.number, side.appeal.title,
            side.legal_request.topic, side.demand.purpose_detail]


def _leaks(hits: list[SearchHit], words: list[str], urls: set[str]) -> list[SearchHit]:
    return [hit for hit in hits if hit.url in urls or any(word in f"{hit.text} {hit.detail}" for word in words)]


def _urls_of(enterprise: Any, side: Side) -> set[str]:
    return {f"/directory/enterprises/{enterprise.pk}/", f"/appeals/my/{side.appeal.pk}/",
            f"/legal/my/{side.legal_request.pk}/", f"/finance/my/{side.demand.pk}/"}


def test_the_other_enterprises_exact_identifiers_find_nothing_of_it(world, ent_user, data) -> None:
    words = _words_of(world.enterprise_b, data.b)
    urls = _urls_of(world.enterprise_b, data.b)
    for query in [*words, "乙", "上海", "PT-2026", str(data.b.appeal.number_sequence), data.b.person.phone,
                  world.enterprise_b.credit_code[:8]]:
        assert _leaks(_all_hits(ent_user, normalise(query)), words, urls) == [], query


def test_the_same_queries_find_the_users_own_rows(world, ent_user, data) -> None:
    for query in _words_of(world.enterprise_a, data.a):
        assert _all_hits(ent_user, query), query


def test_the_page_shows_no_group_for_the_other_enterprises_name(world, ent_user, login, data) -> None:
    body = login(ent_user).get("/search/", {"q": world.enterprise_b.name}).content.decode()
    assert 'class="card search-group"' not in body


def test_the_other_way_round_enterprise_b_sees_nothing_of_a(world, other_ent_user, data) -> None:
    words = _words_of(world.enterprise_a, data.a)
    urls = _urls_of(world.enterprise_a, data.a)
    for query in [*words, "甲"]:
        assert _leaks(_all_hits(other_ent_user, query), words, urls) == [], query


_B_CHARACTERS = "上海乙餐饮管理有限公司李华食品许可证续期商标被抢注门店装修PT-0123456789 "


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=_B_CHARACTERS, min_size=1, max_size=12))
def test_no_random_query_returns_another_enterprises_rows(world, ent_user, data, query) -> None:
    query = normalise(query)
    if not query:
        return
    words = _words_of(world.enterprise_b, data.b)
    assert _leaks(_all_hits(ent_user, query), words, _urls_of(world.enterprise_b, data.b)) == []
