"""The dialogues' entries on the start pages: the staff's meetings with registrations to approve (the
same rows as the meeting list filtered to them) and this week's meetings; an enterprise's upcoming
meetings with its check-in code, never another enterprise's registrations. Hand-built meetings of
kaopu.dialogues.testing.start_page_meetings, on Monday 2026-09-28 at 10:00."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.core.registry import registry
from kaopu.dialogues import codes
from kaopu.dialogues.testing import start_page_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(world, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))
    return start_page_meetings(world)


def test_staff_count_the_meetings_with_registrations_to_approve(world, meetings):
    todo = registry.todos["dialogues.staff_registrations"]
    assert todo.count(world.users["staff"]) == 2
    assert todo.count(world.users["far_staff"]) == 1


def test_the_count_is_the_meeting_list_filtered_to_them(world, meetings, login):
    staff = world.users["staff"]
    todo = registry.todos["dialogues.staff_registrations"]
    response = login(staff).get(todo.url(staff))
    assert response.status_code == 200
    assert {m.pk for m in response.context["page"].items} == {meetings["approval"].pk, meetings["next_week"].pk}


def test_an_approved_registration_leaves_the_count(world, meetings):
    from kaopu.dialogues import actions

    staff = world.users["staff"]
    for name in ("approval_a", "approval_b"):
        actions.approve(meetings[name].pk, acting_user=staff)
    assert registry.todos["dialogues.staff_registrations"].count(staff) == 1


def test_this_weeks_meetings_soonest_first_without_the_cancelled_one(world, meetings):
    rows = registry.panels["dialogues.staff_this_week"].rows(world.users["staff"], 5)
    assert [row.text.split(" ", 2)[2] for row in rows] == ["民营经济早餐会", "数字化转型圆桌会", "稳岗就业座谈会"]
    assert rows[1].url == f"/dialogues/{meetings['approval'].pk}/"
    assert rows[1].detail == "09月30日 09:00 · 区政府第一会议室"


def test_an_enterprise_sees_its_upcoming_meetings_with_the_code_once_approved(world, meetings):
    rows = registry.panels["dialogues.enterprise_upcoming"].rows(world.users["ent_user"], 5)
    assert [row.text.split(" ", 2)[2] for row in rows] == ["数字化转型圆桌会", "稳岗就业座谈会", "下周的会"]
    code = codes.display(meetings["free_a"].code)
    assert rows[1].detail.endswith(f"签到码 {code}") and "已通过" in rows[1].badge
    assert "签到码" not in rows[0].detail and "待审核" in rows[0].badge
    assert rows[1].url == f"/dialogues/my/{meetings['free'].pk}/"


def test_an_enterprise_never_sees_another_enterprises_registrations(world, meetings):
    rows = registry.panels["dialogues.enterprise_upcoming"].rows(world.users["other_ent_user"], 5)
    assert [row.text.split(" ", 2)[2] for row in rows] == ["数字化转型圆桌会"]
    assert meetings["approval_b"].code not in rows[0].detail


def test_other_roles_have_no_dialogue_entries(world, meetings):
    for persona in ("handler", "bank_officer", "lawyer", "chamber_officer"):
        user = world.users[persona]
        assert not [entry for entry in [*registry.todos_for(user), *registry.panels_for(user)]
                    if entry.key.startswith("dialogues.")]
