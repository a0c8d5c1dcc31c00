"""/api/v1/dialogues: meetings and registrations, with the permissions of the pages (404 for what a
caller may not see, 403 for what its role may never do, 409 for the actions' refusals, 422 for bad input)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaopu.audit.models import AuditEntry
from kaopu.core.api_testing import API, bearer_client
from kaopu.core.testing import make_enterprise
from kaopu.dialogues import actions
from kaopu.dialogues.models import Meeting, MeetingKind, Registration
from kaopu.dialogues.testing import make_meeting

M = f"{API}/dialogues/meetings"
R = f"{API}/dialogues/registrations"


@pytest.fixture
def meeting(world, staff) -> Meeting:  # type: ignore[no-untyped-def]
    return make_meeting(world.district, staff, capacity=2)


@pytest.fixture
def far_meeting(world, far_staff) -> Meeting:  # type: ignore[no-untyped-def]
    return make_meeting(world.far_district, far_staff, theme="静安区专场")


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def _register(user, meeting, **body):  # type: ignore[no-untyped-def]
    return bearer_client(user).post(f"{M}/{meeting.pk}/registrations", body, content_type="application/json")


def _new_meeting_body(meeting_kind: MeetingKind, **changes):  # type: ignore[no-untyped-def]
    start = timezone.localtime() + timedelta(days=10)
    body = {"kind": meeting_kind.pk, "theme": "生物医药企业专场", "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=2)).isoformat(), "venue": "区政府第一会议室", "capacity": 20,
            "industries": ["C", "M"]}
    body.update(changes)
    return body


# --- meetings --------------------------------------------------------------------------------------


def test_staff_list_their_districts_meetings_newest_first(world, staff, meeting, far_meeting):  # type: ignore[no-untyped-def]
    draft = make_meeting(world.district, staff, state=Meeting.State.DRAFT)
    assert _ids(bearer_client(staff).get(M)) == [draft.pk, meeting.pk]


def test_enterprise_user_lists_published_meetings_of_its_district_only(world, staff, ent_user, meeting, far_meeting):  # type: ignore[no-untyped-def]
    make_meeting(world.district, staff, state=Meeting.State.DRAFT)
    assert _ids(bearer_client(ent_user).get(M)) == [meeting.pk]


@pytest.mark.parametrize("name", ["bank_officer", "lawyer", "handler", "sysadmin"])
def test_other_roles_see_no_meeting(world, meeting, name):  # type: ignore[no-untyped-def]
    assert _ids(bearer_client(world.users[name]).get(M)) == []
    assert bearer_client(world.users[name]).get(f"{M}/{meeting.pk}").status_code == 404


def test_list_filters_and_keyset_pages(world, staff, meeting):  # type: ignore[no-untyped-def]
    run = MeetingKind.objects.get(name="靠谱跑")
    older = make_meeting(world.district, staff, kind=run, starts_at=timezone.now() - timedelta(days=400),
                         state=Meeting.State.HELD)
    api = bearer_client(staff)
    assert _ids(api.get(f"{M}?kind={run.pk}")) == [older.pk]
    assert _ids(api.get(f"{M}?state=held")) == [older.pk]
    assert _ids(api.get(f"{M}?year={timezone.localtime(older.starts_at).year}")) == [older.pk]
    first = api.get(f"{M}?limit=1").json()
    assert [item["id"] for item in first["items"]] == [older.pk] and first["next"] == older.pk
    assert _ids(api.get(f"{M}?limit=1&after={first['next']}")) == [meeting.pk]


def test_list_runs_a_fixed_number_of_queries(world, staff, ent_user, meeting):  # type: ignore[no-untyped-def]
    api = bearer_client(staff)
    api.get(M)  # warm the token's last_used_at
    _register(ent_user, meeting)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(M).status_code == 200
        return len(queries)

    few = count()
    for _ in range(5):
        make_meeting(world.district, staff)
    assert count() == few


def test_a_row_counts_the_seats_taken(world, staff, meeting):  # type: ignore[no-untyped-def]
    actions.invite(meeting.pk, acting_user=staff, enterprises=[world.enterprise_a])
    (row,) = bearer_client(staff).get(M).json()["items"]
    assert (row["seats_taken"], row["seats_left"], row["number"]) == (1, 1, meeting.number)
    assert row["kind"]["name"] == "政企早餐会"


def test_detail_hides_the_minutes_from_enterprises(world, staff, ent_user, meeting):  # type: ignore[no-untyped-def]
    Meeting.objects.filter(pk=meeting.pk).update(minutes="会议纪要内容")
    assert bearer_client(staff).get(f"{M}/{meeting.pk}").json()["minutes"] == "会议纪要内容"
    body = bearer_client(ent_user).get(f"{M}/{meeting.pk}").json()
    assert body["minutes"] is None and body["theme"] == meeting.theme


def test_staff_of_another_district_get_404_for_a_meeting(world, far_staff, meeting):  # type: ignore[no-untyped-def]
    assert bearer_client(far_staff).get(f"{M}/{meeting.pk}").status_code == 404


def test_staff_create_a_draft_meeting_numbered_in_its_series(world, staff, meeting):  # type: ignore[no-untyped-def]
    kind = MeetingKind.objects.get(name="政企早餐会")
    response = bearer_client(staff).post(M, _new_meeting_body(kind), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["number"], body["capacity"]) == ("draft", meeting.number + 1, 20)
    assert [section["code"] for section in body["industries"]] == ["C", "M"]
    created = Meeting.objects.get(pk=body["id"])
    assert created.district_id == world.district.pk and created.organiser == staff
    assert AuditEntry.objects.filter(object_id=str(created.pk), action="create").exists()


@pytest.mark.parametrize("name", ["leader", "ent_user", "handler"])
def test_only_staff_create_meetings(world, name):  # type: ignore[no-untyped-def]
    kind = MeetingKind.objects.get(name="政企早餐会")
    response = bearer_client(world.users[name]).post(M, _new_meeting_body(kind), content_type="application/json")
    assert response.status_code == 403
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"theme": "   "}, "theme"),
    ({"kind": 999999}, "kind"),
    ({"industries": ["Z"]}, "industries"),
    ({"capacity": 0}, "capacity"),
    ({"starts_at": "1000-01-01T09:00:00"}, "starts_at"),
    ({"departments": [999999]}, "departments"),
    ({"leaders": [1]}, "leaders"),
])
def test_bad_meeting_input_is_422_naming_the_field(world, staff, changes, field):  # type: ignore[no-untyped-def]
    kind = MeetingKind.objects.get(name="政企早餐会")
    response = bearer_client(staff).post(M, _new_meeting_body(kind, **changes), content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in {error["field"] for error in response.json()["errors"]}
    assert not Meeting.objects.exists()


def test_a_meeting_ending_before_it_starts_is_422(world, staff):  # type: ignore[no-untyped-def]
    kind = MeetingKind.objects.get(name="政企早餐会")
    start = timezone.localtime() + timedelta(days=3)
    body = _new_meeting_body(kind, ends_at=(start - timedelta(hours=1)).isoformat(), starts_at=start.isoformat())
    response = bearer_client(staff).post(M, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "ends_at", "message": "“ends_at” must not be before “starts_at”."}]


def test_a_refusal_of_the_action_is_409_with_its_message(world, staff):  # type: ignore[no-untyped-def]
    kind = MeetingKind.objects.get(name="政企早餐会")
    response = bearer_client(staff).post(M, _new_meeting_body(kind, capacity=2, seats_per_enterprise=3),
                                         content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "Seats per enterprise" in response.json()["detail"]
    assert not Meeting.objects.exists()


# --- registrations ---------------------------------------------------------------------------------


def test_enterprise_user_registers_and_waits_for_approval(world, ent_user, meeting):  # type: ignore[no-untyped-def]
    response = _register(ent_user, meeting, topic="融资难", attendee_names="张三")
    assert response.status_code == 201, response.content
    (item,) = response.json()["items"]
    assert (item["state"], item["origin"], item["topic"], item["code"]) == ("pending", "self", "融资难", None)
    assert item["enterprise"]["id"] == world.enterprise_a.pk


def test_registering_twice_is_409(world, ent_user, meeting):  # type: ignore[no-untyped-def]
    assert _register(ent_user, meeting).status_code == 201
    response = _register(ent_user, meeting)
    assert response.status_code == 409
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_enterprise_may_not_name_enterprises(world, ent_user, meeting):  # type: ignore[no-untyped-def]
    response = _register(ent_user, meeting, enterprises=[world.enterprise_b.pk])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "enterprises"
    assert not Registration.objects.exists()


def test_staff_invite_approved_while_seats_last_then_waitlisted(world, staff, meeting):  # type: ignore[no-untyped-def]
    third = make_enterprise(world.district, name="上海丙生物医药有限公司", industry_id="27")
    response = _register(staff, meeting, enterprises=[world.enterprise_a.pk, world.enterprise_b.pk, third.pk])
    assert response.status_code == 201, response.content
    states = [(item["enterprise"]["id"], item["state"], item["origin"]) for item in response.json()["items"]]
    assert states == [(world.enterprise_a.pk, "approved", "invited"), (world.enterprise_b.pk, "approved", "invited"),
                      (third.pk, "waitlisted", "invited")]


def test_staff_cannot_invite_another_districts_enterprise(world, staff, meeting):  # type: ignore[no-untyped-def]
    response = _register(staff, meeting, enterprises=[world.far_enterprise.pk])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "enterprises"
    assert not Registration.objects.exists()


def test_staff_must_name_enterprises(world, staff, meeting):  # type: ignore[no-untyped-def]
    assert _register(staff, meeting).status_code == 422


@pytest.mark.parametrize("name", ["leader", "handler", "bank_officer"])
def test_other_roles_may_not_register(world, meeting, name):  # type: ignore[no-untyped-def]
    assert _register(world.users[name], meeting).status_code in (403, 404)
    assert not Registration.objects.exists()


def test_registration_lists_are_scoped(world, staff, ent_user, other_ent_user, far_staff, meeting):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    theirs = actions.register(meeting.pk, acting_user=other_ent_user)
    assert _ids(bearer_client(ent_user).get(R)) == [ours.pk]
    assert _ids(bearer_client(other_ent_user).get(R)) == [theirs.pk]
    assert _ids(bearer_client(staff).get(R)) == [theirs.pk, ours.pk]
    assert _ids(bearer_client(staff).get(f"{R}?meeting={meeting.pk}&state=pending")) == [theirs.pk, ours.pk]
    assert _ids(bearer_client(far_staff).get(R)) == []


def test_registration_list_runs_a_fixed_number_of_queries(world, staff, meeting):  # type: ignore[no-untyped-def]
    api = bearer_client(staff)
    api.get(R)  # warm the token's last_used_at

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(R).status_code == 200
        return len(queries)

    actions.invite(meeting.pk, acting_user=staff, enterprises=[world.enterprise_a])
    few = count()
    other = make_meeting(world.district, staff)
    actions.invite(other.pk, acting_user=staff, enterprises=[world.enterprise_a, world.enterprise_b,
                                                              make_enterprise(world.district)])
    assert count() == few


def test_another_enterprise_guessing_ids_gets_404(world, ent_user, other_ent_user, meeting):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    other = bearer_client(other_ent_user)
    for action in ("cancel", "approve", "decline", "check-in"):
        assert other.post(f"{R}/{ours.pk}/{action}", {}, content_type="application/json").status_code == 404
    assert _ids(other.get(f"{R}?meeting={meeting.pk}")) == []
    assert Registration.objects.get(pk=ours.pk).state == Registration.State.PENDING


def test_an_enterprise_guessing_another_districts_meeting_gets_404(world, ent_user, far_meeting):  # type: ignore[no-untyped-def]
    api = bearer_client(ent_user)
    assert api.get(f"{M}/{far_meeting.pk}").status_code == 404
    assert _register(ent_user, far_meeting).status_code == 404
    assert api.post(f"{M}/{far_meeting.pk}/check-in", {"code": "ABCD2345"},
                    content_type="application/json").status_code == 404


def test_staff_approve_decline_and_the_code_appears(world, staff, ent_user, other_ent_user, meeting):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    theirs = actions.register(meeting.pk, acting_user=other_ent_user)
    api = bearer_client(staff)
    approved = api.generic("POST", f"{R}/{ours.pk}/approve")  # no body at all
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "approved" and approved.json()["code"] == ours.code
    declined = api.post(f"{R}/{theirs.pk}/decline", {"note": "名额已满"}, content_type="application/json")
    assert (declined.json()["state"], declined.json()["note"]) == ("declined", "名额已满")
    assert bearer_client(ent_user).get(R).json()["items"][0]["code"] == ours.code


def test_a_note_is_refused_where_the_action_takes_none(world, staff, ent_user, meeting):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    response = bearer_client(staff).post(f"{R}/{ours.pk}/approve", {"note": "x"}, content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "note"
    assert Registration.objects.get(pk=ours.pk).state == Registration.State.PENDING


@pytest.mark.parametrize("action", ["approve", "decline", "check-in"])
def test_enterprise_may_not_decide_its_own_registration(world, ent_user, meeting, action):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    response = bearer_client(ent_user).post(f"{R}/{ours.pk}/{action}", {}, content_type="application/json")
    assert response.status_code == 403


def test_leader_sees_registrations_but_may_not_approve(world, leader, ent_user, meeting):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    api = bearer_client(leader)
    assert _ids(api.get(R)) == [ours.pk]
    assert api.post(f"{R}/{ours.pk}/approve", {}, content_type="application/json").status_code == 403


def test_cancelling_promotes_the_waitlist(world, staff, ent_user, meeting):  # type: ignore[no-untyped-def]
    Meeting.objects.filter(pk=meeting.pk).update(capacity=1)
    invited = actions.invite(meeting.pk, acting_user=staff, enterprises=[world.enterprise_b])
    waiting = _register(ent_user, meeting)
    assert waiting.status_code == 201
    registration_id = waiting.json()["items"][0]["id"]
    approve = bearer_client(staff).post(f"{R}/{registration_id}/approve", {}, content_type="application/json")
    assert approve.json()["state"] == "waitlisted"
    response = bearer_client(staff).post(f"{R}/{invited[0].pk}/cancel", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
    assert Registration.objects.get(pk=registration_id).state == Registration.State.APPROVED


def test_enterprise_cancels_its_own_registration(world, ent_user, meeting):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    response = bearer_client(ent_user).post(f"{R}/{ours.pk}/cancel", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
    assert bearer_client(ent_user).post(f"{R}/{ours.pk}/cancel", {}, content_type="application/json").status_code == 409


def test_unknown_action_is_422(world, staff, ent_user, meeting):  # type: ignore[no-untyped-def]
    ours = actions.register(meeting.pk, acting_user=ent_user)
    assert bearer_client(staff).post(f"{R}/{ours.pk}/delete", {}, content_type="application/json").status_code == 422


# --- check-in --------------------------------------------------------------------------------------


@pytest.fixture
def approved(world, staff, meeting, time_machine) -> Registration:  # type: ignore[no-untyped-def]
    """Enterprise A invited, and the clock at the meeting's door: ten minutes before it starts."""
    (registration,) = actions.invite(meeting.pk, acting_user=staff, enterprises=[world.enterprise_a])
    time_machine.move_to(meeting.starts_at - timedelta(minutes=10), tick=True)
    return registration


