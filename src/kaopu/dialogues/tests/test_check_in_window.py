"""Check-in is taken only from KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE minutes before a meeting starts until
it ends, both moments included, by code and from the tick list alike; outside, the refusal says when
check-in opens or when it closed, and nothing is written. The clock is pinned at the window's edges.

The meeting: 2026-10-05 08:00–09:30 Shanghai time; check-in opens at 07:00 (60 minutes by default).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from kaopu.audit.models import AuditEntry
from kaopu.core.testing import local_moment
from kaopu.dialogues import actions
from kaopu.dialogues.actions import DialogueError
from kaopu.dialogues.models import Registration
from kaopu.dialogues.testing import make_meeting

DAY = date(2026, 10, 5)
STARTS = local_moment(DAY, 8, 0)
ENDS = local_moment(DAY, 9, 30)
SECOND = timedelta(seconds=1)
NOT_YET = "签到尚未开始：将于 2026-10-05 07:00 开始（会议开始前 60 分钟）。"
CLOSED = "签到已结束：会议已于 2026-10-05 09:30 结束。"


@pytest.fixture
def clock(time_machine):  # type: ignore[no-untyped-def]
    """clock(moment): the process's clock stands still at ``moment``."""

    def at(moment: datetime) -> None:
        time_machine.move_to(moment, tick=False)

    at(local_moment(date(2026, 9, 28), 10, 0))  # a week before, when the enterprises register
    return at


@pytest.fixture
def meeting(world, staff, clock):  # type: ignore[no-untyped-def]
    return make_meeting(world.district, staff, starts_at=STARTS, ends_at=ENDS, requires_approval=False)


@pytest.fixture
def registrations(meeting, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    return [actions.register(meeting.pk, acting_user=user) for user in (ent_user, other_ent_user)]


def _check_ins() -> int:
    return AuditEntry.objects.filter(summary__startswith="签到").count()


@pytest.mark.parametrize("how", ["code", "tick list"])
def test_one_second_before_check_in_opens_is_refused_saying_when_it_opens(meeting, registrations, staff, clock,
                                                                          how) -> None:  # type: ignore[no-untyped-def]
    clock(STARTS - timedelta(minutes=60) - SECOND)
    with pytest.raises(DialogueError) as refused:
        if how == "code":
            actions.check_in(meeting.pk, acting_user=staff, code=registrations[0].code)
        else:
            actions.check_in_registration(registrations[0].pk, acting_user=staff)
    assert str(refused.value) == NOT_YET
    assert Registration.objects.get(pk=registrations[0].pk).checked_in_at is None
    assert _check_ins() == 0


def test_check_in_opens_on_the_minute_and_closes_when_the_meeting_ends(meeting, registrations, staff, clock) -> None:  # type: ignore[no-untyped-def]
    first, second = registrations
    clock(STARTS - timedelta(minutes=60))
    assert actions.check_in(meeting.pk, acting_user=staff, code=first.code).checked_in_at == STARTS - timedelta(
        minutes=60)
    clock(ENDS)  # the last moment: a late arrival still checks in
    assert actions.check_in_registration(second.pk, acting_user=staff).checked_in_at == ENDS
    assert _check_ins() == 2


@pytest.mark.parametrize("how", ["code", "tick list"])
def test_one_second_after_the_meeting_ended_is_refused_saying_it_closed(meeting, registrations, staff, clock,
                                                                        how) -> None:  # type: ignore[no-untyped-def]
    actions.mark_held(meeting.pk, acting_user=staff)  # held or not, the window is the same
    clock(ENDS + SECOND)
    with pytest.raises(DialogueError) as refused:
        if how == "code":
            actions.check_in(meeting.pk, acting_user=staff, code=registrations[0].code)
        else:
            actions.check_in_registration(registrations[0].pk, acting_user=staff)
    assert str(refused.value) == CLOSED
    assert _check_ins() == 0


def test_outside_the_window_any_code_hears_about_the_window_first(meeting, registrations, staff, clock) -> None:  # type: ignore[no-untyped-def]
    """Staff at the door learn that check-in is not open, not that a code is wrong."""
    clock(STARTS - timedelta(hours=2))
    for typed in ("not a code", "ZZZZ-ZZZZ", registrations[0].code):
        with pytest.raises(DialogueError, match="签到尚未开始"):
            actions.check_in(meeting.pk, acting_user=staff, code=typed)


@pytest.mark.parametrize(("minutes", "opens"), [(15, "07:45"), (0, "08:00"), (120, "06:00")])
def test_the_window_follows_the_setting(meeting, registrations, staff, clock, settings, minutes, opens) -> None:  # type: ignore[no-untyped-def]
    settings.KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE = minutes
    opening = STARTS - timedelta(minutes=minutes)
    clock(opening - SECOND)
    with pytest.raises(DialogueError) as refused:
        actions.check_in(meeting.pk, acting_user=staff, code=registrations[0].code)
    assert str(refused.value) == f"签到尚未开始：将于 2026-10-05 {opens} 开始（会议开始前 {minutes} 分钟）。"
    clock(opening)
    assert actions.check_in(meeting.pk, acting_user=staff, code=registrations[0].code).checked_in_at == opening


@pytest.mark.parametrize(("minutes_from_start", "timing"), [
    (-61, "early"), (-60, "open"), (0, "open"), (90, "open"), (91, "over"), (60 * 24, "over")])
def test_the_meeting_knows_its_timing(meeting, minutes_from_start, timing) -> None:  # type: ignore[no-untyped-def]
    assert meeting.check_in_timing(STARTS + timedelta(minutes=minutes_from_start)) == timing


def test_the_staff_page_says_when_check_in_opens_and_hides_the_tick_buttons(meeting, registrations, staff, login,
                                                                            clock) -> None:  # type: ignore[no-untyped-def]
    clock(STARTS - timedelta(minutes=90))
    client = login(staff)
    page = client.get(f"/dialogues/{meeting.pk}/check-in/").content.decode()
    assert NOT_YET in page
    assert f"/dialogues/registrations/{registrations[0].pk}/check-in/" not in page  # no tick button yet
    assert 'id="check-in-form"' in page  # typing a code still answers, with the refusal
    response = client.post(f"/dialogues/{meeting.pk}/check-in/", {"code": registrations[0].code}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [NOT_YET]
    clock(STARTS - timedelta(minutes=5))
    client.logout()  # a fresh session: the idle timeout would end the old one after the clock's jump
    client = login(staff)
    page = client.get(f"/dialogues/{meeting.pk}/check-in/").content.decode()
    assert "签到时间：2026-10-05 07:00 起，至会议结束（2026-10-05 09:30）。" in page
    assert f"/dialogues/registrations/{registrations[0].pk}/check-in/" in page
    clock(ENDS + timedelta(minutes=1))
    client.logout()
    client = login(staff)
    page = client.get(f"/dialogues/{meeting.pk}/check-in/").content.decode()
    assert CLOSED in page
    assert f"/dialogues/registrations/{registrations[0].pk}/check-in/" not in page
    response = client.post(f"/dialogues/registrations/{registrations[0].pk}/check-in/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [CLOSED]
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


def test_the_enterprise_sees_when_check_in_opens(meeting, registrations, ent_user, login) -> None:  # type: ignore[no-untyped-def]
    page = login(ent_user).get(f"/dialogues/my/{meeting.pk}/").content.decode()
    assert "签到于 10-05 07:00 开始。" in page
