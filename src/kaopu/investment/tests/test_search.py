"""Investment leads in the platform search (investment/search.py): by name or investor, FIC staff and
leaders of the district only; the lead list gained the same q filter that "more" opens."""

from __future__ import annotations

import pytest

from kaopu.core.registry import registry
from kaopu.investment.testing import make_lead

pytestmark = pytest.mark.django_db

LEADS = registry.search_providers["investment.leads"]


@pytest.fixture
def leads(staff, far_staff):  # type: ignore[no-untyped-def]
    return [make_lead(staff, name="智能装备项目", investor="温州某集团"),
            make_lead(staff, name="生物医药研发中心", investor="苏州某投资"),
            make_lead(far_staff, name="静安智能制造项目")]


def test_staff_find_their_districts_leads_by_name_or_investor(staff, leads) -> None:
    assert [hit.text for hit in LEADS.search(staff, "智能", 5)] == ["智能装备项目"]
    hits = LEADS.search(staff, "苏州", 5)
    assert [(hit.text, hit.url, hit.detail) for hit in hits] == [
        ("生物医药研发中心", f"/investment/leads/{leads[1].pk}/", "苏州某投资 · 洽谈")]


def test_more_opens_the_lead_list_filtered_by_the_same_text(staff, leads, login) -> None:
    url = LEADS.more_url(staff, "某")
    assert url == "/investment/?q=%E6%9F%90"
    assert [lead.name for lead in login(staff).get(url).context["page"].items] == ["生物医药研发中心", "智能装备项目"]


def test_a_leader_reads_them_too(leader, leads) -> None:
    assert len(LEADS.search(leader, "项目", 5)) == 1


def test_no_other_role_searches_investment_leads(world) -> None:
    for name in ("ent_user", "handler", "bank_officer", "lawyer", "chamber_officer", "sysadmin"):
        assert LEADS not in registry.search_providers_for(world.users[name])


def test_one_query_whatever_the_number_of_leads(staff, django_assert_num_queries) -> None:
    make_lead(staff, name="项目一")
    with django_assert_num_queries(1):
        LEADS.search(staff, "项目", 6)
    for n in range(7):
        make_lead(staff, name=f"项目{n}")
    with django_assert_num_queries(1):
        assert len(LEADS.search(staff, "项目", 6)) == 6
