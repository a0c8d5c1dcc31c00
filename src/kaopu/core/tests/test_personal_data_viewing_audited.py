"""Reading personal data unmasked leaves one VIEW_PERSONAL audit entry per page or API response,
naming the enterprise in words; masked or own data leaves none."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.core.api_testing import API, bearer_client
from kaopu.core.testing import make_enterprise
from kaopu.core.tests.audit_scenarios import Stage


def viewings() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="view_personal").order_by("sequence"))


def test_staff_reading_an_enterprise_with_its_phone_is_recorded_once_per_page(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    page = client.get(reverse("directory:enterprise_detail", args=[world.enterprise_a.pk]))
    assert "13812345678" in page.text
    (entry,) = viewings()
    assert entry.summary == "查看 上海甲科技有限公司 的电话号码（未遮盖）"
    assert (entry.actor_id, entry.object_type, entry.object_id) == (staff.pk, "directory.enterprise",
                                                                    str(world.enterprise_a.pk))
    assert entry.data["path"] == page.request["PATH_INFO"]
    client.get(reverse("directory:enterprise_detail", args=[world.enterprise_a.pk]))
    assert len(viewings()) == 2


@pytest.mark.parametrize("persona", ["leader", "ent_user"])
def test_masked_or_own_phones_are_not_recorded(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users[persona]).get(reverse("directory:enterprise_detail", args=[world.enterprise_a.pk]))
    assert page.status_code == 200
    assert ("13812345678" in page.text) == (persona == "ent_user")  # the leader sees 138****5678
    assert not viewings()


def test_an_enterprise_without_a_phone_is_not_recorded(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    login(staff).get(reverse("directory:enterprise_detail", args=[world.enterprise_b.pk]))
    assert not viewings()


def test_the_api_list_records_one_entry_naming_the_enterprises_with_phones(world, staff) -> None:  # type: ignore[no-untyped-def]
    for n in range(7):
        make_enterprise(world.district, name=f"上海电话{n}号有限公司", phone=f"1390000000{n}")
    response = bearer_client(staff).get(f"{API}/enterprises?limit=100")
    assert response.status_code == 200
    (entry,) = viewings()
    assert entry.summary.endswith("等 8 家企业 的电话号码（未遮盖）")
    assert len(entry.data["enterprises"]) == 8 and entry.actor_id == staff.pk
    assert world.enterprise_b.pk not in entry.data["enterprises"]  # no phone, nothing shown


def test_the_api_detail_records_the_reading(world, staff, leader) -> None:  # type: ignore[no-untyped-def]
    bearer_client(leader).get(f"{API}/enterprises/{world.enterprise_a.pk}")
    assert not viewings()
    bearer_client(staff).get(f"{API}/enterprises/{world.enterprise_a.pk}")
    (entry,) = viewings()
    assert "上海甲科技有限公司" in entry.summary


@pytest.mark.parametrize(("persona", "url_name", "recorded"), [
    ("staff", "legal:request_detail", True), ("lawyer", "legal:lawyer_detail", True),
    ("leader", "legal:request_detail", False), ("ent_user", "legal:my_detail", False)])
def test_reading_a_legal_requests_contact_phone(world, login, persona, url_name, recorded) -> None:  # type: ignore[no-untyped-def]
    request = Stage(world).legal_request("assigned")
    before = len(viewings())
    page = login(world.users[persona]).get(reverse(url_name, args=[request.pk]))
    assert page.status_code == 200
    assert ("13800001111" in page.text) == (persona != "leader")  # whole for all but the leader
    new = viewings()[before:]
    assert bool(new) == recorded
    if recorded:
        assert new[0].object_type == "legal.legalrequest" and "上海甲科技有限公司" in new[0].summary
        assert "王经理" in new[0].summary


def test_a_lawyer_reading_through_the_api_is_recorded(world) -> None:  # type: ignore[no-untyped-def]
    request = Stage(world).legal_request("assigned")
    before = len(viewings())
    assert bearer_client(world.users["lawyer"]).get(f"{API}/legal/requests/{request.pk}").status_code == 200
    assert len(viewings()) == before + 1


@pytest.mark.parametrize(("persona", "recorded"), [("staff", True), ("leader", True), ("ent_user", False)])
def test_reading_a_financing_demands_contact(world, login, persona, recorded) -> None:  # type: ignore[no-untyped-def]
    demand, _push = Stage(world).demand()
    url = reverse("finance:my_demand" if persona == "ent_user" else "finance:demand_detail", args=[demand.pk])
    assert login(world.users[persona]).get(url).status_code == 200
    entries = viewings()
    assert bool(entries) == recorded
    if recorded:
        assert entries[0].object_id == str(demand.pk) and "周晓东" in entries[0].summary


def test_the_bank_a_demand_was_pushed_to_is_recorded_reading_it(world, login) -> None:  # type: ignore[no-untyped-def]
    stage = Stage(world)
    demand, push = stage.demand(pushed=True)
    officer: Any = world.users["bank_officer"]
    assert login(officer).get(reverse("finance:bank_demand", args=[push.pk])).status_code == 200
    assert bearer_client(officer).get(f"{API}/finance/demands/{demand.pk}").status_code == 200
    entries = viewings()
    assert len(entries) == 2 and all(e.actor_id == officer.pk and "上海甲科技有限公司" in e.summary for e in entries)


@pytest.mark.parametrize("persona", ["staff", "leader"])
def test_reading_an_investment_leads_contact_is_recorded(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    from kaopu.investment.testing import make_lead

    lead = make_lead(world.users["staff"], contact_name="陈总", contact_phone="13611112222")
    silent = make_lead(world.users["staff"], name="无联系人的项目")
    client = login(world.users[persona])
    assert "13611112222" in client.get(reverse("investment:lead_detail", args=[lead.pk])).text
    client.get(reverse("investment:lead_detail", args=[silent.pk]))
    (entry,) = viewings()
    assert entry.summary == "查看招商线索「温州某智能装备项目」联系人 陈总 的电话（未遮盖）"
    assert (entry.object_type, entry.object_id) == ("investment.lead", str(lead.pk))
