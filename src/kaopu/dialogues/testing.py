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
