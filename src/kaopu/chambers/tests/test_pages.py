"""The chamber pages: who reaches them, 404 on another chamber's ids (guessed for every page), and a fixed
number of queries whatever the number of chambers, members, terms and projects."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.chambers import actions
from kaopu.chambers.actions import Officer
from kaopu.chambers.models import BrandOutcome, BrandPhoto, Chamber
from kaopu.chambers.testing import add_members, make_chamber, make_enterprises
from kaopu.chambers.tests.uploads import jpeg_upload

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def _furnish(chamber: Chamber, staff) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """A member, a term, a project with an outcome and a photo: the ids of each, for the URLs."""
    enterprise = make_enterprises(chamber.district, 1, prefix=f"会员{chamber.pk}")[0]
    membership = actions.add_member(chamber, acting_user=staff, enterprise=enterprise, joined_on=date(2024, 1, 1))
    term = actions.record_term(chamber, acting_user=staff, number=3, elected_on=date(2024, 3, 1),
                               starts_on=date(2024, 3, 1), ends_on=date(2029, 2, 28),
                               officers=[Officer("president", "张三", enterprise)])
    project = actions.create_project(chamber, acting_user=staff, title="助企服务月", year=2026, goals="服务会员企业")
    outcome = actions.add_outcome(project, acting_user=staff, text="服务企业", figure=120, unit="家")
    photo = actions.add_photo(project, acting_user=staff, upload=jpeg_upload())
    return {"chamber": chamber.pk, "membership": membership.pk, "term": term.pk, "project": project.pk,
            "outcome": outcome.pk, "photo": photo.pk}


def _urls(ids: dict[str, int]) -> list[tuple[str, str]]:
    """(method, URL) of every page about one chamber's rows."""
    c, m, t, p = ids["chamber"], ids["membership"], ids["term"], ids["project"]
    return [
        ("get", reverse("chambers:chamber_detail", args=[c])),
        ("get", reverse("chambers:member_list", args=[c])),
        ("get", reverse("chambers:member_add", args=[c])),
        ("post", reverse("chambers:member_add", args=[c])),
        ("get", reverse("chambers:term_new", args=[c])),
        ("get", reverse("chambers:chamber_projects", args=[c])),
        ("get", reverse("chambers:project_new", args=[c])),
        ("post", reverse("chambers:member_role", args=[m])),
        ("post", reverse("chambers:member_leave", args=[m])),
        ("get", reverse("chambers:term_edit", args=[t])),
        ("get", reverse("chambers:project_detail", args=[p])),
        ("get", reverse("chambers:project_edit", args=[p])),
        ("post", reverse("chambers:outcome_add", args=[p])),
        ("post", reverse("chambers:photo_add", args=[p])),
        ("post", reverse("chambers:outcome_remove", args=[ids["outcome"]])),
        ("get", reverse("chambers:photo_file", args=[ids["photo"]])),
        ("post", reverse("chambers:photo_remove", args=[ids["photo"]])),
        ("get", reverse("chambers:chamber_edit", args=[c])),
        ("get", reverse("chambers:chamber_status", args=[c])),
        ("get", reverse("chambers:chamber_link", args=[c])),
        ("post", reverse("chambers:project_feature", args=[p])),
    ]


def test_an_officer_gets_404_on_every_page_of_another_chamber(world, login, chamber, other_chamber):
    ids = _furnish(other_chamber, world.users["staff"])
    client = login(world.users["chamber_officer"])
    for method, url in _urls(ids):
        assert getattr(client, method)(url).status_code == 404, url
    assert BrandOutcome.objects.filter(pk=ids["outcome"]).exists()
    assert BrandPhoto.objects.filter(pk=ids["photo"]).exists()


def test_far_staff_get_404_on_every_page_of_another_districts_chamber(world, login, chamber):
    ids = _furnish(chamber, world.users["staff"])
    client = login(world.users["far_staff"])
    for method, url in _urls(ids):
        assert getattr(client, method)(url).status_code == 404, url