def _check_in(user, meeting, code):  # type: ignore[no-untyped-def]
    return bearer_client(user).post(f"{M}/{meeting.pk}/check-in", {"code": code}, content_type="application/json",
                                    HTTP_ACCEPT_LANGUAGE="en")


def test_check_in_by_code_works_once(world, staff, meeting, approved):  # type: ignore[no-untyped-def]
    typed = f" {approved.code[:4].lower()}-{approved.code[4:]} "
    response = _check_in(staff, meeting, typed)
    assert response.status_code == 200, response.content
    assert response.json()["id"] == approved.pk and response.json()["checked_in_at"]
    again = _check_in(staff, meeting, approved.code)
    assert again.status_code == 409 and "already" in again.json()["detail"]


def test_check_in_with_another_meetings_code_is_409(world, staff, meeting, approved):  # type: ignore[no-untyped-def]
    other = make_meeting(world.district, staff, starts_at=meeting.starts_at)
    response = _check_in(staff, other, approved.code)
    assert response.status_code == 409 and "another meeting" in response.json()["detail"]
    assert Registration.objects.get(pk=approved.pk).checked_in_at is None


@pytest.mark.parametrize("code", ["garbage!", "ZZZZZZZZ"])
def test_check_in_with_a_wrong_code_says_so(world, staff, meeting, approved, code):  # type: ignore[no-untyped-def]
    response = _check_in(staff, meeting, code)
    assert response.status_code == 409
    assert "code" in response.json()["detail"].lower()


