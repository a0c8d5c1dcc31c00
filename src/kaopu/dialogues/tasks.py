"""The dialogues' background job: the day-before reminder (huey, hourly).

Each hour, every meeting that starts tomorrow (Asia/Shanghai), is open or closed for registration and
was not reminded yet gets its reminder: the users of each approved registration's enterprise are told
the time and the venue, and ``Meeting.reminded_at`` is set in the same transaction, under the
meeting's row lock, so that two runs (or a rerun after a crash) never send it twice.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.core import workdays
from kaopu.dialogues import notify
from kaopu.dialogues.models import Meeting, Registration

logger = logging.getLogger(__name__)
REMINDED_STATES = (Meeting.State.OPEN, Meeting.State.CLOSED)


def _day_range(day: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    first = datetime.combine(day, time.min, tzinfo=zone)
    return first, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def send_reminders(today: date | None = None) -> int:
    """Remind the approved registrants of tomorrow's meetings; returns the number of meetings reminded."""
    today = today or workdays.local_today()
    first, after = _day_range(today + timedelta(days=1))
    due = (Meeting.objects.filter(state__in=REMINDED_STATES, reminded_at__isnull=True,
                                  starts_at__gte=first, starts_at__lt=after).values_list("pk", flat=True))
    reminded = 0
    for meeting_id in list(due):
        reminded += _remind_one(meeting_id)
    return reminded


def _remind_one(meeting_id: int) -> int:
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().filter(
            pk=meeting_id, reminded_at__isnull=True, state__in=REMINDED_STATES).first()
        if meeting is None:  # reminded by another run, or cancelled, in the meantime
            return 0
        meeting.reminded_at = timezone.now()
        meeting.save(update_fields=["reminded_at"])
        ids = list(meeting.registrations.filter(state=Registration.State.APPROVED).values_list("pk", flat=True))
        if ids:
            transaction.on_commit(partial(notify.after, "reminder", ids, meeting.description[:300]), robust=True)
    return 1


@db_periodic_task(crontab(minute="7"))
def remind_tomorrows_meetings() -> None:
    """Hourly; most runs find nothing to remind."""
    reminded = send_reminders()
    if reminded:
        logger.info("dialogue reminders: %s meeting(s)", reminded)
