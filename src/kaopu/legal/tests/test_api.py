"""The legal API for every persona: what each lists and reads, who may take which step (403 for a
role that never may, 404 for a request not theirs), refusals as 409/422 with the field named."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kaopu.core.api_testing import API, bearer_client
from kaopu.legal.models import LegalRequest, RequestEvent
from kaopu.legal.testing import advance, area, service, submit

R = f"{API}/legal/requests"
S = LegalRequest.State
ROLES = ["staff", "far_staff", "leader", "handler", "ent_user", "other_ent_user", "chamber_officer",
         "bank_officer", "lawyer", "lawyer2", "sysadmin", "secadmin", "auditadmin"]
# Which of (mine: enterprise A's, in progress with lawyer; waiting: enterprise B's) each persona lists.
LISTS = {"staff": {"mine", "waiting"}, "leader": {"mine", "waiting"}, "ent_user": {"mine"},
         "other_ent_user": {"waiting"}, "lawyer": {"mine"}}
READERS = {"staff", "leader", "far_staff", "ent_user", "other_ent_user", "lawyer", "lawyer2"}


@pytest.fixture
def scene(world, team, staff, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    mine = advance(submit(ent_user, practice_area=area("劳动用工")), staff, team.lawyer, to=S.IN_PROGRESS)
    RequestEvent.objects.create(request=mine, kind="note", actor=staff, text="内部备注", internal=True)
    waiting = submit(other_ent_user, topic="商标被抢注")
    world.users["lawyer2"] = team.lawyer2.user
    return {"mine": mine, "waiting": waiting}


def post(user, url, body):  # type: ignore[no-untyped-def]
    return bearer_client(user).post(url, body, content_type="application/json")


@pytest.mark.parametrize("role", ROLES)
def test_list_and_detail_for_every_role(world, team, scene, role):  # type: ignore[no-untyped-def]
    client = bearer_client(world.users[role])
    response = client.get(R)
    if role not in READERS:
        assert response.status_code == 403
        return
    ids = {row["id"] for row in response.json()["items"]}
    assert ids == {scene[name].pk for name in LISTS.get(role, set())}
    for name in ("mine", "waiting"):
        detail = client.get(f"{R}/{scene[name].pk}")
        assert detail.status_code == (200 if name in LISTS.get(role, set()) else 404), (role, name)


def test_enterprise_detail_hides_internal_events_and_leader_sees_masked_phone(  # type: ignore[no-untyped-def]
        world, team, scene, ent_user, leader):
    body = bearer_client(ent_user).get(f"{R}/{scene['mine'].pk}").json()
    assert "内部备注" not in [event["text"] for event in body["events"]]
    assert body["contact_phone"] == "13800001111" and body["sessions"]
    staff_body = bearer_client(world.users["staff"]).get(f"{R}/{scene['mine'].pk}").json()
    assert "内部备注" in [event["text"] for event in staff_body["events"]]
    assert bearer_client(leader).get(f"{R}/{scene['mine'].pk}").json()["contact_phone"] == "138****1111"


def test_enterprise_submits_and_errors_name_the_field(world, team, ent_user):  # type: ignore[no-untyped-def]
    body = {"service": service().pk, "topic": "拖欠货款怎么追", "description": "客户拖欠货款 30 万元。",
            "contact_name": "王经理", "contact_phone": "13800002222",
            "preferred_date": (timezone.localdate() + timedelta(days=1)).isoformat()}
    response = post(ent_user, R, body)
    assert response.status_code == 201 and response.json()["state"] == "submitted"
    assert response.json()["enterprise"]["id"] == world.enterprise_a.pk
    past = dict(body, preferred_date=(timezone.localdate() - timedelta(days=1)).isoformat())
    response = post(ent_user, R, past)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "preferred_date"
    response = post(ent_user, R, dict(body, enterprise=world.enterprise_b.pk))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "enterprise"
    response = post(ent_user, R, dict(body, topic="x\x00"))
    assert response.status_code == 422
    response = post(ent_user, R, dict(body, service="咨询"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "service"
    assert post(world.users["lawyer"], R, body).status_code == 403
    assert post(world.users["staff"], R, dict(body, enterprise=world.far_enterprise.pk)).status_code == 404
    assert LegalRequest.objects.count() == 1


def test_assign_session_complete_rate_through_the_api(  # type: ignore[no-untyped-def]
        world, team, scene, staff, other_ent_user):
    waiting = scene["waiting"].pk
    suggestions = bearer_client(staff).get(f"{R}/{waiting}/suggestions").json()
    assert {row["lawyer"]["id"] for row in suggestions} == {team.lawyer.pk, team.lawyer2.pk}
    assert post(world.users["leader"], f"{R}/{waiting}/assign", {"lawyer": team.lawyer2.pk}).status_code == 403
    assert post(world.users["far_staff"], f"{R}/{waiting}/assign", {"lawyer": team.lawyer2.pk}).status_code == 404
    response = post(staff, f"{R}/{waiting}/assign", {"lawyer": team.far_lawyer.pk})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "lawyer"
    response = post(staff, f"{R}/{waiting}/assign", {"lawyer": team.lawyer2.pk})
    assert response.status_code == 200 and response.json()["lawyer"]["id"] == team.lawyer2.pk
    lawyer2 = team.lawyer2.user
    assert post(team.lawyer.user, f"{R}/{waiting}/sessions", {}).status_code in (404, 422)
    response = post(lawyer2, f"{R}/{waiting}/complete", {"outcome": "advice", "outcome_text": "x"})
    assert response.status_code == 409  # no session yet
    session = {"held_at": (timezone.now() - timedelta(hours=1)).isoformat(), "mode": "video", "minutes": 40,
               "summary": "视频沟通商标异议程序"}
    assert post(team.lawyer.user, f"{R}/{waiting}/sessions", session).status_code == 404
    response = post(lawyer2, f"{R}/{waiting}/sessions", session)
    assert response.status_code == 200 and response.json()["state"] == "in_progress"
    response = post(lawyer2, f"{R}/{waiting}/sessions", dict(session, minutes=0))
    assert response.status_code == 422
    response = post(lawyer2, f"{R}/{waiting}/complete", {"outcome": "advice", "outcome_text": "建议提出商标异议"})
    assert response.status_code == 200 and response.json()["state"] == "completed"
    assert post(world.users["ent_user"], f"{R}/{waiting}/rate", {"rating": 5}).status_code == 404
    assert post(other_ent_user, f"{R}/{waiting}/rate", {"rating": 6}).status_code == 422
    response = post(other_ent_user, f"{R}/{waiting}/rate", {"rating": 5, "comment": "及时"})
    assert response.status_code == 200 and response.json()["rating"] == 5
    assert post(other_ent_user, f"{R}/{waiting}/rate", {"rating": 4}).status_code == 409


def test_bad_query_and_ids(world, team, scene, staff):  # type: ignore[no-untyped-def]
    client = bearer_client(staff)
    assert client.get(R, {"state": "nonsense"}).status_code == 422
    assert client.get(f"{R}/99999999999999999999").status_code in (404, 422)
    assert client.get(f"{R}/0").status_code == 422
    page = client.get(R, {"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next"]
    rest = client.get(R, {"limit": 1, "after": page["next"]}).json()
    assert rest["items"][0]["id"] < page["items"][0]["id"]


def test_unauthenticated(client):  # type: ignore[no-untyped-def]
    assert client.get(R).status_code == 401