def test_blank_code_is_422(world, staff, meeting):  # type: ignore[no-untyped-def]
    response = _check_in(staff, meeting, "  ")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "code"


def test_only_staff_check_in(world, leader, ent_user, meeting, approved):  # type: ignore[no-untyped-def]
    assert _check_in(leader, meeting, approved.code).status_code == 403
    assert _check_in(ent_user, meeting, approved.code).status_code == 403
    assert Registration.objects.get(pk=approved.pk).checked_in_at is None


def test_tick_list_check_in(world, staff, meeting, approved):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).post(f"{R}/{approved.pk}/check-in", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["checked_in_at"]


def test_check_in_outside_the_window_is_409_saying_when(world, staff, meeting, approved, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(meeting.starts_at - timedelta(minutes=61), tick=False)
    by_code = _check_in(staff, meeting, approved.code)
    assert by_code.status_code == 409
    opens = timezone.localtime(meeting.starts_at - timedelta(minutes=60)).strftime("%Y-%m-%d %H:%M")
    assert by_code.json()["detail"] == (f"Check-in has not opened yet: it opens at {opens}, 60 minutes before "
                                        "the meeting starts.")
    time_machine.move_to(meeting.ends_at + timedelta(seconds=1), tick=False)
    ticked = bearer_client(staff).post(f"{R}/{approved.pk}/check-in", {}, content_type="application/json")
    assert ticked.status_code == 409 and "签到已结束" in ticked.json()["detail"]
    assert Registration.objects.get(pk=approved.pk).checked_in_at is None


def test_without_credentials_is_401(world, meeting, client):  # type: ignore[no-untyped-def]
    assert client.get(M).status_code == 401
    assert client.post(f"{M}/{meeting.pk}/registrations", {}, content_type="application/json").status_code == 401
