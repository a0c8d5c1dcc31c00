"""Legal service requests in the platform search (legal/search.py): by topic or enterprise name with the
request lists' own matching, through the access rule (staff and leaders their district's, an enterprise its
own, a lawyer those assigned to them); the staff's and the enterprise's lists gained the same q filter."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.core.registry import registry
from kaopu.legal.testing import advance, make_team, submit

pytestmark = pytest.mark.django_db

REQUESTS = registry.search_providers["legal.requests"]


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


@pytest.fixture
def requests(world, staff, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    """A's 劳动合同补偿 (assigned to the lawyer persona) and 商标注册, B's 劳动仲裁应诉."""
    team = make_team(world)
    first = advance(submit(ent_user, topic="劳动合同补偿"), staff, team.lawyer, to="assigned")
    return first, submit(ent_user, topic="商标注册"), submit(other_ent_user, topic="劳动仲裁应诉")


def _topics(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.text for hit in hits]


def test_staff_find_requests_by_topic_or_enterprise_name(staff, requests) -> None:
    assert _topics(REQUESTS.search(staff, "劳动", 5)) == ["劳动仲裁应诉", "劳动合同补偿"]
    assert _topics(REQUESTS.search(staff, "乙餐饮", 5)) == ["劳动仲裁应诉"]


def test_a_staff_hit_opens_the_request_and_more_opens_the_filtered_list(staff, requests, login) -> None:
    (hit,) = REQUESTS.search(staff, "商标", 5)
    assert hit.url == f"/legal/{requests[1].pk}/" and hit.detail.startswith("上海甲科技有限公司 · ")
    url = REQUESTS.more_url(staff, "劳动")
    assert url == "/legal/?q=%E5%8A%B3%E5%8A%A8"
    assert [r.topic for r in login(staff).get(url).context["page"].items] == ["劳动仲裁应诉", "劳动合同补偿"]


def test_an_enterprise_finds_only_its_own_requests_and_its_list_filters_the_same(ent_user, requests, login) -> None:
    assert _topics(REQUESTS.search(ent_user, "劳动", 5)) == ["劳动合同补偿"]
    assert REQUESTS.search(ent_user, "上海乙餐饮管理有限公司", 5) == []
    url = REQUESTS.more_url(ent_user, "劳动")
    assert url == "/legal/my/?q=%E5%8A%B3%E5%8A%A8"
    assert [r.topic for r in login(ent_user).get(url).context["page"].items] == ["劳动合同补偿"]


def test_a_lawyer_finds_only_the_requests_assigned_to_them(lawyer, requests) -> None:
    hits = REQUESTS.search(lawyer, "劳动", 5)
    assert _topics(hits) == ["劳动合同补偿"] and hits[0].url == f"/legal/lawyer/{requests[0].pk}/"
    assert REQUESTS.search(lawyer, "商标", 5) == []
    assert REQUESTS.more_url(lawyer, "劳动") == ""


def test_roles_without_legal_work_do_not_search_it(world) -> None:
    for name in ("handler", "bank_officer", "chamber_officer", "sysadmin"):
        assert REQUESTS not in registry.search_providers_for(world.users[name])


def test_one_query_whatever_the_number_of_requests(staff, ent_user, django_assert_num_queries) -> None:
    submit(ent_user, topic="劳动一")
    with django_assert_num_queries(1):
        REQUESTS.search(staff, "劳动", 6)
    for n in range(7):
        submit(ent_user, topic=f"劳动{n}")
    with django_assert_num_queries(1):
        assert len(REQUESTS.search(staff, "劳动", 6)) == 6
