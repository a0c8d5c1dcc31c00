"""Meetings for tests of any app (appeals raised at a meeting, the dialogues pages)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from kaopu.dialogues.models import Meeting, MeetingKind, ensure_kinds


def make_meeting(district: Any, organiser: Any, **fields: Any) -> Meeting:
    """A breakfast meeting of ``district`` a week from now, open for registration unless told otherwise."""
    ensure_kinds()
    kind = fields.pop("kind", None) or MeetingKind.objects.get(name="政企早餐会")
    starts_at = fields.pop("starts_at", timezone.now() + timedelta(days=7))
    number = fields.pop("number", (Meeting.objects.filter(district=district, kind=kind).count() + 1))
    values = {"theme": "数字经济企业发展", "venue": "区政府第一会议室", "capacity": 10,
              "state": Meeting.State.OPEN, "ends_at": starts_at + timedelta(hours=2)}
    values.update(fields)
    return Meeting.objects.create(district=district, kind=kind, number=number, starts_at=starts_at,
                                  organiser=organiser, **values)


def soon(minutes: int = 30) -> datetime:
    """A start time ``minutes`` from now: inside the check-in window (which opens
    KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE = 60 minutes before the start by default), still before
    registration closes (at the start). For tests that check in without moving the clock."""
    return timezone.now() + timedelta(minutes=minutes)


def start_page_meetings(world: Any) -> dict[str, Any]:
    """Meetings of the start pages' tests, for a clock pinned on Monday 2026-09-28 at 10:00 (Shanghai):
    by name, the meetings and enterprise A's registrations ("<name>_a").

    This week: 早餐会 held this morning; 圆桌会 on Wednesday (needs approval: A and B wait); 座谈会 on
    Thursday (no approval: A has its seat and its code); 取消的会 on Friday (A had a seat; cancelled).
    Next week: 下周的会 (A waits for approval). Far district: a meeting with a registration waiting.
    Staff have 2 meetings with registrations to approve (圆桌会, 下周的会)."""
    from datetime import date

    from kaopu.core.testing import local_moment
    from kaopu.dialogues import actions, codes
    from kaopu.dialogues.models import Registration

    staff, ent_a, ent_b = world.users["staff"], world.users["ent_user"], world.users["other_ent_user"]

    def meeting(theme: str, day: int, hour: int, **fields: Any) -> Meeting:
        return make_meeting(world.district, staff, theme=theme, starts_at=local_moment(date(2026, 9, 28)
                                                                                        + timedelta(days=day), hour),
                            **fields)

    made: dict[str, Any] = {
        "held": meeting("民营经济早餐会", 0, 8, state=Meeting.State.HELD),
        "approval": meeting("数字化转型圆桌会", 2, 9, requires_approval=True),
        "free": meeting("稳岗就业座谈会", 3, 14, requires_approval=False),
        "cancelled": meeting("取消的会", 4, 9, requires_approval=False),
        "next_week": meeting("下周的会", 8, 9, requires_approval=True),
    }
    for name in ("approval", "free", "cancelled", "next_week"):
        made[f"{name}_a"] = actions.register(made[name].pk, acting_user=ent_a)
    made["approval_b"] = actions.register(made["approval"].pk, acting_user=ent_b)
    actions.cancel_meeting(made["cancelled"].pk, acting_user=staff, reason="改期")
    far = make_meeting(world.far_district, world.users["far_staff"], theme="静安区的会",
                       starts_at=local_moment(date(2026, 9, 30), 9), requires_approval=True)
    Registration.objects.create(meeting=far, enterprise=world.far_enterprise, origin=Registration.Origin.SELF,
                                code=codes.new_code(), created_by=world.users["far_staff"])
    made["far"] = far
    return made
