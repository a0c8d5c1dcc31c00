"""The finance API for every persona: who sees which demand, push and product (404 otherwise),
amounts as strings of a Decimal, refusals with the field named (422) or the state's reason (409)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from kaopu.core.api_testing import API, bearer_client
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.tests.scenario import build

pytestmark = pytest.mark.django_db
ROLES = ["staff", "far_staff", "leader", "handler", "ent_user", "other_ent_user", "chamber_officer",
         "bank_officer", "other_officer", "lawyer", "sysadmin", "secadmin", "auditadmin"]
# The demands each persona sees (by scenario attribute).
SEES = {
    "staff": {"demand_a", "demand_a2", "demand_b"}, "leader": {"demand_a", "demand_a2", "demand_b"},
    "far_staff": {"demand_far"}, "ent_user": {"demand_a", "demand_a2"}, "other_ent_user": {"demand_b"},
    "bank_officer": {"demand_a"}, "other_officer": {"demand_a", "demand_b"},
}
PUSHES = {"staff": {"push_mine", "push_other", "push_b"}, "leader": {"push_mine", "push_other", "push_b"},
          "far_staff": {"push_far"}, "ent_user": {"push_mine", "push_other"}, "other_ent_user": {"push_b"},
          "bank_officer": {"push_mine"}, "other_officer": {"push_other", "push_b"}}
DEMAND = {"amount": "300", "term_months": 12, "purpose": "working_capital", "purpose_detail": "旺季备货",
          "contact_name": "周晓东", "contact_phone": "13812345678", "consent_to_share": True}


@pytest.fixture
def scenario(world):  # type: ignore[no-untyped-def]
    return build(world)


def _client(world, scenario, role):  # type: ignore[no-untyped-def]
    return bearer_client(scenario.alliance.other_officer if role == "other_officer" else world.users[role])


def _post(client, path, body=None):  # type: ignore[no-untyped-def]
    return client.post(f"{API}{path}", json.dumps(body or {}), content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_which_demand_and_push(world, scenario, role):  # type: ignore[no-untyped-def]
    client = _client(world, scenario, role)
    listed = {item["id"] for item in client.get(f"{API}/finance/demands").json()["items"]}
    expected = {getattr(scenario, name).pk for name in SEES.get(role, set())}
    assert listed == expected
    for name in ("demand_a", "demand_a2", "demand_b", "demand_far"):
        status = client.get(f"{API}/finance/demands/{getattr(scenario, name).pk}").status_code
        assert status == (200 if name in SEES.get(role, set()) else 404), name
    pushes = {item["id"] for item in client.get(f"{API}/finance/pushes").json()["items"]}
    assert pushes == {getattr(scenario, name).pk for name in PUSHES.get(role, set())}
    for name in ("push_mine", "push_other", "push_b", "push_far"):
        status = client.get(f"{API}/finance/pushes/{getattr(scenario, name).pk}").status_code
        assert status == (200 if name in PUSHES.get(role, set()) else 404), name


def test_a_bank_officer_sees_only_its_own_push_inside_a_demand(world, scenario):  # type: ignore[no-untyped-def]
    body = bearer_client(world.users["bank_officer"]).get(f"{API}/finance/demands/{scenario.demand_a.pk}").json()
    assert [push["bank_id"] for push in body["pushes"]] == [scenario.alliance.bank.pk]
    assert {event["bank"] for event in body["events"]} <= {None, scenario.alliance.bank.name}
    assert body["contact_phone"] == "13812345678"


def test_amounts_are_strings_of_decimals(world, scenario, bank_officer):  # type: ignore[no-untyped-def]
    client = bearer_client(bank_officer)
    response = _post(client, f"/finance/pushes/{scenario.push_mine.pk}/grant",
                     {"amount": "280.5", "rate": "3.45", "term_months": 12})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["granted_amount"] == "280.5000" and body["granted_rate"] == "3.45"
    assert body["demand"]["amount"] == "300.0000" and body["demand"]["state"] == "granted"
    assert DemandPush.objects.get(pk=scenario.push_mine.pk).granted_amount == Decimal("280.5")


def test_a_float_amount_is_refused(world, scenario, ent_user):  # type: ignore[no-untyped-def]
    response = _post(bearer_client(ent_user), "/finance/demands", {**DEMAND, "amount": 300.1})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "amount"


def test_an_enterprise_submits_and_withdraws(world, scenario, ent_user):  # type: ignore[no-untyped-def]
    client = bearer_client(ent_user)
    response = _post(client, "/finance/demands", DEMAND)
    assert response.status_code == 201
    body = response.json()
    assert body["enterprise_id"] == world.enterprise_a.pk and body["state"] == "submitted"
    assert body["amount"] == "300.0000" and body["events"][0]["kind"] == "submitted"
    withdrawn = _post(client, f"/finance/demands/{body['id']}/withdraw", {"reason": "不需要了"})
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    again = _post(client, f"/finance/demands/{body['id']}/withdraw")
    assert again.status_code == 409 and "不能撤回" in again.json()["detail"]


@pytest.mark.parametrize(("field", "value"), [("amount", "-1"), ("amount", "abc"), ("term_months", 0),
                                              ("purpose", "lottery"), ("contact_phone", "x"),
                                              ("purpose_detail", "")])
def test_bad_demands_are_refused_naming_the_field(world, scenario, ent_user, field, value):  # type: ignore[no-untyped-def]
    before = FinancingDemand.objects.count()
    response = _post(bearer_client(ent_user), "/finance/demands", {**DEMAND, field: value})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["field"] == field and body["errors"][0]["message"] == body["detail"]
    assert "：" in body["detail"]  # a Chinese sentence that names the field
    assert FinancingDemand.objects.count() == before


def test_staff_submit_for_an_enterprise_of_their_district_only(world, scenario, staff):  # type: ignore[no-untyped-def]
    client = bearer_client(staff)
    assert _post(client, "/finance/demands", DEMAND).status_code == 422  # enterprise_id required
    ok = _post(client, "/finance/demands", {**DEMAND, "enterprise_id": world.enterprise_b.pk})
    assert ok.status_code == 201 and ok.json()["enterprise_id"] == world.enterprise_b.pk
    far = _post(client, "/finance/demands", {**DEMAND, "enterprise_id": world.far_enterprise.pk})
    assert far.status_code == 404


@pytest.mark.parametrize("role", ["leader", "bank_officer", "handler", "lawyer", "sysadmin"])
def test_other_roles_may_not_submit(world, scenario, role):  # type: ignore[no-untyped-def]
    assert _post(bearer_client(world.users[role]), "/finance/demands", DEMAND).status_code == 403


def test_staff_push_and_refusals(world, scenario, staff, leader):  # type: ignore[no-untyped-def]
    path = f"/finance/demands/{scenario.demand_a2.pk}/push"
    assert _post(bearer_client(leader), path, {"banks": [scenario.alliance.bank.pk]}).status_code == 403
    empty = _post(bearer_client(staff), path, {"banks": []})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "banks"
    far = _post(bearer_client(staff), path, {"banks": [scenario.alliance.far_bank.pk]})
    assert far.status_code == 422
    done = _post(bearer_client(staff), path, {"banks": [scenario.alliance.bank.pk], "note": "请优先"})
    assert done.status_code == 200 and done.json()["state"] == "pushed"
    twice = _post(bearer_client(staff), path, {"banks": [scenario.alliance.bank.pk]})
    assert twice.status_code == 422 and "已推送" in twice.json()["detail"]
    assert _post(bearer_client(world.users["far_staff"]), path, {"banks": []}).status_code == 404


def test_the_bank_steps(world, scenario):  # type: ignore[no-untyped-def]
    officer = bearer_client(scenario.alliance.other_officer)
    push = scenario.push_other
    assert _post(officer, f"/finance/pushes/{push.pk}/contact", {"note": "电话"}).status_code == 409  # claim first
    assert _post(officer, f"/finance/pushes/{push.pk}/claim").json()["state"] == "claimed"
    assert _post(officer, f"/finance/pushes/{push.pk}/claim").status_code == 409
    assert _post(officer, f"/finance/pushes/{push.pk}/contact", {"note": "已电话联系"}).json()["state"] == "contacted"
    bad = _post(officer, f"/finance/pushes/{push.pk}/decline", {"reason": "nonsense"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    declined = _post(officer, f"/finance/pushes/{push.pk}/decline", {"reason": "collateral", "note": "无抵押物"})
    assert declined.status_code == 200
    assert declined.json()["state"] == "declined" and declined.json()["state_label"] == "已婉拒"
    # another bank's push, and the staff or the enterprise on a bank's step
    assert _post(officer, f"/finance/pushes/{scenario.push_mine.pk}/claim").status_code == 404
    assert _post(bearer_client(world.users["staff"]), f"/finance/pushes/{push.pk}/claim").status_code == 403
    assert _post(bearer_client(world.users["ent_user"]), f"/finance/pushes/{push.pk}/claim").status_code == 403
    assert _post(bearer_client(world.users["other_ent_user"]), f"/finance/pushes/{push.pk}/claim").status_code == 404


def test_products_are_scoped(world, scenario):  # type: ignore[no-untyped-def]
    def names(role: str, query: str = "") -> set[str]:
        client = _client(world, scenario, role)
        return {item["name"] for item in client.get(f"{API}/finance/products{query}").json()["items"]}

    assert names("staff") == {"鑫e贷", "经营快贷"}
    assert names("bank_officer") == {"鑫e贷"}
    assert names("other_officer") == {"经营快贷"}
    assert names("ent_user") == {"鑫e贷", "经营快贷"}
    assert names("far_staff") == {"上行快线"}
    assert names("lawyer") == set()
    assert names("staff", f"?bank={scenario.alliance.bank.pk}") == {"鑫e贷"}
    body = bearer_client(world.users["staff"]).get(f"{API}/finance/products").json()["items"][0]
    assert isinstance(body["amount_min"], str) and isinstance(body["rate_max"], str)


def test_without_a_token_401(world, scenario, client):  # type: ignore[no-untyped-def]
    assert client.get(f"{API}/finance/demands").status_code == 401
    assert client.post(f"{API}/finance/demands", "{}", content_type="application/json").status_code in (401, 403)
