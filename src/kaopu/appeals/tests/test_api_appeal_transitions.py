"""POST /api/v1/appeals/{id}/transitions: every workflow action through one endpoint, refusals as 409."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.appeals import workflow
from kaopu.appeals.api import DISPATCH
from kaopu.appeals.models import Appeal, Event
from kaopu.appeals.tests.api_world import new_appeal
from kaopu.core.api_testing import API, bearer_client

S = Appeal.State


def _act(user, appeal, **body):  # type: ignore[no-untyped-def]
    return bearer_client(user).post(f"{API}/appeals/{appeal.pk}/transitions", body,
                                    content_type="application/json", headers={"Accept-Language": "en"})


def _state(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return response.json()["state"]


def test_every_workflow_action_has_an_entry_in_the_dispatch_table() -> None:
    assert set(DISPATCH) == set(workflow.TRANSITIONS)


def test_the_whole_loop_through_the_api(world, staff, handler, ent_user, other_department):  # type: ignore[no-untyped-def]
    appeal = new_appeal(world)
    assert _state(_act(staff, appeal, action="accept")) == S.ACCEPTED
    response = _act(staff, appeal, action="dispatch", lead_department=world.department.pk,
                    co_departments=[other_department.pk])
    assert _state(response) == S.DISPATCHED
    assert response.json()["co_departments"] == [{"id": other_department.pk, "name": "区人社局"}]
    response = _act(handler, appeal, action="sign_for")
    assert _state(response) == S.IN_PROGRESS and response.json()["due_on"] == "2026-10-16"
    assert _state(_act(handler, appeal, action="reply", text="已协调银行，续贷进入绿色通道。")) == S.REPLIED
    response = _act(ent_user, appeal, action="rate", rating="2", comment="仍未放款")
    assert _state(response) == S.IN_PROGRESS and response.json()["reopen_count"] == 1
    _act(handler, appeal, action="reply", text="银行已放款 500 万元。")
    response = _act(ent_user, appeal, action="rate", rating="5")
    assert _state(response) == S.CLOSED
    assert (response.json()["close_reason"], response.json()["rating"]) == ("rated", "5")
    assert list(Event.objects.filter(appeal=appeal).values_list("action", flat=True)) == [
        "submit", "accept", "dispatch", "sign_for", "reply", "rate", "reply", "rate"]


def test_a_refused_transition_is_409_naming_the_state(world, staff, handler):  # type: ignore[no-untyped-def]
    appeal = new_appeal(world)
    _act(staff, appeal, action="accept")
    response = _act(staff, appeal, action="accept")
    assert response.status_code == 409
    assert response.json()["detail"] == "An appeal that is “accepted” cannot be given the action “accept”."
    assert Appeal.objects.get(pk=appeal.pk).state == S.ACCEPTED


def test_a_role_that_may_not_act_is_409(world, ent_user):  # type: ignore[no-untyped-def]
    appeal = new_appeal(world)
    response = _act(ent_user, appeal, action="accept")
    assert response.status_code == 409
    assert response.json()["detail"] == "Your role may not accept an appeal."
    assert Appeal.objects.get(pk=appeal.pk).state == S.SUBMITTED


def test_an_unknown_action_is_422_naming_the_field(world, staff):  # type: ignore[no-untyped-def]
    response = _act(staff, new_appeal(world), action="approve")
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["action"]


@pytest.mark.parametrize(("body", "fields"), [
    ({"action": "decline"}, {"reason"}),
    ({"action": "decline", "reason": "  "}, {"reason"}),
    ({"action": "accept", "rating": "5"}, {"rating"}),
    ({"action": "dispatch"}, {"lead_department"}),
    ({"action": "decline", "reason": "重复\x00"}, {"reason"}),
    ({"action": "dispatch", "lead_department": 1, "co_departments": [2**63]}, {"co_departments.0"}),
    ({"action": "request_extension", "reason": "核查", "working_days": 31}, {"working_days"}),
])
def test_missing_blank_or_unused_fields_are_422(world, staff, body, fields):  # type: ignore[no-untyped-def]
    response = _act(staff, new_appeal(world), **body)
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == fields


def test_dispatch_to_another_districts_department_is_422(world, staff, far_staff):  # type: ignore[no-untyped-def]
    from kaopu.directory.models import Department

    far_department = Department.objects.create(district=world.far_district, name="静安区市场监管局")
    appeal = new_appeal(world)
    _act(staff, appeal, action="accept")
    response = _act(staff, appeal, action="dispatch", lead_department=far_department.pk)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "lead_department"
    assert Appeal.objects.get(pk=appeal.pk).state == S.ACCEPTED


def test_an_unseen_appeal_is_404_before_the_input_is_looked_at(world, other_ent_user):  # type: ignore[no-untyped-def]
    appeal = new_appeal(world)
    hidden = _act(other_ent_user, appeal, action="withdraw", rating="5")
    missing = bearer_client(other_ent_user).post(f"{API}/appeals/987654321/transitions", {"action": "withdraw"},
                                                 content_type="application/json", headers={"Accept-Language": "en"})
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    assert Appeal.objects.get(pk=appeal.pk).state == S.SUBMITTED


def test_decisions_are_the_action_names(world, staff, handler):  # type: ignore[no-untyped-def]
    appeal = new_appeal(world)
    _act(staff, appeal, action="accept")
    _act(staff, appeal, action="dispatch", lead_department=world.department.pk)
    assert _state(_act(handler, appeal, action="request_return", reason="不属于本部门职责")) == S.DISPATCHED
    assert _state(_act(staff, appeal, action="approve_return", note="改派")) == S.ACCEPTED


def test_extension_merge_instruct_and_withdraw(world, staff, handler, leader, ent_user):  # type: ignore[no-untyped-def]
    appeal = new_appeal(world)
    for body in ({"action": "accept"}, {"action": "dispatch", "lead_department": world.department.pk}):
        _act(staff, appeal, **body)
    _act(handler, appeal, action="sign_for")
    _act(handler, appeal, action="request_extension", reason="需现场核查", working_days=5)
    assert _act(staff, appeal, action="approve_extension").json()["due_on"] == "2026-10-23"
    assert _state(_act(leader, appeal, action="instruct", instruction="请抓紧办理。")) == S.IN_PROGRESS
    duplicate = new_appeal(world)
    assert _state(_act(staff, duplicate, action="merge", into=appeal.pk)) == S.MERGED
    assert _state(_act(ent_user, appeal, action="withdraw")) == S.WITHDRAWN


def test_dispatch_whose_deadline_falls_in_an_unknown_year_is_provisional_not_refused(  # type: ignore[no-untyped-def]
        world, staff, pin_clock, library_until):
    library_until(2026)
    pin_clock(date(2026, 12, 31))
    appeal = new_appeal(world)
    _act(staff, appeal, action="accept")
    response = _act(staff, appeal, action="dispatch", lead_department=world.department.pk)
    assert response.status_code == 200, response.content
    assert (response.json()["due_on"], response.json()["due_provisional"]) == ("2027-01-01", True)
    assert Appeal.objects.get(pk=appeal.pk).state == S.DISPATCHED
