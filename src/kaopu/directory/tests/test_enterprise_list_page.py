"""The enterprise list: who sees which rows, the search, the filters, keyset pages, bounded queries.

The search and filter tests run on SQLite and on PostgreSQL (where short Chinese queries take the
string_to_array GIN index and longer ones the trigram index): they must give the same answers.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.core.testing import make_credit_code, make_enterprise
from kaopu.directory.models import Enterprise, Subdistrict
from kaopu.directory.selectors import EnterpriseFilters, enterprise_list

URL = reverse("directory:enterprise_list")


def names(queryset) -> set[str]:  # type: ignore[no-untyped-def]
    return set(queryset.values_list("name", flat=True))


def shown(response) -> set[str]:  # type: ignore[no-untyped-def]
    return {e.name for e in response.context["page"].items}


@pytest.fixture
def catalogue(world):  # type: ignore[no-untyped-def]
    """A few enterprises with distinct names, codes and attributes, in the world's district."""
    other_subdistrict = Subdistrict.objects.create(district=world.district, name="真如镇街道")
    district = world.district
    rows = {
        "tech": make_enterprise(district, name="上海云帆科技有限公司", credit_code=make_credit_code(501),
                                subdistrict=world.subdistrict, industry_id="65", size="small",
                                is_high_tech=True, is_member=True),
        "food": make_enterprise(district, name="上海老街餐饮管理有限公司",
                                credit_code=make_credit_code(502),
                                subdistrict=other_subdistrict, industry_id="62", size="micro"),
        "build": make_enterprise(district, name="普陀建设工程有限公司", credit_code=make_credit_code(503),
                                 industry_id="48", size="large", status="deregistered"),
        "techfood": make_enterprise(district, name="科餐智能科技有限公司", credit_code=make_credit_code(604),
                                    subdistrict=world.subdistrict, industry_id="65", size="medium",
                                    is_member=True),
        # Same characters as 科技 but not side by side: a 2-character search must not find it.
        "scattered": make_enterprise(district, name="技术科创中心", credit_code=make_credit_code(605),
                                     industry_id="73"),
    }
    rows["other_subdistrict"] = other_subdistrict  # type: ignore[assignment]
    return rows


def search(user, **filters: object) -> set[str]:  # type: ignore[no-untyped-def]
    return names(enterprise_list(user, EnterpriseFilters(**filters)))  # type: ignore[arg-type]


# --- who sees which rows -----------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["staff", "leader"])
def test_staff_and_leader_list_their_districts_enterprises_only(world, login, persona):
    response = login(world.users[persona]).get(URL)
    assert response.status_code == 200
    assert shown(response) == {world.enterprise_a.name, world.enterprise_b.name}
    assert world.far_enterprise.name not in response.text


def test_far_staff_list_only_their_own_district(world, login, far_staff):
    assert shown(login(far_staff).get(URL)) == {world.far_enterprise.name}


def test_enterprise_user_lists_only_its_own_enterprise(world, ent_user):
    # The page is not for an enterprise user (its menu has “我的企业”); the rows would still be its own.
    assert search(ent_user) == {world.enterprise_a.name}


@pytest.mark.parametrize("persona", ["ent_user", "handler", "chamber_officer", "bank_officer", "lawyer",
                                     "sysadmin", "secadmin", "auditadmin"])
def test_roles_without_the_directory_in_their_menu_are_refused_the_page(world, login, persona):
    response = login(world.users[persona]).get(URL)
    assert response.status_code == 404
    assert 'id="enterprise-table"' not in response.text


def test_only_staff_see_the_add_import_and_export_buttons(world, login, staff, leader):
    staff_page = login(staff).get(URL).text
    assert reverse("directory:enterprise_create") in staff_page
    assert reverse("directory:import_start") in staff_page
    assert reverse("exports:create", args=["directory.enterprises"]) in staff_page
    leader_page = login(leader).get(URL).text
    assert reverse("directory:enterprise_create") not in leader_page
    assert reverse("directory:import_start") not in leader_page
    assert reverse("exports:create", args=["directory.enterprises"]) in leader_page


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- search --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "expected"), [
    ("帆", {"tech"}),                                # one character
    ("科技", {"tech", "techfood"}),                   # two characters, side by side only
    ("餐饮", {"food"}),
    ("餐饮管理", {"food"}),                           # three and more: the trigram path on PostgreSQL
    ("云帆科技有限", {"tech"}),
    ("普陀建设工程有限公司", {"build"}),
    ("  科技 ", {"tech", "techfood"}),                # surrounding spaces
    ("科　技", set()),                                # an inner (full-width) space is kept as a space
    ("不存在", set()),
])
def test_name_search(world, catalogue, staff, query, expected):
    found = search(staff, q=query) - {world.enterprise_a.name, world.enterprise_b.name}
    assert found == {catalogue[key].name for key in expected}


