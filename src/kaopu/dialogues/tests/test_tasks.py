"""The day-before reminder: meetings starting tomorrow (Asia/Shanghai), open or closed, reminded once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kaopu.dialogues import actions
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.tasks import send_reminders
from kaopu.dialogues.testing import make_meeting
from kaopu.notifications.models import Notification

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 9, 28)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def run(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def call(today=TODAY):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return send_reminders(today)

    return call


def reminders(user) -> int:  # type: ignore[no-untyped-def]
    return Notification.objects.filter(user=user, kind="dialogues.reminder").count()


def _meeting(world, staff, starts_at, **fields):  # type: ignore[no-untyped-def]
    # Registrations are made before the meeting's day (registration closes when it starts).
    meeting = make_meeting(world.district, staff, requires_approval=False, **fields)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2))
    return meeting


def test_tomorrows_approved_registrants_are_reminded_once(world, staff, ent_user, other_ent_user, run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, capacity=1, requires_approval=False)
    actions.register(meeting.pk, acting_user=ent_user)  # approved
    actions.register(meeting.pk, acting_user=other_ent_user)  # waitlisted: not reminded
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=at(TODAY + timedelta(days=1), 7, 30),
                                                 ends_at=at(TODAY + timedelta(days=1), 9))
    assert run() == 1
    assert reminders(ent_user) == 1 and reminders(other_ent_user) == 0
    title = Notification.objects.get(user=ent_user).title
    assert "07:30" in title and meeting.venue in title
    meeting.refresh_from_db()
    assert meeting.reminded_at is not None
    assert run() == 0  # idempotent: the next hour's run sends nothing
    assert reminders(ent_user) == 1


def test_tomorrow_is_the_local_day(world, staff, ent_user, run):  # type: ignore[no-untyped-def]
    late_tonight = make_meeting(world.district, staff, requires_approval=False)
    early_after = make_meeting(world.district, staff, requires_approval=False)
    late_tomorrow = make_meeting(world.district, staff, requires_approval=False)
    for meeting in (late_tonight, early_after, late_tomorrow):
        actions.register(meeting.pk, acting_user=ent_user)
    # 23:30 today (15:30 UTC) is today; 00:30 the day after tomorrow is not tomorrow; 23:59 tomorrow is.
    for meeting, start in ((late_tonight, at(TODAY, 23, 30)), (early_after, at(TODAY + timedelta(days=2), 0, 30)),
                           (late_tomorrow, at(TODAY + timedelta(days=1), 23, 59))):
        Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(minutes=30))
    assert run() == 1
    assert list(Meeting.objects.filter(reminded_at__isnull=False)) == [late_tomorrow]


@pytest.mark.parametrize("state", [Meeting.State.DRAFT, Meeting.State.CANCELLED, Meeting.State.HELD])
def test_other_states_are_not_reminded(world, staff, ent_user, run, state):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff, requires_approval=False)
    actions.register(meeting.pk, acting_user=ent_user)
    start = at(TODAY + timedelta(days=1), 8)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=1), state=state)
    assert run() == 0
    assert reminders(ent_user) == 0


def test_a_meeting_without_approved_registrants_is_marked_and_sends_nothing(world, staff, run):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    start = at(TODAY + timedelta(days=1), 8)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=1))
    assert run() == 1
    assert not Notification.objects.exists()


def test_the_periodic_task_is_registered_hourly():  # type: ignore[no-untyped-def]
    from kaopu.dialogues import tasks

    validate = tasks.remind_tomorrows_meetings.task_class().validate_datetime
    assert validate(at(TODAY, 10, 7)) and not validate(at(TODAY, 10, 8))
    assert sum(validate(at(TODAY, h, m)) for h in range(24) for m in range(60)) == 24
