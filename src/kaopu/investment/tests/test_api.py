"""/api/v1/investment: leads, follow-ups, stage moves, partners, visits, figures; 409 for a move the stage
refuses, 422 with the field for bad input, never a 500."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.core.api_testing import API, bearer_client
from kaopu.core.workdays import local_today
from kaopu.investment.models import Lead, StageChange
from kaopu.investment.testing import make_lead

L = f"{API}/investment/leads"


def post(user, url, body):  # type: ignore[no-untyped-def]
    return bearer_client(user).post(url, body, content_type="application/json")


def test_create_follow_up_and_move_through_every_stage(world, staff, partner):  # type: ignore[no-untyped-def]
    today = local_today().isoformat()
    created = post(
        staff,
        L,
        {
            "name": "工业软件华东研发中心",
            "industry": "I",
            "intended_amount": "６０００",
            "source_partner": partner.pk,
            "kind": "project",
        },
    )
    assert created.status_code == 201, created.content
    lead = created.json()
    assert lead["stage"] == "negotiating" and lead["intended_amount"] == "6000.0000"
    assert lead["stage_changes"][0]["to_stage"] == "negotiating"
    follow = post(
        staff,
        f"{L}/{lead['id']}/follow-ups",
        {"happened_on": today, "method": "online", "note": "线上沟通", "next_step": "看载体", "next_step_on": today},
    )
    assert follow.status_code == 201 and follow.json()["next_step"] == "看载体"
    signed = post(staff, f"{L}/{lead['id']}/moves", {"move": "sign", "amount": 5800.5, "on": today})
    assert signed.status_code == 200 and signed.json()["signed_amount"] == "5800.5000"
    landed = post(
        staff,
        f"{L}/{lead['id']}/moves",
        {"move": "land", "amount": "5000", "on": today, "enterprise": world.enterprise_a.pk},
    )
    body = landed.json()
    assert body["stage"] == "landed" and body["landed_enterprise"] == world.enterprise_a.pk
    assert [c["to_stage"] for c in body["stage_changes"]] == ["negotiating", "signed", "landed"]
    listed = bearer_client(staff).get(L, {"stage": "landed", "mine": True}).json()["items"]
    assert [item["id"] for item in listed] == [lead["id"]]


def test_a_refused_move_is_409_with_the_reason(world, staff, lead):  # type: ignore[no-untyped-def]
    response = post(staff, f"{L}/{lead.pk}/moves", {"move": "reopen", "note": "x"})
    assert response.status_code == 409 and "洽谈" in response.json()["detail"]
    assert StageChange.objects.filter(lead=lead).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"move": "sign", "amount": "-1", "on": "2026-01-01"}, "amount"),
        ({"move": "sign", "amount": "1e9", "on": "2026-01-01"}, "amount"),
        ({"move": "sign", "amount": "12.34567", "on": "2026-01-01"}, "amount"),
        ({"move": "sign", "amount": "100"}, "on"),
        ({"move": "land", "amount": "100", "on": "2026-01-01"}, "signed_amount"),
        ({"move": "terminate", "reason": "bored", "note": "x"}, "reason"),
        ({"move": "terminate", "reason": "other"}, "note"),
    ],
)
def test_bad_move_input_is_422_naming_the_field(world, staff, lead, body, field):  # type: ignore[no-untyped-def]
    response = post(staff, f"{L}/{lead.pk}/moves", body)
    assert response.status_code == 422, response.content
    data = response.json()
    assert data["errors"][0]["field"] == field and data["errors"][0]["message"] == data["detail"]
    lead.refresh_from_db()
    assert lead.stage == Lead.Stage.NEGOTIATING


@pytest.mark.parametrize(
    "body",
    [
        {"move": "jump"},
        {"move": "sign", "on": "tomorrow"},
        {"move": "sign", "amount": [1]},
        {"move": "land", "enterprise": "x"},
    ],
)
def test_wrong_types_are_422(world, staff, lead, body):  # type: ignore[no-untyped-def]
    assert post(staff, f"{L}/{lead.pk}/moves", body).status_code == 422


def test_create_refuses_bad_fields_and_nul(world, staff, far_staff):  # type: ignore[no-untyped-def]
    from kaopu.investment.testing import make_partner

    far_partner = make_partner(far_staff)
    cases = [
        ({"industry": "Z"}, "industry"),
        ({"intended_amount": "0"}, "intended_amount"),
        ({"source_partner": far_partner.pk}, "source_partner"),
        ({"owner": far_staff.pk}, "owner"),
        ({"name": " "}, "name"),
    ]
    for change, field in cases:
        body = {"name": "项目", "industry": "C", "intended_amount": "10"} | change
        response = post(staff, L, body)
        assert response.status_code == 422 and response.json()["errors"][0]["field"] == field, change
    assert post(staff, L, {"name": "a\x00b", "industry": "C", "intended_amount": "1"}).status_code == 422
    assert not Lead.objects.exists()


def test_future_follow_up_is_refused(world, staff, lead):  # type: ignore[no-untyped-def]
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = post(staff, f"{L}/{lead.pk}/follow-ups", {"happened_on": tomorrow, "method": "phone", "note": "x"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "happened_on"


def test_detail_partners_visits_and_pages(world, staff, lead, partner, visit):  # type: ignore[no-untyped-def]
    client = bearer_client(staff)
    assert client.get(f"{L}/{lead.pk}").json()["source_partner"] == partner.pk
    assert [p["id"] for p in client.get(f"{API}/investment/partners").json()["items"]] == [partner.pk]
    assert [v["id"] for v in client.get(f"{API}/investment/visits").json()["items"]] == [visit.pk]
    more = [make_lead(staff, name=f"线索{i}").pk for i in range(3)]
    first = client.get(L, {"limit": 2}).json()
    assert [i["id"] for i in first["items"]] == more[::-1][:2]
    second = client.get(L, {"limit": 2, "after": first["next"]}).json()
    assert [i["id"] for i in second["items"]] == [more[0], lead.pk] and second["next"] is None
    assert client.get(f"{L}/99999999").status_code == 404
    assert client.get(f"{L}/{2**63}").status_code == 422


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    amount=st.one_of(
        st.text(max_size=12), st.integers(-(10**12), 10**12), st.floats(allow_nan=True, allow_infinity=True)
    )
)
def test_any_amount_gets_201_or_422_never_500(world, staff, amount):  # type: ignore[no-untyped-def]
    response = post(staff, L, {"name": "项目", "industry": "C", "intended_amount": amount})
    assert response.status_code in (201, 422), (amount, response.content)