def test_a_two_character_search_also_finds_the_world_enterprise(world, catalogue, staff):
    assert world.enterprise_a.name in search(staff, q="科技")
    assert world.enterprise_a.name not in search(staff, q="餐饮")


def test_a_full_credit_code_finds_that_enterprise(catalogue, staff):
    assert search(staff, q=catalogue["food"].credit_code) == {catalogue["food"].name}


def test_a_credit_code_prefix_finds_every_code_starting_with_it(catalogue, staff):
    prefix = make_credit_code(501)[:15]  # 50x codes share the first 15 characters; 60x do not
    assert make_credit_code(604)[:15] != prefix
    assert search(staff, q=prefix) == {catalogue[key].name for key in ("tech", "food", "build")}


def test_a_lower_case_or_full_width_credit_code_is_normalised(catalogue, staff):
    code = catalogue["build"].credit_code
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in code)
    assert search(staff, q=code.lower()) == {catalogue["build"].name}
    assert search(staff, q=full_width) == {catalogue["build"].name}


def test_full_width_letters_in_a_name_query_are_normalised(world, staff):
    make_enterprise(world.district, name="上海ABC软件有限公司")
    assert search(staff, q="ＡＢＣ软件") == {"上海ABC软件有限公司"}


def test_search_never_crosses_the_district_boundary(world, catalogue, staff, far_staff):
    assert search(far_staff, q="科技") == set()
    assert search(staff, q=world.far_enterprise.credit_code) == set()
    assert search(staff, q="静安") == set()


def test_the_page_searches_through_the_query_string(catalogue, login, staff):
    response = login(staff).get(URL, {"q": "餐饮"})
    assert shown(response) == {catalogue["food"].name, "上海乙餐饮管理有限公司"}


# --- filters -------------------------------------------------------------------------------------

def test_filter_by_subdistrict(world, catalogue, staff):
    assert search(staff, subdistrict=world.subdistrict.pk) == {
        catalogue["tech"].name, catalogue["techfood"].name, world.enterprise_a.name}


def test_filter_by_section_covers_all_its_divisions(world, catalogue, staff):
    # Section I (information technology) holds divisions 63–65.
    assert search(staff, section="I") == {catalogue["tech"].name, catalogue["techfood"].name,
                                          world.enterprise_a.name}
    assert search(staff, section="E") == {catalogue["build"].name}


def test_filter_by_division_wins_over_section(catalogue, staff):
    assert search(staff, section="I", industry="62") == {catalogue["food"].name, "上海乙餐饮管理有限公司"}


@pytest.mark.parametrize(("filters", "expected"), [
    ({"size": "small"}, {"tech"}),
    ({"size": "large"}, {"build"}),
    ({"is_member": True}, {"tech", "techfood"}),
    ({"is_high_tech": True}, {"tech"}),
    ({"status": "deregistered"}, {"build"}),
    ({"is_member": True, "size": "medium", "q": "科技"}, {"techfood"}),
])
def test_filters_combine(catalogue, staff, filters, expected):
    assert search(staff, **filters) == {catalogue[key].name for key in expected}


def test_filters_are_read_from_the_query_string(world, catalogue, login, staff):
    client = login(staff)
    params = {"subdistrict": world.subdistrict.pk, "member": "1", "size": "medium"}
    assert shown(client.get(URL, params)) == {catalogue["techfood"].name}
    assert shown(client.get(URL, {"high_tech": "0", "section": "I"})) == {
        catalogue["techfood"].name, world.enterprise_a.name}
    assert shown(client.get(URL, {"status": "deregistered"})) == {catalogue["build"].name}


def test_a_stale_or_tampered_filter_value_is_ignored_not_an_error(world, catalogue, login, staff):
    response = login(staff).get(URL, {"subdistrict": "999999", "size": "giant", "q": "餐饮"})
    assert response.status_code == 200
    assert catalogue["food"].name in shown(response)


def test_another_districts_subdistrict_is_not_offered(world, login, staff):
    Subdistrict.objects.create(district=world.far_district, name="静安寺街道")
    response = login(staff).get(URL)
    assert "静安寺街道" not in response.text
    assert world.subdistrict.name in response.text


# --- pages ---------------------------------------------------------------------------------------

