"""The directory's kinds of the platform search (directory/search.py): enterprises by name (one and two
Chinese characters too) or credit code through the directory list's own search, and people with their
phones masked, each through the directory's access rule."""

from __future__ import annotations

import pytest

from kaopu.core.registry import registry
from kaopu.directory.models import EnterprisePerson, Person

pytestmark = pytest.mark.django_db

ENTERPRISES = registry.search_providers["directory.enterprises"]
PEOPLE = registry.search_providers["directory.people"]


def _texts(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.text for hit in hits]


def _person(enterprise, name: str, phone: str = "13900001111") -> Person:  # type: ignore[no-untyped-def]
    person = Person.objects.create(district=enterprise.district, name=name, phone=phone)
    EnterprisePerson.objects.create(enterprise=enterprise, person=person, role=EnterprisePerson.Role.CONTACT)
    return person


@pytest.mark.parametrize("query", ["餐", "餐饮", "乙餐饮管理"])
def test_staff_find_an_enterprise_by_one_two_or_more_characters_of_its_name(world, staff, query) -> None:
    assert _texts(ENTERPRISES.search(staff, query, 5)) == ["上海乙餐饮管理有限公司"]


def test_staff_find_an_enterprise_by_the_start_of_its_credit_code_in_lower_case(world, staff) -> None:
    code = world.enterprise_a.credit_code
    hits = ENTERPRISES.search(staff, code[:17].lower(), 5)
    assert [(hit.text, hit.detail, hit.url) for hit in hits] == [
        (world.enterprise_a.name, code, f"/directory/enterprises/{world.enterprise_a.pk}/")]


def test_the_newest_enterprises_come_first_and_the_limit_holds(world, staff) -> None:
    assert _texts(ENTERPRISES.search(staff, "上海", 1)) == ["上海乙餐饮管理有限公司"]


def test_more_opens_the_enterprise_list_filtered_by_the_same_query(world, staff, login) -> None:
    url = ENTERPRISES.more_url(staff, "餐饮")
    assert url == "/directory/enterprises/?q=%E9%A4%90%E9%A5%AE"
    body = login(staff).get(url).content.decode()
    assert "上海乙餐饮管理有限公司" in body and "上海甲科技有限公司" not in body


def test_staff_of_another_district_do_not_find_this_districts_enterprises(world, far_staff) -> None:
    assert _texts(ENTERPRISES.search(far_staff, "上海", 5)) == ["上海静安丙贸易有限公司"]


def test_an_enterprise_user_finds_only_its_own_enterprise_on_its_own_page(world, ent_user) -> None:
    hits = ENTERPRISES.search(ent_user, "上海", 5)
    assert [(hit.text, hit.url) for hit in hits] == [("上海甲科技有限公司", "/directory/my-enterprise/")]
    assert ENTERPRISES.search(ent_user, world.enterprise_b.credit_code, 5) == []
    assert ENTERPRISES.more_url(ent_user, "上海") == "/directory/my-enterprise/"


def test_staff_find_people_by_name_with_their_enterprise_and_a_masked_phone(world, staff) -> None:
    _person(world.enterprise_a, "王小明", "13912345678")
    (hit,) = PEOPLE.search(staff, "小明", 5)
    assert hit.text == "王小明"
    assert hit.url == f"/directory/enterprises/{world.enterprise_a.pk}/"
    assert "上海甲科技有限公司" in hit.detail and "139****5678" in hit.detail and "13912345678" not in hit.detail


def test_an_enterprise_user_sees_its_own_peoples_phones_whole(world, ent_user) -> None:
    _person(world.enterprise_a, "王小明", "13912345678")
    (hit,) = PEOPLE.search(ent_user, "王小明", 5)
    assert "13912345678" in hit.detail and hit.url == "/directory/my-enterprise/"


def test_an_enterprise_user_never_sees_a_persons_other_enterprise(world, ent_user, other_ent_user) -> None:
    person = _person(world.enterprise_a, "王小明")
    EnterprisePerson.objects.create(enterprise=world.enterprise_b, person=person, role=EnterprisePerson.Role.CONTROLLER)
    (hit,) = PEOPLE.search(ent_user, "王小明", 5)
    assert "上海乙餐饮管理有限公司" not in hit.detail
    assert PEOPLE.search(other_ent_user, "王小明", 5)[0].detail.startswith("上海乙餐饮管理有限公司")
    _person(world.enterprise_b, "李四")
    assert PEOPLE.search(ent_user, "李四", 5) == []


def test_the_directory_kinds_are_for_staff_leaders_and_enterprises_only(world) -> None:
    for name in ("staff", "leader", "ent_user"):
        assert ENTERPRISES in registry.search_providers_for(world.users[name])
    for name in ("handler", "bank_officer", "lawyer", "chamber_officer", "sysadmin"):
        providers = registry.search_providers_for(world.users[name])
        assert ENTERPRISES not in providers and PEOPLE not in providers


def test_people_search_reads_two_queries_whatever_the_number_of_people(world, staff,
                                                                      django_assert_num_queries) -> None:
    for n in range(3):
        _person(world.enterprise_a, f"王{n}")
    with django_assert_num_queries(2):
        PEOPLE.search(staff, "王", 5)
    for n in range(10):
        _person(world.enterprise_b, f"王多{n}")
    with django_assert_num_queries(2):
        assert len(PEOPLE.search(staff, "王", 5)) == 5