@pytest.mark.parametrize("persona", ["ent_user", "handler", "bank_officer", "lawyer"])
def test_other_roles_get_404_on_every_chamber_page(world, login, chamber, persona):
    ids = _furnish(chamber, world.users["staff"])
    client = login(world.users[persona])
    lists = [("get", reverse(f"chambers:{name}")) for name in ("chamber_list", "project_list", "our_chamber")]
    for method, url in [*_urls(ids), *lists]:
        assert getattr(client, method)(url).status_code == 404, url


def test_the_officer_reads_and_keeps_their_own_chamber(world, login, chamber):
    ids = _furnish(chamber, world.users["staff"])
    client = login(world.users["chamber_officer"])
    assert client.get(reverse("chambers:our_chamber")).url == reverse("chambers:chamber_detail", args=[chamber.pk])
    for method, url in _urls(ids)[:13]:
        if method == "get":
            assert client.get(url).status_code == 200, url
    page = client.get(reverse("chambers:chamber_detail", args=[chamber.pk])).content.decode()
    assert "助企服务月" in page and "张三" in page and "会员" in page
    for name in ("chamber_edit", "chamber_status", "chamber_link"):  # the record is the FIC's
        assert client.get(reverse(f"chambers:{name}", args=[chamber.pk])).status_code == 404


def test_a_leader_reads_but_gets_no_form(world, login, chamber):
    ids = _furnish(chamber, world.users["staff"])
    client = login(world.users["leader"])
    assert client.get(reverse("chambers:chamber_detail", args=[chamber.pk])).status_code == 200
    assert client.get(reverse("chambers:project_detail", args=[ids["project"]])).status_code == 200
    assert client.get(reverse("chambers:member_add", args=[chamber.pk])).status_code == 404
    leave = reverse("chambers:member_leave", args=[ids["membership"]])
    assert client.post(leave, {"on": "2026-05-01"}).status_code == 404


def test_staff_add_a_member_through_the_lookup_page(world, login, chamber):
    client = login(world.users["staff"])
    url = reverse("chambers:member_add", args=[chamber.pk])
    page = client.get(url, {"q": "甲科技"}).content.decode()
    assert "上海甲科技有限公司" in page and world.enterprise_a.credit_code in page
    assert "13812345678" not in page and "上海乙餐饮" not in page  # name and credit code only, of matches only
    chosen = client.get(url, {"q": world.enterprise_a.credit_code, "pick": world.enterprise_a.pk}).content.decode()
    assert 'id="member-form"' in chosen and f'value="{world.enterprise_a.pk}"' in chosen
    assert client.get(url, {"pick": world.far_enterprise.pk}).context["chosen"] is None  # another district
    response = client.post(url, {"enterprise": world.enterprise_a.pk, "role": "director", "joined_on": "2026-05-01"})
    assert response.status_code == 302
    assert chamber.memberships.get().role == "director"


def test_a_duplicate_add_is_a_message_not_an_error_page(world, login, chamber):
    client = login(world.users["chamber_officer"])
    url = reverse("chambers:member_add", args=[chamber.pk])
    data = {"enterprise": world.enterprise_a.pk, "role": "member", "joined_on": "2026-05-01"}
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "已是本商会会员" in response.content.decode()


def test_the_chamber_list_filters_by_kind_and_pages_by_name(world, login):
    for i in range(5):
        make_chamber(world.district, name=f"普陀区第{i}商会", kind=Chamber.Kind.INDUSTRY)
    make_chamber(world.district, name="普陀区甲街道商会", kind=Chamber.Kind.SUBDISTRICT, subdistrict=world.subdistrict)
    client = login(world.users["staff"])
    url = reverse("chambers:chamber_list")
    assert "甲街道商会" not in client.get(url, {"kind": "industry"}).content.decode()
    from kaopu.chambers.selectors import chamber_list, name_page
    first = name_page(chamber_list(world.users["staff"]), {}, size=4)
    second = name_page(chamber_list(world.users["staff"]), {"after": first.next_cursor}, size=4)
    names = [c.name for c in first.items + second.items]
    assert names == sorted(names) and len(names) == 6 and second.next_cursor is None
    back = name_page(chamber_list(world.users["staff"]), {"before": second.previous_cursor}, size=4)
    assert [c.pk for c in back.items] == [c.pk for c in first.items]