def walk_pages(client, params: dict[str, object]) -> tuple[list[list[str]], list[list[str]]]:  # type: ignore[no-untyped-def]
    """Follow the page's own next links to the end, then its previous links back to the start."""
    forward, response = [], client.get(URL, params)
    while True:
        page = response.context["page"]
        forward.append([e.name for e in page.items])
        if not page.has_next:
            break
        response = client.get(f"{URL}?{response.context['next_query']}")
    backward = [forward[-1]]
    while response.context["page"].has_previous:
        response = client.get(f"{URL}?{response.context['previous_query']}")
        backward.append([e.name for e in response.context["page"].items])
    return forward, backward[::-1]


def test_the_page_links_walk_every_row_exactly_once_both_ways(world, login, staff):
    for n in range(120):
        make_enterprise(world.district, name=f"分页测试{n:03d}号有限公司",
                        credit_code=make_credit_code(3000 + n))
    forward, backward = walk_pages(login(staff), {"q": "分页测试"})
    assert [len(page) for page in forward] == [50, 50, 20]
    flat = [name for page in forward for name in page]
    assert flat == [f"分页测试{n:03d}号有限公司" for n in reversed(range(120))]
    assert backward == forward


def test_the_page_links_keep_the_filters(world, login, staff):
    for n in range(60):
        make_enterprise(world.district, name=f"保留筛选{n}有限公司", credit_code=make_credit_code(4000 + n),
                        size="micro" if n % 2 else "small")
    response = login(staff).get(URL, {"size": "micro"})
    assert "size=micro" in response.context["next_query"]
    forward, _backward = walk_pages(login(staff), {"size": "micro"})
    assert sum(len(page) for page in forward) == 30


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.integers(0, 23), size=st.integers(1, 9), kept=st.sets(st.integers(0, 22)))
def test_keyset_pages_cover_filtered_rows_exactly_once(world, staff, rows, size, kept):
    from django.db import transaction

    from kaopu.core.pagination import keyset_page

    with transaction.atomic():
        for n in range(rows):
            make_enterprise(world.district, name=f"属性{n}", credit_code=make_credit_code(5000 + n),
                            is_member=n in kept)
        queryset = enterprise_list(staff, EnterpriseFilters(is_member=True))
        expected = list(queryset.order_by("-pk").values_list("pk", flat=True))
        seen, page = [], keyset_page(queryset, size=size)
        while True:
            seen.extend(e.pk for e in page.items)
            assert len(page.items) <= size
            if not page.has_next:
                break
            page = keyset_page(queryset, after=page.next_cursor, size=size)
        assert seen == expected
        back = list(reversed([e.pk for e in page.items]))
        while page.has_previous:
            page = keyset_page(queryset, before=page.previous_cursor, size=size)
            back.extend(reversed([e.pk for e in page.items]))
        assert back == expected[::-1]
        transaction.set_rollback(True)


# --- bounded queries -----------------------------------------------------------------------------

def _queries(client, params: dict[str, object]) -> int:  # type: ignore[no-untyped-def]
    client.get(URL, params)  # warm the session and the reference-data cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "科技"}, {"q": "913101"}, {"section": "I", "member": "1"}])
def test_the_list_runs_as_many_queries_for_60_enterprises_as_for_3(world, login, staff, params,
                                                                     django_assert_num_queries):
    client = login(staff)
    sub = world.subdistrict
    make_enterprise(world.district, name="少量科技有限公司", subdistrict=sub, industry_id="65",
                    is_member=True)
    with_three = _queries(client, params)
    for n in range(57):
        make_enterprise(world.district, name=f"大量{n}科技有限公司", credit_code=make_credit_code(6000 + n),
                        subdistrict=sub, industry_id="65", is_member=True)
    assert Enterprise.objects.filter(district=world.district).count() == 60
    with django_assert_num_queries(with_three):
        response = client.get(URL, params)
    assert len(response.context["page"].items) == 50  # every parameter set matches more than a page
    assert with_three <= 5, with_three


def test_a_subdistrict_added_elsewhere_shows_at_once(world, login, staff):  # type: ignore[no-untyped-def]
    from kaopu.core.testing import make_enterprise
    from kaopu.directory.models import Subdistrict
    from kaopu.directory.selectors import reference

    reference()  # cached before the new subdistrict exists, as in another worker process
    new = Subdistrict.objects.bulk_create([Subdistrict(district=world.district, name="桃浦镇")])[0]  # no signal
    make_enterprise(world.district, name="上海桃浦新材料有限公司", subdistrict=new)
    text = login(staff).get("/directory/enterprises/").content.decode()
    assert "桃浦镇" in text
