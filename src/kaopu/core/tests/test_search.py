"""The platform search page (/search/?q=): results grouped by kind through each module's provider, the
messages for an empty or too long query, the query kept out of the title, and a fixed number of queries."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kaopu.appeals.testing import number_fields
from kaopu.core.tests.search_world import build_search_data
from kaopu.core.views_search import MAX_QUERY_LENGTH
from kaopu.investment.models import Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))
    return build_search_data(world)


def _sections(response) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r'<section class="card search-group" id="search-([\w-]+)"', response.content.decode())


def test_staff_see_every_kind_grouped_in_the_registry_order(login, staff, data) -> None:
    response = login(staff).get("/search/", {"q": "甲"})
    assert response.status_code == 200
    assert _sections(response) == ["directoryenterprises", "directorypeople", "appealsappeals", "dialoguesmeetings",
                                   "legalrequests", "financedemands", "investmentleads"]
    body = response.content.decode()
    assert data.a.appeal.number in body and "甲厂房租金减免" in body
    assert "乙食品许可证续期" not in body  # B's appeal does not match 甲


def test_each_group_links_to_its_list_filtered_by_the_query(login, staff, data) -> None:
    body = login(staff).get("/search/", {"q": "甲"}).content.decode()
    for url in ["/directory/enterprises/?q=%E7%94%B2", "/appeals/all/?q=%E7%94%B2", "/dialogues/?q=%E7%94%B2",
                "/legal/?q=%E7%94%B2", "/finance/?q=%E7%94%B2", "/investment/?q=%E7%94%B2"]:
        assert f'href="{url}"' in body


def test_the_more_link_says_there_are_more_when_a_kind_has_more_than_five(login, staff, world, data) -> None:
    for n in range(6):
        Lead.objects.create(district=world.district, name=f"甲项目{n}", industry_id="C", intended_amount=1,
                            created_by=world.users["staff"], owner=world.users["staff"])
    body = login(staff).get("/search/", {"q": "甲"}).content.decode()
    group = body[body.index('id="search-investmentleads"'):]
    group = group[:group.index("</section>")]
    assert group.count("<li>") == 5
    assert "列表中查看更多" in group


def test_a_kind_the_role_may_not_search_is_not_shown(login, ent_user, data) -> None:
    body = login(ent_user).get("/search/", {"q": "甲"}).content.decode()
    assert "search-investmentleads" not in body
    assert "招商线索" not in body[body.index("<main"):]


def test_an_empty_query_asks_what_to_look_for(login, staff) -> None:
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = login(staff).get("/search/", params)
        assert response.status_code == 200
        assert "请输入要查找的内容" in response.content.decode()
        assert _sections(response) == []


def test_a_too_long_query_is_refused_with_the_limit(login, staff, data) -> None:
    response = login(staff).get("/search/", {"q": "甲" * (MAX_QUERY_LENGTH + 1)})
    body = response.content.decode()
    assert response.status_code == 200
    assert f"最多 {MAX_QUERY_LENGTH} 个字" in body
    assert _sections(response) == []
    assert "甲" * (MAX_QUERY_LENGTH + 1) not in body  # not echoed back either


def test_a_role_with_nothing_to_search_is_told_so(login, world) -> None:
    # (A chamber officer now searches their chamber: kaopu.chambers.search.)
    body = login(world.users["auditadmin"]).get("/search/", {"q": "甲"}).content.decode()
    assert "没有可搜索的内容" in body


def test_nothing_found_says_so(login, staff, data) -> None:
    body = login(staff).get("/search/", {"q": "不存在的词"}).content.decode()
    assert "未找到与“不存在的词”相关的内容" in body


def test_the_query_is_never_written_into_the_title_or_meta_tags(login, staff, data) -> None:
    query = '<b>甲"\'</b>'
    body = login(staff).get("/search/", {"q": query}).content.decode()
    head = body[:body.index("</head>")]
    assert "甲" not in head
    assert re.search(r"<title>\s*搜索 · ", head)
    assert "<b>甲" not in body  # escaped wherever it is shown
    assert 'value="&lt;b&gt;甲&quot;&#x27;&lt;/b&gt;"' in body


def test_full_width_input_is_normalised(login, staff, data) -> None:
    number = data.a.appeal.number  # PT-2026-000001
    full_width = "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in number)
    body = login(staff).get("/search/", {"q": full_width}).content.decode()
    assert "甲厂房租金减免" in body


def test_anonymous_visitors_are_sent_to_log_in(client) -> None:
    response = client.get("/search/", {"q": "甲"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_header_holds_the_search_box_for_logged_in_users(login, staff, client) -> None:
    body = login(staff).get("/calendar/").content.decode()
    assert re.search(r'<form class="topsearch" action="/search/" method="get" role="search"', body)
    assert 'name="q"' in body[body.index('class="topsearch"'):]


def test_a_role_with_nothing_to_search_gets_no_box(login, auditadmin) -> None:
    response = login(auditadmin).get("/audit/")
    assert response.status_code == 200 and 'class="whoami"' in response.content.decode()
    assert 'class="topsearch"' not in response.content.decode()


def _more_appeals(world, n: int) -> None:  # type: ignore[no-untyped-def]
    from kaopu.appeals.models import Appeal, Category

    category = Category.objects.get(name="融资")
    for i in range(n):
        for enterprise in (world.enterprise_a, world.enterprise_b):
            Appeal.objects.create(enterprise=enterprise, district=world.district, kind=Appeal.Kind.HELP,
                                  category=category, title=f"甲乙批量诉求{i}", content="内容",
                                  created_by=world.users["staff"], lead_department=world.department,
                                  state=Appeal.State.DISPATCHED, **number_fields(world.district))


@pytest.mark.parametrize("persona", ["staff", "ent_user", "handler", "bank_officer"])
def test_the_page_runs_a_fixed_number_of_queries_whatever_the_data_size(
        persona, world, data, login, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[persona])
    _more_appeals(world, 1)  # a hit for each role at the small size too (an empty page skips a read)
    client.get("/search/", {"q": "甲乙"})  # warm the session and the reference caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/search/", {"q": "甲乙"})
    _more_appeals(world, 12)
    for n in range(12):
        Lead.objects.create(district=world.district, name=f"甲乙项目{n}", industry_id="C", intended_amount=1,
                            created_by=world.users["staff"], owner=world.users["staff"])
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/search/", {"q": "甲乙"})
    assert response.status_code == 200
    if persona in ("staff", "ent_user", "handler"):
        assert "甲乙批量诉求" in response.content.decode()  # the new rows are searched, in the same queries


def test_control_characters_are_dropped_rather_than_sent_to_the_database(login, staff, data) -> None:
    response = login(staff).get("/search/", {"q": "\x00甲\u200b厂房"})
    assert response.status_code == 200
    assert "甲厂房租金减免" in response.content.decode()