def _count_queries(client, url, django_assert_max_num_queries) -> int:  # type: ignore[no-untyped-def]
    """The queries of a GET of ``url``, after one GET that warms the process's caches (reference data)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_chamber_list_costs_the_same_at_two_sizes(world, login, django_assert_max_num_queries):
    client = login(world.users["staff"])
    url = reverse("chambers:chamber_list")
    for i in range(3):
        make_chamber(world.district, name=f"普陀区少{i}商会", subdistrict=world.subdistrict)
    few = _count_queries(client, url, django_assert_max_num_queries)
    for i in range(40):
        make_chamber(world.district, name=f"普陀区多{i}商会", industry_section_id="C")
    assert _count_queries(client, url, django_assert_max_num_queries) == few
    assert _count_queries(client, f"{url}?kind=industry&status=active", django_assert_max_num_queries) == few


def test_the_member_list_and_the_chamber_page_cost_the_same_at_two_sizes(world, login, chamber,
                                                                          django_assert_max_num_queries):
    staff = world.users["staff"]
    _furnish(chamber, staff)
    client = login(world.users["chamber_officer"])
    urls = [reverse("chambers:member_list", args=[chamber.pk]), reverse("chambers:chamber_detail", args=[chamber.pk]),
            reverse("chambers:chamber_projects", args=[chamber.pk])]
    few = [_count_queries(client, url, django_assert_max_num_queries) for url in urls]
    add_members(chamber, make_enterprises(world.district, 80), staff)
    add_members(chamber, make_enterprises(world.district, 5, prefix="副会长"), staff, role="vice")
    project = actions.create_project(chamber, acting_user=staff, title="第二个项目", year=2025, goals="目标")
    actions.add_outcome(project, acting_user=staff, text="培训", figure=3, unit="场")
    actions.record_term(chamber, acting_user=staff, number=2, elected_on=date(2019, 3, 1), starts_on=date(2019, 3, 1),
                        ends_on=date(2024, 2, 28), officers=[Officer("president", "李四"), Officer("vice", "王五")])
    assert [_count_queries(client, url, django_assert_max_num_queries) for url in urls] == few


def test_the_member_list_pages_both_ways_within_a_role(world, chamber):
    from kaopu.chambers.selectors import member_page

    staff = world.users["staff"]
    directors = add_members(chamber, make_enterprises(world.district, 7, prefix="理事"), staff, role="director")
    add_members(chamber, make_enterprises(world.district, 3), staff)
    first = member_page(chamber, {}, "director", size=3)
    second = member_page(chamber, {"after": first.next_cursor}, "director", size=3)
    third = member_page(chamber, {"after": second.next_cursor}, "director", size=3)
    seen = [m.pk for m in first.items + second.items + third.items]
    assert seen == sorted((m.pk for m in directors), reverse=True) and third.next_cursor is None
    assert [m.pk for m in member_page(chamber, {"before": second.previous_cursor}, "director", size=3).items] == [
        m.pk for m in first.items]
    assert len(member_page(chamber, {}, "", size=50).items) == 10


def test_the_chamber_page_ends_with_the_sections_other_apps_register(world, login, chamber, monkeypatch):
    from kaopu.chambers import sections
    from kaopu.core.registry import PanelRow

    monkeypatch.setattr(sections, "_sections", {})
    sections.register(sections.ChamberSection(
        key="programs.activities", label="商会活动", order=50,
        rows=lambda user, c, limit: [PanelRow(text=f"{c.name}的活动", url="/x/", detail="2026-05-01")][:limit],
        url=lambda user, c: "/all/", add_url=lambda user, c: "/add/" if user.role == "chamber_officer" else ""))
    page = login(world.users["chamber_officer"]).get(reverse("chambers:chamber_detail", args=[chamber.pk]))
    text = page.content.decode()
    assert 'id="chamber-section-programsactivities"' in text and f"{chamber.name}的活动" in text
    assert 'href="/add/"' in text and 'href="/all/"' in text
    assert 'href="/add/"' not in login(world.users["leader"]).get(
        reverse("chambers:chamber_detail", args=[chamber.pk])).content.decode()
