"""Appeals in the platform search (appeals/search.py): found by number or title with the staff list's own
matching, through the access rule of each role, each role's hits opening its own page, and "more" opening
its own list filtered by the same text (the enterprise's list and the department's inbox gained the filter)."""

from __future__ import annotations

import pytest

from kaopu.appeals import actions
from kaopu.core.registry import registry

pytestmark = pytest.mark.django_db

APPEALS = registry.search_providers["appeals.appeals"]


@pytest.fixture
def appeals(world, submit, other_ent_user):  # type: ignore[no-untyped-def]
    """A's PT-2026-000001 厂房租金减免 (dispatched to the world's department), A's 000002 招工难, and B's
    000003 厂房消防验收 (submitted only)."""
    from kaopu.appeals.models import Appeal, Category

    first = submit(title="厂房租金减免")
    actions.accept(first.pk, acting_user=world.users["staff"])
    actions.dispatch(first.pk, acting_user=world.users["staff"], lead=world.department)
    second = submit(title="招工难")
    third = actions.submit_appeal(enterprise=world.enterprise_b, acting_user=other_ent_user, kind=Appeal.Kind.HELP,
                                  category=Category.objects.get(name="用工"), title="厂房消防验收", content="说明")
    return first, second, third


def _numbers(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.text.split()[0] for hit in hits]


@pytest.mark.parametrize(("query", "numbers"), [
    ("PT-2026-000001", ["PT-2026-000001"]),
    ("2026-3", ["PT-2026-000003"]),
    ("2", ["PT-2026-000002"]),
    ("厂房", ["PT-2026-000003", "PT-2026-000001"]),
    ("租金", ["PT-2026-000001"]),
])
def test_staff_find_appeals_by_number_or_title_newest_first(staff, appeals, query, numbers) -> None:
    assert _numbers(APPEALS.search(staff, query, 5)) == numbers


def test_a_staff_hit_opens_the_staff_page_and_more_opens_the_filtered_staff_list(staff, appeals, login) -> None:
    (hit,) = APPEALS.search(staff, "租金", 5)
    assert hit.url == f"/appeals/{appeals[0].pk}/" and hit.detail == "已派单"
    url = APPEALS.more_url(staff, "厂房")
    assert url == "/appeals/all/?q=%E5%8E%82%E6%88%BF"
    page = login(staff).get(url).context["page"]
    assert [a.number for a in page.items] == ["PT-2026-000003", "PT-2026-000001"]


def test_an_enterprise_finds_only_its_own_appeals_and_its_list_filters_the_same(
        ent_user, appeals, login) -> None:  # type: ignore[no-untyped-def]
    hits = APPEALS.search(ent_user, "厂房", 5)
    assert _numbers(hits) == ["PT-2026-000001"] and hits[0].url == f"/appeals/my/{appeals[0].pk}/"
    assert APPEALS.search(ent_user, "PT-2026-000003", 5) == []
    url = APPEALS.more_url(ent_user, "厂房")
    assert url == "/appeals/my/?q=%E5%8E%82%E6%88%BF"
    response = login(ent_user).get(url)
    assert [a.number for a in response.context["page"].items] == ["PT-2026-000001"]
    assert 'value="厂房"' in response.content.decode()  # the list's own box shows the filter


def test_a_department_finds_only_what_it_handles_and_its_inbox_filters_the_same(
        handler, other_handler, appeals, login) -> None:  # type: ignore[no-untyped-def]
    hits = APPEALS.search(handler, "厂房", 5)
    assert _numbers(hits) == ["PT-2026-000001"] and hits[0].url == f"/appeals/inbox/{appeals[0].pk}/"
    assert APPEALS.search(other_handler, "厂房", 5) == []
    url = APPEALS.more_url(handler, "厂房")
    assert url == "/appeals/inbox/?tab=all&q=%E5%8E%82%E6%88%BF"
    assert [a.number for a in login(handler).get(url).context["page"].items] == ["PT-2026-000001"]
    assert list(login(handler).get("/appeals/inbox/", {"tab": "all", "q": "招工"}).context["page"].items) == []


def test_a_leader_finds_the_districts_appeals_but_has_no_list_to_open(leader, appeals) -> None:
    assert _numbers(APPEALS.search(leader, "厂房", 5)) == ["PT-2026-000003", "PT-2026-000001"]
    assert APPEALS.more_url(leader, "厂房") == ""


def test_a_leader_does_not_find_a_confidential_appeal(leader, submit) -> None:
    submit(title="机密的厂房问题", is_confidential=True)
    assert APPEALS.search(leader, "机密", 5) == []


def test_roles_without_appeals_do_not_search_them(world) -> None:
    for name in ("bank_officer", "lawyer", "chamber_officer", "sysadmin"):
        assert APPEALS not in registry.search_providers_for(world.users[name])


def test_one_query_whatever_the_number_of_appeals(staff, submit, django_assert_num_queries) -> None:
    submit(title="厂房一")
    with django_assert_num_queries(1):
        APPEALS.search(staff, "厂房", 6)
    for n in range(8):
        submit(title=f"厂房{n}")
    with django_assert_num_queries(1):
        assert len(APPEALS.search(staff, "厂房", 6)) == 6


def test_an_enterprises_list_survives_a_nul_in_its_search_text(ent_user, appeals, login) -> None:
    response = login(ent_user).get("/appeals/my/", {"q": "\x00厂房"})
    assert response.status_code == 200
    assert [a.number for a in response.context["page"].items] == ["PT-2026-000001"]
