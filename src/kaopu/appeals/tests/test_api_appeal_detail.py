"""GET /api/v1/appeals/{id}: the appeal with its timeline, or 404 for anyone who may not see it."""

from __future__ import annotations

import pytest

from kaopu.appeals import actions
from kaopu.appeals.tests.api_world import ALL_APPEALS, APPEALS_VISIBLE_TO, build_appeals, persona
from kaopu.core.api_testing import API, bearer_client

CASES = [(name, appeal) for name in sorted(APPEALS_VISIBLE_TO) for appeal in ALL_APPEALS]


@pytest.fixture
def appeals(world, other_department):  # type: ignore[no-untyped-def]
    return build_appeals(world, other_department)


@pytest.mark.parametrize(("name", "appeal"), CASES)
def test_detail_is_shown_exactly_to_those_who_may_see_it(name, appeal, world, appeals, other_handler):  # type: ignore[no-untyped-def]
    response = bearer_client(persona(name, world, other_handler)).get(f"{API}/appeals/{appeals[appeal].pk}")
    if appeal in APPEALS_VISIBLE_TO[name]:
        assert response.status_code == 200
        assert response.json()["title"] == appeals[appeal].title
    else:
        assert response.status_code == 404
        assert response.json()["errors"] == []


def test_a_hidden_appeal_and_a_guessed_id_answer_alike(world, appeals, other_ent_user):  # type: ignore[no-untyped-def]
    api = bearer_client(other_ent_user)
    hidden = api.get(f"{API}/appeals/{appeals['ours'].pk}")
    missing = api.get(f"{API}/appeals/987654321")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize("bad_id", ["0", "-1", str(2**63), "abc"])
def test_ids_that_are_not_appeal_ids_are_422(world, staff, bad_id):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/appeals/{bad_id}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "appeal_id"


def _with_internal_events(world, appeal):  # type: ignore[no-untyped-def]
    actions.request_extension(appeal.pk, acting_user=world.users["handler"], reason="需现场核查", working_days=5)
    actions.instruct(appeal.pk, acting_user=world.users["leader"], instruction="请抓紧办理。")


def test_staff_see_the_whole_timeline_with_internal_notes(world, appeals, staff):  # type: ignore[no-untyped-def]
    _with_internal_events(world, appeals["ours"])
    body = bearer_client(staff).get(f"{API}/appeals/{appeals['ours'].pk}").json()
    assert [event["action"] for event in body["timeline"]] == [
        "submit", "accept", "dispatch", "sign_for", "request_extension", "instruct"]
    assert body["timeline"][-1]["text"] == "请抓紧办理。" and body["timeline"][-1]["is_public"] is False
    assert body["extension_requested"] is True


def test_enterprise_user_sees_only_the_public_events_and_no_internal_flags(world, appeals, ent_user):  # type: ignore[no-untyped-def]
    _with_internal_events(world, appeals["ours"])
    body = bearer_client(ent_user).get(f"{API}/appeals/{appeals['ours'].pk}").json()
    assert [event["action"] for event in body["timeline"]] == ["submit", "accept", "dispatch", "sign_for"]
    assert all(event["is_public"] for event in body["timeline"])
    assert "请抓紧办理" not in str(body) and "需现场核查" not in str(body)
    assert body["extension_requested"] is None and body["return_requested"] is None


def test_detail_names_the_departments_and_the_callers_actions(world, appeals, handler, other_department):  # type: ignore[no-untyped-def]
    body = bearer_client(handler).get(f"{API}/appeals/{appeals['ours'].pk}").json()
    assert body["lead_department"]["name"] == "区市场监管局" and body["co_departments"] == []
    assert "reply" in body["actions"] and "accept" not in body["actions"]
    assert body["timeline"][1]["actor"] == world.users["staff"].name


def test_detail_takes_a_fixed_number_of_queries(world, appeals, staff, django_assert_num_queries):  # type: ignore[no-untyped-def]
    _with_internal_events(world, appeals["ours"])
    api = bearer_client(staff)
    api.get(f"{API}/appeals/{appeals['ours'].pk}")
    # Token, appeal (joined), co-handlers with departments, events with actors, attachments.
    with django_assert_num_queries(5):
        assert len(api.get(f"{API}/appeals/{appeals['ours'].pk}").json()["timeline"]) == 6
